"""The scenario catalog: every documented outcome is there, and each entry, sent as-is after a
reset, produces what the vendor document says (and what the entry itself promises)."""

import httpx
import pytest

from tests.helpers import dotted
from tests.sandbox.ckyc_doc import (
    AUTH_FACTOR_MISMATCH,
    DSC_EXPIRED,
    ER_AUTH,
    ER_REQ_VALIDATE,
    INVALID_CREDENTIALS,
    MOBILE_NOT_REGISTERED,
    NO_RECORD,
    OTP_EXHAUSTED,
    RESEND_LIMIT,
    RESEND_TOO_EARLY,
    SERVER_ERROR,
    UNKNOWN_REQUEST,
    invalid_otp,
    otp_sent,
    resend_sent,
)

# Scenario id -> (HTTP status, error code or None, error message or result.message or None).
# Messages are the document's; codes only where the document shows one.
EXPECTED = {
    "happy-path": (200, None, None),
    "start-otp-sent": (200, None, otp_sent("1865")),
    "start-aadhaar": (200, None, otp_sent("1865")),
    "search-only": (200, None, None),
    "auth-factor-mismatch": (400, ER_REQ_VALIDATE, AUTH_FACTOR_MISMATCH),
    "mobile-not-registered": (400, None, MOBILE_NOT_REGISTERED),
    "invalid-credentials": (401, ER_AUTH, INVALID_CREDENTIALS),
    "no-record": (404, None, NO_RECORD),
    "dsc-expired": (404, None, DSC_EXPIRED),
    "server-error": (500, None, SERVER_ERROR),
    "invalid-otp": (404, None, invalid_otp(2)),
    "otp-attempts-exhausted": (404, None, OTP_EXHAUSTED),
    "resend-too-early": (404, None, RESEND_TOO_EARLY),
    "resend-sent": (404, None, resend_sent("9999", 2)),  # Ravi's mobile, 9123409999
    # Not in the document: the sandbox's own answers, named in the catalog as such.
    "resend-limit": (404, None, RESEND_LIMIT),
    "bad-aadhaar-format": (400, ER_REQ_VALIDATE, None),
    "missing-mobile": (400, ER_REQ_VALIDATE, None),
    "unknown-request-id": (404, None, UNKNOWN_REQUEST),
}
ENTRY_KEYS = {"vendor", "id", "title", "description", "request", "expect", "live_safe"}


def catalog(client: httpx.Client, vendor: str = "hyperverge-ckyc") -> dict[str, dict]:
    entries = client.get("/_sandbox/scenarios", params={"vendor": vendor}).json()
    return {entry["id"]: entry for entry in entries}


def test_every_documented_outcome_is_in_the_catalog(sandbox: httpx.Client) -> None:
    served = sandbox.get("/_sandbox/scenarios").json()
    assert sorted(e["id"] for e in served if e["vendor"] == "hyperverge-ckyc") == sorted(EXPECTED)
    for entry in served:
        assert set(entry) == ENTRY_KEYS
        assert entry["request"]["path"].startswith("/")
        assert "status" in entry["expect"]


def test_catalog_filters_by_vendor(sandbox: httpx.Client) -> None:
    assert set(catalog(sandbox)) == set(EXPECTED)
    assert sandbox.get("/_sandbox/scenarios", params={"vendor": "nobody"}).json() == []


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_scenario_produces_the_documented_outcome(sandbox: httpx.Client, scenario_id: str) -> None:
    scenario = catalog(sandbox)[scenario_id]
    request, promised = scenario["request"], scenario["expect"]
    response = sandbox.request(
        request["method"],
        request["path"],
        headers=request.get("headers"),
        json=request.get("json"),
        data=request.get("form"),
    )
    body = response.json()
    status, code, message = EXPECTED[scenario_id]
    assert response.status_code == status == promised["status"], response.text
    if status == 200:
        assert body["status"] == "success" and body["statusCode"] == "200"
        if message is not None:
            assert body["result"]["message"] == message
    else:
        assert body["status"] == "failure" and body["statusCode"] == str(status)
        if code is not None:
            assert body["error"]["code"] == code
        if message is not None:
            assert body["error"]["message"] == message
    # What the catalog tells QA to expect is what comes back.
    if "code" in promised:
        assert body["error"]["code"] == promised["code"]
    if "message" in promised:
        assert body["error"]["message"] == promised["message"]
    for path, value in promised.get("fields", {}).items():
        assert dotted(body, path) == value
