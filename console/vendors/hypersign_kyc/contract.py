"""Hypersign KYC + SSI's documented answers (hypersign-kyc-ssi-custom-ui.txt, vendor-notes.md).

The document is code that reads a key or two of each answer, so the keys it (or the notes)
reads are required and typed, while the objects they sit in stay open, except where the notes
give a body in full (the admin token, the DID-JWT, the SSI error, the presentation's envelope,
the biometrics answer's `{success, data}`): only those are closed. Not documented by the
vendor, our choice (as the sandbox), so open: the KYC service's envelope `{success, data}` on
its other calls, its error body `{success, statusCode, error: {code, message}}` whose codes are
not checked (the public widget's four are not a closed list), the dashboard's error body, and
every status but the DID's 201.
"""

from console.core.contract import (
    ANY_OBJECT,
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    Answer,
    Call,
    Contract,
    Step,
    array,
    json_body,
    obj,
)

ADMIN_TOKEN = obj({"access_token": STRING, "tokenType": STRING, "expiresIn": NUMBER})
DASHBOARD_ERROR = obj({"message": STRING}, {"statusCode": INTEGER, "error": STRING}, closed=False)
SSI_ERROR = obj({"statusCode": INTEGER, "message": array(STRING), "error": STRING})
KYC_ERROR = obj(
    {
        "success": BOOLEAN,
        "statusCode": INTEGER,
        "error": obj({"code": STRING, "message": STRING}, closed=False),
    },
    closed=False,
)
_METHOD = obj({"id": STRING, "type": STRING}, closed=False)
DID_CREATED = obj(
    {
        "did": STRING,
        "registrationStatus": STRING,
        "metadata": obj(
            {"didDocument": obj({"verificationMethods": array(_METHOD)}, closed=False)},
            closed=False,
        ),
    },
    closed=False,
)
DID_JWT = obj({"accessToken": STRING, "expiresIn": NUMBER})
PRESENTATION = obj({"presentation": ANY_OBJECT})


def _kyc(data: dict, *, closed: bool = False) -> Step:
    """A KYC service call: `{success, data}` with the data's documented keys; `closed` where
    the notes give that envelope in full."""
    body = obj({"success": BOOLEAN, "data": obj(data, closed=False)}, closed=closed)
    error = Answer(json_body(KYC_ERROR))
    return Step({200: Answer(json_body(body)), **{s: error for s in (400, 401, 404, 422)}})


def _ssi(status: int, body: dict) -> Step:
    error = Answer(json_body(SSI_ERROR))
    return Step({status: Answer(json_body(body)), 400: error, 401: error})


_OAUTH = Step(
    {
        200: Answer(json_body(ADMIN_TOKEN)),
        **{s: Answer(json_body(DASHBOARD_ERROR)) for s in (400, 401)},
    }
)
_STEPS = {
    "create-session": _kyc({"sessionId": STRING}),
    "create-did": _ssi(201, DID_CREATED),
    "issue-jwt": _ssi(200, DID_JWT),
    "exchange": _kyc({"kycServiceUserAccessToken": STRING}),
    "extract-document": _kyc({"extractionToken": STRING}),
    "verify-biometrics": _kyc({"credentials": array(ANY_OBJECT)}, closed=True),
    "create-presentation": _ssi(201, PRESENTATION),
    "submit-consent": _kyc({}),
}


def _oauth(call: Call) -> str:
    """The admin token of the service `grant_type` names (any other grant: the KYC one's step,
    as the dashboard refuses it the same way)."""
    return "oauth-ssi" if call.query.get("grant_type") == "access_service_ssi" else "oauth-kyc"


ROUTES = {
    ("POST", "/api/v1/app/oauth"): _oauth,
    ("POST", "/api/v2/session"): "create-session",
    ("POST", "/api/v1/did/create"): "create-did",
    ("POST", "/api/v1/did/auth/issue-jwt"): "issue-jwt",
    ("POST", "/api/v2/auth/exchange"): "exchange",
    ("POST", "/api/v2/documents/extract"): "extract-document",
    ("POST", "/api/v2/biometrics/verify"): "verify-biometrics",
    ("POST", "/api/v1/presentation"): "create-presentation",
    ("POST", "/api/v2/consents"): "submit-consent",
}
CONTRACT = Contract(
    {
        **{f"oauth-{service}": _OAUTH for service in ("kyc", "ssi")},
        **{f"oauth-{service}-refresh": _OAUTH for service in ("kyc", "ssi")},
        **_STEPS,
        # A call sent again once its refused admin token was replaced (`<step>-retry`).
        **{f"{name}-retry": step for name, step in _STEPS.items()},
    },
    routes=ROUTES,
)
