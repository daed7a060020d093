"""What a drop-in trusts and lets through (issue 11, review): one host trust policy for every URL
it hands out (the Host header only where it names this server), service URLs on a remapped
port, KYC_SANDBOX_FETCH_ALLOW with either loopback name, CORS where the vendor's browser pages
call it, a fault armed by the vendor's path or by the path a service's port serves, and only
the chosen simulator built and closed again.

Two drop-ins talk to each other in-process here (CKYC's selfurl images into Validation), over
real HTTP, as an integrator's backend would chain them.
"""

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from sandbox.core.dropin import DropIn
from tests.sandbox.ckyc_doc import ASHA as CKYC_ASHA
from tests.sandbox.ckyc_doc import HEADERS as CKYC_HEADERS
from tests.sandbox.hypersign_doc import BIOMETRICS, EXTRACT, PRESENTATION
from tests.sandbox.validation_doc import ASHA as VALIDATION_ASHA
from tests.sandbox.validation_doc import HEADERS as VALIDATION_HEADERS

ALLOW = "KYC_SANDBOX_FETCH_ALLOW"
EVIL = "evil.example"
# The vendor's own paths of Hypersign's browser calls (hypersign_doc names them under the
# sandbox's prefix): documents/extract and biometrics/verify on the KYC host, the SSI
# presentation on the SSI host.
HYPERSIGN_PREFIX = "/hypersign-kyc"


def on_port(path: str, service: str) -> str:
    """A path of hypersign_doc as the service's port serves it (no prefix, no service)."""
    return path.removeprefix(f"{HYPERSIGN_PREFIX}/{service}")


@pytest.fixture(scope="module")
def dropins() -> Iterator[dict[str, DropIn]]:
    vendors = ["hyperverge-ckyc", "hyperverge-validation", "messagecentral-ekyc", "hypersign-kyc"]
    running = {vendor: DropIn(vendor).start() for vendor in vendors}
    yield running
    for dropin in running.values():
        dropin.stop()


@pytest.fixture(autouse=True)
def _fresh(dropins: dict[str, DropIn], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW, raising=False)
    for dropin in dropins.values():
        httpx.post(f"{dropin.url()}/_sandbox/reset").raise_for_status()


def selfurl_download(base: str, headers: dict | None = None) -> list[dict]:
    """Asha's CKYC record with selfurl images, every call to `base`; its imageDetails."""
    started = httpx.post(f"{base}/api/v1/start", headers=CKYC_HEADERS, json=CKYC_ASHA).json()
    request_id = started["result"]["requestId"]
    inbox = httpx.get(
        f"{base}/_sandbox/inbox", params={"mobile": CKYC_ASHA["mobileNo"], "requestId": request_id}
    ).json()
    body = {
        "otp": inbox["messages"][-1]["otp"],
        "requestId": request_id,
        "entityType": "individual",
        "outputImageType": "selfurl",
    }
    answer = httpx.post(
        f"{base}/api/v1/validateOtpAndDownload",
        headers={**CKYC_HEADERS, **(headers or {})},
        json=body,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["result"]["imageDetails"]


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


# --- KYC_SANDBOX_FETCH_ALLOW: localhost and 127.0.0.1 are one origin --------------------------


def test_ckyc_selfurl_images_feed_a_validation_drop_in_allowed_as_localhost(
    dropins, monkeypatch: pytest.MonkeyPatch
) -> None:
    ckyc, validation = dropins["hyperverge-ckyc"].url(), dropins["hyperverge-validation"].url()
    images = selfurl_download(ckyc)  # handed out on 127.0.0.1, the host this call named
    assert images and all(i["imageUrl"].startswith(f"{ckyc}/") for i in images)
    details = json.dumps([{"imageType": i["imageType"], "imageUrl": i["imageUrl"]} for i in images])
    form = [(name, (None, value)) for name, value in VALIDATION_ASHA.items()]
    form.append(("imageDetails", (None, details)))

    def validate() -> httpx.Response:
        return httpx.post(
            f"{validation}/api/v1/validate", headers=VALIDATION_HEADERS, files=form, timeout=120
        )

    # Not listed: refused, naming the origin refused.
    refused = validate()
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["code"] == "ER_REQ_VALIDATE"
    assert f"refused: {ckyc}" in refused.json()["error"]["message"]
    # Listed as the README writes it, by the name localhost: the 127.0.0.1 URLs are fetched.
    monkeypatch.setenv(ALLOW, f"http://localhost:{port_of(ckyc)}")
    answer = validate()
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["action"] == "approve"
    # Another port on the same name is another origin still.
    monkeypatch.setenv(ALLOW, f"http://localhost:{port_of(ckyc) + 1}")
    assert validate().status_code == 400


# --- one host trust policy for every URL handed out ---------------------------------------------


def test_ckyc_selfurl_ignores_a_host_naming_another_server(dropins) -> None:
    ckyc = dropins["hyperverge-ckyc"].url()
    for image in selfurl_download(ckyc, headers={"host": EVIL}):
        assert image["imageUrl"].startswith(f"{ckyc}/_sandbox/hyperverge-ckyc/images/")


def test_ekyc_journey_url_ignores_a_host_naming_another_server(dropins) -> None:
    base = dropins["messagecentral-ekyc"].url()
    listed = httpx.get(f"{base}/_sandbox/vendors").json()[0]
    headers = {
        "flow_id": listed["settings"]["basic_flow_id"],
        "api_key": f"Bearer {listed['credentials']['api_key']}",
    }
    form = {"company_name": listed["settings"]["company_name"]}
    for host, expected in ((EVIL, base), (f"{EVIL}:{port_of(base)}", base)):
        answer = httpx.post(
            f"{base}/ekyc/api/v1/redirection/generate-url",
            headers={**headers, "host": host},
            data=form,
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["url"].startswith(f"{expected}/kyc/flow/"), answer.json()["url"]


def test_service_urls_follow_a_remapped_port_on_a_loopback_name(dropins) -> None:
    dropin = dropins["hypersign-kyc"]
    ports = [port_of(url) for url in dropin.urls.values()]
    # docker run -p 9100:<first>, -p 9101:<second>, ...: the client named the first one so.
    shift = 1000
    listed = httpx.get(
        f"{dropin.url()}/_sandbox/vendors", headers={"host": f"localhost:{ports[0] + shift}"}
    ).json()[0]
    assert [s["url"] for s in listed["services"]] == [
        f"http://localhost:{port + shift}" for port in ports
    ]
    assert [s["port"] for s in listed["services"]] == [port + shift for port in ports]
    # A name that is not this server's: its own address and ports.
    listed = httpx.get(
        f"{dropin.url()}/_sandbox/vendors", headers={"host": f"{EVIL}:{ports[0] + shift}"}
    ).json()[0]
    assert [s["url"] for s in listed["services"]] == list(dropin.urls.values())


# --- CORS where the vendor's document has the browser call ---------------------------------------


@pytest.mark.parametrize(
    ("service", "path"),
    [("kyc", EXTRACT), ("kyc", BIOMETRICS), ("ssi", PRESENTATION)],
)
def test_hypersign_answers_a_browser_preflight(dropins, service: str, path: str) -> None:
    base = dropins["hypersign-kyc"].url(service)
    path = on_port(path, service)
    asked = "content-type,x-kyc-access-token"
    preflight = httpx.options(
        base + path,
        headers={
            "Origin": "https://shop.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": asked,
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert preflight.headers["access-control-allow-methods"] == "POST"
    assert preflight.headers["access-control-allow-headers"] == asked
    assert "access-control-allow-credentials" not in preflight.headers
    # The call itself (refused here, no token): readable by the page all the same.
    answer = httpx.post(base + path, headers={"Origin": "https://shop.example"}, json={})
    assert answer.status_code in (400, 401, 403), answer.text
    assert answer.headers["access-control-allow-origin"] == "*"


def test_hypersign_cors_in_the_sandbox_of_every_vendor_too(sandbox_url: str) -> None:
    preflight = httpx.options(
        sandbox_url + EXTRACT,
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_a_vendor_without_cors_answers_no_preflight(dropins) -> None:
    preflight = httpx.options(
        f"{dropins['hyperverge-ckyc'].url()}/api/v1/start",
        headers={"Origin": "https://shop.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 405
    assert "access-control-allow-origin" not in preflight.headers


# --- faults: one JSON in both layouts ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/kyc/api/v2/session", "/api/v2/session"])
def test_a_drop_in_fault_by_either_path_fires_on_the_services_port(dropins, path: str) -> None:
    dropin = dropins["hypersign-kyc"]
    fault = {"vendor": "hypersign-kyc", "mode": "http_500", "path": path}
    armed = httpx.post(f"{dropin.url('dashboard')}/_sandbox/faults", json=fault)
    assert armed.status_code == 201, armed.text
    assert armed.json()["armed"][0]["path"] == "/kyc/api/v2/session"
    # Not on another service's port, whose own path this is not.
    assert "x-sandbox-fault" not in httpx.post(f"{dropin.url('ssi')}/api/v2/session").headers
    failed = httpx.post(f"{dropin.url('kyc')}/api/v2/session")
    assert failed.status_code == 500 and failed.headers["x-sandbox-fault"] == "http_500"
    assert httpx.delete(f"{dropin.url()}/_sandbox/faults").json() == {"armed": []}


def test_the_same_fault_json_fires_in_the_sandbox_of_every_vendor(sandbox_url: str) -> None:
    fault = {"vendor": "hypersign-kyc", "mode": "http_500", "path": "/kyc/api/v2/session"}
    try:
        assert httpx.post(f"{sandbox_url}/_sandbox/faults", json=fault).status_code == 201
        failed = httpx.post(f"{sandbox_url}/hypersign-kyc/kyc/api/v2/session")
        assert failed.headers["x-sandbox-fault"] == "http_500"
    finally:
        httpx.delete(f"{sandbox_url}/_sandbox/faults")


# --- only the chosen simulator, closed with the drop-in ----------------------------------------


def test_a_drop_in_builds_its_vendor_alone(dropins) -> None:
    # Another vendor's simulator would have subscribed a scheduler to this clock.
    assert dropins["hyperverge-ckyc"].state.clock._listeners == []


def test_stopping_a_drop_in_closes_what_its_simulator_opened() -> None:
    dropin = DropIn("onekyc-siv").start()
    held = port_of(dropin.simulator.deliverer.closed_url.removesuffix("/callback"))
    clock = dropin.state.clock
    assert clock._listeners
    dropin.stop()
    assert clock._listeners == []
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", held))  # free again
    finally:
        probe.close()


def test_a_taken_port_is_named_when_the_drop_in_starts() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        dropin = DropIn("hyperverge-ckyc", port=port)  # nothing bound yet
        with pytest.raises(OSError, match=f"port {port} on 127.0.0.1"):
            dropin.start()
    finally:
        taken.close()
