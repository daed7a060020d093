"""OneKYC SIV's asynchronous side over real HTTP: processing 8 s after both photos on the sandbox
clock, the callback with the document's payload and the partner's headers, retries with back-off
(5, 10, 20, 40, 80 s, then given up), the receiver down then up losing nothing, the magic values,
Get Submission Details through PENDING, PROCESSING and COMPLETED, the image URLs, and a reset
cancelling what was scheduled. Time moves only through the sandbox clock (frozen by the fixture);
the tests wait on Events and on the simulator's own Condition, never sleep."""

import socket
from datetime import datetime

import httpx
import pytest

from tests.helpers import free_port
from tests.sandbox import onekyc_doc
from tests.sandbox.onekyc_doc import (
    CONTROL,
    DETAILS_KEYS,
    IMAGE_KEYS,
    KTP,
    KTP_DATA_KEYS,
    PAYLOAD_KEYS,
    REGISTRATION_KEYS,
    SELFIE,
    VERIFICATION_KEYS,
    OneKycSandbox,
    Receiver,
    errors,
    photo,
)

onekyc, kyc, receiver = onekyc_doc.onekyc, onekyc_doc.kyc, onekyc_doc.receiver  # fixtures
AUTH = {"Authorization": "Bearer partner-callback-secret-1234"}
MAGIC = {
    "receiver-down": "628100000001",
    "duplicate": "628100000002",
    "no-callback": "628100000003",
}


def point(kyc: OneKycSandbox, url: str, headers: dict | None = None) -> None:
    answer = kyc.client.post(f"{CONTROL}/callback", json={"url": url, "headers": headers or AUTH})
    assert answer.status_code == 200, answer.text


def body_for(phone: str) -> dict:
    body = dict(onekyc_doc.PHONE_BODY)
    details = dict(body["additionalDetails"])
    details["phoneNumber"] = phone
    body["additionalDetails"] = details
    return body


def submit(kyc: OneKycSandbox, ktp="ktp-valid.jpg", selfie="selfie.jpg", phone=None) -> str:
    flow = kyc.initiate(body_for(phone) if phone else None)
    assert kyc.capture(KTP, flow["sdkToken"], ktp).status_code == 200
    answer = kyc.capture(SELFIE, flow["sdkToken"], selfie)
    assert answer.json()["data"]["status"] == "PROCESSING"
    return flow["submissionId"]


def epoch(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def assert_document_payload(body: dict) -> None:
    """The document's callback keys, level by level, nothing added."""
    assert set(body) == PAYLOAD_KEYS
    details = body["submissionDetails"]
    assert set(details) == DETAILS_KEYS
    assert set(details["verificationResult"]) == VERIFICATION_KEYS
    assert set(details["ktpData"]) == KTP_DATA_KEYS
    assert set(details["certificateRegistration"]) == REGISTRATION_KEYS
    assert set(details["imageUrls"]) == IMAGE_KEYS


def test_the_callback_carries_the_documents_payload_and_the_partners_headers(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    point(kyc, receiver.url)
    submission_id = submit(kyc)
    kyc.advance(8)
    assert receiver.wait(1)
    body = receiver.bodies[0]
    assert_document_payload(body)
    assert body["submissionId"] == submission_id
    assert body["userId"] == "421453511adsasdl"
    assert body["userIdType"] == "MY_USER_ID"
    assert body["partnerSessionId"] == "b719f79b-ae7a-440a-8f9c-5f661ca34e7"
    assert body["status"] == "COMPLETED"
    assert body["result"] == "VALID"
    details = body["submissionDetails"]
    assert details["verificationResult"] == {
        "nik": "PASS",
        "name": "PASS",
        "dateOfBirth": "PASS",
        "selfie": "PASS",
    }
    assert details["certificateRegistration"] == {
        "eligibleToActivate": True,
        "onboardingCode": "NEW_USER",
        "shouldSkipActivation": True,
    }
    assert details["imageUrls"]["ADDITIONAL_SELFIE"] == ""
    headers = receiver.headers[0]
    assert headers["authorization"] == "Bearer partner-callback-secret-1234"
    assert headers["content-type"] == "application/json"
    deliveries = kyc.wait_deliveries(submission_id, 1)
    assert deliveries == [
        {
            "attempt": 1,
            "at": deliveries[0]["at"],
            "url_host": receiver.url.split("/")[2],
            "status_code": 200,
            "error": None,
            "next_retry_at": None,
        }
    ]


def test_nothing_is_processed_before_both_photos(kyc: OneKycSandbox, receiver: Receiver) -> None:
    point(kyc, receiver.url)
    flow = kyc.initiate()
    kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    kyc.advance(600)
    assert kyc.details(flow["submissionId"]).json()["data"]["status"] == "PENDING"
    seen = kyc.control(flow["submissionId"])
    assert seen["processing_due_at"] is None and seen["deliveries"] == []
    assert receiver.bodies == []


def test_processing_takes_8_seconds_of_the_sandbox_clock_through_the_three_statuses(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    point(kyc, receiver.url)
    flow = kyc.initiate()
    submission_id = flow["submissionId"]
    pending = kyc.details(submission_id).json()
    assert pending == {
        "success": True,
        "data": {
            "submissionId": submission_id,
            "userId": "421453511adsasdl",
            "userIdType": "MY_USER_ID",
            "partnerSessionId": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
            "status": "PENDING",
        },
    }
    kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    assert kyc.details(submission_id).json()["data"]["status"] == "PENDING"
    kyc.capture(SELFIE, flow["sdkToken"], "selfie.jpg")
    seen = kyc.control(submission_id)
    assert epoch(seen["processing_due_at"]) - epoch(seen["selfie_received_at"]) == pytest.approx(
        8, abs=1e-3
    )
    kyc.advance(7.9)
    assert receiver.bodies == []  # not due yet (nothing to wait for: the status says so)
    processing = kyc.details(submission_id).json()["data"]
    assert processing == {**pending["data"], "status": "PROCESSING"}
    kyc.advance(0.1)
    assert receiver.wait(1)
    completed = kyc.details(submission_id).json()["data"]
    assert completed == receiver.bodies[0]  # Get Submission Details: the callback's payload
    assert_document_payload(completed)


def test_the_image_urls_are_on_the_host_the_client_used(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    point(kyc, receiver.url)
    localhost = kyc.url.replace("127.0.0.1", "localhost")
    flow = kyc.initiate(base=localhost)
    kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    extra = photo("selfie-stranger.jpg")
    kyc.capture(SELFIE, flow["sdkToken"], "selfie.jpg", additionalSelfie=extra)
    kyc.advance(8)
    assert receiver.wait(1)
    urls = receiver.bodies[0]["submissionDetails"]["imageUrls"]
    images = "/onekyc-siv/api/coe-sdk/v1/images/"
    for kind, name in (
        ("KTP", "ktp-valid.jpg"),
        ("SELFIE", "selfie.jpg"),
        ("ADDITIONAL_SELFIE", "selfie-stranger.jpg"),
    ):
        url = urls[kind]
        assert url.startswith(f"{localhost}{images}{flow['submissionId']}/{kind}?sig=")
        got = httpx.get(url)  # a capability URL: no header needed
        assert got.status_code == 200 and got.content == photo(name)
        assert got.headers["content-type"] == "image/jpeg"
    wrong = urls["KTP"][:-4] + "0000"
    errors(403, httpx.get(wrong), ("1900", "FORBIDDEN"))
    errors(403, httpx.get(urls["KTP"].split("?")[0]), ("1900", "FORBIDDEN"))
    swapped = urls["KTP"].replace("/KTP?", "/SELFIE?")  # a signature is for one photo
    errors(403, httpx.get(swapped), ("1900", "FORBIDDEN"))


def test_retries_back_off_5_10_20_40_80_then_give_up(kyc: OneKycSandbox) -> None:
    point(kyc, f"http://127.0.0.1:{free_port()}/callback")  # nobody listens there
    submission_id = submit(kyc)
    kyc.advance(8)
    for attempt, back_off in enumerate((5, 10, 20, 40, 80), start=1):
        deliveries = kyc.wait_deliveries(submission_id, attempt)
        last = deliveries[-1]
        assert last["attempt"] == attempt
        assert last["status_code"] is None and last["error"]
        assert epoch(last["next_retry_at"]) - epoch(last["at"]) == pytest.approx(back_off, abs=1e-3)
        kyc.advance(back_off - 0.5)
        assert kyc.control(submission_id)["deliveries"] == deliveries  # not yet
        kyc.advance(0.5)
    deliveries = kyc.wait_deliveries(submission_id, 6)
    assert deliveries[-1]["attempt"] == 6 and deliveries[-1]["next_retry_at"] is None
    kyc.advance(3600)
    assert len(kyc.control(submission_id)["deliveries"]) == 6
    assert not [d for d in deliveries if d["status_code"] is not None]


def test_a_non_2xx_answer_is_a_failed_attempt(kyc: OneKycSandbox) -> None:
    refusing = Receiver(status=503)
    try:
        point(kyc, refusing.url)
        submission_id = submit(kyc)
        kyc.advance(8)
        assert refusing.wait(1)
        first = kyc.wait_deliveries(submission_id, 1)[0]
        assert first["status_code"] == 503 and first["error"] is None
        assert epoch(first["next_retry_at"]) - epoch(first["at"]) == pytest.approx(5, abs=1e-3)
        kyc.advance(5)
        assert refusing.wait(2)
        assert refusing.bodies[0] == refusing.bodies[1]
    finally:
        refusing.stop()


def test_the_receiver_down_then_up_loses_nothing(kyc: OneKycSandbox) -> None:
    port = free_port()
    point(kyc, f"http://127.0.0.1:{port}/callback")
    submission_id = submit(kyc)
    kyc.advance(8)
    first = kyc.wait_deliveries(submission_id, 1)[0]
    assert first["status_code"] is None and "ConnectError" in first["error"]
    assert first["url_host"] == f"127.0.0.1:{port}"
    up = Receiver(port=port)  # the partner's server comes back, on the same port
    try:
        kyc.advance(5)
        assert up.wait(1)
        assert up.bodies[0]["submissionId"] == submission_id
        assert_document_payload(up.bodies[0])
        second = kyc.wait_deliveries(submission_id, 2)[1]
        assert second["status_code"] == 200 and second["next_retry_at"] is None
        kyc.advance(600)
        assert len(up.bodies) == 1
    finally:
        up.stop()


def test_magic_receiver_down_refuses_the_first_two_attempts(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    point(kyc, receiver.url)
    submission_id = submit(kyc, phone=MAGIC["receiver-down"])
    kyc.advance(8)
    first = kyc.wait_deliveries(submission_id, 1)[0]
    assert first["status_code"] is None and first["url_host"] != receiver.url.split("/")[2]
    kyc.advance(5)
    second = kyc.wait_deliveries(submission_id, 2)[1]
    assert second["status_code"] is None and second["url_host"] == first["url_host"]
    assert epoch(second["next_retry_at"]) - epoch(second["at"]) == pytest.approx(10, abs=1e-3)
    assert receiver.bodies == []
    kyc.advance(10)
    assert receiver.wait(1)
    third = kyc.wait_deliveries(submission_id, 3)[2]
    assert third["status_code"] == 200 and third["url_host"] == receiver.url.split("/")[2]


def test_magic_receiver_down_by_email(kyc: OneKycSandbox) -> None:
    body = dict(onekyc_doc.EMAIL_BODY)
    body["additionalDetails"] = {
        **body["additionalDetails"],
        "email": "receiver-down@onekyc.example",
    }
    flow = kyc.initiate(body)
    assert kyc.control(flow["submissionId"])["magic"] == "receiver-down"


def test_magic_duplicate_delivers_the_same_payload_twice(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    point(kyc, receiver.url)
    submission_id = submit(kyc, phone=MAGIC["duplicate"])
    kyc.advance(8)
    assert receiver.wait(2)
    assert receiver.bodies[0] == receiver.bodies[1]
    deliveries = kyc.wait_deliveries(submission_id, 2)
    assert [d["status_code"] for d in deliveries] == [200, 200]
    kyc.advance(600)
    assert len(receiver.bodies) == 2


def test_magic_no_callback_leaves_get_submission_details(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    point(kyc, receiver.url)
    submission_id = submit(kyc, phone=MAGIC["no-callback"])
    kyc.advance(8)
    kyc.wait_processed(submission_id)
    details = kyc.details(submission_id).json()["data"]
    assert details["status"] == "COMPLETED" and details["result"] == "VALID"
    assert_document_payload(details)
    kyc.advance(600)
    assert kyc.control(submission_id)["deliveries"] == []
    assert receiver.bodies == []


def test_qa_can_send_the_callback_again(kyc: OneKycSandbox, receiver: Receiver) -> None:
    point(kyc, receiver.url)
    submission_id = submit(kyc, phone=MAGIC["no-callback"])
    resend = f"{CONTROL}/submissions/{submission_id}/callback"
    assert kyc.client.post(resend).status_code == 409  # not processed yet
    kyc.advance(8)
    kyc.wait_processed(submission_id)
    sent = kyc.client.post(resend)
    assert sent.status_code == 200 and sent.json()["status_code"] == 200
    assert receiver.wait(1)
    assert receiver.bodies[0]["submissionId"] == submission_id
    assert kyc.client.post(f"{CONTROL}/submissions/nothing/callback").status_code == 404


def test_get_callback_names_the_headers_never_their_values(kyc: OneKycSandbox) -> None:
    assert kyc.client.get(f"{CONTROL}/callback").json() == {"url": None, "header_names": []}
    point(kyc, "https://partner.example/hook", {**AUTH, "X-Partner-Key": "k-987654321"})
    answer = kyc.client.get(f"{CONTROL}/callback")
    assert answer.json() == {
        "url": "https://partner.example/hook",
        "header_names": ["Authorization", "X-Partner-Key"],
    }
    assert "partner-callback-secret-1234" not in answer.text and "k-987654321" not in answer.text
    kyc.client.post("/_sandbox/reset")
    assert kyc.client.get(f"{CONTROL}/callback").json() == {"url": None, "header_names": []}


def test_a_bad_callback_target_is_refused(kyc: OneKycSandbox) -> None:
    for body in (
        {"url": "/relative"},
        {"url": "ftp://partner.example/hook"},
        {"url": "https://partner.example/hook", "headers": {"Content-Type": "text/plain"}},
        {"url": "https://partner.example/hook", "headers": {"Bad Name": "x"}},
        {"url": "https://partner.example/hook", "headers": {"X-Key": "a\r\nInjected: 1"}},
        # A value the wire cannot carry would lose every callback: refused, named, not quoted.
        {"url": "https://partner.example/hook", "headers": {"X-Key": "Bearer s3cr\u00e9t"}},
        {"url": "https://partner.example/hook", "headers": {"X-Key": "Bearer s3cret "}},
    ):
        answer = kyc.client.post(f"{CONTROL}/callback", json=body)
        assert answer.status_code == 422, body
        assert "s3cr" not in answer.text


def test_no_callback_url_is_a_failed_attempt_retried_until_one_is_set(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    submission_id = submit(kyc)
    kyc.advance(8)
    first = kyc.wait_deliveries(submission_id, 1)[0]
    assert first["url_host"] is None and "no callback URL" in first["error"]
    point(kyc, receiver.url)
    kyc.advance(5)
    assert receiver.wait(1)


def test_a_reset_cancels_the_scheduled_processing_and_retries(
    kyc: OneKycSandbox, receiver: Receiver
) -> None:
    seeded = kyc.backend.scheduler.pending()  # the seeded submission already processing
    point(kyc, f"http://127.0.0.1:{free_port()}/callback")
    failing = submit(kyc)
    kyc.advance(8)
    kyc.wait_deliveries(failing, 1)  # its retry is scheduled now
    waiting = submit(kyc)  # its processing is scheduled
    assert kyc.backend.scheduler.pending() == 2
    kyc.client.post("/_sandbox/reset").raise_for_status()
    kyc.client.post("/_sandbox/clock/freeze", json={"frozen": True})
    assert kyc.backend.scheduler.pending() == seeded
    point(kyc, receiver.url)
    kyc.advance(600)
    kyc.wait_processed("0b1c9e52-4d6f-4a8e-9b31-5c7d2e8f1a10")  # the seed's, no callback
    errors(404, kyc.details(failing), ("1800", "SUBMISSION_NOT_FOUND"))
    errors(404, kyc.details(waiting), ("1800", "SUBMISSION_NOT_FOUND"))
    assert receiver.bodies == []


def test_the_closed_port_of_magic_receiver_down_really_refuses() -> None:
    """What the magic relies on: a port bound without listening refuses at once."""
    held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    held.bind(("127.0.0.1", 0))
    try:
        port = held.getsockname()[1]
        try:
            httpx.post(f"http://127.0.0.1:{port}/callback", json={}, timeout=5)
            raise AssertionError("the connection was accepted")
        except httpx.ConnectError:
            pass
    finally:
        held.close()
