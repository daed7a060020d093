"""HyperVerge CKYC Validation error bodies, exactly as the vendor shapes them (status codes are
strings).

Documented: the 401, whose "error" is the message string itself; 400 ER_REQ_VALIDATE (the
first_name sample says status "fail", the others "failure"); 400 ER_PAGE; 413 and 500 ER_SERVER.
"""

from starlette.responses import JSONResponse


class ValidationApiError(Exception):
    def __init__(self, status: int, code: str | None, message: str, word: str = "failure") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.word = status, code, message, word

    def response(self) -> JSONResponse:
        # The documented 401 carries its message as a plain string, not an object.
        error = self.message if self.code is None else {"code": self.code, "message": self.message}
        body = {"status": self.word, "statusCode": str(self.status), "error": error}
        return JSONResponse(body, status_code=self.status)


# Documented messages, verbatim.
INVALID_CREDENTIALS = "Missing/Invalid credentials"
FIRST_NAME_MISSING = "first_name should not be null or undefined"
SELFIE_MISSING = "Selfie image not sent as part of the payload"
TOO_MANY_PAGES = "pages exceeded the supported length of 5"
FILE_TOO_LARGE = "File too large"
SERVER_ERROR = "Internal server error"
# Not documented by the vendor: the message when none of the four ID numbers is sent (the
# document only says "at least one"), and when no document image comes with the selfie.
ID_MISSING = "At least one of aadhaar, driving_license, voter_id or passport is required"
NO_DOCUMENT = "No document image sent as part of the payload"

ER_REQ_VALIDATE = "ER_REQ_VALIDATE"
ER_PAGE = "ER_PAGE"
ER_SERVER = "ER_SERVER"
# Not documented by the vendor: the code of a 404 or 405 on a path or method it does not serve.
ER_NOT_FOUND = "ER_NOT_FOUND"


def unauthorized() -> ValidationApiError:
    return ValidationApiError(401, None, INVALID_CREDENTIALS)


def bad_request(message: str) -> ValidationApiError:
    return ValidationApiError(400, ER_REQ_VALIDATE, message)


def first_name_missing() -> ValidationApiError:
    return ValidationApiError(400, ER_REQ_VALIDATE, FIRST_NAME_MISSING, word="fail")


def selfie_missing() -> ValidationApiError:
    return bad_request(SELFIE_MISSING)


def too_many_pages() -> ValidationApiError:
    return ValidationApiError(400, ER_PAGE, TOO_MANY_PAGES)


def file_too_large() -> ValidationApiError:
    return ValidationApiError(413, ER_SERVER, FILE_TOO_LARGE)


def server_error() -> ValidationApiError:
    return ValidationApiError(500, ER_SERVER, SERVER_ERROR)


def for_status(status: int, message: str) -> JSONResponse:
    """An error the sandbox raises itself: any body over the cap is the vendor's 413; no such
    route or method keeps the vendor's shape with a code we chose."""
    if status == 413:
        return file_too_large().response()
    if status >= 500:
        return server_error().response()
    code = ER_NOT_FOUND if status in (404, 405) else ER_REQ_VALIDATE
    return ValidationApiError(status, code, message).response()
