"""The local webhook receiver: vendor callbacks land here and go, redacted, into the history.

`POST /webhooks/{vendor}?journey=<id>&mode=sandbox|live`. A body over `MAX_BODY` bytes is
refused with 413 before it is read whole; a journey id or mode that could not be stored is
refused with 422. What is kept of a body is clipped to `KEPT_BODY` characters. Parsing,
redaction and the database write run in a worker thread: the receiver shares its event loop
with the sandbox, and a slow SQLite write there would stall every vendor call.
"""

import json
import re
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
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

    return Starlette(routes=[Route("/webhooks/{vendor}", receive, methods=["POST"])])


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
