"""One error tree for every vendor, so a page can always say what went wrong and what to do.

KycError
├── VendorUnreachable        the request never got an answer
│   └── VendorTimeout        ... because the vendor took too long
├── VendorStatusError        the vendor answered with an error status (its own code/message)
│   └── InvalidCredentials   401: missing or wrong credentials
└── ContractViolation        the answer is not the documented shape (garbage, missing keys)
"""

from typing import Any


class KycError(Exception):
    """Base of every adapter error; `vendor` is the vendor id."""

    def __init__(self, vendor: str, message: str) -> None:
        super().__init__(message)
        self.vendor = vendor
        self.message = message
        # The answer's headers, when there was an answer (set by kyc_adapters.base.call).
        self.response_headers: dict[str, str] = {}


class VendorUnreachable(KycError):
    pass


class VendorTimeout(VendorUnreachable):
    pass


class VendorStatusError(KycError):
    def __init__(
        self,
        vendor: str,
        *,
        status_code: int,
        code: str | None,
        message: str,
        body: Any = None,
    ) -> None:
        super().__init__(vendor, message)
        self.status_code = status_code
        self.code = code
        self.body = body


class InvalidCredentials(VendorStatusError):
    pass


class ContractViolation(KycError):
    def __init__(self, vendor: str, message: str, *, body: Any = None) -> None:
        super().__init__(vendor, message)
        self.body = body
