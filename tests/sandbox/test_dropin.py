"""The sandbox as a drop-in for one vendor (issue 11): the vendor's own paths at the root of a
real server (one port a service), the control plane under /_sandbox/, the catalog's paths as
the drop-in serves them, every URL it hands out on the host and port the client named, and a
path under the vendor's old prefix a 404 in the vendor's own shape.

Paths, credentials and shapes are literals from the vendor documents and the README; the
catalog is read from the drop-in's own control plane, as a client of it would.
"""

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest

from sandbox.core.dropin import DropIn
from tests.helpers import ROOT, dotted, free_port
from tests.sandbox.ckyc_doc import ASHA
from tests.sandbox.ckyc_doc import HEADERS as CKYC_HEADERS
from tests.sandbox.onekyc_doc import CREDENTIALS as ONEKYC_CREDENTIALS
from tests.sandbox.onekyc_doc import PARTNER
from tests.sandbox.validation_doc import HEADERS as VALIDATION_HEADERS

VENDORS = [
    "hyperverge-ckyc",
    "hyperverge-validation",
    "messagecentral-ekyc",
    "onekyc-siv",
    "hypersign-kyc",
]
# Each vendor's services, port by port (README): one port a service, P, P+1, ...
SERVICES = {
    "hyperverge-ckyc": ["hyperverge-ckyc"],
    "hyperverge-validation": ["hyperverge-validation"],
    "messagecentral-ekyc": ["messagecentral-ekyc"],
    "onekyc-siv": ["api", "token"],
    "hypersign-kyc": ["kyc", "ssi", "dashboard"],
}
CKYC = {**CKYC_HEADERS, "transactionId": "t-dropin"}
DOCUMENTS = ROOT / "assets" / "ckyc" / "documents"


@pytest.fixture(scope="module")
def dropins() -> Iterator[dict[str, DropIn]]:
    """Every vendor's drop-in, each on free ports of its own."""
    running = {vendor: DropIn(vendor).start() for vendor in VENDORS}
    yield running
    for dropin in running.values():
        dropin.stop()


@pytest.fixture
def fresh(dropins: dict[str, DropIn]) -> dict[str, DropIn]:
    for dropin in dropins.values():
        httpx.post(f"{dropin.url()}/_sandbox/reset").raise_for_status()
    return dropins


def other_host(url: str) -> str:
    """The same server named the other way: localhost for 127.0.0.1."""
    return url.replace("127.0.0.1", "localhost")


# --- the real command -----------------------------------------------------------------------


def test_ports_run_from_the_one_asked_one_a_service_in_the_documented_order() -> None:
    while True:  # a port taken meanwhile by someone else: another try elsewhere
        port = free_port()
        try:
            dropin = DropIn("hypersign-kyc", port=port).start()
            break
        except OSError:
            continue
    try:
        assert dropin.urls == {
            "kyc": f"http://127.0.0.1:{port}",
            "ssi": f"http://127.0.0.1:{port + 1}",
            "dashboard": f"http://127.0.0.1:{port + 2}",
        }
    finally:
        dropin.stop()


def test_python_m_sandbox_vendor_prints_and_serves_one_port_a_service() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--vendor", "hypersign-kyc", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_pump, args=(process, lines), daemon=True).start()
    output: list[str] = []
    try:
        while not any("control plane: /_sandbox/" in line for line in output):
            line = lines.get(timeout=60)
            assert line is not None, "".join(output)
            output.append(line)
        printed = dict(
            re.findall(
                r"^\s+(kyc|ssi|dashboard)\s+(http://127\.0\.0\.1:\d+)$", "".join(output), re.M
            )
        )
        assert list(printed) == ["kyc", "ssi", "dashboard"]
        assert "".join(output).count("Started server process") == 1
        # The document's calls, each on its own service's base URL, the paths unchanged.
        oauth = httpx.post(
            f"{printed['dashboard']}/api/v1/app/oauth?grant_type=access_service_kyc",
            headers={"X-Api-Secret-Key": "sandbox-kyc-api-secret", "Accept": "application/json"},
        )
        assert oauth.status_code == 200, oauth.text
        session = httpx.post(
            f"{printed['kyc']}/api/v2/session",
            headers={"x-kyc-access-token": oauth.json()["access_token"]},
        )
        assert session.status_code == 200 and session.json()["data"]["sessionId"]
        # A KYC path on the SSI host is no route there: the SSI service's own 404.
        wrong_host = httpx.post(f"{printed['ssi']}/api/v2/session")
        assert wrong_host.status_code == 404 and set(wrong_host.json()) == {
            "statusCode",
            "message",
            "error",
        }
        for url in printed.values():
            assert httpx.get(f"{url}/_sandbox/health").json()["vendors"] == ["hypersign-kyc"]
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
    assert "POST /api/v2/session 200" in "".join(output) + _rest(lines)


def test_a_taken_or_impossible_port_is_named_in_a_sentence() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        for asked, said in (
            (port, f"port {port} on 127.0.0.1: Address already in use"),
            (70000, "port 70000 on 127.0.0.1: a port is a number from 0 to 65535"),
        ):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sandbox",
                    "--vendor",
                    "hyperverge-ckyc",
                    "--port",
                    str(asked),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 2 and said in done.stderr, done.stderr
            assert "Traceback" not in done.stderr
    finally:
        taken.close()


def test_an_unknown_vendor_is_named_with_the_known_ones() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "--vendor", "nobody", "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "nobody" in done.stderr and all(vendor in done.stderr for vendor in VENDORS)


def _pump(process: subprocess.Popen, lines: queue.Queue) -> None:
    for line in process.stdout:
        lines.put(line)
    lines.put(None)


def _rest(lines: queue.Queue) -> str:
    rest = []
    while (line := lines.get(timeout=10)) is not None:
        rest.append(line)
    return "".join(rest)


# --- the control plane ------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_vendor_is_listed_at_the_root_with_its_ports(fresh, vendor: str) -> None:
    dropin = fresh[vendor]
    for base in (dropin.url(), other_host(dropin.url())):
        listed = httpx.get(f"{base}/_sandbox/vendors").json()
        assert [entry["id"] for entry in listed] == [vendor]
        assert listed[0]["prefix"] == ""
        services = listed[0]["services"]
        assert [s["name"] for s in services] == SERVICES[vendor]
        # Each port's URL on the host this call named.
        host = base.split("//")[1].split(":")[0]
        assert [s["url"] for s in services] == [f"http://{host}:{s['port']}" for s in services]
        assert [s["port"] for s in services] == [
            int(url.rsplit(":", 1)[1]) for url in dropin.urls.values()
        ]


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_port_serves_the_control_plane_and_the_docs_under_sandbox(fresh, vendor) -> None:
    for url in fresh[vendor].urls.values():
        assert httpx.get(f"{url}/_sandbox/health").json() == {"status": "ok", "vendors": [vendor]}
        assert httpx.get(f"{url}/_sandbox/docs").status_code == 200
        schema = httpx.get(f"{url}/_sandbox/openapi.json").json()
        assert schema["paths"] and not any(p.startswith(f"/{vendor}/") for p in schema["paths"])


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_catalog_paths_are_the_drop_ins(fresh, vendor: str) -> None:
    dropin = fresh[vendor]
    entries = httpx.get(f"{dropin.url()}/_sandbox/scenarios", params={"vendor": vendor}).json()
    assert entries
    several = len(SERVICES[vendor]) > 1
    for entry in entries:
        request = entry["request"]
        assert not request["path"].startswith(f"/{vendor}/"), request["path"]
        assert ("service" in request) == several
        if several:
            assert request["service"] in SERVICES[vendor]
    # One entry each, its path and port as the document and the README name them.
    entry_id, method, path, service = KNOWN_ENTRY[vendor]
    request = next(entry["request"] for entry in entries if entry["id"] == entry_id)
    assert (request["method"], request["path"], request.get("service")) == (method, path, service)


# A catalog entry each, where the drop-in serves it: (id, method, path, service port).
KNOWN_ENTRY = {
    "hyperverge-ckyc": ("start-otp-sent", "POST", "/api/v1/start", None),
    "hyperverge-validation": ("approve", "POST", "/api/v1/validate", None),
    "messagecentral-ekyc": (
        "url-generated",
        "POST",
        "/ekyc/api/v1/redirection/generate-url",
        None,
    ),
    "onekyc-siv": ("token-issued", "GET", "/v1/esign/partner/authentication", "token"),
    "hypersign-kyc": (
        "admin-token-kyc",
        "POST",
        "/api/v1/app/oauth?grant_type=access_service_kyc",
        "dashboard",
    ),
}


def replay(dropin: DropIn, entry: dict) -> httpx.Response:
    """A catalog entry sent as it stands to the port its service names (files from the
    control plane's URLs)."""
    request = entry["request"]
    base = dropin.url(request.get("service"))
    files = None
    if request.get("files"):
        files = []
        for part in request["files"]:
            fetched = httpx.get(base + part["url"])
            assert fetched.status_code == 200, part["url"]
            files.append((part["field"], (part["filename"], fetched.content, part["contentType"])))
    return httpx.request(
        request["method"],
        base + request["path"],
        headers=request.get("headers"),
        json=request.get("json"),
        data=request.get("form"),
        files=files,
        timeout=120,
    )


def one_a_route(entries: list[dict]) -> list[dict]:
    """One entry for each (method, path), the cheapest: the fewest files sent (each one read by
    the vision engines), then the smallest request. The sandbox of every vendor replays them
    all (tests/sandbox/test_scenarios.py); here what is proven is that each route answers at the
    root as it does below the prefix."""

    def cost(entry: dict) -> tuple[int, int]:
        request = entry["request"]
        return len(request.get("files") or ()), len(json.dumps(request))

    chosen: dict[tuple[str, str], dict] = {}
    for entry in sorted(entries, key=cost):
        request = entry["request"]
        chosen.setdefault((request["method"], request["path"].split("?")[0]), entry)
    return list(chosen.values())


@pytest.mark.parametrize("vendor", VENDORS)
def test_each_catalog_route_answers_as_promised_at_the_root(fresh, vendor: str) -> None:
    dropin = fresh[vendor]
    entries = httpx.get(f"{dropin.url()}/_sandbox/scenarios", params={"vendor": vendor}).json()
    for entry in one_a_route(entries):
        httpx.post(f"{dropin.url()}/_sandbox/reset").raise_for_status()
        answer = replay(dropin, entry)
        promised = entry["expect"]
        assert answer.status_code == promised["status"], (entry["id"], answer.text)
        for path, value in promised.get("fields", {}).items():
            assert dotted(answer.json(), path) == value, (entry["id"], path)


def test_reset_clock_and_inbox_drive_the_otp_at_the_root(fresh) -> None:
    base = fresh["hyperverge-ckyc"].url()
    started = httpx.post(f"{base}/api/v1/start", headers=CKYC, json=ASHA)
    assert started.status_code == 200, started.text
    request_id = started.json()["result"]["requestId"]
    inbox = httpx.get(
        f"{base}/_sandbox/inbox", params={"mobile": ASHA["mobileNo"], "requestId": request_id}
    )
    otp = inbox.json()["messages"][-1]["otp"]
    resend = {"otp": "", "retry": "yes", "requestId": request_id, "entityType": "individual"}
    early = httpx.post(f"{base}/api/v1/validateOtpAndDownload", headers=CKYC, json=resend)
    assert early.json()["error"]["message"] == (
        "Resend OTP Option enable post 90 sec from the first request."
    )
    moved = httpx.post(f"{base}/_sandbox/clock/advance", json={"seconds": 91})
    assert moved.json()["offsetSeconds"] == 91
    later = httpx.post(f"{base}/api/v1/validateOtpAndDownload", headers=CKYC, json=resend)
    assert later.json()["error"]["message"].startswith("Resend OTP Sent successfully")
    otp = httpx.get(
        f"{base}/_sandbox/inbox", params={"mobile": ASHA["mobileNo"], "requestId": request_id}
    ).json()["messages"][-1]["otp"]
    body = {"otp": otp, "requestId": request_id, "entityType": "individual"}
    downloaded = httpx.post(f"{base}/api/v1/validateOtpAndDownload", headers=CKYC, json=body)
    assert downloaded.status_code == 200 and downloaded.json()["result"]["fullName"]
    reset = httpx.post(f"{base}/_sandbox/reset").json()
    assert reset["clock"]["offsetSeconds"] == 0
    inbox = httpx.get(f"{base}/_sandbox/inbox", params={"mobile": ASHA["mobileNo"]})
    assert inbox.json()["messages"] == []


def test_a_fault_is_armed_on_the_path_the_drop_in_serves(fresh) -> None:
    base = fresh["hyperverge-ckyc"].url()
    fault = {"vendor": "hyperverge-ckyc", "mode": "http_500", "path": "/api/v1/start"}
    assert httpx.post(f"{base}/_sandbox/faults", json=fault).status_code == 201
    failed = httpx.post(f"{base}/api/v1/start", headers=CKYC, json=ASHA)
    assert failed.status_code == 500 and failed.headers["x-sandbox-fault"] == "http_500"
    assert failed.json()["statusCode"] == "500"
    assert httpx.post(f"{base}/api/v1/start", headers=CKYC, json=ASHA).status_code == 200
    # The old prefixed path is no path of the drop-in: refused, not armed for ever.
    prefixed = {**fault, "path": "/hyperverge-ckyc/api/v1/start"}
    assert httpx.post(f"{base}/_sandbox/faults", json=prefixed).status_code == 422


def test_a_fault_on_a_service_port_fires_there(fresh) -> None:
    dropin = fresh["hypersign-kyc"]
    fault = {"vendor": "hypersign-kyc", "mode": "http_500", "path": "/api/v2/session"}
    # Armed through another port's control plane: one state behind every port.
    assert httpx.post(f"{dropin.url('ssi')}/_sandbox/faults", json=fault).status_code == 201
    failed = httpx.post(f"{dropin.url('kyc')}/api/v2/session")
    assert failed.status_code == 500 and failed.headers["x-sandbox-fault"] == "http_500"
    assert failed.json()["success"] is False  # the KYC service's shape


# --- URLs handed out follow the host the client named -----------------------------------------


def test_ckyc_selfurl_images_follow_the_host(fresh) -> None:
    for base in (fresh["hyperverge-ckyc"].url(), other_host(fresh["hyperverge-ckyc"].url())):
        started = httpx.post(f"{base}/api/v1/start", headers=CKYC, json=ASHA).json()
        request_id = started["result"]["requestId"]
        otp = httpx.get(
            f"{base}/_sandbox/inbox", params={"mobile": ASHA["mobileNo"], "requestId": request_id}
        ).json()["messages"][-1]["otp"]
        body = {
            "otp": otp,
            "requestId": request_id,
            "entityType": "individual",
            "outputImageType": "selfurl",
        }
        result = httpx.post(
            f"{base}/api/v1/validateOtpAndDownload", headers=CKYC, json=body
        ).json()["result"]
        urls = [image["imageUrl"] for image in result["imageDetails"]]
        assert urls
        for url in urls:
            # The stand-in for S3 is the control plane's; nothing under the old prefix.
            assert url.startswith(f"{base}/_sandbox/hyperverge-ckyc/images/"), url
            assert httpx.get(url).status_code == 200


def test_validation_links_follow_the_host(fresh) -> None:
    files = [
        ("image_details", (name, (DOCUMENTS / name).read_bytes(), "image/jpeg"))
        for name in ("asha-aadhaar-front.jpg", "asha-aadhaar-back.jpg")
    ] + [
        (
            "image_details",
            ("selfie.jpg", (DOCUMENTS / "asha-selfie.jpg").read_bytes(), "image/jpeg"),
        )
    ]
    form = {
        "first_name": "ASHA",
        "last_name": "KUMARI",
        "dob": "15-08-1990",
        "aadhaar": "999941057058",
        "mask_aadhaar": "yes",
        "returnInputImage": "yes",
    }
    base = fresh["hyperverge-validation"].url()
    for named in (base, other_host(base)):
        parts = [(name, (None, value)) for name, value in form.items()] + files
        answer = httpx.post(
            f"{named}/api/v1/validate", headers=VALIDATION_HEADERS, files=parts, timeout=120
        )
        assert answer.status_code == 200, answer.text
        result = answer.json()["result"]
        links = [*result["masked_aadhaar_url"], *result["inputImageUrls"]]
        assert len(links) == 5
        for link in links:
            assert link.startswith(f"{named}/_sandbox/hyperverge-validation/files/"), link
            assert httpx.get(link).status_code == 200


def test_ekyc_journey_url_follows_the_host(fresh) -> None:
    base = fresh["messagecentral-ekyc"].url()
    listed = httpx.get(f"{base}/_sandbox/vendors").json()[0]
    headers = {
        "flow_id": listed["settings"]["basic_flow_id"],
        "api_key": f"Bearer {listed['credentials']['api_key']}",
    }
    form = {"company_name": listed["settings"]["company_name"]}
    for named in (base, other_host(base)):
        answer = httpx.post(
            f"{named}/ekyc/api/v1/redirection/generate-url", headers=headers, data=form
        )
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["url"] == f"{named}/kyc/flow/{body['token']}"
        opened = httpx.get(body["url"], follow_redirects=True)  # the journey, on the same host
        assert opened.status_code == 200 and str(opened.url).startswith(f"{named}/kyc/journey/")


def test_onekyc_image_urls_follow_the_caller_of_get_submission_details(fresh) -> None:
    dropin = fresh["onekyc-siv"]
    body = {
        "flow": "STANDALONE_IDENTITY_VERIFICATION",
        "source": "SDK",
        "additionalDetails": {
            "phoneNumber": "628188888889",
            "dataVerification": {
                "phoneNumber": {"isVerified": True, "verificationReferenceId": "ref-1"}
            },
        },
        "userLocale": "id_ID",
    }
    samples = f"{dropin.url()}/_sandbox/onekyc-siv/samples"
    api = dropin.url("api")
    token = httpx.get(
        f"{dropin.url('token')}/v1/esign/partner/authentication", headers=ONEKYC_CREDENTIALS
    ).json()["data"]["token"]
    flow = httpx.post(
        f"{api}/coe-partner/v1/initiate-flow",
        headers={**PARTNER, "x-onekyc-token": token},
        json=body,
    ).json()["data"]
    for kind, name in (("ktp", "ktp-valid.jpg"), ("selfie", "selfie.jpg")):
        photo = httpx.get(f"{samples}/{name}").content
        sent = httpx.post(
            f"{api}/coe-sdk/v1/submissions/{kind}",
            headers={"x-sdk-token": flow["sdkToken"]},
            files={"image": (name, photo, "image/jpeg")},
            timeout=60,
        )
        assert sent.status_code == 200, sent.text
    httpx.post(f"{api}/_sandbox/clock/advance", json={"seconds": 8}).raise_for_status()
    submission_id = flow["submissionId"]
    assert processed(dropin, submission_id), "not processed in time"
    # Photos sent to 127.0.0.1; the details asked for by localhost, and by a Host naming
    # another server (ignored: the server's own address).
    for named, host, expected in (
        (other_host(api), None, other_host(api)),
        (api, {"host": "evil.example"}, api),
    ):
        details = httpx.get(
            f"{named}/coe-partner/v1/submissions/{submission_id}",
            headers={"x-onekyc-token": token, **(host or {})},
        ).json()["data"]
        urls = [url for url in details["submissionDetails"]["imageUrls"].values() if url]
        assert len(urls) == 2
        for url in urls:
            assert url.startswith(f"{expected}/coe-sdk/v1/images/{submission_id}/"), url
            assert httpx.get(url).status_code == 200


def processed(dropin: DropIn, submission_id: str) -> bool:
    """Waits (on the simulator's condition, not a sleep) for the submission's result."""
    backend = dropin.simulator.backend

    def done() -> bool:
        found = backend.submissions.get(submission_id)
        return found is not None and found.payload is not None

    return backend.wait(done, 60)


# --- the old prefix is no path of a drop-in ------------------------------------------------------

# A path under the sandbox-of-every-vendor's prefix, and the keys of the vendor's own 404 body.
PREFIXED_404 = {
    "hyperverge-ckyc": ("/hyperverge-ckyc/api/v1/start", {"status", "statusCode", "error"}),
    "hyperverge-validation": (
        "/hyperverge-validation/api/v1/validate",
        {"status", "statusCode", "error"},
    ),
    "messagecentral-ekyc": (
        "/messagecentral-ekyc/ekyc/api/v1/redirection/generate-url",
        {"detail"},
    ),
    "onekyc-siv": ("/onekyc-siv/api/coe-partner/v1/initiate-flow", {"success", "errors"}),
    "hypersign-kyc": ("/hypersign-kyc/kyc/api/v2/session", {"success", "statusCode", "error"}),
}


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_prefixed_path_is_the_vendors_own_404(fresh, sandbox_url: str, vendor: str) -> None:
    path, keys = PREFIXED_404[vendor]
    answer = httpx.post(fresh[vendor].url() + path, json={})
    assert answer.status_code == 404
    assert set(answer.json()) == keys
    # The very body the sandbox of every vendor gives a path of the vendor it has no route for.
    unknown = httpx.post(f"{sandbox_url}/{vendor}/no/such/path", json={})
    assert unknown.status_code == 404 and answer.json() == unknown.json()
    # FastAPI's docs are under /_sandbox/: at the root, the vendor's 404 as well.
    for path in ("/docs", "/openapi.json"):
        at_root = httpx.get(fresh[vendor].url() + path)
        assert at_root.status_code == 404 and set(at_root.json()) == keys, path
