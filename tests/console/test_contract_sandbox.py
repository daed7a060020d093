"""The sandbox's own answers are on contract: every catalog scenario of every vendor, sent as the
catalog gives it, through the recorder, checked against that vendor's contract, has no finding.

The step of each request is named by the vendor's contract (`step_of`, from its method, path
and body: the catalog does not name steps); what the contract does not judge is not checked,
and the test says which: Message Central's hosted journey pages (no adapter call) and OneKYC's
image behind a signed link (the adapter's fetch-image, not a documented call).
"""

import httpx
import pytest

from console.core.contract import check
from console.registry import VENDOR_IDS, ConsoleSettings, vendor
from console.runner import live
from kyc_adapters.recorder import STEP, Exchange, RecordingTransport
from kyc_adapters.redaction import Redactor

# The catalog's requests the contract does not judge: the browser's pages of a hosted journey
# (no step: step_of names none), and a photo behind a signed link (an undocumented call).
NOT_CHECKED = {
    "messagecentral-ekyc": {
        "completed",
        "document-rejected",
        "liveness-failed",
        "aml-hit",
        "expired",
        "reused",
    },
    "onekyc-siv": {"image-forbidden"},
}
NO_STEP = {"messagecentral-ekyc": NOT_CHECKED["messagecentral-ekyc"]}


def send(sandbox: httpx.Client, vendor_id: str, scenario: dict, step: str | None) -> Exchange:
    """The scenario's request as the catalog gives it, recorded as the console records it."""
    spec = vendor(vendor_id)
    recorded: list[Exchange] = []
    redactor = Redactor(secret_keys=spec.secret_keys, pii_keys=spec.pii_keys)
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, redactor)
    request = scenario["request"]
    files = [
        (part["field"], (part["filename"], sandbox.get(part["url"]).content, part["contentType"]))
        for part in request.get("files") or []
    ]
    form = request.get("form")
    if request.get("multipart") and not files:  # multipart/form-data without a file part
        files, form = [(name, (None, value)) for name, value in (form or {}).items()], None
    with httpx.Client(base_url=sandbox.base_url, transport=transport, timeout=120) as http:
        http.request(
            request["method"],
            request["path"],
            headers=request.get("headers"),
            json=request.get("json"),
            data=form,
            files=files or None,
            extensions={STEP: step or ""},
        )
    (exchange,) = recorded
    return exchange


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_every_catalog_scenario_is_on_contract(sandbox: httpx.Client, vendor_id: str) -> None:
    contract = vendor(vendor_id).contract
    scenarios = sandbox.get("/_sandbox/scenarios", params={"vendor": vendor_id}).json()
    assert scenarios, vendor_id
    drift, unchecked, unnamed, checked = {}, set(), set(), 0
    for scenario in scenarios:
        sandbox.post("/_sandbox/reset").raise_for_status()
        request = scenario["request"]
        body = request.get("json") or request.get("form")
        step = contract.step_of(request["method"], request["path"], body)
        if step is None:
            unnamed.add(scenario["id"])
        exchange = send(sandbox, vendor_id, scenario, step)
        assert exchange.status_code == scenario["expect"]["status"], scenario["id"]
        findings = check(contract, exchange)
        if findings is None:
            unchecked.add(scenario["id"])
        elif findings:
            drift[scenario["id"]] = findings
        else:
            checked += 1
    assert drift == {}
    assert unchecked == NOT_CHECKED.get(vendor_id, set())
    assert unnamed == NO_STEP.get(vendor_id, set())
    assert checked == len(scenarios) - len(unchecked)


@pytest.mark.parametrize("vendor_id", VENDOR_IDS)
def test_a_live_url_names_the_same_step_as_the_sandbox_path(sandbox, vendor_id: str) -> None:
    """Live, the runner sends to each service's live base URL in place of the sandbox prefix and
    the service's sub-prefix (console/runner/live.py): mapped through the vendor's default live
    settings (its real hosts), each request names the same step as its sandbox path (and a GET
    is not a POST)."""
    contract = vendor(vendor_id).contract
    settings = ConsoleSettings().vendor(vendor_id)
    urls = {field: getattr(settings, field) for field in live.fields(vendor_id).values()}
    [prefix] = [
        v["prefix"] for v in sandbox.get("/_sandbox/vendors").json() if v["id"] == vendor_id
    ]
    named = 0
    for scenario in sandbox.get("/_sandbox/scenarios", params={"vendor": vendor_id}).json():
        request = scenario["request"]
        body = request.get("json") or request.get("form")
        step = contract.step_of(request["method"], request["path"], body)
        url = live.url(vendor_id, prefix, request["path"], urls)
        assert url.startswith(tuple(urls.values())), url
        assert prefix not in url, url  # nothing of the sandbox's mount is left
        assert contract.step_of(request["method"], url, body) == step, scenario["id"]
        other = "DELETE" if request["method"] != "DELETE" else "PUT"
        assert contract.step_of(other, request["path"], body) is None
        named += step is not None
    assert named > 0
