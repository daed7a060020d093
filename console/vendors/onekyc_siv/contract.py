"""OneKYC SIV's documented answers (onekyc-siv-integration.txt, vendor-notes.md).

The document shows one answer body: the callback payload, which Get Submission Details returns
as its `data`; that payload alone is closed and typed here. Not documented by the vendor, our
choice (as the sandbox), so left open, untyped and without error codes (a live answer that
differs there drifts from no document): the `{success, data}` / `{success, errors}` envelope,
the other calls' `data` (only the keys the adapter reads are required), and every error
status (any 4xx or 5xx is taken, its body unchecked). The images behind `imageUrls` are not a
documented call: fetch-image is not checked.
"""

from console.core.contract import (
    ANY,
    BOOLEAN,
    STRING,
    Answer,
    Contract,
    Step,
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


def _read(*keys: str) -> dict:
    """Our choice, not the document's: an open object with the keys the adapter reads."""
    return obj(dict.fromkeys(keys, ANY), closed=False)


PARTNER_TOKEN = _read("token", "expiry_seconds")
FLOW = _read("sdkToken", "submissionId", "expiresIn")
RECEIPT = _read("submissionId", "status")


def _success(data: dict) -> Answer:
    return Answer(json_body(obj({"success": ANY, "data": data}, closed=False)))


# No error status or body is documented: none is checked (nor its codes).
_FAILURE = Answer(None)


def _step(data: dict) -> Step:
    return Step({200: _success(data), "4xx": _FAILURE, "5xx": _FAILURE})


_TOKEN = _step(PARTNER_TOKEN)
_UPLOAD = _step(RECEIPT)
_STEPS = {
    "partner-token": _TOKEN,
    "partner-token-refresh": _TOKEN,
    "initiate-flow": _step(FLOW),
    "upload-ktp": _UPLOAD,
    "upload-selfie": _UPLOAD,
    "submission-details": _step(SUBMISSION),
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
