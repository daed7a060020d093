"""OneKYC SIV's documented answers (onekyc-siv-integration.txt, vendor-notes.md).

The document shows one answer body: the callback payload, which Get Submission Details returns
as its `data`. Not documented by the vendor, our choice (as the sandbox):
the `{success, data}` / `{success, errors: [{code, cause}]}` envelope and the partner token's
`data` as OneKYC's public docs show them, the other calls' `data` keys and every status but
200; error codes are checked only on the token call, the one whose codes (1650, 110) are public.
The images behind `imageUrls` are not a documented call: fetch-image is not checked.
"""

from console.core.contract import (
    BOOLEAN,
    NUMBER,
    STRING,
    Answer,
    Contract,
    Step,
    array,
    json_body,
    obj,
)

_KTP_KEYS = (
    "nik name region dateOfBirth bloodType religion province city address district town gender "
    "rt rw occupation validUntil citizenship maritalStatus issuanceDate"
).split()
_DETAILS = obj(
    {
        "verificationResult": obj({k: STRING for k in ("nik", "name", "dateOfBirth", "selfie")}),
        "ktpData": obj({key: STRING for key in _KTP_KEYS}),
        "certificateRegistration": obj(
            {
                "eligibleToActivate": BOOLEAN,
                "onboardingCode": STRING,
                "shouldSkipActivation": BOOLEAN,
            }
        ),
        "imageUrls": obj({k: STRING for k in ("KTP", "SELFIE", "ADDITIONAL_SELFIE")}),
    }
)
# The callback payload; before processing ends only the ids and status (result and
# submissionDetails absent or null).
SUBMISSION = {
    **obj(
        {
            "submissionId": STRING,
            "userId": STRING,
            "userIdType": STRING,
            "partnerSessionId": STRING,
            "status": STRING,
        },
        {
            "result": {"type": ["string", "null"]},
            "submissionDetails": {**_DETAILS, "type": ["object", "null"]},
        },
    ),
    "if": {"properties": {"status": {"const": "COMPLETED"}}, "required": ["status"]},
    "then": {"required": ["result", "submissionDetails"]},
}
PARTNER_TOKEN = obj({"token": STRING, "expiry_seconds": STRING}, {"expires_at": STRING})
FLOW = obj({"sdkToken": STRING, "submissionId": STRING, "expiresIn": NUMBER})
RECEIPT = obj({"submissionId": STRING, "status": STRING})


def _success(data: dict) -> Answer:
    return Answer(json_body(obj({"success": BOOLEAN, "data": data})))


def _failure(*codes: str) -> Answer:
    errors = array(obj({"code": STRING, "cause": STRING}))
    body = json_body(obj({"success": BOOLEAN, "errors": errors}))
    return Answer(body, frozenset(codes) if codes else None, ("errors", "[]", "code"))


_TOKEN = Step({200: _success(PARTNER_TOKEN), 400: _failure("1650"), 401: _failure("110")})
_INITIATE = Step({200: _success(FLOW), 400: _failure(), 401: _failure()})
_UPLOAD = Step({200: _success(RECEIPT), **{s: _failure() for s in (400, 401, 409, 413)}})
_SUBMISSION = Step({200: _success(SUBMISSION), 401: _failure(), 404: _failure()})
_STEPS = {
    "partner-token": _TOKEN,
    "partner-token-refresh": _TOKEN,
    "initiate-flow": _INITIATE,
    "upload-ktp": _UPLOAD,
    "upload-selfie": _UPLOAD,
    "submission-details": _SUBMISSION,
}
ROUTES = {
    ("GET", "/partner/authentication"): "partner-token",
    ("POST", "/initiate-flow"): "initiate-flow",
    ("POST", "/submissions/ktp"): "upload-ktp",
    ("POST", "/submissions/selfie"): "upload-selfie",
    ("GET", "/submissions/*"): "submission-details",
    # An image behind imageUrls' signed link: the adapter's step, not a documented call.
    ("GET", "/images/*/*"): "fetch-image",
}
# A call sent again once its refused partner token was replaced (`<step>-retry`).
CONTRACT = Contract(
    {**_STEPS, **{f"{name}-retry": step for name, step in _STEPS.items()}}, routes=ROUTES
)
