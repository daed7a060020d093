"""The OneKYC SIV client against the real sandbox over HTTP: the whole round trip (partner
token, Initiate Flow, the SPECIMEN KTP and selfie, processing on the sandbox clock, the
callback and Get Submission Details read by one model, the photos fetched by their links), the
partner token cached and refreshed on the sandbox clock, the 401 retry, every error code of the
contract as the adapter's error with the vendor's code and cause, and a history without
credentials, tokens or photo links, its personal data masked. Expected values are the
document's and the contract's (notes/onekyc-contract.md), as literals. The clock is moved,
never slept on; the callback is waited for on an Event."""

import json
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kyc_adapters.errors import InvalidCredentials
from kyc_adapters.onekyc_siv import (
    PII_KEYS,
    SECRET_KEYS,
    OneKycError,
    OneKycSivClient,
    OneKycUnauthorized,
    SubmissionResult,
    parse_submission,
)
from kyc_adapters.recorder import Exchange, RecordingTransport, journey
from kyc_adapters.redaction import REDACTED, Redactor
from sandbox.core.server import BackgroundServer
from tests.helpers import ROOT

VENDOR_ID = "onekyc-siv"
# The sandbox's published credentials (contract).
CLIENT_ID = "5f0c4c1e-7d1a-4b8e-9c3f-0a6b2d9e8f17"
PASS_KEY = "c2a9e4b0-1f3d-4c6a-8e7b-5d9f0a1b2c3d"
TOKEN_LIFETIME = 1800  # contract: partner token 1800 s on the sandbox clock
SDK_LIFETIME = 1800  # contract: SDK token 1800 s
PROCESSING_SECONDS = 8  # contract: 8 s on the sandbox clock after both photos are in
ASSETS = ROOT / "assets" / "onekyc"
PHONE = "628188888889"  # the document's
CALLBACK_SECRET = "Bearer callback-secret-for-tests-7c1d"
REDACTOR = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS)


def photo(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


class Wire(httpx.BaseTransport):
    """The real transport, keeping what went over the wire for the test's eyes only."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.seen: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.read()
        self.seen.append((request, response))
        return response

    def close(self) -> None:
        self._inner.close()

    def secrets(self) -> set[str]:
        """Every partner token, SDK token and image link that went either way."""
        values: set[str] = set()
        for request, response in self.seen:
            for name in ("x-onekyc-token", "x-sdk-token"):
                values.add(request.headers.get(name, ""))
            if "sig=" in str(request.url):
                values.add(str(request.url))
            try:
                data = json.loads(response.content).get("data") or {}
            except (ValueError, AttributeError):
                continue
            values |= {str(data.get("token") or ""), str(data.get("sdkToken") or "")}
            urls = (data.get("submissionDetails") or {}).get("imageUrls") or {}
            values |= {url for url in urls.values() if url}
        return {value for value in values if value}


# --- a receiver for the callback ---------------------------------------------------------

CALLBACKS: list[dict] = []
ARRIVED = threading.Condition()


async def receive(request: Request) -> JSONResponse:
    body = await request.json()
    with ARRIVED:
        CALLBACKS.append({"headers": dict(request.headers), "body": body})
        ARRIVED.notify_all()
    return JSONResponse({"received": True})


def callback_for(submission_id: str, timeout: float = 60) -> dict:
    """The first callback of `submission_id`, waited for on a Condition (no sleeping)."""

    def found() -> dict | None:
        return next((c for c in CALLBACKS if c["body"]["submissionId"] == submission_id), None)

    with ARRIVED:
        assert ARRIVED.wait_for(lambda: found() is not None, timeout), "no callback came"
        return found()


@pytest.fixture(scope="module")
def receiver_url() -> Iterator[str]:
    server = BackgroundServer(Starlette(routes=[Route("/callback", receive, methods=["POST"])]))
    server.start()
    yield f"{server.url}/callback"
    server.stop()


# --- the sandbox and the client ----------------------------------------------------------


@pytest.fixture
def onekyc(sandbox: httpx.Client, receiver_url: str) -> httpx.Client:
    """The reset sandbox, its callbacks sent to this module's receiver."""
    served = {v["id"] for v in sandbox.get("/_sandbox/vendors").json()}
    if VENDOR_ID not in served:
        pytest.skip("the sandbox does not serve onekyc-siv yet")
    CALLBACKS.clear()
    sandbox.post(
        "/_sandbox/onekyc-siv/callback",
        json={"url": receiver_url, "headers": {"Authorization": CALLBACK_SECRET}},
    ).raise_for_status()
    return sandbox


@pytest.fixture(scope="module")
def warm(sandbox_url: str) -> None:
    """Vision loaded once, before the first processing needs it."""
    httpx.post(f"{sandbox_url}/_sandbox/onekyc-siv/warm", timeout=120)


def sandbox_clock(sandbox: httpx.Client) -> Callable[[], float]:
    return lambda: float(sandbox.get("/_sandbox/clock").json()["epoch"])


def advance(sandbox: httpx.Client, seconds: float) -> None:
    sandbox.post("/_sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()


def make_client(
    sandbox: httpx.Client,
    recorded: list[Exchange],
    wire: Wire | None = None,
    *,
    clock: Callable[[], float] | None = None,
    client_id: str = CLIENT_ID,
    pass_key: str = PASS_KEY,
) -> tuple[httpx.Client, OneKycSivClient]:
    transport = RecordingTransport(wire or Wire(), recorded.append, REDACTOR)
    http = httpx.Client(transport=transport, timeout=60)
    base = str(sandbox.base_url.join("/onekyc-siv"))
    return http, OneKycSivClient(
        http,
        client_id=client_id,
        pass_key=pass_key,
        token_url=f"{base}/token",
        api_url=f"{base}/api",
        clock=clock or sandbox_clock(sandbox),
    )


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def client(onekyc, recorded, wire) -> Iterator[OneKycSivClient]:
    http, client = make_client(onekyc, recorded, wire)
    with http:
        yield client


PARTNER = {"user_id": "user-0042", "user_id_type": "MY_USER_ID", "partner_session_id": "j-77"}


def initiate(client: OneKycSivClient, **change):
    values = PARTNER | {
        "phone_number": PHONE,
        "verification_reference_id": "otp-verification-0001",
        "success_redirection_url": "http://myserver.com/success-page",
        "failure_redirection_url": "http://myserver.com/failure-page",
    }
    return client.initiate_flow(**(values | change))


def steps(recorded: list[Exchange]) -> list[tuple[str, int | None, str]]:
    return [(e.step, e.status_code, e.outcome) for e in recorded]


def submit(client: OneKycSivClient, ktp: str = "ktp-valid.jpg", selfie: str = "selfie.jpg"):
    started = initiate(client)
    first = client.upload_ktp(sdk_token=started.sdk_token, image=photo(ktp), filename=ktp)
    second = client.upload_selfie(sdk_token=started.sdk_token, image=photo(selfie), filename=selfie)
    return started, first, second


# --- what the sandbox publishes ----------------------------------------------------------


def test_the_sandbox_publishes_the_contracts_credentials(onekyc) -> None:
    (vendor,) = [v for v in onekyc.get("/_sandbox/vendors").json() if v["id"] == VENDOR_ID]
    assert vendor["prefix"] == "/onekyc-siv"
    assert vendor["credentials"] == {"client_id": CLIENT_ID, "pass_key": PASS_KEY}
    assert vendor["settings"] == {}


# --- the round trip ----------------------------------------------------------------------


def test_the_whole_round_trip_is_valid(client, onekyc, sandbox_url, recorded, warm) -> None:
    with journey("journey-onekyc-1"):
        started, ktp, selfie = submit(client)
        pending = client.submission_details(submission_id=started.submission_id)
        advance(onekyc, PROCESSING_SECONDS)
        delivered = callback_for(started.submission_id)
        result = client.submission_details(submission_id=started.submission_id)
        photos = {
            kind: client.fetch_image(url=url) for kind, url in result.imageUrls.urls().items()
        }
    assert started.expires_in == SDK_LIFETIME
    assert (ktp.submission_id, ktp.status) == (started.submission_id, "KTP_RECEIVED")
    assert (selfie.status, selfie.processing) == ("PROCESSING", True)
    assert (pending.status, pending.result, pending.submissionDetails) == ("PROCESSING", None, None)
    # The callback: the document's payload, read by the same model, with the partner's header.
    assert delivered["headers"]["authorization"] == CALLBACK_SECRET
    assert delivered["headers"]["content-type"] == "application/json"
    from_callback = parse_submission(delivered["body"])
    assert set(delivered["body"]) == {
        "submissionId",
        "userId",
        "userIdType",
        "partnerSessionId",
        "status",
        "result",
        "submissionDetails",
    }
    assert from_callback == result  # Get Submission Details answers the same payload
    assert isinstance(result, SubmissionResult)
    assert (result.userId, result.userIdType, result.partnerSessionId) == (
        "user-0042",
        "MY_USER_ID",
        "j-77",
    )
    assert (result.status, result.result) == ("COMPLETED", "VALID")
    assert result.verificationResult.checks() == {
        "nik": "PASS",
        "name": "PASS",
        "dateOfBirth": "PASS",
        "selfie": "PASS",
    }
    ktp_data = result.ktpData
    # assets/onekyc/person.json: the SPECIMEN citizen on ktp-valid.jpg.
    assert ktp_data.nik == "3374036403900001"
    assert ktp_data.name == "SITI SPECIMEN RAHAYU"
    assert ktp_data.dateOfBirth == "24-03-1990"
    assert ktp_data.gender == "female"
    assert (ktp_data.rt, ktp_data.rw) == ("008", "020")
    assert set(ktp_data.fields()) >= {"region", "bloodType", "issuanceDate", "maritalStatus"}
    assert result.certificateRegistration.model_dump() == {
        "eligibleToActivate": True,
        "onboardingCode": "NEW_USER",
        "shouldSkipActivation": True,
    }
    assert result.undocumented_fields() == []
    urls = result.imageUrls
    prefix = f"{sandbox_url}/onekyc-siv/api/coe-sdk/v1/images/{started.submission_id}/"
    assert urls.KTP.startswith(prefix + "KTP?sig=")
    assert urls.SELFIE.startswith(prefix + "SELFIE?sig=")
    assert urls.ADDITIONAL_SELFIE == ""  # none sent: the key there, empty
    assert set(photos) == {"KTP", "SELFIE"}
    assert photos["KTP"] == photo("ktp-valid.jpg")
    assert photos["SELFIE"] == photo("selfie.jpg")
    assert [e.step for e in recorded] == [
        "partner-token",
        "initiate-flow",
        "upload-ktp",
        "upload-selfie",
        "submission-details",
        "submission-details",
        "fetch-image",
        "fetch-image",
    ]
    assert {e.journey_id for e in recorded} == {"journey-onekyc-1"}
    assert all(e.outcome == "success" for e in recorded)


def test_a_nik_not_in_the_registry_is_invalid(client, onekyc, warm) -> None:
    started, _, _ = submit(client, ktp="ktp-nik-mismatch.jpg")
    advance(onekyc, PROCESSING_SECONDS)
    callback_for(started.submission_id)
    result = client.submission_details(submission_id=started.submission_id)
    assert (result.status, result.result, result.valid) == ("COMPLETED", "INVALID", False)
    # contract: no registry record: nik, name and DOB FAIL; the face is still hers.
    assert result.verificationResult.checks() == {
        "nik": "FAIL",
        "name": "FAIL",
        "dateOfBirth": "FAIL",
        "selfie": "PASS",
    }
    assert result.ktpData.nik == "3374036403900007"  # person.json's mismatchNik
    assert result.certificateRegistration.model_dump() == {
        "eligibleToActivate": False,
        "onboardingCode": "NOT_ELIGIBLE",
        "shouldSkipActivation": False,
    }


def test_pending_until_both_photos_are_in(client, onekyc) -> None:
    started = initiate(client)
    assert client.submission_details(submission_id=started.submission_id).status == "PENDING"
    client.upload_ktp(sdk_token=started.sdk_token, image=photo("ktp-valid.jpg"))
    assert client.submission_details(submission_id=started.submission_id).status == "PENDING"


def test_an_email_flow_with_the_locale_inside_additional_details(client) -> None:
    started = client.initiate_flow(
        **PARTNER,
        email="budi@example.com",
        verification_reference_id="email-verification-0001",
        user_locale="en_ID",
    )
    assert started.submission_id and started.expires_in == SDK_LIFETIME


# --- the partner token on the sandbox clock ----------------------------------------------


def test_the_token_is_cached_and_refreshed_30_s_before_it_expires(client, onekyc, recorded):
    onekyc.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()
    obtained = sandbox_clock(onekyc)()
    for _ in range(3):
        initiate(client)
    first = client.partner_token_status()
    assert first.refreshed == 0
    assert first.expires_at - first.obtained_at == TOKEN_LIFETIME
    assert first.obtained_at == obtained  # frozen: the one read dates the token
    advance(onekyc, TOKEN_LIFETIME - 31)
    initiate(client)  # 31 s left: still the cached one
    advance(onekyc, 1)  # 30 s left: refreshed before the call
    initiate(client)
    second = client.partner_token_status()
    assert [e.step for e in recorded] == [
        "partner-token",
        *["initiate-flow"] * 4,
        "partner-token-refresh",
        "initiate-flow",
    ]
    assert second.refreshed == 1 and second.obtained_at > first.obtained_at


def test_a_token_the_api_calls_expired_is_replaced_and_the_call_retried(onekyc, wire) -> None:
    """The client's clock is the wall's (as live): only the vendor knows the token expired."""
    recorded: list[Exchange] = []
    http, client = make_client(onekyc, recorded, wire, clock=time.time)
    with http:
        started = initiate(client)
        advance(onekyc, TOKEN_LIFETIME + 1)
        again = initiate(client)  # no error reaches the caller
        details = client.submission_details(submission_id=started.submission_id)
    assert again.submission_id != started.submission_id
    assert details.status == "PENDING"
    assert steps(recorded) == [
        ("partner-token", 200, "success"),
        ("initiate-flow", 200, "success"),
        ("initiate-flow", 401, "failure"),
        ("partner-token-refresh", 200, "success"),
        ("initiate-flow-retry", 200, "success"),
        ("submission-details", 200, "success"),
    ]
    refused = recorded[2].response_body
    assert refused == {"success": False, "errors": [{"code": "110", "cause": "UNAUTHORIZED"}]}
    assert client.partner_token_status().refreshed == 1


# --- every error code of the contract ----------------------------------------------------


def refusal(error: OneKycError) -> tuple[int, str | None, tuple[str, ...]]:
    return error.status_code, error.code, error.causes


def test_1650_missing_credentials(onekyc, recorded) -> None:
    http, client = make_client(onekyc, recorded, client_id="", pass_key=" ")
    with http, pytest.raises(OneKycError) as refused:
        initiate(client)
    assert refusal(refused.value) == (400, "1650", ("MISSING_CLIENT_ID", "MISSING_PASS_KEY"))
    assert steps(recorded) == [("partner-token", 400, "failure")]


def test_110_wrong_credentials(onekyc, recorded) -> None:
    http, client = make_client(onekyc, recorded, pass_key="not-the-pass-key")
    with http, pytest.raises(OneKycUnauthorized) as refused:
        initiate(client)
    assert isinstance(refused.value, InvalidCredentials)
    assert refusal(refused.value) == (401, "110", ("UNAUTHORIZED",))
    assert steps(recorded) == [("partner-token", 401, "failure")]  # not retried


@pytest.mark.parametrize(
    ("change", "causes"),
    [
        ({"flow": "OTHER_FLOW"}, ("INVALID_FLOW",)),
        ({"source": "MOBILE"}, ("INVALID_SOURCE",)),
        (
            {"source": "WEB_SDK", "success_redirection_url": None},
            ("MISSING_SUCCESS_REDIRECTION_URL",),
        ),
        (
            {"source": "WEB_SDK", "failure_redirection_url": None},
            ("MISSING_FAILURE_REDIRECTION_URL",),
        ),
        ({"success_redirection_url": "/success"}, ("INVALID_SUCCESS_REDIRECTION_URL",)),
        ({"failure_redirection_url": "ftp://x/fail"}, ("INVALID_FAILURE_REDIRECTION_URL",)),
        ({"phone_number": "08123456789"}, ("INVALID_PHONE_NUMBER",)),
        ({"phone_number": None, "email": "not-an-email"}, ("INVALID_EMAIL",)),
        ({"phone_number": None}, ("MISSING_PHONE_NUMBER_OR_EMAIL",)),
        ({"verified": False}, ("PHONE_NUMBER_NOT_VERIFIED",)),
        ({"phone_number": None, "email": "a@b.co", "verified": False}, ("EMAIL_NOT_VERIFIED",)),
        ({"verification_reference_id": ""}, ("MISSING_VERIFICATION_REFERENCE_ID",)),
        ({"user_locale": "fr_FR"}, ("INVALID_USER_LOCALE",)),
        ({"user_id": ""}, ("MISSING_PARTNER_USER_ID",)),
        ({"user_id_type": ""}, ("MISSING_PARTNER_USER_ID_TYPE",)),
        ({"partner_session_id": ""}, ("MISSING_PARTNER_SESSION_ID",)),
        ({"flow": "X", "source": "Y"}, ("INVALID_FLOW", "INVALID_SOURCE")),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, tuple) else None,
)
def test_1600_initiate_flow_refusals(client, recorded, change, causes) -> None:
    with pytest.raises(OneKycError) as refused:
        initiate(client, **change)
    assert refusal(refused.value) == (400, "1600", causes)
    assert [e["code"] for e in refused.value.errors] == ["1600"] * len(causes)
    assert steps(recorded)[-1] == ("initiate-flow", 400, "failure")


def test_110_a_wrong_sdk_token(client, recorded) -> None:
    with pytest.raises(OneKycUnauthorized) as refused:
        client.upload_ktp(sdk_token="not-an-sdk-token", image=photo("ktp-valid.jpg"))
    assert refusal(refused.value) == (401, "110", ("UNAUTHORIZED",))
    assert [e.step for e in recorded] == ["upload-ktp"]  # no partner token, no retry


def test_111_an_expired_sdk_token(client, onekyc) -> None:
    started = initiate(client)
    advance(onekyc, SDK_LIFETIME + 1)
    with pytest.raises(OneKycUnauthorized) as refused:
        client.upload_ktp(sdk_token=started.sdk_token, image=photo("ktp-valid.jpg"))
    assert refusal(refused.value) == (401, "111", ("SDK_TOKEN_EXPIRED",))


@pytest.mark.parametrize(
    ("image", "status", "code", "cause"),
    [
        (None, 400, "1700", "MISSING_IMAGE"),
        (b"this is not a photo", 400, "1700", "INVALID_IMAGE"),
        (b"\xff\xd8\xff" + bytes(5 * 1024 * 1024), 413, "1701", "IMAGE_TOO_LARGE"),
    ],
    ids=["missing", "not-an-image", "too-large"],
)
def test_1700_1701_photos_refused(client, image, status, code, cause) -> None:
    started = initiate(client)
    with pytest.raises(OneKycError) as refused:
        client.upload_ktp(sdk_token=started.sdk_token, image=image)
    assert refusal(refused.value) == (status, code, (cause,))


def test_1702_a_photo_after_processing_started(client) -> None:
    started, _, _ = submit(client)
    with pytest.raises(OneKycError) as refused:
        client.upload_ktp(sdk_token=started.sdk_token, image=photo("ktp-valid.jpg"))
    assert refusal(refused.value) == (409, "1702", ("SUBMISSION_ALREADY_PROCESSING",))


def test_1800_an_unknown_submission(client) -> None:
    with pytest.raises(OneKycError) as refused:
        client.submission_details(submission_id="00000000-0000-4000-8000-000000000000")
    assert refusal(refused.value) == (404, "1800", ("SUBMISSION_NOT_FOUND",))


def test_1900_an_image_link_with_a_wrong_signature(client, onekyc, warm) -> None:
    started, _, _ = submit(client)
    advance(onekyc, PROCESSING_SECONDS)
    callback_for(started.submission_id)
    url = client.submission_details(submission_id=started.submission_id).imageUrls.KTP
    forged = url.split("sig=")[0] + "sig=" + "0" * len(url.split("sig=")[1])
    with pytest.raises(OneKycError) as refused:
        client.fetch_image(url=forged)
    assert refusal(refused.value) == (403, "1900", ("FORBIDDEN",))


# --- the history --------------------------------------------------------------------------


def test_no_secret_reaches_the_history_and_personal_data_is_masked(
    client, onekyc, recorded, wire, warm
) -> None:
    started, _, _ = submit(client)
    advance(onekyc, PROCESSING_SECONDS)
    callback_for(started.submission_id)
    result = client.submission_details(submission_id=started.submission_id)
    for url in result.imageUrls.urls().values():
        client.fetch_image(url=url)
    secrets = wire.secrets()
    assert len(secrets) == 4  # the partner token, the SDK token, the two image links
    text = json.dumps([e.__dict__ for e in recorded], default=str)
    assert [s for s in (CLIENT_ID, PASS_KEY, *secrets) if s in text] == []
    signatures = [url.split("sig=")[1] for url in result.imageUrls.urls().values()]
    assert [s for s in signatures if s in text] == []
    personal = [PHONE, "3374036403900001", "SITI SPECIMEN RAHAYU", "24-03-1990"]
    assert [p for p in personal if p in text] == []
    details = recorded[4].response_body["data"]["submissionDetails"]
    assert details["imageUrls"] == REDACTED
    assert details["ktpData"]["nik"] == "XXXXXXXXXXXX0001"
    assert recorded[1].request_body["additionalDetails"]["phoneNumber"] == "XXXXXXXX8889"
