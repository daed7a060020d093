"""OneKYC SIV's scenario catalog: every outcome the issue and the contract name is there, and
each entry, sent as-is after a reset, answers what the contract says and what the entry itself
promises; the outcome entries then call back (8 s later on the sandbox clock) with the verdict
the contract gives their photos."""

import httpx
import pytest

from tests.helpers import dotted
from tests.sandbox import onekyc_doc
from tests.sandbox.onekyc_doc import CONTROL, OneKycSandbox, Receiver

onekyc, kyc, receiver = onekyc_doc.onekyc, onekyc_doc.kyc, onekyc_doc.receiver  # fixtures


def refused(status: int, *pairs: tuple[str, str]) -> tuple[int, dict]:
    return status, {"success": False, "errors": [{"code": c, "cause": k} for c, k in pairs]}


def bad(*causes: str) -> tuple[int, dict]:
    return refused(400, *(("1600", cause) for cause in causes))


PROCESSING = (200, {"success": True, "data.status": "PROCESSING"})
# Scenario id -> (HTTP status, literal fields of the answer).
EXPECTED = {
    "token-issued": (200, {"success": True, "data.expiry_seconds": "1800"}),
    "token-missing-headers": refused(
        400, ("1650", "MISSING_CLIENT_ID"), ("1650", "MISSING_PASS_KEY")
    ),
    "token-missing-pass-key": refused(400, ("1650", "MISSING_PASS_KEY")),
    "token-wrong-credentials": refused(401, ("110", "UNAUTHORIZED")),
    "flow-initiated": (200, {"success": True, "data.expiresIn": 1800}),
    "flow-initiated-email": (200, {"success": True, "data.expiresIn": 1800}),
    "initiate-unauthorized": refused(401, ("110", "UNAUTHORIZED")),
    "initiate-missing-partner-headers": bad(
        "MISSING_PARTNER_USER_ID", "MISSING_PARTNER_USER_ID_TYPE", "MISSING_PARTNER_SESSION_ID"
    ),
    "initiate-invalid-body": bad("INVALID_REQUEST_BODY"),
    "initiate-invalid-flow": bad("INVALID_FLOW"),
    "initiate-invalid-source": bad("INVALID_SOURCE"),
    "initiate-web-sdk-without-redirects": bad(
        "MISSING_SUCCESS_REDIRECTION_URL", "MISSING_FAILURE_REDIRECTION_URL"
    ),
    "initiate-invalid-redirect": bad("INVALID_SUCCESS_REDIRECTION_URL"),
    "initiate-invalid-phone": bad("INVALID_PHONE_NUMBER"),
    "initiate-invalid-email": bad("INVALID_EMAIL"),
    "initiate-missing-contact": bad("MISSING_PHONE_NUMBER_OR_EMAIL"),
    "initiate-phone-not-verified": bad("PHONE_NUMBER_NOT_VERIFIED"),
    "initiate-email-not-verified": bad("EMAIL_NOT_VERIFIED"),
    "initiate-missing-verification-reference": bad("MISSING_VERIFICATION_REFERENCE_ID"),
    "initiate-invalid-locale": bad("INVALID_USER_LOCALE"),
    "ktp-received": (200, {"success": True, "data.status": "KTP_RECEIVED"}),
    "capture-unauthorized": refused(401, ("110", "UNAUTHORIZED")),
    "sdk-token-expired": refused(401, ("111", "SDK_TOKEN_EXPIRED")),
    "missing-image": refused(400, ("1700", "MISSING_IMAGE")),
    "invalid-image": refused(400, ("1700", "INVALID_IMAGE")),
    "already-processing": refused(409, ("1702", "SUBMISSION_ALREADY_PROCESSING")),
    "details-pending": (200, {"success": True, "data.status": "PENDING"}),
    "submission-not-found": refused(404, ("1800", "SUBMISSION_NOT_FOUND")),
    "image-forbidden": refused(403, ("1900", "FORBIDDEN")),
    # The outcomes: the selfie goes in, processing starts.
    "valid": PROCESSING,
    "nik-mismatch": PROCESSING,
    "selfie-mismatch": PROCESSING,
    "unreadable-ktp": PROCESSING,
    "receiver-down": PROCESSING,
    "duplicate-callback": PROCESSING,
    "no-callback": PROCESSING,
}
PASS4 = {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"}
# Outcome -> (result, verificationResult) the callback or Get Submission Details carries.
VERDICTS = {
    "valid": ("VALID", PASS4),
    "nik-mismatch": (
        "INVALID",
        {"nik": "FAIL", "name": "FAIL", "dateOfBirth": "FAIL", "selfie": "PASS"},
    ),
    "selfie-mismatch": ("INVALID", {**PASS4, "selfie": "FAIL"}),
    "unreadable-ktp": (
        "INVALID",
        {"nik": "FAIL", "name": "FAIL", "dateOfBirth": "FAIL", "selfie": "FAIL"},
    ),
    "receiver-down": ("VALID", PASS4),
    "duplicate-callback": ("VALID", PASS4),
    "no-callback": ("VALID", PASS4),
}
ENTRY_KEYS = {"vendor", "id", "title", "description", "request", "expect", "live_safe"}


def catalog(client: httpx.Client) -> dict[str, dict]:
    entries = client.get("/_sandbox/scenarios", params={"vendor": "onekyc-siv"}).json()
    return {entry["id"]: entry for entry in entries}


def send(client: httpx.Client, scenario: dict) -> httpx.Response:
    request = scenario["request"]
    files = None
    if request.get("files"):
        files = [
            (
                part["field"],
                (part["filename"], client.get(part["url"]).content, part["contentType"]),
            )
            for part in request["files"]
        ]
    return client.request(
        request["method"],
        request["path"],
        headers=request.get("headers"),
        json=request.get("json"),
        data=request.get("form"),
        files=files,
    )


def test_every_outcome_is_in_the_catalog(kyc: OneKycSandbox) -> None:
    entries = catalog(kyc.client)
    assert sorted(entries) == sorted(EXPECTED)
    for entry in entries.values():
        assert set(entry) == ENTRY_KEYS
        assert entry["request"]["path"].startswith("/onekyc-siv/")


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_scenario_answers_what_it_promises(kyc: OneKycSandbox, scenario_id: str) -> None:
    scenario = catalog(kyc.client)[scenario_id]
    answer = send(kyc.client, scenario)
    status, fields = EXPECTED[scenario_id]
    promised = scenario["expect"]
    assert answer.status_code == status == promised["status"], answer.text
    body = answer.json()
    for path, value in fields.items():
        assert dotted(body, path) == value
    for path, value in promised.get("fields", {}).items():
        assert dotted(body, path) == value
    if "code" in promised:
        assert body["errors"][0]["code"] == promised["code"]
        assert body["errors"][0]["cause"] == promised["message"]


@pytest.mark.parametrize("scenario_id", sorted(VERDICTS))
def test_outcome_scenario_ends_in_its_verdict(
    kyc: OneKycSandbox, receiver: Receiver, scenario_id: str
) -> None:
    kyc.client.post(f"{CONTROL}/callback", json={"url": receiver.url, "headers": {}})
    scenario = catalog(kyc.client)[scenario_id]
    submission_id = send(kyc.client, scenario).json()["data"]["submissionId"]
    result, checks = VERDICTS[scenario_id]
    kyc.advance(8)
    kyc.wait_processed(submission_id)
    details = kyc.details(submission_id).json()["data"]
    assert details["result"] == result
    assert details["submissionDetails"]["verificationResult"] == checks
    if scenario_id == "unreadable-ktp":
        assert set(details["submissionDetails"]["ktpData"].values()) == {""}
    if scenario_id == "no-callback":
        kyc.advance(600)
        assert kyc.control(submission_id)["deliveries"] == []
        assert receiver.bodies == []
        return
    if scenario_id == "receiver-down":
        kyc.wait_deliveries(submission_id, 1)  # refused, its retry due 5 s later
        kyc.advance(5)
        kyc.wait_deliveries(submission_id, 2)
        kyc.advance(10)
    assert receiver.wait(1)
    assert receiver.bodies[0] == details
    if scenario_id == "duplicate-callback":
        assert receiver.wait(2) and receiver.bodies[1] == details
    else:
        kyc.advance(600)
        assert len(receiver.bodies) == 1
