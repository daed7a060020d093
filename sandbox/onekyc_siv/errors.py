"""OneKYC's error body, the same for every call of both hosts (from OneKYC's public docs):
``{"success": false, "errors": [{"code": "<string>", "cause": "<UPPER_SNAKE>"}, ...]}``, several
errors at once when several things are wrong.

The codes and causes are the team's (notes/onekyc-contract.md); the public docs show the shape
and the token call's 1650 / 110. Not documented by the vendor: the answers to what no route
answers (no such path or method, a body too large, a crash): the same shape, the status as code.
"""

from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from sandbox.core.mount import vendor_path
from sandbox.onekyc_siv import paths

# Getting Authentication Token (public).
MISSING_HEADER = "1650"
MISSING_CLIENT_ID = "MISSING_CLIENT_ID"
MISSING_PASS_KEY = "MISSING_PASS_KEY"
# Any call with a token (partner token, SDK token).
UNAUTHORIZED_CODE = "110"
UNAUTHORIZED = "UNAUTHORIZED"
SDK_TOKEN_EXPIRED_CODE = "111"
SDK_TOKEN_EXPIRED = "SDK_TOKEN_EXPIRED"
# Initiate Flow.
BAD_REQUEST = "1600"
MISSING_PARTNER_USER_ID = "MISSING_PARTNER_USER_ID"
MISSING_PARTNER_USER_ID_TYPE = "MISSING_PARTNER_USER_ID_TYPE"
MISSING_PARTNER_SESSION_ID = "MISSING_PARTNER_SESSION_ID"
INVALID_REQUEST_BODY = "INVALID_REQUEST_BODY"
INVALID_FLOW = "INVALID_FLOW"
INVALID_SOURCE = "INVALID_SOURCE"
MISSING_SUCCESS_REDIRECTION_URL = "MISSING_SUCCESS_REDIRECTION_URL"
MISSING_FAILURE_REDIRECTION_URL = "MISSING_FAILURE_REDIRECTION_URL"
INVALID_SUCCESS_REDIRECTION_URL = "INVALID_SUCCESS_REDIRECTION_URL"
INVALID_FAILURE_REDIRECTION_URL = "INVALID_FAILURE_REDIRECTION_URL"
INVALID_PHONE_NUMBER = "INVALID_PHONE_NUMBER"
INVALID_EMAIL = "INVALID_EMAIL"
MISSING_PHONE_NUMBER_OR_EMAIL = "MISSING_PHONE_NUMBER_OR_EMAIL"
PHONE_NUMBER_NOT_VERIFIED = "PHONE_NUMBER_NOT_VERIFIED"
EMAIL_NOT_VERIFIED = "EMAIL_NOT_VERIFIED"
MISSING_VERIFICATION_REFERENCE_ID = "MISSING_VERIFICATION_REFERENCE_ID"
INVALID_USER_LOCALE = "INVALID_USER_LOCALE"
# The SDK's capture calls.
IMAGE_ERROR = "1700"
INVALID_IMAGE = "INVALID_IMAGE"
MISSING_IMAGE = "MISSING_IMAGE"
IMAGE_TOO_LARGE_CODE = "1701"
IMAGE_TOO_LARGE = "IMAGE_TOO_LARGE"
ALREADY_PROCESSING_CODE = "1702"
SUBMISSION_ALREADY_PROCESSING = "SUBMISSION_ALREADY_PROCESSING"
# Get Submission Details, the images.
NOT_FOUND_CODE = "1800"
SUBMISSION_NOT_FOUND = "SUBMISSION_NOT_FOUND"
FORBIDDEN_CODE = "1900"
FORBIDDEN = "FORBIDDEN"
# The sandbox's own, for what no route answers.
CAUSES = {
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    500: "INTERNAL_SERVER_ERROR",
}

# A 200 cut off mid-body: what a proxy that dropped the connection would hand over.
MALFORMED_BODY = b'{"success": true, "data": {"token": "5f0c4c1e7d1a4b8e9c3f'


class OneKycError(Exception):
    """An error answer: its status and one or more (code, cause) pairs."""

    def __init__(self, status: int, *errors: tuple[str, str]) -> None:
        super().__init__(", ".join(cause for _, cause in errors))
        self.status = status
        self.errors = list(dict.fromkeys(errors))  # once each, in order

    def response(self) -> JSONResponse:
        return JSONResponse(body(self.errors), status_code=self.status)


def body(errors: list[tuple[str, str]]) -> dict:
    return {"success": False, "errors": [{"code": c, "cause": cause} for c, cause in errors]}


def unauthorized() -> OneKycError:
    return OneKycError(401, (UNAUTHORIZED_CODE, UNAUTHORIZED))


def bad_request(*causes: str) -> OneKycError:
    return OneKycError(400, *((BAD_REQUEST, cause) for cause in causes))


def image(cause: str) -> OneKycError:
    return OneKycError(400, (IMAGE_ERROR, cause))


def too_large() -> OneKycError:
    return OneKycError(413, (IMAGE_TOO_LARGE_CODE, IMAGE_TOO_LARGE))


def not_found() -> OneKycError:
    return OneKycError(404, (NOT_FOUND_CODE, SUBMISSION_NOT_FOUND))


class ForPath(Response):
    """An error the gateway answers before any route runs: a body too large for a capture call
    is IMAGE_TOO_LARGE (the SDK's photo), anything else the status's own cause."""

    def __init__(self, status: int) -> None:
        super().__init__()
        self.status = status

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.status == 413 and vendor_path(scope).startswith(paths.SDK_PREFIX):
            response = too_large().response()
        else:
            cause = CAUSES.get(self.status, "BAD_REQUEST")
            response = OneKycError(self.status, (str(self.status), cause)).response()
        for name, value in self.headers.items():  # the gateway's own marks (x-sandbox-fault)
            if name not in ("content-length", "content-type"):
                response.headers[name] = value
        await response(scope, receive, send)


def for_status(status: int, message: str) -> Response:
    return ForPath(status)


def server_error() -> Response:
    return ForPath(500)


def malformed_body() -> Response:
    return Response(MALFORMED_BODY, status_code=200, media_type="application/json")
