"""OpenAPI for the routes, which parse their own requests (to answer in OneKYC's error shape):
the documented headers, bodies and answers, so Postman and schemathesis see them."""

from sandbox.core.openapi import header_parameters
from sandbox.onekyc_siv import paths, seed

ERRORS = '{"success": false, "errors": [{"code", "cause"}]}'
PARTNER_TOKEN = ("x-onekyc-token", "The partner token (Getting Authentication Token)", "...")
SDK_TOKEN = ("x-sdk-token", "The SDK token of Initiate Flow", "...")
PARTNER = (
    ("x-partner-user-id", "Your user's id", "421453511adsasdl"),
    ("x-partner-user-id-type", "What kind of id x-partner-user-id is", "MY_USER_ID"),
    ("x-partner-session-id", "Your session's id", "b719f79b-ae7a-440a-8f9c-5f661ca34e7"),
)
VERIFIED = {
    "type": "object",
    "properties": {
        "isVerified": {"type": "boolean"},
        "verificationReferenceId": {"type": "string"},
    },
}
LOCALE = {"type": "string", "enum": ["id_ID", "en_ID"], "default": "id_ID"}
URL = {"type": "string", "format": "uri"}
INITIATE = {
    "type": "object",
    "required": ["flow", "source", "additionalDetails"],
    "properties": {
        "flow": {"type": "string", "enum": ["STANDALONE_IDENTITY_VERIFICATION"]},
        "source": {"type": "string", "enum": ["SDK", "WEB_SDK"]},
        "successRedirectionUrl": URL,
        "failureRedirectionUrl": URL,
        "additionalDetails": {
            "type": "object",
            "description": "phoneNumber or email, verified",
            "properties": {
                "phoneNumber": {"type": "string", "example": "628188888889"},
                "email": {"type": "string", "format": "email"},
                "dataVerification": {
                    "type": "object",
                    "properties": {"phoneNumber": VERIFIED, "email": VERIFIED},
                },
                "userLocale": LOCALE,
            },
        },
        "userLocale": LOCALE,
    },
}
PHOTO = {"type": "string", "format": "binary", "description": "JPEG or PNG, at most 5 MB"}
PAYLOAD = (
    "{submissionId, userId, userIdType, partnerSessionId, status, result, submissionDetails: "
    "{verificationResult, ktpData, certificateRegistration, imageUrls}}"
)

ROUTES: dict[str, tuple[tuple, dict | None, dict[str, str]]] = {
    paths.TOKEN: (
        (
            ("client-id", "Your client id", seed.CLIENT_ID),
            ("pass-key", "Your pass key", seed.PASS_KEY),
        ),
        None,
        {
            "200": '{"success": true, "data": {token, expiry_seconds, expires_at}}',
            "400": f"{ERRORS}: 1650 MISSING_CLIENT_ID, MISSING_PASS_KEY",
            "401": f"{ERRORS}: 110 UNAUTHORIZED",
        },
    ),
    paths.INITIATE_FLOW: (
        (PARTNER_TOKEN, *PARTNER),
        {"application/json": {"schema": INITIATE}},
        {
            "200": '{"success": true, "data": {sdkToken, submissionId, expiresIn}}',
            "400": f"{ERRORS}: 1600, every fault at once",
            "401": f"{ERRORS}: 110 UNAUTHORIZED",
        },
    ),
    paths.SUBMISSION: (
        (PARTNER_TOKEN,),
        None,
        {
            "200": f'{{"success": true, "data": {PAYLOAD}}}; before processing ends '
            "{submissionId, userId, userIdType, partnerSessionId, status: PENDING|PROCESSING}",
            "401": f"{ERRORS}: 110 UNAUTHORIZED",
            "404": f"{ERRORS}: 1800 SUBMISSION_NOT_FOUND",
        },
    ),
    paths.KTP: (
        (SDK_TOKEN,),
        {
            "multipart/form-data": {
                "schema": {"type": "object", "required": ["image"], "properties": {"image": PHOTO}}
            }
        },
        {},
    ),
    paths.SELFIE: (
        (SDK_TOKEN,),
        {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["image"],
                    "properties": {"image": PHOTO, "additionalSelfie": PHOTO},
                }
            }
        },
        {},
    ),
    paths.IMAGE: (
        (),
        None,
        {
            "200": "the photo (image/jpeg or image/png)",
            "403": f"{ERRORS}: 1900 FORBIDDEN (a wrong sig)",
            "404": f"{ERRORS}: 1800 SUBMISSION_NOT_FOUND",
        },
    ),
}
CAPTURE = {
    "200": '{"success": true, "data": {submissionId, status: KTP_RECEIVED|SELFIE_RECEIVED|'
    "PROCESSING}}",
    "400": f"{ERRORS}: 1700 INVALID_IMAGE, MISSING_IMAGE",
    "401": f"{ERRORS}: 110 UNAUTHORIZED, 111 SDK_TOKEN_EXPIRED",
    "409": f"{ERRORS}: 1702 SUBMISSION_ALREADY_PROCESSING",
    "413": f"{ERRORS}: 1701 IMAGE_TOO_LARGE",
}
SIG = {
    "name": "sig",
    "in": "query",
    "required": True,
    "description": "the signature the payload's imageUrls carry",
    "schema": {"type": "string"},
}


def _in_path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def documented(path: str) -> dict:
    headers, body, answers = ROUTES[path]
    if path in (paths.KTP, paths.SELFIE):
        answers = CAPTURE
    parameters = header_parameters(headers)
    if "{submissionId}" in path:
        parameters.insert(0, _in_path("submissionId", {"type": "string", "format": "uuid"}))
    if "{kind}" in path:
        parameters.insert(1, _in_path("kind", {"type": "string", "enum": list(paths.IMAGE_KINDS)}))
    if path == paths.IMAGE:
        parameters.append(SIG)
    responses = {"500": ERRORS, **answers}
    extra: dict = {
        "parameters": parameters,
        "responses": {status: {"description": text} for status, text in responses.items()},
    }
    if body is not None:
        extra["requestBody"] = {"required": True, "content": body}
    return extra
