"""What never leaves the adapter layer (secrets) and what is masked by default (personal data).

A `Redactor` knows secrets two ways: by key name (headers, body keys, query parameters) and by
value (the configured credentials themselves), so a secret that turns up inside an error text,
a URL or a free-form body is caught too.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

REDACTED = "[REDACTED]"
# Keys that are secrets for any vendor; each vendor adds its own (see the console's registry).
GENERIC_SECRET_KEYS = (
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "password",
    "secret",
    "token",
    "access_token",
    "api_key",
    "apiKey",
    "client_secret",
)
LONG_BLOB = 512  # base64 images and the like are summarised, not stored
SHORT_SECRET = 4  # shorter configured values are not searched for in text (too many false hits)
_BASE64ISH = re.compile(r"^[A-Za-z0-9+/=\s]+$")


def mask(value: str) -> str:
    """Keep the last 4 characters of a long identifier; hide a short one (an OTP) whole.

    An Aadhaar idNo (aadhaar|name|dob|gender) is masked part by part."""
    if "|" in value:
        first, *rest = value.split("|")
        return "|".join([mask(first), *("*" * len(part) for part in rest)])
    if len(value) <= 8:  # keeping 4 of 8 or fewer would give half of it away
        return "*" * len(value)
    return "X" * (len(value) - 4) + value[-4:]


class Redactor:
    def __init__(
        self,
        *,
        secret_keys: Iterable[str] = (),
        pii_keys: Iterable[str] = (),
        secret_values: Iterable[str] = (),
        mask_pii: bool = True,
    ) -> None:
        self.secret_keys = frozenset(k.lower() for k in (*GENERIC_SECRET_KEYS, *secret_keys))
        self.pii_keys = frozenset(k.lower() for k in pii_keys)
        self.mask_pii = mask_pii
        self.secret_values = tuple(secret_values)
        self._needles = sorted(
            {form for value in secret_values for form in _forms(value)}, key=len, reverse=True
        )

    def text(self, text: str) -> str:
        for needle in self._needles:
            text = text.replace(needle, REDACTED)
        return text

    def derive(
        self, *, secret_values: Iterable[str] = (), mask_pii: bool | None = None
    ) -> "Redactor":
        """The same keys, these secret values as well, and masking as given (else as now)."""
        return Redactor(
            secret_keys=self.secret_keys,
            pii_keys=self.pii_keys,
            secret_values=(*self.secret_values, *secret_values),
            mask_pii=self.mask_pii if mask_pii is None else mask_pii,
        )

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: REDACTED if name.lower() in self.secret_keys else self.text(value)
            for name, value in headers.items()
        }

    def body(self, body: Any) -> Any:
        """A copy of a JSON-like body with secrets removed, PII masked and blobs summarised."""
        if isinstance(body, Mapping):
            return {str(key): self._value(str(key), value) for key, value in body.items()}
        if isinstance(body, list):
            return [self.body(item) for item in body]
        if isinstance(body, str):
            return self.text(_summarise(body))
        return body

    def url(self, url: str) -> str:
        """No user:password@, secret query parameters redacted, PII ones masked."""
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        query = "&".join(self._query_pair(pair) for pair in parts.query.split("&") if pair)
        return self.text(urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment)))

    def _query_pair(self, pair: str) -> str:
        key, sep, value = pair.partition("=")
        lowered = key.lower()
        if lowered in self.secret_keys:
            return f"{key}={quote(REDACTED)}"
        if self.mask_pii and lowered in self.pii_keys and value:
            return f"{key}={quote(mask(value))}"
        return f"{key}{sep}{value}"

    def _value(self, key: str, value: Any) -> Any:
        lowered = key.lower()
        if lowered in self.secret_keys and value not in (None, ""):
            return REDACTED
        if self.mask_pii and lowered in self.pii_keys:
            # A personal key holding an object ({"value": "9999 4105 7058", "conf": 90}): every
            # text inside it is masked too.
            return self._mask_all(value)
        return self.body(value)

    def _mask_all(self, value: Any) -> Any:
        if isinstance(value, str):
            return mask(value) if value else value
        if isinstance(value, Mapping):
            return {str(key): self._mask_all(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._mask_all(item) for item in value]
        return value


def _forms(value: str) -> set[str]:
    """The ways a configured secret can appear in text: as is, trimmed, escaped as bytes."""
    forms = {value, value.strip(), repr(value.encode())[2:-1], quote(value, safe="")}
    return {form for form in forms if len(form) >= SHORT_SECRET}


def _summarise(text: str) -> str:
    if len(text) > LONG_BLOB and _BASE64ISH.match(text[:LONG_BLOB]):
        return f"<base64, {len(text)} characters>"
    return text
