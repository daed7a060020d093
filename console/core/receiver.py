"""The local webhook receiver: vendor callbacks land here and go, redacted, into the history.

`GET /redirects/{vendor}?...`: where a vendor's hosted journey sends the user's browser when it
ends. Its query (the vendor's own keys) is stored under the console journey that registered
one of its values with `expect_redirect` (a vendor's journey reference, say), once, and the
browser gets a short page saying the console has it.

`POST /webhooks/{vendor}?journey=<id>&mode=sandbox|live`. A body over `MAX_BODY` bytes is
refused with 413 before it is read whole; a journey id or mode that could not be stored is
refused with 422. What is kept of a body is clipped to `KEPT_BODY` characters. Parsing,
redaction and the database write run in a worker thread: the receiver shares its event loop
with the sandbox, and a slow SQLite write there would stall every vendor call.
"""

import json
import re
import threading
from collections import OrderedDict
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from console.core.history import UNASSIGNED, HistoryStore
from console.registry import VENDOR_IDS
from kyc_adapters.redaction import Redactor

MAX_BODY = 256 * 1024
KEPT_BODY = 16_000  # characters of a body's JSON (or text) kept in history
JOURNEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}")  # fits journeys.id (40)
MODES = ("sandbox", "live")


class TooLarge(Exception):
    pass


def create_receiver(store: HistoryStore, redactor: Redactor) -> Starlette:
    async def receive(request: Request) -> JSONResponse:
        vendor = request.path_params["vendor"]
        if vendor not in VENDOR_IDS:
            return JSONResponse({"detail": f"unknown vendor {vendor!r}"}, status_code=404)
        journey_id = request.query_params.get("journey") or UNASSIGNED
        mode = request.query_params.get("mode", "sandbox")
        if not JOURNEY_ID.fullmatch(journey_id):
            return _refuse(422, "journey must be 1-40 letters, digits, '-', '_', '.' or ':'")
        if mode not in MODES:
            return _refuse(422, "mode must be sandbox or live")
        try:
            raw = await _read_capped(request, MAX_BODY)
        except TooLarge:
            # Close the connection: kept alive, the server would go on reading the rest.
            response = _refuse(413, f"the body is over {MAX_BODY} bytes")
            response.headers["Connection"] = "close"
            return response
        headers = dict(request.headers)
        await run_in_threadpool(_record, store, redactor, vendor, journey_id, mode, headers, raw)
        return JSONResponse({"received": True})

    async def redirected(request: Request) -> Response:
        vendor = request.path_params["vendor"]
        if vendor not in VENDOR_IDS:
            return JSONResponse({"detail": f"unknown vendor {vendor!r}"}, status_code=404)
        query = dict(request.query_params)
        journey_id, mode = _expected(vendor, query)
        await run_in_threadpool(_record_redirect, store, redactor, vendor, journey_id, mode, query)
        return HTMLResponse(REDIRECT_PAGE)

    return Starlette(
        routes=[
            Route("/webhooks/{vendor}", receive, methods=["POST"]),
            Route("/redirects/{vendor}", redirected, methods=["GET"]),
        ]
    )


# What the browser (often an iframe in the console's own page) shows once it is redirected.
REDIRECT_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Done</title><style>
body{font-family:system-ui,sans-serif;display:flex;align-items:center;justify-content:center;
height:90vh;margin:0;color:#31333f}div{text-align:center}p{color:#6b6f7b}</style></head>
<body><div><h2>The journey has ended</h2><p>The console has the result: it shows it beside
this frame.</p></div></body></html>"""
_expected_lock = threading.Lock()
_expected_refs: OrderedDict[tuple[str, str], tuple[str, str]] = OrderedDict()
MAX_EXPECTED = 10_000
MAX_REFERENCE = 64  # characters: a vendor's journey reference, never a document


def expect_redirect(vendor: str, reference: str, journey_id: str, mode: str) -> None:
    """The next redirect for `vendor` whose query holds `reference` belongs to `journey_id`
    (once: a replayed redirect is filed as unassigned)."""
    if not reference or len(reference) > MAX_REFERENCE:
        return
    with _expected_lock:
        _expected_refs[(vendor, reference)] = (journey_id, mode)
        _expected_refs.move_to_end((vendor, reference))
        while len(_expected_refs) > MAX_EXPECTED:  # the oldest first
            _expected_refs.popitem(last=False)


def _expected(vendor: str, query: dict[str, str]) -> tuple[str, str]:
    """The journey that expected this redirect, used up; else unassigned. A redirect is open
    to anything on this machine, so only a registered reference files it under a journey."""
    with _expected_lock:
        for value in query.values():
            if (vendor, value) in _expected_refs:
                return _expected_refs.pop((vendor, value))
    return UNASSIGNED, "sandbox"


def _record_redirect(
    store: HistoryStore,
    redactor: Redactor,
    vendor: str,
    journey_id: str,
    mode: str,
    query: dict[str, str],
) -> None:
    store.record_event(
        journey_id,
        vendor,
        mode,
        kind="webhook",
        step="redirect",
        outcome="success",
        detail={"query": _clip(_redact(redactor, query))},
    )


def _refuse(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


async def _read_capped(request: Request, limit: int) -> bytes:
    """The body, read as it streams in; TooLarge as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _record(
    store: HistoryStore,
    redactor: Redactor,
    vendor: str,
    journey_id: str,
    mode: str,
    headers: dict[str, str],
    raw: bytes,
) -> None:
    body, problem = _parse(raw)
    kept = {"headers": _clip(redactor.headers(headers)), "body": _clip(_redact(redactor, body))}
    store.record_event(
        journey_id,
        vendor,
        mode,
        kind="webhook",
        step="callback",
        outcome="failure" if problem else "success",
        error=problem,
        detail=kept,
    )


def _parse(raw: bytes) -> tuple[Any, str | None]:
    """(body, what is wrong with it): a JSON object is what a callback should carry."""
    try:
        body = json.loads(raw) if raw else None
    except (ValueError, RecursionError):
        return raw.decode("utf-8", errors="replace"), "callback body is not JSON"
    if not isinstance(body, dict):
        return body, "callback body is not a JSON object"
    return body, None


def _redact(redactor: Redactor, body: Any) -> Any:
    try:
        return redactor.body(body)
    except RecursionError:  # nested deeper than the redactor walks: keep none of it
        return "<JSON nested too deeply to store>"


def _clip(value: Any) -> Any:
    """`value` as is when its JSON is at most KEPT_BODY characters, else the start of that
    JSON as text, marked as clipped."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) <= KEPT_BODY:
        return value
    return f"{text[:KEPT_BODY]}… [clipped: {len(text)} characters in all]"
