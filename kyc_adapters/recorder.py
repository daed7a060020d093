"""The one place every exchange passes: a transport wrapper that times, redacts and records it.

Wrapping the transport (rather than an event hook) also records the calls that never got an
answer: timeouts and refused connections.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx

from kyc_adapters.redaction import REDACTED, SECRET_KEYS, redact_body, redact_headers

STEP = "kyc.step"  # request extension naming the flow step, set by the adapters
MAX_TEXT = 4000


@dataclass(frozen=True)
class Exchange:
    """One request and its answer (or failure), already redacted."""

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
    error: str | None = None


class RecordingTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        sink: Callable[[Exchange], None],
        *,
        mask_pii: bool = True,
    ) -> None:
        self._inner = inner
        self._sink = sink
        self._mask_pii = mask_pii

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started_at = datetime.now(UTC)
        began = time.perf_counter()
        try:
            response = self._inner.handle_request(request)
            response.read()
        except httpx.HTTPError as exc:
            self._record(request, started_at, began, error=f"{type(exc).__name__}: {exc}")
            raise
        self._record(request, started_at, began, response=response)
        return response

    def close(self) -> None:
        self._inner.close()

    def _record(self, request, started_at, began, *, response=None, error=None) -> None:
        latency_ms = (time.perf_counter() - began) * 1000
        exchange = Exchange(
            step=str(request.extensions.get(STEP, "")),
            method=request.method,
            url=_redact_url(request.url),
            request_headers=redact_headers(_as_sent(request.headers)),
            request_body=self._body(request.headers, _request_content(request)),
            started_at=started_at,
            latency_ms=round(latency_ms, 2),
            status_code=response.status_code if response is not None else None,
            response_headers=redact_headers(_as_sent(response.headers))
            if response is not None
            else {},
            response_body=(
                self._body(response.headers, response.content) if response is not None else None
            ),
            error=error,
        )
        self._sink(exchange)

    def _body(self, headers: httpx.Headers, content: bytes) -> Any:
        if not content:
            return None
        content_type = headers.get("content-type", "")
        if content_type.startswith("multipart/"):
            return f"<multipart body, {len(content)} bytes>"
        text = content.decode("utf-8", errors="replace")
        if content_type.startswith("application/x-www-form-urlencoded"):
            return redact_body(dict(parse_qsl(text)), mask_pii=self._mask_pii)
        try:
            return redact_body(json.loads(text), mask_pii=self._mask_pii)
        except ValueError:
            return text[:MAX_TEXT] + ("…" if len(text) > MAX_TEXT else "")


def _as_sent(headers: httpx.Headers) -> dict[str, str]:
    """Header names with the casing they went out with (httpx lowercases them otherwise)."""
    return {name.decode("latin-1"): value.decode("latin-1") for name, value in headers.raw}


def _request_content(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return b""


def _redact_url(url: httpx.URL) -> str:
    if not url.query:
        return str(url)
    params = [
        (key, REDACTED if key.lower() in SECRET_KEYS else value)
        for key, value in url.params.multi_items()
    ]
    return str(url.copy_with(params=params))
