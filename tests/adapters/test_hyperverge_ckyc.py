"""The CKYC download client against the real sandbox over HTTP, recorder included."""

import io
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    VendorStatusError,
    VendorTimeout,
    VendorUnreachable,
)
from kyc_adapters.hyperverge_ckyc import (
    PII_KEYS,
    SECRET_KEYS,
    HyperVergeCkycClient,
    OtpRejected,
    OtpSessionTerminated,
    ResendTooEarly,
    aadhaar_id_no,
)
from kyc_adapters.recorder import Exchange, RecordingTransport, journey
from kyc_adapters.redaction import REDACTED, Redactor

# The sandbox's published credentials (README, GET /_sandbox/vendors).
SANDBOX_APP_ID, SANDBOX_APP_KEY = "sandbox-app-id", "sandbox-app-key"
REDACTOR = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS)

PAN, MOBILE = "ABCPK1234F", "9876501865"


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def client(sandbox: httpx.Client, recorded: list[Exchange]) -> Iterator[HyperVergeCkycClient]:
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR)
    base = f"{sandbox.base_url.join('/hyperverge-ckyc')}"
    with httpx.Client(base_url=base, transport=transport, timeout=5) as http:
        yield HyperVergeCkycClient(http, app_id=SANDBOX_APP_ID, app_key=SANDBOX_APP_KEY)


def latest_otp(sandbox: httpx.Client, mobile: str = MOBILE) -> str:
    return sandbox.get("/_sandbox/inbox", params={"mobile": mobile}).json()["messages"][-1]["otp"]


def start(client: HyperVergeCkycClient, **kwargs):
    args = {"id_type": "C", "id_no": PAN, "mobile_no": MOBILE, "transaction_id": "t-1"} | kwargs
    return client.start(**args)


def test_happy_path_downloads_the_record_with_images(client, sandbox) -> None:
    sent = start(client)
    assert sent.message == "OTP has been sent to the registered mobile number XXXXXX1865"
    assert sent.masked_mobile == "XXXXXX1865"
    record = client.download(
        request_id=sent.requestId, otp=latest_otp(sandbox), transaction_id="t-1"
    )
    assert record.fullName == "ASHA SPECIMEN KUMARI"
    assert record.ckycRefNo == "CKYCREF0001"
    assert record.residentialStatus == "Resident Individual"
    assert [i.type for i in record.idList] == ["A", "C", "E"]
    photo = record.imageDetails[0]
    assert photo.imageType == "PHOTO"
    assert Image.open(io.BytesIO(photo.content())).size == (420, 495)  # her selfie
    kinds = [image.imageType for image in record.imageDetails]
    assert kinds == ["PHOTO", "SIGNATURE", "AADHAAR", "AADHAAR", "PASSPORT"]
    assert record.undocumented_fields() == []


def test_aadhaar_id_type_e(client) -> None:
    id_no = aadhaar_id_no("999941057058", "Asha Specimen Kumari", "15-08-1990", "F")
    assert start(client, id_type="E", id_no=id_no).requestId


def test_search_only(client) -> None:
    found = client.search(id_type="B", id_no="XYZ1234567", transaction_id="t-2")
    assert found.fullName == "RAVI TEST SHARMA"
    assert found.kycDate == "********"
    assert found.ckycNo.endswith("2109") and found.ckycNo.startswith("XXXX")


def test_wrong_otp_counts_down_then_ends_the_session(client, sandbox) -> None:
    sent = start(client)
    for left in (2, 1):
        with pytest.raises(OtpRejected) as wrong:
            client.download(request_id=sent.requestId, otp="000000", transaction_id="t-1")
        assert wrong.value.attempts_left == left
        assert wrong.value.status_code == 404
    with pytest.raises(OtpSessionTerminated) as ended:
        client.download(request_id=sent.requestId, otp="000000", transaction_id="t-1")
    assert ended.value.message == "Download failed as OTP validation was unsuccessful"
    with pytest.raises(OtpSessionTerminated):
        client.download(request_id=sent.requestId, otp=latest_otp(sandbox), transaction_id="t-1")


def test_resend_waits_90_seconds_then_sends_a_new_otp(client, sandbox) -> None:
    sent = start(client)
    first = latest_otp(sandbox)
    with pytest.raises(ResendTooEarly):
        client.resend_otp(request_id=sent.requestId, transaction_id="t-1")
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 90})
    resent = client.resend_otp(request_id=sent.requestId, transaction_id="t-1")
    assert resent.resends_left == 2
    assert resent.message.startswith("Resend OTP Sent successfully to registered Mobile number")
    second = latest_otp(sandbox)
    assert second != first
    with pytest.raises(OtpRejected):
        client.download(request_id=sent.requestId, otp=first, transaction_id="t-1")
    record = client.download(request_id=sent.requestId, otp=second, transaction_id="t-1")
    assert record.fullName


@pytest.mark.parametrize(
    ("kwargs", "status", "message"),
    [
        (
            {"id_no": "BBBPR5555B", "mobile_no": "9000000000"},
            400,
            "Download failed. Auth Factor does not match that registered in the KYC record",
        ),
        (
            {"id_no": "AAAPN0000A"},
            400,
            "Download failed. Mobile number is not registered in the "
            "KYC record. Please download using bulk file methods",
        ),
        ({"id_no": "ZZZPZ9999Z"}, 404, "No record found"),
        (
            {"id_no": "DSC-EXPIRED"},
            404,
            "Digital signature cannot be verified. The certificate is expired.",
        ),
        ({"id_no": "SERVER-ERROR"}, 500, "Internal Server Error"),
    ],
)
def test_documented_start_errors(client, kwargs, status, message) -> None:
    with pytest.raises(VendorStatusError) as failed:
        start(client, **kwargs)
    assert (failed.value.status_code, failed.value.message) == (status, message)
    assert failed.value.body["statusCode"] == str(status)


def test_wrong_credentials(sandbox: httpx.Client) -> None:
    with httpx.Client(base_url=f"{sandbox.base_url.join('/hyperverge-ckyc')}") as http:
        client = HyperVergeCkycClient(http, app_id=SANDBOX_APP_ID, app_key="nope")
        with pytest.raises(InvalidCredentials) as denied:
            start(client)
    assert denied.value.code == "ER_AUTH"
    assert denied.value.message == "Missing/Invalid credentials"


def test_http_500_fault(client, sandbox) -> None:
    sandbox.post("/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "http_500"})
    with pytest.raises(VendorStatusError) as failed:
        start(client)
    assert failed.value.status_code == 500


def test_garbage_body_is_a_contract_violation(client, sandbox) -> None:
    sandbox.post("/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "malformed_body"})
    with pytest.raises(ContractViolation, match="not JSON"):
        start(client)


def test_timeout(sandbox: httpx.Client) -> None:
    sandbox.post(
        "/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "timeout", "seconds": 1}
    )
    with httpx.Client(base_url=f"{sandbox.base_url.join('/hyperverge-ckyc')}", timeout=0.2) as http:
        client = HyperVergeCkycClient(http, app_id=SANDBOX_APP_ID, app_key=SANDBOX_APP_KEY)
        with pytest.raises(VendorTimeout):
            start(client)


def test_nobody_listening(recorded: list[Exchange]) -> None:
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR)
    with httpx.Client(base_url="http://127.0.0.1:9", transport=transport, timeout=2) as http:
        client = HyperVergeCkycClient(http, app_id="a", app_key="b")
        with pytest.raises(VendorUnreachable):
            start(client)
    assert recorded[0].status_code is None and "ConnectError" in recorded[0].error


def test_recorder_redacts_secrets_and_masks_pii(client, sandbox, recorded) -> None:
    sent = start(client)
    client.download(request_id=sent.requestId, otp=latest_otp(sandbox), transaction_id="t-1")
    start_call, download_call = recorded
    assert (start_call.step, download_call.step) == ("start", "validate-otp")
    assert start_call.request_headers["appKey"] == REDACTED
    assert start_call.request_headers["appId"] == SANDBOX_APP_ID
    assert start_call.request_body["idNo"] == "XXXXXX234F"
    assert start_call.request_body["mobileNo"] == "XXXXXX1865"
    assert download_call.request_body["otp"] == "******"  # an OTP is masked whole
    result = download_call.response_body["result"]
    assert result["imageDetails"][0]["imageData"].startswith("<base64, ")
    assert result["mobileNumber"] == "XXXXXX1865"
    assert start_call.latency_ms > 0 and start_call.status_code == 200
    text = repr(recorded)
    assert SANDBOX_APP_KEY not in text and PAN not in text and MOBILE not in text


def test_the_recorded_outcome_is_the_adapters_verdict(client, sandbox, recorded) -> None:
    sent = start(client)
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 90})
    client.resend_otp(request_id=sent.requestId, transaction_id="t-1")
    resend = recorded[-1]
    # Documented: a successful resend answers 404 "Resend OTP Sent successfully ...".
    assert (resend.status_code, resend.outcome) == (404, "success")
    with pytest.raises(OtpRejected):
        client.download(request_id=sent.requestId, otp="000000", transaction_id="t-1")
    assert (recorded[-1].status_code, recorded[-1].outcome) == (404, "failure")
    assert recorded[-1].error == "Invalid OTP entered. Remaining attempts: 2"
    sandbox.post("/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "malformed_body"})
    with pytest.raises(ContractViolation):
        start(client)
    assert (recorded[-1].status_code, recorded[-1].outcome) == (200, "error")


def test_each_call_is_filed_under_the_journey_in_scope(client, recorded) -> None:
    with journey("j-first"):
        start(client)
    with journey("j-second"):
        client.search(id_type="C", id_no=PAN, transaction_id="t-2")
    start(client)
    assert [r.journey_id for r in recorded] == ["j-first", "j-second", None]


def test_the_client_is_reused_across_calls(client, sandbox, recorded) -> None:
    """One long-lived httpx.Client: its pool keeps one connection for many calls."""
    for _ in range(5):
        client.search(id_type="C", id_no=PAN, transaction_id="t-3")
    pool = client._http._transport._inner._pool
    assert len(pool.connections) == 1
