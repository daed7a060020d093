"""The OneKYC SIV client against a small stand-in vendor over real HTTP: the requests as the
document's examples build them, the document's callback payload (a literal copied from
onekyc-siv-integration.txt) read back, the partner token cached on a clock the test moves, the
401 retry, the error body of OneKYC's public docs in each of its forms, answers off the
contract, and a history without the credentials, the tokens or the photo links, with the
personal data masked. The client is the real one; the stand-in only answers what it is told."""

import asyncio
import copy
import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    VendorStatusError,
    VendorTimeout,
    VendorUnreachable,
)
from kyc_adapters.onekyc_siv import (
    PII_KEYS,
    SECRET_KEYS,
    InvalidRequest,
    OneKycError,
    OneKycSivClient,
    OneKycUnauthorized,
    SubmissionResult,
    parse_submission,
)
from kyc_adapters.recorder import Exchange, RecordingTransport, journey
from kyc_adapters.redaction import REDACTED, Redactor
from sandbox.core.server import BackgroundServer

CLIENT_ID = "live-client-id-5f0c4c1e-0000"
PASS_KEY = "live-pass-key-c2a9e4b0-1111"
SDK_TOKEN = "sdk-token-0f1e2d3c4b5a69788796a5b4c3d2e1f0"
SUBMISSION_ID = "c64b4c8c-9a8f-4e9c-b86a-0908291c855e"  # the document's

# The document's two Initiate Flow bodies, word for word (its phone example's stray comma
# after the "additionalDetails" object dropped: JSON does not allow it).
DOC_PHONE_BODY = {
    "flow": "STANDALONE_IDENTITY_VERIFICATION",
    "source": "SDK",
    "successRedirectionUrl": "http://myserver.com/success-page",
    "failureRedirectionUrl": "http://myserver.com/failure-page",
    "additionalDetails": {
        "phoneNumber": "628188888889",
        "dataVerification": {
            "phoneNumber": {
                "isVerified": True,
                "verificationReferenceId": "string-referencing-to-phonenumber-verification",
            }
        },
    },
    "userLocale": "id_ID",
}
DOC_EMAIL_BODY = {
    "flow": "STANDALONE_IDENTITY_VERIFICATION",
    "source": "SDK",
    "successRedirectionUrl": "http://myserver.com/success-page",
    "failureRedirectionUrl": "http://myserver.com/failure-page",
    "additionalDetails": {
        "email": "[email protected]",
        "dataVerification": {
            "email": {
                "isVerified": True,
                "verificationReferenceId": "string-referencing-to-email-verification",
            }
        },
        "userLocale": "id_ID",
    },
}
# The document's callback payload, word for word.
DOC_CALLBACK = {
    "submissionId": "c64b4c8c-9a8f-4e9c-b86a-0908291c855e",
    "userId": "421453511adsasdl",
    "userIdType": "MY_USER_ID",
    "partnerSessionId": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
    "status": "COMPLETED",
    "result": "VALID",
    "submissionDetails": {
        "verificationResult": {
            "nik": "PASS",
            "name": "PASS",
            "dateOfBirth": "PASS",
            "selfie": "PASS",
        },
        "ktpData": {
            "nik": "3208201808850001",
            "name": "JOHN DOE",
            "region": "SEMARANG",
            "dateOfBirth": "18-02-1960",
            "bloodType": "-",
            "religion": "KRISTEN",
            "province": "JAWA TIMUR",
            "city": "KOTA SURABAYA",
            "address": "SEMARANG SELATAN",
            "district": "WAYANG",
            "town": "BUBUTAN",
            "gender": "male",
            "rt": "008",
            "rw": "020",
            "occupation": "PELAJAR/MAHASISWA",
            "validUntil": "",
            "citizenship": "INDONESIA",
            "maritalStatus": "BELUM KAWIN",
            "issuanceDate": "28-12-2017",
        },
        "certificateRegistration": {
            "eligibleToActivate": True,
            "onboardingCode": "NEW_USER",
            "shouldSkipActivation": True,
        },
        "imageUrls": {
            "KTP": "https://sample-image.com/ktp.jpg",
            "SELFIE": "https://sample-image.com/selfie.jpg",
            "ADDITIONAL_SELFIE": "https://sample-image.com/additional-selfie.jpg",
        },
    },
}
# The public docs' error body, and the contract's codes.
UNAUTHORIZED = {"success": False, "errors": [{"code": "110", "cause": "UNAUTHORIZED"}]}
JPEG = b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(range(256)) * 8 + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
# Secret values not configured: the key names alone must keep them out.
REDACTOR = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS)

# The answers still to give, in order: (status, JSON body or raw bytes, content type); and what
# the stand-in received. Token calls are answered apart, from TOKEN_ANSWERS when queued, else
# with a new token each time.
QUEUE: list[tuple[int, object, str]] = []
TOKEN_ANSWERS: list[tuple[int, object]] = []
RECEIVED: list[dict[str, Any]] = []
ISSUED: list[str] = []


def token_body(token: str, expiry: object = "1800") -> dict:
    return {
        "success": True,
        "data": {"token": token, "expiry_seconds": expiry, "expires_at": "1767225600"},
    }


async def answer(request: Request) -> Response:
    received: dict[str, Any] = {
        "method": request.method,
        "path": request.url.path,
        "raw_path": request.scope["raw_path"].decode("ascii"),
        "query": request.url.query,
        "headers": dict(request.headers),
    }
    if request.headers.get("content-type", "").startswith("multipart/"):
        form = await request.form()
        received["files"] = {
            name: (part.filename, part.content_type, await part.read())
            for name, part in form.multi_items()
            if not isinstance(part, str)
        }
    else:
        content = await request.body()
        received["json"] = json.loads(content) if content else None
    RECEIVED.append(received)
    if request.url.path.startswith("/slow/"):
        await asyncio.sleep(2)
        return JSONResponse(token_body("too-late"))
    if request.url.path == "/token/v1/esign/partner/authentication":
        if TOKEN_ANSWERS:
            status, body = TOKEN_ANSWERS.pop(0)
            return JSONResponse(body, status_code=status)
        ISSUED.append(f"partner-token-{len(ISSUED) + 1}-9f8e7d6c5b4a")
        return JSONResponse(token_body(ISSUED[-1]))
    status, body, kind = QUEUE.pop(0)
    if isinstance(body, bytes):
        return Response(body, status_code=status, media_type=kind)
    return JSONResponse(body, status_code=status)


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    server = BackgroundServer(
        Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])])
    ).start()
    yield server.url
    server.stop()


class Clock:
    """The client's clock, moved by the test."""

    def __init__(self, now: float = 1_767_225_600.0) -> None:
        self.now = now
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


class HeldWire(httpx.BaseTransport):
    """The real transport; a token call waits on the wire until the test lets it go."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.hold = False
        self.released = threading.Event()
        self.token_sent = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/partner/authentication"):
            self.token_sent.set()
            if self.hold:
                self.released.wait(15)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def wire() -> HeldWire:
    return HeldWire()


def make_client(
    vendor_url: str, recorded: list, clock, wire=None, **options
) -> tuple[httpx.Client, OneKycSivClient]:
    transport = RecordingTransport(wire or httpx.HTTPTransport(), recorded.append, REDACTOR)
    http = httpx.Client(transport=transport, timeout=options.pop("timeout", 5))
    client = OneKycSivClient(
        http,
        client_id=options.pop("client_id", CLIENT_ID),
        pass_key=options.pop("pass_key", PASS_KEY),
        token_url=f"{vendor_url}/token/",
        api_url=f"{vendor_url}/api",
        clock=clock,
        **options,
    )
    return http, client


@pytest.fixture
def client(vendor_url, recorded, clock, wire) -> Iterator[OneKycSivClient]:
    QUEUE.clear()
    TOKEN_ANSWERS.clear()
    RECEIVED.clear()
    ISSUED.clear()
    http, client = make_client(vendor_url, recorded, clock, wire)
    with http:
        yield client
    assert not QUEUE, "an answer was queued but never asked for"


def queue(status: int, body: object, kind: str = "application/json") -> None:
    QUEUE.append((status, body, kind))


def ok(data: dict) -> dict:
    return {"success": True, "data": data}


FLOW_OK = ok({"sdkToken": SDK_TOKEN, "submissionId": SUBMISSION_ID, "expiresIn": 1800})
PARTNER = {
    "user_id": "421453511adsasdl",
    "user_id_type": "MY_USER_ID",
    "partner_session_id": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
}
URLS = {
    "success_redirection_url": "http://myserver.com/success-page",
    "failure_redirection_url": "http://myserver.com/failure-page",
}


def initiate_by_phone(client: OneKycSivClient, **change: Any):
    values = (
        PARTNER
        | URLS
        | {
            "phone_number": "628188888889",
            "verification_reference_id": "string-referencing-to-phonenumber-verification",
        }
    )
    return client.initiate_flow(**(values | change))


def steps(recorded: list[Exchange]) -> list[tuple[str, int | None, str]]:
    return [(e.step, e.status_code, e.outcome) for e in recorded]


def api_calls() -> list[dict]:
    return [r for r in RECEIVED if r["path"].startswith("/api/")]


# --- the requests -------------------------------------------------------------------------


def test_initiate_flow_by_phone_sends_the_documents_phone_example(client, clock) -> None:
    queue(200, FLOW_OK)
    started = initiate_by_phone(client)
    token_call, call = RECEIVED
    assert (token_call["method"], token_call["path"]) == (
        "GET",
        "/token/v1/esign/partner/authentication",
    )
    assert token_call["headers"]["client-id"] == CLIENT_ID
    assert token_call["headers"]["pass-key"] == PASS_KEY
    assert (call["method"], call["path"]) == ("POST", "/api/coe-partner/v1/initiate-flow")
    assert call["json"] == DOC_PHONE_BODY
    assert call["headers"]["x-onekyc-token"] == ISSUED[0]
    assert call["headers"]["x-partner-user-id"] == "421453511adsasdl"
    assert call["headers"]["x-partner-user-id-type"] == "MY_USER_ID"
    assert call["headers"]["x-partner-session-id"] == "b719f79b-ae7a-440a-8f9c-5f661ca34e7"
    assert call["headers"]["content-type"] == "application/json"
    assert started.sdk_token == SDK_TOKEN
    assert started.submission_id == SUBMISSION_ID
    assert started.expires_in == 1800
    assert started.expires_at == clock.now + 1800
    assert started.seconds_left(clock.now + 1000) == 800
    assert SDK_TOKEN not in repr(started) and SDK_TOKEN not in str(started)


def test_initiate_flow_by_email_sends_the_documents_email_example(client) -> None:
    queue(200, FLOW_OK)
    client.initiate_flow(
        **PARTNER,
        **URLS,
        email="[email protected]",
        verification_reference_id="string-referencing-to-email-verification",
    )
    (call,) = api_calls()
    assert call["json"] == DOC_EMAIL_BODY


def test_each_value_is_sent_as_given_so_the_vendor_can_refuse_it(client) -> None:
    queue(200, FLOW_OK)
    initiate_by_phone(
        client,
        phone_number="0812",
        verified=False,
        verification_reference_id="",
        user_locale="fr_FR",
        source="WEB",
        flow="OTHER_FLOW",
        success_redirection_url="not a url",
        failure_redirection_url=None,
    )
    (call,) = api_calls()
    assert call["json"] == {
        "flow": "OTHER_FLOW",
        "source": "WEB",
        "successRedirectionUrl": "not a url",
        "additionalDetails": {
            "phoneNumber": "0812",
            "dataVerification": {
                "phoneNumber": {"isVerified": False, "verificationReferenceId": ""}
            },
        },
        "userLocale": "fr_FR",
    }


def test_neither_phone_nor_email_and_no_locale(client) -> None:
    queue(200, FLOW_OK)
    client.initiate_flow(**PARTNER, verification_reference_id="ref", user_locale=None)
    (call,) = api_calls()
    assert call["json"] == {"flow": "STANDALONE_IDENTITY_VERIFICATION", "source": "SDK",
                            "additionalDetails": {"dataVerification": {}}}  # fmt: skip


def test_empty_partner_headers_are_left_out_for_the_vendor_to_name(client) -> None:
    queue(400, {"success": False, "errors": [
        {"code": "1600", "cause": "MISSING_PARTNER_USER_ID"},
        {"code": "1600", "cause": "MISSING_PARTNER_SESSION_ID"},
    ]})  # fmt: skip
    with pytest.raises(OneKycError) as refused:
        initiate_by_phone(client, user_id="", partner_session_id="  ")
    (call,) = api_calls()
    assert "x-partner-user-id" not in call["headers"]
    assert "x-partner-session-id" not in call["headers"]
    assert call["headers"]["x-partner-user-id-type"] == "MY_USER_ID"
    assert refused.value.causes == ("MISSING_PARTNER_USER_ID", "MISSING_PARTNER_SESSION_ID")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"user_id": "id\r\nX-Injected: 1"}, "partner"),
        ({"partner_session_id": "séance"}, "partner"),
        ({"email": "[email protected]"}, "phone_number"),
    ],
    ids=["newline", "non-ascii", "phone-and-email"],
)
def test_refused_before_sending(client, recorded, change, code: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        initiate_by_phone(client, **change)
    assert refused.value.code == code and isinstance(refused.value, ValueError)
    assert api_calls() == []


def test_uploads_are_multipart_with_the_sdk_token(client) -> None:
    queue(200, ok({"submissionId": SUBMISSION_ID, "status": "KTP_RECEIVED"}))
    queue(200, ok({"submissionId": SUBMISSION_ID, "status": "PROCESSING"}))
    ktp = client.upload_ktp(sdk_token=SDK_TOKEN, image=JPEG, filename="ktp-valid.jpg")
    selfie = client.upload_selfie(
        sdk_token=SDK_TOKEN, image=PNG, filename="selfie.png", additional_selfie=JPEG
    )
    assert (ktp.submission_id, ktp.status, ktp.processing) == (SUBMISSION_ID, "KTP_RECEIVED", False)
    assert (selfie.status, selfie.processing) == ("PROCESSING", True)
    first, second = RECEIVED
    assert first["path"] == "/api/coe-sdk/v1/submissions/ktp"
    assert first["headers"]["x-sdk-token"] == SDK_TOKEN
    assert "x-onekyc-token" not in first["headers"]
    assert first["files"] == {"image": ("ktp-valid.jpg", "image/jpeg", JPEG)}
    assert second["path"] == "/api/coe-sdk/v1/submissions/selfie"
    assert second["files"] == {
        "image": ("selfie.png", "image/png", PNG),
        "additionalSelfie": ("additional-selfie.jpg", "image/jpeg", JPEG),
    }


def test_an_upload_without_a_photo_sends_none(client) -> None:
    queue(400, {"success": False, "errors": [{"code": "1700", "cause": "MISSING_IMAGE"}]})
    with pytest.raises(OneKycError) as refused:
        client.upload_ktp(sdk_token=SDK_TOKEN, image=b"")
    (call,) = RECEIVED
    assert call["headers"]["content-type"].startswith("multipart/form-data")
    assert call["files"] == {}
    assert (refused.value.code, refused.value.cause) == ("1700", "MISSING_IMAGE")


# --- the partner token --------------------------------------------------------------------


def test_the_token_is_fetched_once_and_cached_until_30_s_before_expiry(client, clock, recorded):
    assert client.partner_token_status() is None  # lazily: nothing before the first call
    obtained = clock.now
    for _ in range(3):
        queue(200, FLOW_OK)
        initiate_by_phone(client)
    status = client.partner_token_status()
    assert (status.obtained_at, status.expires_at, status.refreshed) == (
        obtained,
        obtained + 1800,
        0,
    )
    clock.now = obtained + 1800 - 31  # still fresh
    queue(200, FLOW_OK)
    initiate_by_phone(client)
    clock.now = obtained + 1800 - 30  # 30 s before expiry: refreshed before the call
    queue(200, FLOW_OK)
    initiate_by_phone(client)
    assert [e.step for e in recorded] == [
        "partner-token",
        *["initiate-flow"] * 4,
        "partner-token-refresh",
        "initiate-flow",
    ]
    assert [r["headers"]["x-onekyc-token"] for r in api_calls()] == [ISSUED[0]] * 4 + [ISSUED[1]]
    status = client.partner_token_status()
    assert (status.obtained_at, status.expires_at, status.refreshed) == (
        clock.now,
        clock.now + 1800,
        1,
    )
    assert status.seconds_left(clock.now + 1000) == 800


@pytest.mark.parametrize("expiry", ["1800", 1800, " 1800 ", "1800.0"])
def test_expiry_seconds_is_read_as_text_or_number(client, clock, expiry) -> None:
    TOKEN_ANSWERS.append((200, token_body("t-abcdef123456", expiry)))
    queue(200, FLOW_OK)
    initiate_by_phone(client)
    assert client.partner_token_status().expires_at == clock.now + 1800


def test_forget_partner_token_makes_the_next_call_fetch_anew(client, recorded) -> None:
    queue(200, FLOW_OK)
    queue(200, FLOW_OK)
    initiate_by_phone(client)
    client.forget_partner_token()
    assert client.partner_token_status() is None
    initiate_by_phone(client)
    assert [e.step for e in recorded] == [
        "partner-token",
        "initiate-flow",
        "partner-token",
        "initiate-flow",
    ]


def test_status_answers_while_a_token_is_fetched(client, wire, clock) -> None:
    queue(200, FLOW_OK)
    queue(200, FLOW_OK)
    initiate_by_phone(client)
    before = client.partner_token_status()
    clock.now += 1800  # expired: the next call refreshes it
    wire.hold, wire.released = True, threading.Event()
    wire.token_sent.clear()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            initiate_by_phone(client)
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert wire.token_sent.wait(10)
    # status() asked from another thread while the refresh is held on the wire: it must
    # answer before the test lets the refresh go.
    answers: list = []
    asker = threading.Thread(
        target=lambda: answers.append(client.partner_token_status()), daemon=True
    )
    asker.start()
    asker.join(5)
    answered_while_held = bool(answers)
    client_was_waiting = thread.is_alive()
    wire.released.set()
    asker.join(30)
    thread.join(30)
    assert answered_while_held and client_was_waiting and errors == []
    assert answers == [before]
    assert client.partner_token_status().refreshed == 1


def test_two_sessions_sharing_the_client_fetch_one_token(client, recorded) -> None:
    for _ in range(8):
        queue(200, FLOW_OK)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def run() -> None:
        barrier.wait()
        try:
            initiate_by_phone(client)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert [e.step for e in recorded].count("partner-token") == 1
    assert len(ISSUED) == 1


def test_a_refused_partner_token_is_replaced_and_the_call_sent_once_more(client, recorded):
    queue(401, UNAUTHORIZED)
    queue(200, FLOW_OK)
    started = initiate_by_phone(client)
    assert started.sdk_token == SDK_TOKEN
    assert steps(recorded) == [
        ("partner-token", 200, "success"),
        ("initiate-flow", 401, "failure"),
        ("partner-token-refresh", 200, "success"),
        ("initiate-flow-retry", 200, "success"),
    ]
    assert [r["headers"]["x-onekyc-token"] for r in api_calls()] == ISSUED
    assert len(set(ISSUED)) == 2
    assert client.partner_token_status().refreshed == 1


def test_submission_details_retries_too(client, recorded) -> None:
    queue(401, UNAUTHORIZED)
    queue(200, ok(DOC_CALLBACK))
    assert client.submission_details(submission_id=SUBMISSION_ID).valid
    assert [e.step for e in recorded][-2:] == [
        "partner-token-refresh",
        "submission-details-retry",
    ]


def test_refused_again_after_the_refresh_is_not_retried_twice(client, recorded) -> None:
    queue(401, UNAUTHORIZED)
    queue(401, UNAUTHORIZED)
    with pytest.raises(OneKycUnauthorized) as refused:
        initiate_by_phone(client)
    assert isinstance(refused.value, InvalidCredentials)
    assert (refused.value.code, refused.value.cause) == ("110", "UNAUTHORIZED")
    assert [e.step for e in recorded] == [
        "partner-token",
        "initiate-flow",
        "partner-token-refresh",
        "initiate-flow-retry",
    ]


def test_only_unauthorized_replaces_the_partner_token(client, recorded) -> None:
    """A 401 saying something else (here an SDK token's expiry) is not about the partner
    token: no refresh, no retry."""
    queue(401, {"success": False, "errors": [{"code": "111", "cause": "SDK_TOKEN_EXPIRED"}]})
    with pytest.raises(OneKycUnauthorized) as refused:
        client.submission_details(submission_id=SUBMISSION_ID)
    assert refused.value.code == "111"
    assert [e.step for e in recorded] == ["partner-token", "submission-details"]
    assert client.partner_token_status().refreshed == 0


def test_a_refused_sdk_token_is_not_a_partner_token_problem(client, recorded) -> None:
    queue(401, {"success": False, "errors": [{"code": "111", "cause": "SDK_TOKEN_EXPIRED"}]})
    queue(401, UNAUTHORIZED)
    with pytest.raises(OneKycUnauthorized) as expired:
        client.upload_ktp(sdk_token=SDK_TOKEN, image=JPEG)
    with pytest.raises(OneKycUnauthorized) as refused:
        client.upload_selfie(sdk_token="not-the-token", image=JPEG)
    assert (expired.value.code, expired.value.cause) == ("111", "SDK_TOKEN_EXPIRED")
    assert "expired" in expired.value.message
    assert (refused.value.code, refused.value.cause) == ("110", "UNAUTHORIZED")
    assert [e.step for e in recorded] == ["upload-ktp", "upload-selfie"]  # no token, no retry


def test_wrong_credentials_are_not_retried(client, recorded) -> None:
    TOKEN_ANSWERS.append((401, UNAUTHORIZED))
    with pytest.raises(OneKycUnauthorized) as refused:
        initiate_by_phone(client)
    assert (refused.value.status_code, refused.value.code) == (401, "110")
    assert steps(recorded) == [("partner-token", 401, "failure")]
    assert client.partner_token_status() is None


def test_missing_credentials_are_left_out_for_the_vendor_to_name(
    vendor_url, recorded, clock
) -> None:
    RECEIVED.clear()
    TOKEN_ANSWERS[:] = [(400, {"success": False, "errors": [
        {"code": "1650", "cause": "MISSING_CLIENT_ID"},
        {"code": "1650", "cause": "MISSING_PASS_KEY"},
    ]})]  # fmt: skip
    http, client = make_client(vendor_url, recorded, clock, client_id="", pass_key="")
    with http, pytest.raises(OneKycError) as refused:
        initiate_by_phone(client)
    (call,) = RECEIVED
    assert "client-id" not in call["headers"] and "pass-key" not in call["headers"]
    error = refused.value
    assert (error.status_code, error.code) == (400, "1650")
    assert error.causes == ("MISSING_CLIENT_ID", "MISSING_PASS_KEY")
    assert error.errors == [
        {"code": "1650", "cause": "MISSING_CLIENT_ID"},
        {"code": "1650", "cause": "MISSING_PASS_KEY"},
    ]
    assert "client id is missing" in error.message and "pass key is missing" in error.message


# --- the result ---------------------------------------------------------------------------


def test_submission_details_reads_the_documents_callback_payload(client) -> None:
    queue(200, ok(DOC_CALLBACK))
    result = client.submission_details(submission_id=SUBMISSION_ID)
    (call,) = api_calls()
    assert call["method"] == "GET"
    assert call["path"] == f"/api/coe-partner/v1/submissions/{SUBMISSION_ID}"
    assert call["headers"]["x-onekyc-token"] == ISSUED[0]
    assert result.status == "COMPLETED" and result.result == "VALID"
    assert result.completed and result.valid
    assert result.userId == "421453511adsasdl"
    assert result.partnerSessionId == "b719f79b-ae7a-440a-8f9c-5f661ca34e7"
    assert result.verificationResult.checks() == {
        "nik": "PASS",
        "name": "PASS",
        "dateOfBirth": "PASS",
        "selfie": "PASS",
    }
    assert result.verificationResult.all_pass
    assert result.ktpData.fields() == DOC_CALLBACK["submissionDetails"]["ktpData"]
    assert result.certificateRegistration.model_dump() == {
        "eligibleToActivate": True,
        "onboardingCode": "NEW_USER",
        "shouldSkipActivation": True,
    }
    assert result.imageUrls.urls() == DOC_CALLBACK["submissionDetails"]["imageUrls"]
    assert result.undocumented_fields() == []
    # The whole payload read back as it came: nothing dropped, nothing added.
    assert result.model_dump(mode="json") == DOC_CALLBACK
    text = repr(result) + str(result)
    assert "sample-image.com" not in text


def test_the_callback_body_parses_with_the_same_model() -> None:
    result = parse_submission(copy.deepcopy(DOC_CALLBACK))
    assert isinstance(result, SubmissionResult)
    assert result.model_dump(mode="json") == DOC_CALLBACK


def test_an_undocumented_field_never_breaks_a_demo() -> None:
    body = copy.deepcopy(DOC_CALLBACK) | {"riskScore": 12}
    body["submissionDetails"]["ktpData"]["bloodTypeRhesus"] = "+"
    result = parse_submission(body)
    assert result.undocumented_fields() == ["riskScore"]
    assert result.ktpData.undocumented_fields() == ["bloodTypeRhesus"]
    assert result.ktpData.fields()["bloodTypeRhesus"] == "+"


@pytest.mark.parametrize("status", ["PENDING", "PROCESSING"])
def test_a_submission_not_yet_processed_parses(client, status: str) -> None:
    body = {
        "submissionId": SUBMISSION_ID,
        "userId": "u1",
        "userIdType": "MY_USER_ID",
        "partnerSessionId": "s1",
        "status": status,
    }
    queue(200, ok(body))
    result = client.submission_details(submission_id=SUBMISSION_ID)
    assert result.status == status and not result.completed and not result.valid
    assert result.result is None and result.ktpData is None and result.imageUrls is None


def test_an_invalid_result_and_an_image_left_out() -> None:
    body = copy.deepcopy(DOC_CALLBACK)
    body["result"] = "INVALID"
    body["submissionDetails"]["verificationResult"]["selfie"] = "FAIL"
    body["submissionDetails"]["imageUrls"]["ADDITIONAL_SELFIE"] = ""
    result = parse_submission(body)
    assert not result.valid and not result.verificationResult.all_pass
    assert list(result.imageUrls.urls()) == ["KTP", "SELFIE"]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda b: b.pop("submissionDetails"), "submissionDetails"),
        (lambda b: b.pop("result"), "result"),
        (lambda b: b.pop("submissionId"), "submissionId"),
        (lambda b: b["submissionDetails"]["verificationResult"].pop("selfie"), "selfie"),
        (lambda b: b["submissionDetails"].pop("imageUrls"), "imageUrls"),
        (lambda b: b["submissionDetails"].update(ktpData="3208201808850001"), "ktpData"),
    ],
    ids=["no-details", "no-result", "no-id", "no-selfie-check", "no-images", "ktp-not-object"],
)
def test_a_completed_payload_off_the_document_is_a_contract_violation(change, says) -> None:
    body = copy.deepcopy(DOC_CALLBACK)
    change(body)
    with pytest.raises(ContractViolation) as broken:
        parse_submission(body)
    assert says in broken.value.message
    assert "sample-image.com" not in json.dumps(broken.value.body)


@pytest.mark.parametrize("body", [[DOC_CALLBACK], "COMPLETED", None])
def test_a_callback_that_is_not_an_object_is_a_contract_violation(body) -> None:
    with pytest.raises(ContractViolation):
        parse_submission(body)


def test_submission_ids_are_sent_as_one_path_segment(client) -> None:
    queue(404, {"success": False, "errors": [{"code": "1800", "cause": "SUBMISSION_NOT_FOUND"}]})
    with pytest.raises(OneKycError) as missing:
        client.submission_details(submission_id="../initiate-flow?x=1")
    (call,) = api_calls()
    assert call["raw_path"] == "/api/coe-partner/v1/submissions/..%2Finitiate-flow%3Fx%3D1"
    assert (missing.value.status_code, missing.value.code) == (404, "1800")
    with pytest.raises(InvalidRequest):
        client.submission_details(submission_id=" ")


# --- images -------------------------------------------------------------------------------


def test_fetch_image_sends_no_token_and_records_no_signature(client, vendor_url, recorded):
    queue(200, ok(FLOW_OK["data"]))
    initiate_by_phone(client)  # a partner token is cached: it must not go with the image
    queue(200, JPEG, "image/jpeg")
    url = f"{vendor_url}/api/coe-sdk/v1/images/{SUBMISSION_ID}/KTP?sig=9c1f0e2d3b4a5968"
    assert client.fetch_image(url=url) == JPEG
    call = RECEIVED[-1]
    assert call["query"] == "sig=9c1f0e2d3b4a5968"
    assert "x-onekyc-token" not in call["headers"] and "x-sdk-token" not in call["headers"]
    assert recorded[-1].step == "fetch-image"
    assert "9c1f0e2d3b4a5968" not in recorded[-1].url
    assert f"/images/{SUBMISSION_ID}/KTP?sig=" in recorded[-1].url


def test_a_refused_image_link(client) -> None:
    queue(403, {"success": False, "errors": [{"code": "1900", "cause": "FORBIDDEN"}]})
    with pytest.raises(OneKycError) as refused:
        client.fetch_image(url=f"{client.api_url}/coe-sdk/v1/images/x/KTP?sig=bad")
    assert (refused.value.status_code, refused.value.code, refused.value.cause) == (
        403,
        "1900",
        "FORBIDDEN",
    )


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://host/x.jpg", "/relative.jpg", "http://", ""]
)
def test_only_http_image_links_are_fetched(client, url: str) -> None:
    with pytest.raises(InvalidRequest):
        client.fetch_image(url=url)
    assert RECEIVED == []


def test_a_json_answer_to_an_image_link_is_a_contract_violation(client) -> None:
    queue(200, b'{"success": true}', "application/json")
    with pytest.raises(ContractViolation):
        client.fetch_image(url=f"{client.api_url}/coe-sdk/v1/images/x/KTP?sig=s")


# --- the vendor's errors and answers off the contract --------------------------------------


@pytest.mark.parametrize(
    ("status", "errors", "kind"),
    [
        (400, [("1600", "INVALID_FLOW"), ("1600", "INVALID_SOURCE")], OneKycError),
        (400, [("1600", "PHONE_NUMBER_NOT_VERIFIED")], OneKycError),
        (400, [("1700", "INVALID_IMAGE"), ("1600", "INVALID_REQUEST_BODY")], OneKycError),
        (413, [("1701", "IMAGE_TOO_LARGE")], OneKycError),
        (409, [("1702", "SUBMISSION_ALREADY_PROCESSING")], OneKycError),
        (401, [("110", "UNAUTHORIZED")], OneKycUnauthorized),
    ],
    ids=["two-at-once", "not-verified", "two-codes", "too-large", "processing", "unauthorized"],
)
def test_the_vendors_error_body(client, recorded, status, errors, kind) -> None:
    body = {"success": False, "errors": [{"code": c, "cause": k} for c, k in errors]}
    queue(status, body)
    with pytest.raises(kind) as refused:
        client.upload_ktp(sdk_token=SDK_TOKEN, image=JPEG)
    error = refused.value
    assert isinstance(error, VendorStatusError)
    assert error.vendor == "onekyc-siv"
    assert (error.status_code, error.code) == (status, errors[0][0])
    assert error.causes == tuple(cause for _, cause in errors)
    assert error.body == body
    for code, cause in errors:
        assert f"({cause}, code {code})" in error.message
    assert (recorded[-1].outcome, recorded[-1].error) == ("failure", error.message)


def test_a_200_saying_success_false_is_a_failure(client, recorded) -> None:
    queue(200, {"success": False, "errors": [{"code": "1600", "cause": "INVALID_EMAIL"}]})
    with pytest.raises(OneKycError) as refused:
        initiate_by_phone(client)
    assert (refused.value.code, refused.value.cause) == ("1600", "INVALID_EMAIL")
    assert steps(recorded)[-1] == ("initiate-flow", 200, "failure")


@pytest.mark.parametrize(
    "body",
    [
        {"data": FLOW_OK["data"]},  # no success
        {"success": "true", "data": FLOW_OK["data"]},
        {"success": True},  # no data
        {"success": True, "data": [FLOW_OK["data"]]},
        ok({"sdkToken": SDK_TOKEN, "expiresIn": 1800}),  # no submissionId
        ok({"sdkToken": SDK_TOKEN, "submissionId": SUBMISSION_ID}),  # no expiresIn
        ok({"sdkToken": SDK_TOKEN, "submissionId": SUBMISSION_ID, "expiresIn": "soon"}),
        ok({"sdkToken": "", "submissionId": SUBMISSION_ID, "expiresIn": 1800}),
        b"<html>OK</html>",
        b"[1, 2]",
    ],
    ids=[
        "no-success",
        "success-text",
        "no-data",
        "data-list",
        "no-id",
        "no-expiry",
        "bad-expiry",
        "empty-token",
        "not-json",
        "not-object",
    ],
)
def test_a_200_off_the_contract_is_a_contract_violation(client, recorded, body) -> None:
    queue(200, body)
    with pytest.raises(ContractViolation) as broken:
        initiate_by_phone(client)
    assert SDK_TOKEN not in json.dumps(broken.value.body, default=str)
    assert steps(recorded)[-1] == ("initiate-flow", 200, "error")


def test_a_token_answer_off_the_contract_keeps_the_token_out_of_the_error(client) -> None:
    TOKEN_ANSWERS.append((200, {"success": True, "data": {"token": "leaky-token-123456"}}))
    with pytest.raises(ContractViolation) as broken:
        initiate_by_phone(client)
    assert "expiry_seconds" in broken.value.message
    assert "leaky-token-123456" not in json.dumps(broken.value.body)
    assert client.partner_token_status() is None


def test_an_error_status_without_the_vendors_body(client) -> None:
    queue(502, b"<html>Bad gateway</html>", "text/html")
    with pytest.raises(OneKycError) as refused:
        client.upload_ktp(sdk_token=SDK_TOKEN, image=JPEG)
    assert (refused.value.status_code, refused.value.code, refused.value.causes) == (502, None, ())
    assert refused.value.message == "HTTP 502 (no JSON body)"


def test_an_unreachable_vendor(recorded, clock) -> None:
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR)
    with httpx.Client(transport=transport, timeout=5) as http:
        client = OneKycSivClient(
            http,
            client_id=CLIENT_ID,
            pass_key=PASS_KEY,
            token_url="http://127.0.0.1:1",
            api_url="http://127.0.0.1:1",
            clock=clock,
        )
        with pytest.raises(VendorUnreachable) as unreachable:
            initiate_by_phone(client)
    assert not isinstance(unreachable.value, VendorTimeout)
    assert steps(recorded) == [("partner-token", None, "error")]


def test_a_vendor_that_takes_too_long(vendor_url, recorded, clock) -> None:
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR)
    with httpx.Client(transport=transport, timeout=0.2) as http:
        client = OneKycSivClient(
            http,
            client_id=CLIENT_ID,
            pass_key=PASS_KEY,
            token_url=f"{vendor_url}/slow",  # the stand-in answers there after 2 s
            api_url=vendor_url,
            clock=clock,
        )
        with pytest.raises(VendorTimeout):
            initiate_by_phone(client)
    assert steps(recorded) == [("partner-token", None, "error")]


# --- the history --------------------------------------------------------------------------


def test_the_history_keeps_no_secret_and_masks_personal_data(client, vendor_url, recorded):
    queue(200, FLOW_OK)
    queue(200, ok({"submissionId": SUBMISSION_ID, "status": "KTP_RECEIVED"}))
    queue(200, ok({"submissionId": SUBMISSION_ID, "status": "PROCESSING"}))
    queue(200, ok(DOC_CALLBACK))
    queue(200, JPEG, "image/jpeg")
    with journey("journey-42"):
        initiate_by_phone(client)
        client.upload_ktp(sdk_token=SDK_TOKEN, image=JPEG)
        client.upload_selfie(sdk_token=SDK_TOKEN, image=JPEG)
        client.submission_details(submission_id=SUBMISSION_ID)
        client.fetch_image(url=f"{vendor_url}/api/img/KTP?sig=0a1b2c3d4e5f6789")
    assert {e.journey_id for e in recorded} == {"journey-42"}
    assert [e.step for e in recorded] == [
        "partner-token",
        "initiate-flow",
        "upload-ktp",
        "upload-selfie",
        "submission-details",
        "fetch-image",
    ]
    text = json.dumps([e.__dict__ for e in recorded], default=str)
    secrets = [CLIENT_ID, PASS_KEY, ISSUED[0], SDK_TOKEN, "0a1b2c3d4e5f6789", "sample-image.com"]
    assert [s for s in secrets if s in text] == []
    personal = ["628188888889", "3208201808850001", "JOHN DOE", "18-02-1960", "SEMARANG SELATAN"]
    assert [p for p in personal if p in text] == []
    token_call, initiate, ktp, _, details, _ = recorded
    assert token_call.request_headers["client-id"] == REDACTED
    assert token_call.request_headers["pass-key"] == REDACTED
    assert token_call.response_body["data"]["token"] == REDACTED
    assert initiate.request_headers["x-onekyc-token"] == REDACTED
    assert initiate.request_body["additionalDetails"]["phoneNumber"] == "XXXXXXXX8889"
    assert initiate.response_body["data"]["sdkToken"] == REDACTED
    assert ktp.request_headers["x-sdk-token"] == REDACTED
    submission = details.response_body["data"]
    assert submission["submissionDetails"]["imageUrls"] == REDACTED
    assert submission["submissionDetails"]["ktpData"]["nik"] == "XXXXXXXXXXXX0001"
    # What is not personal stays readable, for QA.
    assert submission["submissionDetails"]["ktpData"]["religion"] == "KRISTEN"
    assert submission["status"] == "COMPLETED" and submission["result"] == "VALID"


def test_the_client_never_shows_its_credentials(client) -> None:
    queue(200, FLOW_OK)
    initiate_by_phone(client)
    text = repr(client) + repr(client._tokens._entry) + repr(client.partner_token_status())
    assert "obtained_at=" in text
    assert [s for s in (CLIENT_ID, PASS_KEY, ISSUED[0]) if s in text] == []
