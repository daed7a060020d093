"""Every outcome of OneKYC SIV, as one request QA can send after a reset.

The API host's calls carry the partner token every reset issues anew (seed.PARTNER_TOKEN). The
outcomes use the submissions a reset seeds, each with its KTP already in: the entry sends the
selfie, processing starts, and 8 s later on the sandbox clock (POST /_sandbox/clock/advance)
the callback goes to the URL set with POST /_sandbox/onekyc-siv/callback, and Get Submission
Details shows the result. The photos are at /_sandbox/onekyc-siv/samples/<name>.

The same outcomes in a submission of one's own: Initiate Flow, then the photos (ktp-valid.jpg
with selfie.jpg: VALID; ktp-nik-mismatch.jpg: the NIK check fails; selfie-stranger.jpg: the
selfie check fails; ktp-blank.jpg: nothing read); the callback's behaviour by the magic phone
numbers or emails (seed.MAGIC).
"""

from functools import cache

from sandbox.core.scenarios import (
    Scenario,
    ScenarioExpect,
    ScenarioFile,
    ScenarioRequest,
    scenario_maker,
)
from sandbox.onekyc_siv import errors as err
from sandbox.onekyc_siv import paths, seed
from sandbox.onekyc_siv.paths import PREFIX, VENDOR

CONTROL = f"/_sandbox/{VENDOR}"
PARTNER = {
    "x-onekyc-token": seed.PARTNER_TOKEN,
    "x-partner-user-id": "421453511adsasdl",
    "x-partner-user-id-type": "MY_USER_ID",
    "x-partner-session-id": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
}
CREDENTIALS = {"client-id": seed.CLIENT_ID, "pass-key": seed.PASS_KEY}


def _phone(number: str = "628188888889", verified: bool = True, reference: str = "ref") -> dict:
    return {
        "phoneNumber": number,
        "dataVerification": {
            "phoneNumber": {"isVerified": verified, "verificationReferenceId": reference}
        },
    }


def _email(address: str = "budi@example.com", verified: bool = True) -> dict:
    return {
        "email": address,
        "dataVerification": {
            "email": {"isVerified": verified, "verificationReferenceId": "ref-email"}
        },
        "userLocale": "en_ID",
    }


def flow_body(details: dict | None = None, **top) -> dict:
    """The document's phone-number example body, with `top` keys replaced (None drops one)."""
    body = {
        "flow": "STANDALONE_IDENTITY_VERIFICATION",
        "source": "SDK",
        "successRedirectionUrl": "http://myserver.com/success-page",
        "failureRedirectionUrl": "http://myserver.com/failure-page",
        "additionalDetails": _phone() if details is None else details,
        "userLocale": "id_ID",
    }
    body.update(top)
    return {key: value for key, value in body.items() if value is not None}


# Safe to send to the real vendor (why: sandbox/core/scenarios.py, Scenario.live_safe).
LIVE_SAFE = frozenset(
    {
        "token-missing-headers",
        "token-missing-pass-key",
        "token-wrong-credentials",
        "initiate-unauthorized",
    }
)


_scenario = scenario_maker(VENDOR, LIVE_SAFE)


def _refused(status: int, code: str, *causes: str) -> ScenarioExpect:
    errors = [{"code": code, "cause": cause} for cause in causes]
    return ScenarioExpect(
        status=status,
        code=code,
        message=causes[0],
        fields={"success": False, "errors": errors},
    )


def _initiate(body=None, headers: dict | None = None) -> ScenarioRequest:
    return ScenarioRequest(
        path=PREFIX + paths.INITIATE_FLOW,
        headers=PARTNER if headers is None else headers,
        json=flow_body() if body is None else body,
    )


def _capture(kind: str, sdk_token: str, sample: str | None, field: str = "image"):
    files = None
    if sample is not None:
        url = f"{CONTROL}/samples/{sample}"
        files = [ScenarioFile(field=field, filename=sample, url=url, contentType="image/jpeg")]
    path = PREFIX + (paths.KTP if kind == "ktp" else paths.SELFIE)
    return ScenarioRequest(path=path, headers={"x-sdk-token": sdk_token}, form={}, files=files)


def _processing(sdk_token: str) -> ScenarioExpect:
    fields = {"success": True, "data.submissionId": seed.submission_id(sdk_token)}
    return ScenarioExpect(status=200, fields={**fields, "data.status": "PROCESSING"})


@cache
def catalog() -> tuple[Scenario, ...]:
    return (*_token(), *_initiation(), *_captures(), *_details(), *_outcomes())


def _token() -> list[Scenario]:
    path = PREFIX + paths.TOKEN
    return [
        _scenario(
            "token-issued",
            "A partner token",
            "Getting Authentication Token with the sandbox's client-id and pass-key: a token "
            "for x-onekyc-token, valid 1800 s on the sandbox clock (expiry_seconds '1800').",
            ScenarioRequest(method="GET", path=path, headers=CREDENTIALS),
            ScenarioExpect(status=200, fields={"success": True, "data.expiry_seconds": "1800"}),
        ),
        _scenario(
            "token-missing-headers",
            "No client-id and no pass-key (400 1650)",
            "Both missing: both errors at once.",
            ScenarioRequest(method="GET", path=path),
            _refused(400, err.MISSING_HEADER, err.MISSING_CLIENT_ID, err.MISSING_PASS_KEY),
        ),
        _scenario(
            "token-missing-pass-key",
            "No pass-key (400 1650)",
            "client-id alone.",
            ScenarioRequest(method="GET", path=path, headers={"client-id": seed.CLIENT_ID}),
            _refused(400, err.MISSING_HEADER, err.MISSING_PASS_KEY),
        ),
        _scenario(
            "token-wrong-credentials",
            "A wrong pass-key (401 110)",
            "A client-id and pass-key that are not the sandbox's pair.",
            ScenarioRequest(
                method="GET", path=path, headers={**CREDENTIALS, "pass-key": "not-the-key"}
            ),
            _refused(401, err.UNAUTHORIZED_CODE, err.UNAUTHORIZED),
        ),
    ]


def _initiation() -> list[Scenario]:
    no_token = {k: v for k, v in PARTNER.items() if k != "x-onekyc-token"}
    web = {"source": "WEB_SDK", "successRedirectionUrl": None, "failureRedirectionUrl": None}
    refusals = [
        ("initiate-invalid-flow", "Another flow", {"flow": "KYC"}, None, [err.INVALID_FLOW]),
        (
            "initiate-invalid-source",
            "Another source",
            {"source": "APP"},
            None,
            [err.INVALID_SOURCE],
        ),
        (
            "initiate-web-sdk-without-redirects",
            "WEB_SDK without redirection URLs",
            web,
            None,
            [err.MISSING_SUCCESS_REDIRECTION_URL, err.MISSING_FAILURE_REDIRECTION_URL],
        ),
        (
            "initiate-invalid-redirect",
            "A relative success redirection URL",
            {"successRedirectionUrl": "/success-page"},
            None,
            [err.INVALID_SUCCESS_REDIRECTION_URL],
        ),
        (
            "initiate-invalid-phone",
            "A phone number that is not Indonesian",
            {},
            _phone("08188888889"),
            [err.INVALID_PHONE_NUMBER],
        ),
        (
            "initiate-invalid-email",
            "An email without a domain",
            {},
            _email("budi@"),
            [err.INVALID_EMAIL],
        ),
        (
            "initiate-missing-contact",
            "Neither phone number nor email",
            {},
            {},
            [err.MISSING_PHONE_NUMBER_OR_EMAIL],
        ),
        (
            "initiate-phone-not-verified",
            "The phone number not verified",
            {},
            _phone(verified=False),
            [err.PHONE_NUMBER_NOT_VERIFIED],
        ),
        (
            "initiate-email-not-verified",
            "The email not verified",
            {},
            _email(verified=False),
            [err.EMAIL_NOT_VERIFIED],
        ),
        (
            "initiate-missing-verification-reference",
            "No verificationReferenceId",
            {},
            _phone(reference=""),
            [err.MISSING_VERIFICATION_REFERENCE_ID],
        ),
        (
            "initiate-invalid-locale",
            "A locale other than id_ID and en_ID",
            {"userLocale": "fr_FR"},
            None,
            [err.INVALID_USER_LOCALE],
        ),
    ]
    entries = [
        _scenario(
            "flow-initiated",
            "Initiate Flow (phone number)",
            "The document's phone-number body: an SDK token for one submission, valid 1800 s.",
            _initiate(),
            ScenarioExpect(status=200, fields={"success": True, "data.expiresIn": 1800}),
        ),
        _scenario(
            "flow-initiated-email",
            "Initiate Flow (email, locale inside additionalDetails)",
            "The document's email body: userLocale inside additionalDetails is read too.",
            _initiate(flow_body(_email(), userLocale=None)),
            ScenarioExpect(status=200, fields={"success": True, "data.expiresIn": 1800}),
        ),
        _scenario(
            "initiate-unauthorized",
            "No partner token (401 110)",
            "x-onekyc-token missing (an unknown or expired one answers the same).",
            _initiate(headers=no_token),
            _refused(401, err.UNAUTHORIZED_CODE, err.UNAUTHORIZED),
        ),
        _scenario(
            "initiate-missing-partner-headers",
            "No x-partner-* headers (400 1600)",
            "x-partner-user-id, x-partner-user-id-type and x-partner-session-id are required.",
            _initiate(headers={"x-onekyc-token": seed.PARTNER_TOKEN}),
            _refused(
                400,
                err.BAD_REQUEST,
                err.MISSING_PARTNER_USER_ID,
                err.MISSING_PARTNER_USER_ID_TYPE,
                err.MISSING_PARTNER_SESSION_ID,
            ),
        ),
        _scenario(
            "initiate-invalid-body",
            "A body that is not a JSON object (400 1600)",
            "A JSON array.",
            _initiate(body=[]),
            _refused(400, err.BAD_REQUEST, err.INVALID_REQUEST_BODY),
        ),
    ]
    for id_, title, top, details, causes in refusals:
        entries.append(
            _scenario(
                id_,
                f"{title} (400 1600)",
                f"Initiate Flow refuses it: {', '.join(causes)}.",
                _initiate(flow_body(details, **top)),
                _refused(400, err.BAD_REQUEST, *causes),
            )
        )
    return entries


def _captures() -> list[Scenario]:
    return [
        _scenario(
            "ktp-received",
            "The KTP photo (the SDK's call)",
            "Seeded submission sbx-sdk-empty has nothing yet: KTP_RECEIVED; the selfie next.",
            _capture("ktp", "sbx-sdk-empty", "ktp-valid.jpg"),
            ScenarioExpect(status=200, fields={"success": True, "data.status": "KTP_RECEIVED"}),
        ),
        _scenario(
            "capture-unauthorized",
            "An unknown SDK token (401 110)",
            "x-sdk-token that Initiate Flow never issued.",
            _capture("ktp", "not-an-sdk-token", "ktp-valid.jpg"),
            _refused(401, err.UNAUTHORIZED_CODE, err.UNAUTHORIZED),
        ),
        _scenario(
            "sdk-token-expired",
            "An expired SDK token (401 111)",
            "Seeded submission sbx-sdk-expired was initiated 31 minutes before the reset; or "
            "advance the clock 1800 s after Initiate Flow.",
            _capture("ktp", "sbx-sdk-expired", "ktp-valid.jpg"),
            _refused(401, err.SDK_TOKEN_EXPIRED_CODE, err.SDK_TOKEN_EXPIRED),
        ),
        _scenario(
            "missing-image",
            "No image part (400 1700)",
            "A multipart body without the file part `image`.",
            ScenarioRequest(
                path=PREFIX + paths.KTP,
                headers={"x-sdk-token": "sbx-sdk-empty"},
                form={"note": "no photo"},
            ),
            _refused(400, err.IMAGE_ERROR, err.MISSING_IMAGE),
        ),
        _scenario(
            "invalid-image",
            "A file that is not a photo (400 1700)",
            "The registry's JSON sent as the KTP (a blank photo of one colour answers the same).",
            _capture("ktp", "sbx-sdk-empty", "registry.json"),
            _refused(400, err.IMAGE_ERROR, err.INVALID_IMAGE),
        ),
        _scenario(
            "already-processing",
            "A photo after processing started (409 1702)",
            "Seeded submission sbx-sdk-processing has both photos in (processed 8 s after the "
            "reset, no callback): another photo is refused.",
            _capture("selfie", "sbx-sdk-processing", "selfie.jpg"),
            _refused(409, err.ALREADY_PROCESSING_CODE, err.SUBMISSION_ALREADY_PROCESSING),
        ),
    ]


def _details() -> list[Scenario]:
    empty = seed.submission_id("sbx-sdk-empty")
    token = {"x-onekyc-token": seed.PARTNER_TOKEN}
    return [
        _scenario(
            "details-pending",
            "Get Submission Details: PENDING",
            "Seeded submission sbx-sdk-empty has no photo yet. PROCESSING once both are in, "
            "the callback's payload once processed.",
            ScenarioRequest(
                method="GET", path=PREFIX + paths.submission_path(empty), headers=token
            ),
            ScenarioExpect(
                status=200, fields={"data.status": "PENDING", "data.submissionId": empty}
            ),
        ),
        _scenario(
            "submission-not-found",
            "Get Submission Details of an unknown id (404 1800)",
            "A submissionId Initiate Flow never issued.",
            ScenarioRequest(
                method="GET",
                path=PREFIX + paths.submission_path("00000000-0000-4000-8000-000000000000"),
                headers=token,
            ),
            _refused(404, err.NOT_FOUND_CODE, err.SUBMISSION_NOT_FOUND),
        ),
        _scenario(
            "image-forbidden",
            "An image URL with a wrong signature (403 1900)",
            "The payload's imageUrls are capability URLs: without their sig, refused.",
            ScenarioRequest(
                method="GET", path=PREFIX + paths.image_path(empty, "KTP") + "?sig=wrong"
            ),
            _refused(403, err.FORBIDDEN_CODE, err.FORBIDDEN),
        ),
    ]


def _outcomes() -> list[Scenario]:
    after = (
        " 8 s later (advance the clock) the callback carries the result; Get Submission "
        "Details too."
    )
    return [
        _scenario(
            "valid",
            "VALID: every check PASS",
            "Seeded submission sbx-sdk-valid holds ktp-valid.jpg (in the registry): the selfie "
            "of the same person." + after,
            _capture("selfie", "sbx-sdk-valid", "selfie.jpg"),
            _processing("sbx-sdk-valid"),
        ),
        _scenario(
            "nik-mismatch",
            "INVALID: the NIK is not in the registry",
            "Seeded submission sbx-sdk-nik-mismatch holds ktp-nik-mismatch.jpg (the same "
            "person, a NIK the registry does not hold): nik, name and dateOfBirth FAIL." + after,
            _capture("selfie", "sbx-sdk-nik-mismatch", "selfie.jpg"),
            _processing("sbx-sdk-nik-mismatch"),
        ),
        _scenario(
            "selfie-mismatch",
            "INVALID: the selfie is someone else",
            "Seeded submission sbx-sdk-selfie-mismatch holds ktp-valid.jpg: a stranger's "
            "selfie, the selfie check FAILs." + after,
            _capture("selfie", "sbx-sdk-selfie-mismatch", "selfie-stranger.jpg"),
            _processing("sbx-sdk-selfie-mismatch"),
        ),
        _scenario(
            "unreadable-ktp",
            "INVALID: the KTP cannot be read",
            "Seeded submission sbx-sdk-unreadable-ktp holds ktp-blank.jpg: no NIK read, every "
            "check FAILs, ktpData all empty." + after,
            _capture("selfie", "sbx-sdk-unreadable-ktp", "selfie.jpg"),
            _processing("sbx-sdk-unreadable-ktp"),
        ),
        _scenario(
            "receiver-down",
            "The receiver down, then up (retries)",
            "Seeded submission sbx-sdk-receiver-down was initiated with the magic phone "
            "628100000001 (or receiver-down@onekyc.example): the first two attempts meet a "
            "closed port, retried after 5 and 10 s; the third reaches the callback URL. GET "
            f"{CONTROL}/submissions/<id> lists every attempt." + after,
            _capture("selfie", "sbx-sdk-receiver-down", "selfie.jpg"),
            _processing("sbx-sdk-receiver-down"),
        ),
        _scenario(
            "duplicate-callback",
            "The callback delivered twice",
            "Seeded submission sbx-sdk-duplicate was initiated with the magic phone "
            "628100000002 (or duplicate@onekyc.example): right after the first delivery "
            "succeeds, the same payload comes again." + after,
            _capture("selfie", "sbx-sdk-duplicate", "selfie.jpg"),
            _processing("sbx-sdk-duplicate"),
        ),
        _scenario(
            "no-callback",
            "No callback: poll Get Submission Details",
            "Seeded submission sbx-sdk-no-callback was initiated with the magic phone "
            "628100000003 (or no-callback@onekyc.example): no callback is ever sent; Get "
            "Submission Details gives the result once processed.",
            _capture("selfie", "sbx-sdk-no-callback", "selfie.jpg"),
            _processing("sbx-sdk-no-callback"),
        ),
    ]
