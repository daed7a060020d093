"""Re-send a recorded request, edited, as a new journey (History's "Edit and re-send").

A draft starts from the history's record: personal data masked (History shows every session's
journeys, so it never offers another session's values as typed), secrets redacted. The user
edits the path, the non-secret headers and the body. Credentials are never part of a draft: the
vendor's configured (or, in sandbox mode, published) credential headers are added when it is
sent, and any other header the record holds redacted (a bearer token) must be typed in again.
The request goes only to an origin the vendor's settings name (the sandbox in sandbox mode), in
the mode it was recorded in, through the same recorder and contract check as a flow's calls,
under a new journey.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from console.core import clients, contract
from console.core.history import HistoryStore
from console.core.settings import CoreSettings
from console.core.spec import VendorSpec
from kyc_adapters.recorder import (
    JOURNEY,
    MULTIPART,
    STEP,
    VERDICT,
    PendingVerdict,
    RecordingTransport,
    journey,
)
from kyc_adapters.redaction import REDACTED, Redactor

# Set by httpx from the request itself; a copied value would be wrong after an edit.
_DERIVED_HEADERS = {"content-length", "host", "transfer-encoding", "connection", "accept-encoding"}
_MASKED = re.compile(r"^(X{2,}[^X]{1,4}|\*{2,})(\|\**)*$")  # what redaction.mask makes


RESENT = "resent"  # the journey outcome: its one call's own outcome says how it went


class ResendRefused(Exception):
    """A draft that cannot be sent as it stands; the message says what to change."""


@dataclass
class Draft:
    vendor: str
    step: str
    method: str
    origin: str  # scheme://host:port the request went to
    target: str  # path and query, editable
    headers: dict[str, str]  # non-secret headers, editable
    retype: list[str]  # headers recorded redacted (not credentials): the user types them again
    body: Any  # parsed JSON, a form dict, text, or None
    form: bool = False  # the body is application/x-www-form-urlencoded
    text: bool = False  # the body is plain text, sent as typed
    multipart: bool = False  # a form sent as multipart/form-data (text fields only)
    masked: list[str] = field(default_factory=list)  # body keys whose value looks masked
    redacted: list[str] = field(default_factory=list)  # body keys recorded as [REDACTED]
    mode: str = "sandbox"  # the mode it was recorded in

    @property
    def body_text(self) -> str:
        if self.body is None:
            return ""
        if isinstance(self.body, str):
            return self.body
        return json.dumps(self.body, indent=2, ensure_ascii=False)


def draft(row: Mapping[str, Any], spec: VendorSpec) -> Draft:
    """A draft of the exchange `row` (a full history row). Raises ResendRefused for what cannot
    be re-sent from History (an input row, a multipart upload)."""
    if row.get("kind") != "http" or not row.get("url"):
        raise ResendRefused("Only an HTTP call can be re-sent (this entry sent nothing).")
    recorded = row.get("request") or {}
    headers = dict(recorded.get("headers") or {})
    body = recorded.get("body")
    multipart = isinstance(body, dict) and MULTIPART in body
    if multipart:
        if (body[MULTIPART] or {}).get("files"):
            raise ResendRefused(
                "This call uploaded files: History keeps their names and sizes, not their "
                "bytes. Walk the flow's page again to send new photos."
            )
        body = dict((body[MULTIPART] or {}).get("form") or {})
    url = str(row["url"])
    parts = urlsplit(url)
    credential_headers = {name.lower() for name in spec.credential_headers}
    kept, retype = {}, []
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in _DERIVED_HEADERS or lowered in credential_headers:
            continue
        if lowered == "content-type" and multipart:  # its boundary is made anew when sent
            continue
        if value == REDACTED:
            retype.append(name)
        else:
            kept[name] = value
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return Draft(
        vendor=spec.id,
        step=str(row["step"]),
        method=str(row.get("method") or "GET"),
        origin=urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], "", "", "")),
        target=urlunsplit(("", "", parts.path or "/", parts.query, "")),
        headers=kept,
        retype=retype,
        body=body,
        form=multipart or content_type.startswith("application/x-www-form-urlencoded"),
        multipart=multipart,
        text=isinstance(body, str),
        masked=sorted(set(_masked_keys(body))),
        redacted=sorted(set(_redacted_keys(body))),
        mode=str(row.get("mode") or "sandbox"),
    )


def parse_body(text: str, form: bool, plain: bool = False) -> Any:
    """The edited body: JSON (an object of strings for a form body), the text itself for a
    plain-text body, or None when empty."""
    if not text.strip():
        return None
    if plain:
        return text
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ResendRefused(f"The body is not valid JSON: {exc.msg} (line {exc.lineno}).") from None
    if form and not (
        isinstance(value, dict) and all(isinstance(v, str | int | float) for v in value.values())
    ):
        raise ResendRefused("This call sends a form: the body must be one object of plain values.")
    return value


def parse_headers(text: str) -> dict[str, str]:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ResendRefused(f"The headers are not valid JSON: {exc.msg}.") from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ResendRefused('The headers must be one JSON object of text values: {"name": "v"}.')
    bad = [k for k, v in value.items() if not _header_safe(k) or not _header_safe(v)]
    if bad:
        raise ResendRefused(f"Header {bad[0]!r} holds a line break or a non-ASCII character.")
    derived = [k for k in value if k.lower() in _DERIVED_HEADERS]
    if derived:
        raise ResendRefused(f"{derived[0]} is set by the console when it sends: remove it.")
    return value


def target_problem(target: str) -> str | None:
    """Why an edited path cannot be sent, or None. The origin is fixed: only a path is edited."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return "The path must start with / (the host is the vendor's and cannot be changed)."
    if any(c.isspace() for c in target):
        return "The path holds a space or line break: encode it (%20)."
    return None


def destination(
    spec: VendorSpec,
    settings: CoreSettings,
    sandbox_url: str,
    recorded_origin: str,
    recorded_mode: str,
) -> tuple[str, str]:
    """(mode, origin) the re-sent request goes to: the mode it was recorded in, which must be
    the vendor's mode now. In sandbox mode this console's sandbox; in live mode the recorded
    origin, only if the vendor's settings name it (credentials go nowhere else)."""
    mode = settings.vendor(spec.id).mode
    if mode != recorded_mode:
        raise ResendRefused(
            f"This call was recorded in {recorded_mode} mode and {spec.vendor} is now in {mode} "
            f"mode: switch it back to {recorded_mode} on the Settings page to re-send it."
        )
    if mode == "sandbox":
        return mode, _origin(sandbox_url)
    configured = {
        _origin(value)
        for value in settings.vendor(spec.id).model_dump().values()
        if isinstance(value, str) and value.startswith(("http://", "https://"))
    }
    if recorded_origin not in configured:
        raise ResendRefused(
            f"{recorded_origin} is not a URL this vendor's live settings name: the console "
            "sends credentials only there. Re-send it in the mode it was recorded in."
        )
    return mode, recorded_origin


@dataclass(frozen=True)
class Resent:
    source: int  # the exchange it was drafted from
    journey_id: str
    mode: str
    status_code: int | None
    body: Any  # as recorded (redacted, masked)
    error: str | None


def send(
    draft_: Draft,
    *,
    spec: VendorSpec,
    settings: CoreSettings,
    sandbox_url: str,
    store: HistoryStore,
    redactor: Redactor,
    retyped: Mapping[str, str],
    source_journey: str,
    source: int,
) -> Resent:
    """Sends the draft as a new journey and returns what was recorded of it."""
    problem = target_problem(draft_.target)
    if problem:
        raise ResendRefused(problem)
    mode, origin = destination(spec, settings, sandbox_url, draft_.origin, draft_.mode)
    try:
        creds = clients.credentials(spec, settings, sandbox_url)
    except clients.NotConfigured as exc:
        raise ResendRefused(str(exc)) from None
    headers = dict(draft_.headers)
    for name, value in retyped.items():
        if value.strip():
            if not _header_safe(value):
                raise ResendRefused(f"{name}: holds a line break or a non-ASCII character.")
            headers[name] = value.strip()
    missing = [name for name in draft_.retype if name not in headers]
    if missing:
        raise ResendRefused(f"Type {', '.join(missing)} first: the record holds it redacted.")
    for header, setting in spec.credential_headers.items():
        if setting in creds:
            headers[header] = creds[setting]
    # Typed values (a pasted token, with or without its scheme) are redacted by value too.
    typed = [v.strip() for v in retyped.values() if v.strip()]
    bare = [v.split(" ", 1)[1] for v in typed if " " in v]
    redactor = redactor.derive(secret_values=[*typed, *bare, *creds.values()])
    journey_id = store.new_journey(
        spec.id,
        mode,
        summary=f"re-sent {draft_.step} of journey {source_journey[:8]}, edited",
        origin="resend",
    )
    sink = contract.checking(store.sink(spec.id, mode), spec.contract)
    transport = RecordingTransport(httpx.HTTPTransport(), sink, redactor)
    timeout = settings.vendor(spec.id).timeout_seconds or settings.timeout_seconds
    content: dict[str, Any] = {}
    if draft_.body is not None:
        content = {"data": draft_.body} if draft_.form else {"json": draft_.body}
        if draft_.multipart:
            content = {"files": {name: (None, str(v)) for name, v in draft_.body.items()}}
        if draft_.text:
            content = {"content": str(draft_.body).encode()}
    verdict = PendingVerdict()
    with httpx.Client(transport=transport, timeout=timeout) as http, journey(journey_id):
        try:
            response = http.request(
                draft_.method,
                origin + draft_.target,
                headers=headers,
                extensions={STEP: draft_.step, JOURNEY: journey_id, VERDICT: verdict},
                **content,
            )
        except httpx.HTTPError as exc:
            store.finish_journey(journey_id, RESENT)
            return Resent(source, journey_id, mode, None, None, _failure(exc))
    # The same verdict a flow's call would get from the status alone: a 5xx is the vendor's
    # error, a 4xx its refusal.
    status = response.status_code
    verdict.settle("success" if status < 400 else "failure" if status < 500 else "error", None)
    store.finish_journey(journey_id, RESENT)
    rows = store.journey_exchanges(journey_id)
    recorded = (rows[-1].get("response") or {}).get("body") if rows else None
    return Resent(source, journey_id, mode, response.status_code, recorded, None)


def _failure(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "The vendor did not answer in time."
    if isinstance(exc, httpx.ConnectError):
        return "The vendor could not be reached."
    return f"The exchange failed ({type(exc).__name__})."


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], "", "", ""))


def _header_safe(text: str) -> bool:
    return text.isascii() and text.isprintable()


def _masked_keys(body: Any, key: str = "") -> list[str]:
    if isinstance(body, dict):
        return [k for name, value in body.items() for k in _masked_keys(value, str(name))]
    if isinstance(body, list):
        return [k for item in body for k in _masked_keys(item, key)]
    if isinstance(body, str) and key and body and _MASKED.match(body):
        return [key]
    return []


def _redacted_keys(body: Any, key: str = "") -> list[str]:
    if isinstance(body, dict):
        return [k for name, value in body.items() for k in _redacted_keys(value, str(name))]
    if isinstance(body, list):
        return [k for item in body for k in _redacted_keys(item, key)]
    return [key] if key and body == REDACTED else []
