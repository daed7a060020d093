"""HyperVerge's response envelope, shared by its CKYC Download and CKYC Validation APIs.

Success: {"status": "success", "statusCode": "200", "result": {...}} (statusCode a string in the
samples, a number in Validation's structure: either is accepted). Failure: {"status": "failure"
(Validation's 400 (a) sample says "fail"), "statusCode": "4xx", "error": {"code", "message"}},
except Validation's 401, whose "error" is the message string itself.
"""

from collections.abc import Callable

import httpx

from kyc_adapters.base import json_body, status_error
from kyc_adapters.errors import ContractViolation, KycError, VendorStatusError

Refine = Callable[[VendorStatusError], KycError]


def result_of(vendor: str, response: httpx.Response, refine: Refine = lambda e: e) -> dict:
    """The `result` object of a success body; otherwise the vendor's error, raised after
    `refine` has turned it into a more precise one where the vendor's message allows."""
    data = json_body(vendor, response)
    if not isinstance(data, dict):
        raise ContractViolation(vendor, "the body is not a JSON object", body=data)
    if response.is_success and data.get("status") == "success":
        if not isinstance(data.get("result"), dict):
            raise ContractViolation(vendor, "success without a result object", body=data)
        return data["result"]
    if response.is_success:
        raise ContractViolation(vendor, f"status {data.get('status')!r} on HTTP 200", body=data)
    error = data.get("error")
    if isinstance(error, dict):
        code, message = error.get("code"), str(error.get("message", ""))
    else:
        code, message = None, str(error or data.get("message") or f"HTTP {response.status_code}")
    raise refine(status_error(vendor, response, code, message, data))
