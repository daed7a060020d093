"""The one place every exchange passes: a transport wrapper that times, redacts and records it.

Wrapping the transport (rather than an event hook) also records the calls that never got an
answer: timeouts and refused connections. One transport serves a vendor and mode for as long as
their settings hold; each request says, in its extensions, which journey and step it belongs to, and
carries a `PendingVerdict` that the adapter settles once it has read the answer, so the
history stores the adapter's verdict, not the bare HTTP status.

An optional `capture` hook also sees each request as sent, secrets out but personal data as
typed (`SentRequest`), so a console can offer a replayable cURL of its own session's calls
while the history keeps only the masked copy.
"""

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx

from kyc_adapters.redaction import REDACTED, Redactor

STEP = "kyc.step"  # request extension: the flow step, set by the adapters
JOURNEY = "kyc.journey"  # request extension: the journey id
VERDICT = "kyc.verdict"  # request extension: a PendingVerdict
MAX_TEXT = 4000
_journey: ContextVar[str | None] = ContextVar("kyc_journey", default=None)


def current_journey() -> str | None:
    return _journey.get()


@contextmanager
def journey(journey_id: str) -> Iterator[None]:
    """Every call made inside is filed under `journey_id`."""
    token = _journey.set(journey_id)
    try:
        yield
    finally:
        _journey.reset(token)


@dataclass(frozen=True)
class Exchange:
    """One request and its answer (or failure), already redacted."""

    journey_id: str | None
    step: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: Any
    started_at: datetime
    latency_ms: float
    status_code: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: Any = None
    outcome: str = "success"  # success | failure | error
    error: str | None = None
    # What the response does not match in the vendor's documented contract (one dict per
    # finding); None: not checked. Filled by the console's contract check, not the recorder.
    contract: list[dict] | None = None
    # The vendor's own error code when the adapter read one (a VendorStatusError's code).
    error_code: str | None = None


Sink = Callable[[Exchange], None]


@dataclass(frozen=True)
class SentRequest:
    """A request as it went out, for replaying it: secrets redacted (by key and by value),
    personal data as typed. Hold it in memory only; never store or log it."""

    journey_id: str | None
    step: str
    started_at: datetime  # the same instant as its recorded `Exchange.started_at`
    method: str
    url: str
    headers: dict[str, str]
    body: Any  # parsed JSON, text, or None


Capture = Callable[[SentRequest], None]


class PendingVerdict:
    """Holds an exchange until the adapter has judged the answer, then writes it once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: tuple[Exchange, Sink, Redactor] | None = None

    def hold(self, exchange: Exchange, sink: Sink, redactor: Redactor) -> None:
        with self._lock:
            self._held = (exchange, sink, redactor)

    def settle(self, outcome: str, message: str | None, code: str | None = None) -> None:
        with self._lock:
            held, self._held = self._held, None
        if held is not None:
            exchange, sink, redactor = held
            error = redactor.text(message) if message else None
            code = redactor.text(str(code))[:80] if code else None
            sink(replace(exchange, outcome=outcome, error=error, error_code=code))


class RecordingTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        sink: Sink,
        redactor: Redactor,
        capture: Capture | None = None,
    ) -> None:
        self._inner = inner
        self._sink = sink
        self._redactor = redactor
        self._capture = capture

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started_at = datetime.now(UTC)
        began = time.perf_counter()
        if self._capture is not None:
            self._capture(self._sent(request, started_at))
        try:
            response = self._inner.handle_request(request)
            response.read()
        except httpx.HTTPError as exc:
            detail = self._redactor.text(f"{type(exc).__name__}: {exc}")
            self._sink(self._exchange(request, started_at, began, outcome="error", error=detail))
            raise
        exchange = self._exchange(request, started_at, began, response=response)
        pending = request.extensions.get(VERDICT)
        if isinstance(pending, PendingVerdict):
            pending.hold(exchange, self._sink, self._redactor)
        else:  # a call that no adapter judges: the HTTP status is all there is
            self._sink(replace(exchange, outcome="success" if response.is_success else "failure"))
        return response

    def close(self) -> None:
        self._inner.close()

    def _exchange(
        self, request, started_at, began, *, response=None, outcome="success", error=None
    ) -> Exchange:
        redact = self._redactor
        return Exchange(
            journey_id=request.extensions.get(JOURNEY),
            step=str(request.extensions.get(STEP, "")),
            method=request.method,
            url=redact.url(str(request.url)),
            request_headers=redact.headers(_as_sent(request.headers)),
            request_body=self._request_body(request),
            started_at=started_at,
            latency_ms=round((time.perf_counter() - began) * 1000, 2),
            status_code=response.status_code if response is not None else None,
            response_headers=redact.headers(_as_sent(response.headers)) if response else {},
            response_body=(
                self._body(response.headers, response.content) if response is not None else None
            ),
            outcome=outcome,
            error=error,
        )

    def _request_body(self, request: httpx.Request) -> Any:
        parts = multipart_parts(request)
        if parts is not None:  # fields redacted and masked like a JSON body, files summarised
            return {MULTIPART: self._redactor.body(parts)}
        return self._body(request.headers, _request_content(request))

    def _sent(self, request: httpx.Request, started_at: datetime) -> SentRequest:
        redact = self._redactor
        headers = {
            name: REDACTED if name.lower() in redact.secret_keys else redact.text(value)
            for name, value in _as_sent(request.headers).items()
        }
        parts = multipart_parts(request)
        content = b"" if parts is not None else _request_content(request)
        text = content.decode("utf-8", errors="replace") if content else ""
        try:
            body: Any = _secrets_out(json.loads(text), redact) if text else None
        except ValueError:
            body = redact.text(text)
        if parts is not None:
            body = {MULTIPART: _secrets_out(parts, redact)}
        url = httpx.URL(str(request.url)).copy_with(username=None, password=None)
        query = [
            (k, REDACTED if k.lower() in redact.secret_keys else v)
            for k, v in url.params.multi_items()
        ]
        return SentRequest(
            journey_id=request.extensions.get(JOURNEY),
            step=str(request.extensions.get(STEP, "")),
            started_at=started_at,
            method=request.method,
            url=redact.text(str(url.copy_with(params=query) if query else url)),
            headers=headers,
            body=body,
        )

    def _body(self, headers: httpx.Headers, content: bytes) -> Any:
        if not content:
            return None
        content_type = headers.get("content-type", "")
        if content_type.startswith("multipart/"):
            return f"<multipart body, {len(content)} bytes>"
        text = content.decode("utf-8", errors="replace")
        if content_type.startswith("application/x-www-form-urlencoded"):
            return self._redactor.body(dict(parse_qsl(text)))
        try:
            return self._redactor.body(json.loads(text))
        except RecursionError:
            return f"<JSON nested too deeply to record, {len(content)} bytes>"
        except ValueError:
            text = self._redactor.text(text)  # whole, before clipping: no half secret survives
            return text[:MAX_TEXT] + ("…" if len(text) > MAX_TEXT else "")


def _secrets_out(value: Any, redactor: Redactor) -> Any:
    """A JSON value with secret keys and configured secret values redacted, nothing else."""
    if isinstance(value, dict):
        return {
            key: REDACTED
            if str(key).lower() in redactor.secret_keys and item not in (None, "")
            else _secrets_out(item, redactor)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_secrets_out(item, redactor) for item in value]
    if isinstance(value, str):
        return redactor.text(value)
    return value


def _as_sent(headers: httpx.Headers) -> dict[str, str]:
    """Header names with the casing they went out with (httpx lowercases them otherwise)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in headers.raw}


MULTIPART = "multipart"  # a recorded body's key: {"form": {name: value}, "files": [...]}


def multipart_parts(request: httpx.Request) -> dict[str, Any] | None:
    """A multipart request's parts: its text fields, and each file by field, name, type and
    size (never its bytes). None for any other body."""
    stream = request.stream
    if not isinstance(stream, httpx._multipart.MultipartStream):
        return None
    form: dict[str, Any] = {}
    files: list[dict[str, Any]] = []
    for part in stream.fields:
        if isinstance(part, httpx._multipart.FileField) and part.filename is None:
            value = part.file if isinstance(part.file, bytes | str) else b""
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            form[part.name] = text  # a text part, sent the multipart way
        elif isinstance(part, httpx._multipart.FileField):
            content = part.file if isinstance(part.file, bytes | str) else b""
            files.append(
                {
                    "field": part.name,
                    "filename": part.filename,
                    "contentType": part.headers.get("Content-Type", ""),
                    "bytes": len(content),
                }
            )
        else:
            value = part.value
            form[part.name] = (
                value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            )
    return {"form": form, "files": files}


def _request_content(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return b""
