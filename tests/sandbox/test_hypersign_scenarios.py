"""Hypersign's magic emails, each in a journey of its own, and the scenario catalog: every entry,
sent as-is after a reset, produces what it promises."""

import httpx
import pytest

from tests.helpers import dotted
from tests.sandbox.hypersign_doc import (
    ACCESS_TOKEN_EXPIRED,
    CONSENT_VERIFICATION_FAILED,
    DOCUMENT_VERIFICATION_FAILED,
    INVALID_ACCESS_TOKEN,
    LIVELINESS_VERIFICATION_FAILED,
    PREFIX,
    SESSION_EXPIRED,
    SESSION_NOT_FOUND,
    UNAUTHORIZED,
    VENDOR,
    Journey,
    admin_token,
    advance,
    kyc_error,
)

# --- magic emails (the contract): the local part, case-insensitive ----------------------------


# Each forced refusal says it was forced, so that a tester never takes it for the OCR, the face
# model or the clock breaking (the codes and statuses are the real ones).
def test_unreadable_refuses_the_document_without_reading_it(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login("Unreadable@example.com")
    message = kyc_error(journey.extract_passport(), 422, DOCUMENT_VERIFICATION_FAILED)
    assert message == (
        "nothing could be read on the document "
        "(forced by the sandbox: the user's e-mail is unreadable@…)"
    )


@pytest.mark.parametrize(
    ("email", "says"),
    [
        (
            "no-face@example.com",
            "no face was found on the selfie "
            "(forced by the sandbox: the user's e-mail is no-face@…)",
        ),
        (
            "MISMATCH@qa.example",
            "the selfie's face does not match the document's "
            "(forced by the sandbox: the user's e-mail is mismatch@…)",
        ),
    ],
    ids=["no-face", "mismatch"],
)
def test_no_face_and_mismatch_refuse_the_selfie(sandbox: httpx.Client, email: str, says: str):
    journey = Journey(sandbox).start().login(email)
    assert journey.extract_passport().status_code == 200  # the same person's own selfie next
    message = kyc_error(journey.biometrics(), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message == says


def test_the_two_selfie_refusals_say_different_things(sandbox: httpx.Client) -> None:
    messages = []
    for email in ("no-face@example.com", "mismatch@example.com"):
        journey = Journey(sandbox).start().login(email)
        journey.extract_passport()
        messages.append(kyc_error(journey.biometrics(), 422, LIVELINESS_VERIFICATION_FAILED))
    assert messages[0] != messages[1]


def test_session_expired_expires_the_session_right_after_the_exchange(sandbox) -> None:
    journey = Journey(sandbox).start().login("session-expired@example.com")
    message = kyc_error(journey.extract_passport(), 401, SESSION_EXPIRED)
    assert message == (
        "the session has expired (forced by the sandbox: the user's e-mail is session-expired@…)"
    )


def test_a_session_the_clock_expired_says_nothing_was_forced(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    advance(sandbox, 1800)
    journey.kyc = admin_token(sandbox, "kyc")  # the admin token (900 s) renewed
    assert kyc_error(journey.extract_passport(), 401, SESSION_EXPIRED) == "the session has expired"


def test_token_expired_expires_the_user_token_on_its_first_use(sandbox) -> None:
    journey = Journey(sandbox).start().login("token-expired@example.com")
    message = kyc_error(journey.extract_passport(), 401, ACCESS_TOKEN_EXPIRED)
    assert message == (
        "the user access token has expired "
        "(forced by the sandbox: the user's e-mail is token-expired@…)"
    )
    first = journey.user_token
    kyc_error(journey.extract_passport(), 401, ACCESS_TOKEN_EXPIRED)  # it stays expired
    # Renew the user token (issue-jwt + exchange): the session's second token is live.
    journey.login("token-expired@example.com")
    assert journey.user_token != first
    response = journey.extract_passport()
    assert response.status_code == 200, response.text
    assert response.json()["data"]["extractedData"]["documentNumber"] == "X4820917"
    # Each session's first token is born expired.
    other = Journey(sandbox).start().login("token-expired@example.com")
    kyc_error(other.extract_passport(), 401, ACCESS_TOKEN_EXPIRED)


def test_an_ordinary_email_is_not_magic(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login("no-face.person@example.com")
    assert journey.extract_passport().status_code == 200
    assert journey.biometrics().status_code == 200


# --- the catalog --------------------------------------------------------------------------------

# Scenario id -> (status, KYC error code or None). From the contract: each magic email, the
# crypto refusals, a happy path; and the calls of the document, one by one.
EXPECTED = {
    "happy-path": (200, None),
    "admin-token-kyc": (200, None),
    "admin-token-ssi": (200, None),
    "session-created": (200, None),
    "did-created": (201, None),
    "jwt-issued": (200, None),
    "exchanged": (200, None),
    "presentation-created": (201, None),
    "wrong-api-secret": (401, None),
    "unknown-grant-type": (400, None),
    "kyc-token-missing": (401, UNAUTHORIZED),
    "kyc-token-on-ssi": (401, None),
    "ttl-out-of-range": (400, None),
    "claims-too-large": (400, None),
    "foreign-did": (400, None),
    "jwt-tampered": (401, INVALID_ACCESS_TOKEN),
    "jwt-expired": (401, ACCESS_TOKEN_EXPIRED),
    "jwt-foreign-key": (401, INVALID_ACCESS_TOKEN),
    "session-not-found": (404, SESSION_NOT_FOUND),
    "domain-without-scheme": (400, None),
    "document-unreadable": (422, DOCUMENT_VERIFICATION_FAILED),
    "selfie-no-face": (422, LIVELINESS_VERIFICATION_FAILED),
    "face-mismatch": (422, LIVELINESS_VERIFICATION_FAILED),
    "session-expired": (401, SESSION_EXPIRED),
    "token-expired": (401, ACCESS_TOKEN_EXPIRED),
    "consent-wrong-challenge": (400, CONSENT_VERIFICATION_FAILED),
    "consent-domain-without-scheme": (400, CONSENT_VERIFICATION_FAILED),
    "consent-tampered-credential": (400, CONSENT_VERIFICATION_FAILED),
    "consent-foreign-key": (400, CONSENT_VERIFICATION_FAILED),
}
ENTRY_KEYS = {"vendor", "id", "title", "description", "request", "expect", "live_safe"}


def catalog(client: httpx.Client) -> dict[str, dict]:
    entries = client.get("/_sandbox/scenarios", params={"vendor": VENDOR}).json()
    return {entry["id"]: entry for entry in entries}


def test_every_outcome_is_in_the_catalog(sandbox: httpx.Client) -> None:
    entries = catalog(sandbox)
    assert sorted(entries) == sorted(EXPECTED)
    for entry in entries.values():
        assert set(entry) == ENTRY_KEYS
        assert entry["request"]["path"].startswith(PREFIX + "/")
        assert entry["expect"]["status"] == EXPECTED[entry["id"]][0]


def test_the_catalog_is_the_same_on_every_call(sandbox: httpx.Client) -> None:
    assert catalog(sandbox) == catalog(sandbox)


def message_of(body: dict) -> str:
    """The error message of any of the three services' shapes."""
    if "success" in body:
        return body["error"]["message"]
    return body["message"][0] if isinstance(body["message"], list) else body["message"]


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_scenario_produces_what_it_promises(sandbox: httpx.Client, scenario_id: str) -> None:
    scenario = catalog(sandbox)[scenario_id]
    request, promised = scenario["request"], scenario["expect"]
    response = sandbox.request(
        request["method"], request["path"], headers=request.get("headers"), json=request.get("json")
    )
    body = response.json()
    status, code = EXPECTED[scenario_id]
    assert response.status_code == status == promised["status"], response.text
    if code is not None:
        assert kyc_error(response, status, code)
    if "code" in promised:
        assert body["error"]["code"] == promised["code"]
    if "message" in promised:
        assert message_of(body) == promised["message"]
    for path, value in promised.get("fields", {}).items():
        assert dotted(body, path) == value, path


def test_a_user_token_the_clock_expired_says_nothing_was_forced(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login(ttl=60)
    advance(sandbox, 61)
    message = kyc_error(journey.extract_passport(), 401, ACCESS_TOKEN_EXPIRED)
    assert message == "the user access token has expired"
