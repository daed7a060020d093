"""The three services' error bodies, and the one exception every rule raises.

- dashboard: ``{"statusCode": 401, "message": "<text>", "error": "Unauthorized"}`` (the
  document's own code reads ``result.message`` as a string);
- SSI: ``{"statusCode": 400, "message": ["<text>", ...], "error": "Bad Request"}`` (the notes);
- KYC: not documented by the vendor (the public widget shows only its codes); the team chose
  ``{"success": false, "statusCode": 4xx, "error": {"code": "<CODE>", "message": "<text>"}}``.
"""

from collections.abc import Callable
from http import HTTPStatus

from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from sandbox.core.mount import vendor_path
from sandbox.hypersign_kyc.paths import service_of

# KYC codes. The public widget's own: SESSION_EXPIRED, ACCESS_TOKEN_EXPIRED (the user token),
# LIVELINESS_VERIFICATION_FAILED, DOCUMENT_VERIFICATION_FAILED. The others are the team's.
SESSION_EXPIRED = "SESSION_EXPIRED"
ACCESS_TOKEN_EXPIRED = "ACCESS_TOKEN_EXPIRED"
LIVELINESS_VERIFICATION_FAILED = "LIVELINESS_VERIFICATION_FAILED"
DOCUMENT_VERIFICATION_FAILED = "DOCUMENT_VERIFICATION_FAILED"
UNAUTHORIZED = "UNAUTHORIZED"  # an admin token (x-kyc-access-token, x-ssi-access-token)
INVALID_ACCESS_TOKEN = "INVALID_ACCESS_TOKEN"  # the user token or the DID-JWT
BAD_REQUEST = "BAD_REQUEST"
CONSENT_VERIFICATION_FAILED = "CONSENT_VERIFICATION_FAILED"
SESSION_NOT_FOUND = "SESSION_NOT_FOUND"
# The sandbox's own, for what no route answers: no such path or method, a body too large, a crash.
NOT_FOUND = "NOT_FOUND"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
KYC_CODES = {
    400: BAD_REQUEST,
    401: UNAUTHORIZED,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    413: PAYLOAD_TOO_LARGE,
    500: INTERNAL_SERVER_ERROR,
}
SERVER_ERROR = "Internal server error"

# A 200 cut off mid-body, per service: what a proxy that dropped the connection would hand over.
MALFORMED = {
    "dashboard": b'{"access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6Ik',
    "kyc": b'{"success": true, "data": {"sessionId": "5d7c',
    "ssi": b'{"did": "did:hid:z6MkmEFC8N1AUsinEBN',
}


class HypersignError(Exception):
    """An error answer of one of the three services, in that service's shape."""

    def __init__(self, service: str, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.service, self.status, self.message = service, status, message
        self.code = code or KYC_CODES.get(status, BAD_REQUEST)

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status)

    def body(self) -> dict:
        if self.service == "kyc":
            error = {"code": self.code, "message": self.message}
            return {"success": False, "statusCode": self.status, "error": error}
        message: str | list[str] = [self.message] if self.service == "ssi" else self.message
        return {"statusCode": self.status, "message": message, "error": _phrase(self.status)}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def dashboard(status: int, message: str) -> HypersignError:
    return HypersignError("dashboard", status, message)


def ssi(status: int, message: str) -> HypersignError:
    return HypersignError("ssi", status, message)


def kyc(status: int, code: str, message: str) -> HypersignError:
    return HypersignError("kyc", status, message, code)


def kyc_bad_request(message: str) -> HypersignError:
    return kyc(400, BAD_REQUEST, message)


class ForService(Response):
    """An answer the gateway sends before any route runs (an armed fault, no such path or
    method, a body too large): the simulator cannot tell then which service the call was for,
    so the body is chosen when it is sent, from the request's path."""

    def __init__(self, render: Callable[[str], Response]) -> None:
        super().__init__()
        self._render = render

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self._render(service_of(vendor_path(scope)))
        for name, value in self.headers.items():  # the gateway's own marks (x-sandbox-fault)
            if name not in ("content-length", "content-type"):
                response.headers[name] = value
        await response(scope, receive, send)


def for_status(status: int, message: str) -> Response:
    """An error the sandbox raises itself (404, 405, 413), in the path's service's shape."""
    return ForService(lambda service: HypersignError(service, status, message).response())


def server_error() -> Response:
    return ForService(lambda service: HypersignError(service, 500, SERVER_ERROR).response())


def malformed_body() -> Response:
    return ForService(
        lambda service: Response(MALFORMED[service], status_code=200, media_type="application/json")
    )
