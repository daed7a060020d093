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

A vendor with a `WebhookSpec` (console/core/spec.py) gets more, in this order:
- its header (console/core/webhook_auth.py: name and exact value for the `mode` asked) is
  compared with `hmac.compare_digest` on bytes, before the body is read; anything else (no
  header, a wrong, non-ASCII or doubled one, no token configured) is 401 and a history row
  (step `callback-refused`, outcome `rejected`, headers redacted, no body, never the value);
- a body that is not a JSON object carrying the vendor's key is 422 and a history row;
- the callback is stored in the `callbacks` table BEFORE the 200, once per (vendor, key): a
  delivery of a stored key counts in `deliveries`, keeps the first body and is answered
  `{"received": true, "duplicate": true}`; a store that cannot write answers 503, so the
  vendor retries;
- it is filed under the console journey `journey(body)` names only when that journey is this
  vendor's, else unassigned; every delivery is also an exchange row (step `callback` or
  `callback-duplicate`) with its headers, body, auth, duplicate and key, for the inbox;
- the unredacted body stays in this process's memory only (bounded): `delivered(vendor, key)`.
"""

import hmac
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from console.core.history import UNASSIGNED, HistoryStore
from console.core.history_schema import MAX_CALLBACK_KEY
from console.core.spec import WebhookSpec
from console.core.webhook_auth import ExpectedHeader, current_settings, expected_from
from console.registry import VENDOR_IDS, VENDORS, ConsoleSettings
from kyc_adapters.redaction import REDACTED, Redactor

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024
KEPT_BODY = 16_000  # characters of a body's JSON (or text) kept in history
JOURNEY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}")  # fits journeys.id (40)
MODES = ("sandbox", "live")


class TooLarge(Exception):
    pass


class Unusable(Exception):
    """A callback body the receiver cannot store (no key, not JSON): why, as a sentence."""


def _too_large() -> JSONResponse:
    # Close the connection: kept alive, the server would go on reading the rest.
    response = _refuse(413, f"the body is over {MAX_BODY} bytes")
    response.headers["Connection"] = "close"
    return response


def create_receiver(
    store: HistoryStore,
    redactor: Redactor,
    *,
    webhooks: Mapping[str, WebhookSpec] | None = None,
    expected: ExpectedHeader | None = None,
) -> Starlette:
    """`webhooks`: the vendors whose callbacks are authenticated and stored, by vendor id
    (default: the registry's specs that have one). `expected`: (vendor, mode) -> the header
    name and exact value to require, or None to refuse all (default: from the settings as the
    environment and secrets.toml are at each delivery)."""
    if webhooks is None:
        webhooks = {spec.id: spec.webhook for spec in VENDORS if spec.webhook is not None}
    if expected is None:
        specs = {spec.id: spec for spec in VENDORS}
        expected = expected_from(current_settings(ConsoleSettings), lambda: specs)
    known = {*VENDOR_IDS, *webhooks}

    async def receive(request: Request) -> JSONResponse:
        vendor = request.path_params["vendor"]
        if vendor not in known:
            return JSONResponse({"detail": f"unknown vendor {vendor!r}"}, status_code=404)
        webhook = webhooks.get(vendor)
        if webhook is not None:
            return await _receive_callback(request, vendor, webhook)
        journey_id = request.query_params.get("journey") or UNASSIGNED
        mode = request.query_params.get("mode", "sandbox")
        if not JOURNEY_ID.fullmatch(journey_id):
            return _refuse(422, "journey must be 1-40 letters, digits, '-', '_', '.' or ':'")
        if mode not in MODES:
            return _refuse(422, "mode must be sandbox or live")
        try:
            raw = await _read_capped(request, MAX_BODY)
        except TooLarge:
            return _too_large()
        headers = dict(request.headers)
        await run_in_threadpool(_record, store, redactor, vendor, journey_id, mode, headers, raw)
        return JSONResponse({"received": True})

    async def _receive_callback(request: Request, vendor: str, webhook: WebhookSpec):
        mode = request.query_params.get("mode", "sandbox")
        if mode not in MODES:
            return _refuse(422, "mode must be sandbox or live")
        try:
            wanted = await run_in_threadpool(expected, vendor, mode)
        except Exception:  # settings that cannot be read (a bad KYC_* value): nothing to check
            log.error("receiver: the %s callback settings could not be read", vendor)
            headers = _callback_headers(request)
            why = "the console's settings for this vendor could not be read"
            await run_in_threadpool(_record_refused, store, vendor, mode, headers, why)
            return _refuse(503, f"{why}; send it again")
        refused = _auth_problem(request, wanted)
        headers = _callback_headers(request)
        if refused is not None:
            await run_in_threadpool(_record_refused, store, vendor, mode, headers, refused)
            return _refuse(401, refused)
        try:
            raw = await _read_capped(request, MAX_BODY)
        except TooLarge:
            return _too_large()
        try:
            duplicate = await run_in_threadpool(
                _store_callback, store, redactor, webhook, vendor, mode, headers, raw
            )
        except Unusable as problem:
            return _refuse(422, str(problem))
        except Exception:  # the store could not write it: say so, and the vendor retries
            log.exception("receiver: a %s callback could not be stored", vendor)
            return _refuse(503, "the callback could not be stored; send it again")
        if duplicate:
            return JSONResponse({"received": True, "duplicate": True})
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


# --- vendors with a WebhookSpec ---------------------------------------------------------------


def _auth_problem(request: Request, wanted: tuple[str, str] | None) -> str | None:
    """Why the request's auth header is not the expected one, or None. Compared as bytes, as
    they came on the wire: any value (non-ASCII, stray spaces, repeated) is just unequal."""
    if wanted is None:
        return "callbacks are not accepted: no callback token is configured for this mode"
    name, value = wanted
    lowered = name.lower().encode("latin-1", errors="replace")
    sent = [v for k, v in request.scope["headers"] if k.lower() == lowered]
    if not sent:
        return f"the {name} header is missing"
    if len(sent) > 1 or not hmac.compare_digest(sent[0], value.encode("utf-8")):
        return f"the {name} header is not the expected value"
    return None


# A callback's headers worth keeping for the inbox; every other value is redacted, whatever its
# name: a vendor authenticates with the header agreed with it, which may be any name, and a
# refused callback may carry a secret under a name the console was never told.
KEPT_HEADERS = frozenset(
    {"content-type", "content-length", "user-agent", "host", "accept", "accept-encoding"}
)


def _callback_headers(request: Request) -> dict[str, str]:
    """The request's headers as they may be stored: only harmless ones keep their value."""
    return {
        name: value if name.lower() in KEPT_HEADERS else REDACTED
        for name, value in request.headers.items()
    }


def _record_refused(
    store: HistoryStore, vendor: str, mode: str, headers: dict[str, str], why: str
) -> None:
    store.record_event(
        UNASSIGNED,
        vendor,
        mode,
        kind="webhook",
        step="callback-refused",
        outcome="rejected",
        error=why,
        detail={"headers": _clip(headers), "auth": "refused"},
    )


def _store_callback(
    store: HistoryStore,
    redactor: Redactor,
    webhook: WebhookSpec,
    vendor: str,
    mode: str,
    headers: dict[str, str],
    raw: bytes,
) -> bool:
    """Stores the callback (once per key), then its exchange row; True for a duplicate.
    Unusable when the body has no key (after a history row saying so)."""
    body, problem = _parse(raw)
    key = _call(webhook.key, body) if problem is None else None
    if problem is None and not key:
        problem = "the callback body carries no key to store it by"
    elif key and len(key) > MAX_CALLBACK_KEY:
        problem = f"the callback's key is over {MAX_CALLBACK_KEY} characters"
    kept = {"headers": _clip(headers), "body": _clip(_redact(redactor, body))}
    if problem is not None:
        store.record_event(
            UNASSIGNED,
            vendor,
            mode,
            kind="webhook",
            step="callback-invalid",
            outcome="failure",
            error=problem,
            detail={**kept, "auth": "right"},
        )
        raise Unusable(problem)
    named = _call(webhook.journey, body)
    journey_id = UNASSIGNED
    if named and JOURNEY_ID.fullmatch(named) and store.has_journey(named, vendor):
        journey_id = named
    new = store.save_callback(vendor, key, journey_id=journey_id, mode=mode, body=kept["body"])
    if new:
        _remember(vendor, key, body, len(raw))
    store.record_event(
        journey_id,
        vendor,
        mode,
        kind="webhook",
        step="callback" if new else "callback-duplicate",
        outcome="success",
        detail={**kept, "auth": "right", "duplicate": not new, "key": key},
    )
    return not new


def _call(read, body: dict) -> str | None:
    """A spec's reader applied to a body: its str, or None whatever else happens."""
    try:
        found = read(body)
    except Exception:
        return None
    return found if isinstance(found, str) and found else None


# The unredacted bodies, for this process's pages only: never written anywhere.
MAX_DELIVERED = 500
MAX_DELIVERED_BYTES = 32 * 1024 * 1024
_delivered_lock = threading.Lock()
_delivered: OrderedDict[tuple[str, str], tuple[dict, int]] = OrderedDict()
_delivered_bytes = 0


def _remember(vendor: str, key: str, body: dict, size: int) -> None:
    global _delivered_bytes
    with _delivered_lock:
        if (vendor, key) in _delivered:  # the first body stays, as in the store
            return
        _delivered[(vendor, key)] = (body, size)
        _delivered_bytes += size
        while len(_delivered) > MAX_DELIVERED or _delivered_bytes > MAX_DELIVERED_BYTES:
            _, (_, dropped) = _delivered.popitem(last=False)  # the oldest first
            _delivered_bytes -= dropped


def delivered(vendor: str, key: str) -> dict | None:
    """The body of `vendor`'s callback `key` as it came (secrets and personal data included),
    if this process received it and still holds it; else None (read the store then)."""
    with _delivered_lock:
        found = _delivered.get((vendor, key))
    return found[0] if found else None
