"""Message Central e-KYC Now: POST /ekyc/api/v1/redirection/generate-url
(messagecentral-ekyc-now.txt), through an injected `httpx.Client` whose base URL is the vendor's
(https://ekyc.messagecentral.com) or the sandbox's prefix.

Sent as the document's cURL sends it: headers `flow_id` and `api_key: Bearer <key>`, and
`company_name` as a multipart form field (`--form`). The document's table also lists
`Content-Type: application/json` and its first 401 reads "Missing company name in Header"; the
cURL is the one followed (the sandbox accepts all three ways).

Errors, all in FastAPI's `{"detail": ...}` shape:
- 401 -> InvalidCredentials, the vendor's `detail` as the message and, as `code`, the request
  field at fault: the three documented bodies are "company_name", "api_key", "flow_id". Not
  documented by the vendor (the team's contract, as the sandbox answers them): "Invalid API
  key or flow_id" -> "api_key_or_flow_id", "Invalid company name" -> "company_name",
  403 "Trial attempts exhausted" -> TrialExhausted "trial_exhausted", 429 "Too many requests"
  -> RateLimited "rate_limited". Other wordings are matched by the field they name.
- Any other error status -> VendorStatusError (code None unless a field is named), even when
  its body is not JSON (a proxy's 502 page): the status is the news.
- A 200 that is not the documented object (garbage, a missing key, a url that is not http(s))
  -> ContractViolation.
- Empty or unsendable values are refused before sending: InvalidRequest, `code` the field.
"""

from typing import Any
from urllib.parse import urlsplit

import httpx

from kyc_adapters.base import call, json_body, parse_model
from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    KycError,
    VendorStatusError,
)
from kyc_adapters.messagecentral_ekyc.models import GENERATE_PATH, VENDOR, RedirectionUrl
from kyc_adapters.redaction import REDACTED

STEP_GENERATE = "generate-url"

# The `code` of each refusal: the request field to fix, or what happened.
COMPANY_NAME = "company_name"
API_KEY = "api_key"
FLOW_ID = "flow_id"
API_KEY_OR_FLOW_ID = "api_key_or_flow_id"
TRIAL_EXHAUSTED = "trial_exhausted"
RATE_LIMITED = "rate_limited"

# The vendor's `detail` texts, word for word: the document's three 401s, then the contract's.
KNOWN_DETAILS = {
    "Missing company name in Header": COMPANY_NAME,
    "API Key must be 'Bearer '": API_KEY,
    "Missing flow_id header/query.": FLOW_ID,
    "Invalid API key or flow_id": API_KEY_OR_FLOW_ID,
    "Invalid company name": COMPANY_NAME,
    "Trial attempts exhausted": TRIAL_EXHAUSTED,
    "Too many requests": RATE_LIMITED,
}


class InvalidRequest(KycError, ValueError):
    """A value the vendor cannot take (empty, or not sendable in a header); nothing was sent.
    `code` names the field to fix: flow_id, company_name or api_key."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(VENDOR, message)
        self.code = code


class TrialExhausted(VendorStatusError):
    """403: the trial key has used its five (5) free attempts."""


class RateLimited(VendorStatusError):
    """429: too many generations; `retry_after` is the Retry-After header's seconds, if any."""

    @property
    def retry_after(self) -> float | None:
        try:
            return float(self.response_headers.get("retry-after", ""))
        except ValueError:
            return None


class MessageCentralEkycClient:
    """Generates e-KYC Now redirection URLs. `api_key` is the key only (the client sends
    `Bearer <key>`); a call may pass another one (the Trial API Key for the Trial flow)."""

    def __init__(
        self, http: httpx.Client, *, api_key: str, generate_path: str = GENERATE_PATH
    ) -> None:
        self._http = http
        self._api_key = api_key
        self._generate_path = generate_path

    def __repr__(self) -> str:  # never the key
        return f"{type(self).__name__}(base_url={str(self._http.base_url)!r})"

    def generate_url(
        self, *, flow_id: str, company_name: str, api_key: str | None = None
    ) -> RedirectionUrl:
        """A single-use URL for one user's hosted journey on `flow_id` (Basic, Premium or
        Trial), valid `expires_in_minutes` (30) from now. Surrounding spaces (a paste's) are
        trimmed from each value; `api_key` None is the client's own key."""
        key = _header_value(API_KEY, "API key", self._api_key if api_key is None else api_key)
        if key.lower().startswith("bearer "):
            raise InvalidRequest(
                API_KEY, "Give the API key alone: the client adds the 'Bearer ' prefix itself."
            )
        flow = _header_value(FLOW_ID, "flow id", flow_id)
        if company_name is not None and not isinstance(company_name, str):
            raise InvalidRequest(
                COMPANY_NAME, f"The company name must be text, not {type(company_name).__name__}."
            )
        company = (company_name or "").strip()
        if not company:
            raise InvalidRequest(
                COMPANY_NAME,
                "The company name is empty: enter the one your e-KYC account was registered with.",
            )
        return call(
            self._http,
            VENDOR,
            STEP_GENERATE,
            "POST",
            self._generate_path,
            _redirection_url,
            headers={"flow_id": flow, "api_key": f"Bearer {key}", "Accept": "application/json"},
            # A file-less part: multipart/form-data, as cURL's --form sends it.
            files=[("company_name", (None, company))],
        )


# --- local checks -----------------------------------------------------------------------

_EMPTY = {
    API_KEY: "The API key is empty: copy it from the Developer Guide section of the e-KYC "
    "console (the Trial API Key for the Trial flow).",
    FLOW_ID: "The flow id is empty: copy the Flow ID of your Basic, Premium or Trial flow from "
    "the e-KYC console.",
}


def _header_value(code: str, name: str, value: object) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidRequest(code, f"The {name} must be text, not {type(value).__name__}.")
    text = (value or "").strip()
    if not text:
        raise InvalidRequest(code, _EMPTY[code])
    if not all(" " <= char <= "~" for char in text):
        # httpx sends header values as ASCII; a control character would split the header.
        raise InvalidRequest(
            code,
            f"The {name} has a character a header cannot carry (only printable ASCII): "
            "copy it again from the e-KYC console.",
        )
    return text


# --- the answer -------------------------------------------------------------------------


def _redirection_url(response: httpx.Response) -> RedirectionUrl:
    if not response.is_success:
        raise _refusal(response)
    data = json_body(VENDOR, response)
    if not isinstance(data, dict):
        raise ContractViolation(
            VENDOR, f"The answer (HTTP {response.status_code}) is not a JSON object.", body=data
        )
    if "url" not in data and "detail" in data:
        raise ContractViolation(
            VENDOR,
            f"HTTP {response.status_code} without a URL; the vendor said: "
            f"{_detail_text(data['detail'])}",
            body=_without_secrets(data),
        )
    try:
        answer = parse_model(VENDOR, RedirectionUrl, data)
    except ContractViolation as exc:
        exc.body = _without_secrets(data)
        raise
    # Not checked: spaces. The document's own sample reads ".../kyc/flow HfBIyufQ-..." where
    # its trial sample has "/kyc/flow/"; the url is kept as the vendor gave it.
    try:
        parts = urlsplit(answer.url)
        _ = parts.port  # a malformed host or port raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ContractViolation(
            VENDOR,
            "The url is not an http(s) address: it cannot be embedded.",
            body=_without_secrets(data),
        )
    return answer


def _refusal(response: httpx.Response) -> VendorStatusError:
    status = response.status_code
    try:
        data = response.json()
    except (ValueError, RecursionError):
        data = None
    detail = _detail_text(data.get("detail")) if isinstance(data, dict) else ""
    code = refusal_code(status, detail) if detail else None
    if status == 429:
        kind: type[VendorStatusError] = RateLimited
        code = RATE_LIMITED
    elif code == TRIAL_EXHAUSTED:
        kind = TrialExhausted
    elif status == 401:
        kind = InvalidCredentials
    else:
        kind = VendorStatusError
    message = detail or (f"HTTP {status}" + ("" if data is not None else " (no JSON body)"))
    body = data if data is not None else response.text[:2000]
    return kind(VENDOR, status_code=status, code=code, message=message, body=body)


def refusal_code(status: int, detail: str) -> str | None:
    """The field at fault (or what happened) for a refusal's `detail`: the known texts word
    for word, else by the words another wording uses."""
    if detail in KNOWN_DETAILS:
        return KNOWN_DETAILS[detail]
    words = detail.lower()
    names_key = "api key" in words or "api_key" in words or "bearer" in words
    if status == 403 and "trial" in words:
        return TRIAL_EXHAUSTED
    if "company" in words:
        return COMPANY_NAME
    if "flow" in words and names_key:
        return API_KEY_OR_FLOW_ID
    if "flow" in words:
        return FLOW_ID
    if names_key:
        return API_KEY
    return None


def _detail_text(detail: Any) -> str:
    """FastAPI's `detail`: a text, or (a validation error) a list of {loc, msg}."""
    if detail is None:
        return ""
    if isinstance(detail, list):
        return "; ".join(_detail_text(item) for item in detail if item is not None)
    if isinstance(detail, dict) and "msg" in detail:
        where = ".".join(str(part) for part in detail.get("loc") or [] if part != "body")
        return f"{where}: {detail['msg']}" if where else str(detail["msg"])
    return str(detail)


def _without_secrets(data: dict[str, Any]) -> dict[str, Any]:
    """An answer kept on an error: its URL and token never travel with it."""
    return {k: REDACTED if k in ("url", "token") and v else v for k, v in data.items()}
