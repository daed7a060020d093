"""What never leaves the adapter layer (secrets) and what is masked by default (personal data)."""

import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[REDACTED]"
# Header and body keys whose values are secrets: never stored, never shown, not even masked.
SECRET_KEYS = frozenset(
    k.lower()
    for k in (
        "appKey",
        "api_key",
        "apiKey",
        "authorization",
        "x-api-secret-key",
        "x-onekyc-token",
        "x-kyc-access-token",
        "x-ssi-access-token",
        "access_token",
        "accessToken",
        "token",
        "clientSecret",
        "client_secret",
        "passKey",
        "pass_key",
        "secret",
        "password",
        "kycServiceUserAccessToken",
        "sdkToken",
        "cookie",
        "set-cookie",
    )
)
# Keys holding personal identifiers: masked to their last 4 characters unless unmasked.
PII_KEYS = frozenset(
    k.lower()
    for k in (
        "idNo",
        "mobileNo",
        "mobileNumber",
        "mobile",
        "aadhaar",
        "pan",
        "nik",
        "otp",
        "ckycNo",
        "email",
        "phoneNumber",
        "passport",
        "foreignNationalId",
    )
)
LONG_BLOB = 512  # base64 images and the like are summarised, not stored
_BASE64ISH = re.compile(r"^[A-Za-z0-9+/=\s]+$")


def mask(value: str) -> str:
    """Keep the last 4 characters; an Aadhaar idNo (aadhaar|name|dob|gender) is masked whole."""
    if "|" in value:
        first, *rest = value.split("|")
        return "|".join([mask(first), *("*" * len(part) for part in rest)])
    if len(value) <= 4:
        return "*" * len(value)
    return "X" * (len(value) - 4) + value[-4:]


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        name: (REDACTED if name.lower() in SECRET_KEYS else value)
        for name, value in headers.items()
    }


def redact_body(body: Any, *, mask_pii: bool = True) -> Any:
    """A copy of a JSON-like body with secrets removed, PII masked and blobs summarised."""
    if isinstance(body, Mapping):
        return {key: _redact_value(str(key), value, mask_pii) for key, value in body.items()}
    if isinstance(body, list):
        return [redact_body(item, mask_pii=mask_pii) for item in body]
    if isinstance(body, str):
        return _summarise(body)
    return body


def _redact_value(key: str, value: Any, mask_pii: bool) -> Any:
    lowered = key.lower()
    if lowered in SECRET_KEYS and value not in (None, ""):
        return REDACTED
    if mask_pii and lowered in PII_KEYS and isinstance(value, str) and value:
        return mask(value)
    return redact_body(value, mask_pii=mask_pii)


def _summarise(text: str) -> str:
    if len(text) > LONG_BLOB and _BASE64ISH.match(text[:LONG_BLOB]):
        return f"<base64, {len(text)} characters>"
    return text
