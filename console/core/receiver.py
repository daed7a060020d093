"""The local webhook receiver: vendor callbacks land here and go, redacted, into the history."""

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from console.core.history import HistoryStore
from console.registry import VENDOR_IDS
from kyc_adapters.redaction import Redactor


def create_receiver(store: HistoryStore, redactor: Redactor) -> Starlette:
    async def receive(request: Request) -> JSONResponse:
        vendor = request.path_params["vendor"]
        if vendor not in VENDOR_IDS:
            return JSONResponse({"detail": f"unknown vendor {vendor!r}"}, status_code=404)
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            body = raw.decode("utf-8", errors="replace")[:4000]
        journey_id = request.query_params.get("journey") or "unassigned"
        store.record_event(
            journey_id,
            vendor,
            request.query_params.get("mode", "sandbox"),
            kind="webhook",
            step="callback",
            outcome="success" if isinstance(body, dict) else "failure",
            error=None if isinstance(body, dict) else "callback body is not a JSON object",
            detail={
                "headers": redactor.headers(dict(request.headers)),
                "body": redactor.body(body),
            },
        )
        return JSONResponse({"received": True})

    return Starlette(routes=[Route("/webhooks/{vendor}", receive, methods=["POST"])])
