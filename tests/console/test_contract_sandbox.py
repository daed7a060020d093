"""The sandbox's own answers are on contract: every catalog scenario of every vendor, sent as the
catalog gives it, through the recorder, checked against that vendor's contract, has no finding.

The step of each request is named here from the vendor documents' paths (the catalog does not
name steps); requests the adapters never send (Message Central's hosted journey pages, OneKYC's
image links) are not checked, and the test says which.
"""

from collections.abc import Callable

import httpx
import pytest

from console.core.contract import check
from console.registry import vendor
from kyc_adapters.recorder import STEP, Exchange, RecordingTransport
from kyc_adapters.redaction import Redactor


def ckyc_step(method: str, path: str, request: dict) -> str | None:
    body = request.get("json") or {}
    if path.endswith("/api/v1/start"):
        return "search" if body.get("returnOnlySearchResponse") == "yes" else "start"
    if path.endswith("/api/v1/validateOtpAndDownload"):
        return "resend-otp" if body.get("retry") == "yes" else "validate-otp"
    return None


def validation_step(method: str, path: str, request: dict) -> str | None:
    return "validate" if path.endswith("/api/v1/validate") else None


def ekyc_step(method: str, path: str, request: dict) -> str | None:
    route = path.partition("?")[0]  # flow_id may come as a query parameter
    return "generate-url" if route.endswith("/ekyc/api/v1/redirection/generate-url") else None


def onekyc_step(method: str, path: str, request: dict) -> str | None:
    if path.endswith("/partner/authentication"):
        return "partner-token"
    if path.endswith("/initiate-flow"):
        return "initiate-flow"
    if path.endswith("/submissions/ktp"):
        return "upload-ktp"
    if path.endswith("/submissions/selfie"):
        return "upload-selfie"
    if method == "GET" and "/submissions/" in path:
        return "submission-details"
    return None  # an image link from imageUrls: no documented call


HYPERSIGN_PATHS = {
    "/api/v2/session": "create-session",
    "/api/v1/did/create": "create-did",
    "/api/v1/did/auth/issue-jwt": "issue-jwt",
    "/api/v2/auth/exchange": "exchange",
    "/api/v2/documents/extract": "extract-document",
    "/api/v2/biometrics/verify": "verify-biometrics",
    "/api/v1/presentation": "create-presentation",
    "/api/v2/consents": "submit-consent",
}


def hypersign_step(method: str, path: str, request: dict) -> str | None:
    route, _, query = path.partition("?")
    if route.endswith("/api/v1/app/oauth"):
        return "oauth-ssi" if "access_service_ssi" in query else "oauth-kyc"
    return next((step for end, step in HYPERSIGN_PATHS.items() if route.endswith(end)), None)


STEPS: dict[str, Callable[[str, str, dict], str | None]] = {
    "hyperverge-ckyc": ckyc_step,
    "hyperverge-validation": validation_step,
    "messagecentral-ekyc": ekyc_step,
    "onekyc-siv": onekyc_step,
    "hypersign-kyc": hypersign_step,
}
# The catalog's requests that no adapter sends: the browser's pages of a hosted journey, and a
# photo behind a signed link.
NOT_VENDOR_CALLS = {
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
    if vendor_id == "hyperverge-validation":  # multipart/form-data, files or not (its document)
        files = [(name, (None, value)) for name, value in (form or {}).items()] + files
        form = None
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


@pytest.mark.parametrize("vendor_id", sorted(STEPS))
def test_every_catalog_scenario_is_on_contract(sandbox: httpx.Client, vendor_id: str) -> None:
    contract = vendor(vendor_id).contract
    scenarios = sandbox.get("/_sandbox/scenarios", params={"vendor": vendor_id}).json()
    assert scenarios, vendor_id
    drift, unchecked, checked = {}, set(), 0
    for scenario in scenarios:
        sandbox.post("/_sandbox/reset").raise_for_status()
        request = scenario["request"]
        step = STEPS[vendor_id](request["method"], request["path"], request)
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
    assert unchecked == NOT_VENDOR_CALLS.get(vendor_id, set())
    assert checked == len(scenarios) - len(unchecked)
