"""e-KYC Now's error bodies: FastAPI's own shape, {"detail": "<message>"}, as the document shows.

The three 401 messages are the document's, word for word. The others are not documented by the
vendor; each is the team's choice (notes/ekyc-contract.md), in the same shape.
"""

from starlette.responses import JSONResponse, Response

# Documented (401), verbatim.
MISSING_COMPANY_NAME = "Missing company name in Header"
API_KEY_NOT_BEARER = "API Key must be 'Bearer '"
MISSING_FLOW_ID = "Missing flow_id header/query."
# Chosen.
INVALID_KEY_OR_FLOW = "Invalid API key or flow_id"
INVALID_COMPANY_NAME = "Invalid company name"
TRIAL_EXHAUSTED = "Trial attempts exhausted"
TOO_MANY_REQUESTS = "Too many requests"
# FastAPI's and Starlette's own texts for what no route answers.
SERVER_ERROR = "Internal Server Error"
PHRASES = {404: "Not Found", 405: "Method Not Allowed"}

# A 200 cut off mid-body: what a proxy that dropped the connection would hand over.
MALFORMED_BODY = b'{"url": "https://ekyc.messagecentral.com/kyc/flow/HfBIyufQ-9O9AauFtBMK'


class EkycError(Exception):
    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers

    def response(self) -> JSONResponse:
        return JSONResponse({"detail": self.detail}, status_code=self.status, headers=self.headers)


def unauthorized(detail: str) -> EkycError:
    return EkycError(401, detail)


def for_status(status: int, message: str) -> Response:
    """An error the sandbox raises itself (no such path or method, a body too large, a form it
    cannot parse), in the vendor's shape."""
    return EkycError(status, PHRASES.get(status, message)).response()


def server_error() -> Response:
    return EkycError(500, SERVER_ERROR).response()


def malformed_body() -> Response:
    return Response(MALFORMED_BODY, status_code=200, media_type="application/json")
