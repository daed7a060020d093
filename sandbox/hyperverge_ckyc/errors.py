"""HyperVerge CKYC error bodies, exactly as the vendor shapes them (status codes are strings).

Documented codes: ER_REQ_VALIDATE (400) and ER_AUTH (401). Not documented by the vendor: the
codes of the other errors; we chose the ones in CODES and the adapter never relies on them.
"""

from starlette.responses import JSONResponse


class CkycError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.message)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    body = {
        "status": "failure",
        "statusCode": str(status),
        "error": {"code": code, "message": message},
    }
    return JSONResponse(body, status_code=status)


# Documented messages, verbatim.
AUTH_FACTOR_MISMATCH = (
    "Download failed. Auth Factor does not match that registered in the KYC record"
)
MOBILE_NOT_REGISTERED = (
    "Download failed. Mobile number is not registered in the KYC record. "
    "Please download using bulk file methods"
)
INVALID_CREDENTIALS = "Missing/Invalid credentials"
NO_RECORD = "No record found"
DSC_EXPIRED = "Digital signature cannot be verified. The certificate is expired."
SERVER_ERROR = "Internal Server Error"
INVALID_OTP = "Invalid OTP entered. Remaining attempts: {count}"
RESEND_TOO_EARLY = "Resend OTP Option enable post 90 sec from the first request."
OTP_EXHAUSTED = "Download failed as OTP validation was unsuccessful"
RESEND_SENT = (
    "Resend OTP Sent successfully to registered Mobile number {masked} remaining attempts ={count}"
)
# Not documented by the vendor: what a 4th resend and an unknown requestId answer.
RESEND_LIMIT = "Resend OTP limit reached. Restart the process by calling /api/v1/start again."
UNKNOWN_REQUEST = "Invalid requestId. Restart the process by calling /api/v1/start again."

CODES = {
    "validation": "ER_REQ_VALIDATE",
    "auth": "ER_AUTH",
    "not_found": "ER_NOT_FOUND",
    "signature": "ER_DSC",
    "otp": "ER_OTP",
    "server": "ER_SERVER",
}


def for_status(status: int, message: str) -> JSONResponse:
    """An error the sandbox raises itself (no such route, wrong method, body too large).

    Not documented by the vendor: these bodies; we keep the vendor's shape and choose the code.
    """
    code = CODES["not_found"] if status == 404 else CODES["server"] if status >= 500 else None
    return error_response(status, code or CODES["validation"], message)


def bad_request(message: str) -> CkycError:
    return CkycError(400, CODES["validation"], message)


def otp_error(message: str) -> CkycError:
    return CkycError(404, CODES["otp"], message)


def server_error() -> JSONResponse:
    return error_response(500, CODES["server"], SERVER_ERROR)
