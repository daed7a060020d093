"""Callbacks a second the real receiver stores, with N concurrent senders, nothing lost.

The receiver (console/core/receiver.py) with a webhook spec of the bench's own: each POST is
authenticated, parsed, redacted, stored in a SQLite history (the `callbacks` table, before the
200) and recorded as an exchange. Beside it, the floor: a bare Starlette app on the same
uvicorn (uvloop + httptools) that reads the body and answers 200 without storing anything.
Both are driven by the same senders (one asyncio loop in a process of their own, so the
senders do not share the servers' GIL; N requests in flight on keep-alive connections),
alternately, and the figure is the ratio. After each receiver run the store is
counted: stored == sent, each key once with one delivery, or the run says what was lost.
"""

import asyncio
import multiprocessing
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from console.core import webhook_auth
from console.core.history import HistoryStore
from console.core.receiver import create_receiver
from console.core.spec import WebhookSpec
from kyc_adapters.redaction import Redactor
from sandbox.core.server import BackgroundServer

VENDOR = "bench-hooks"  # not a vendor of the registry: the receiver is given its spec
HEADER = "Authorization"
SENDERS = (1, 8, 32)
CALLBACKS = 1000  # per run
ROUNDS = 3  # receiver and floor alternately, per sender count; the best of each is reported


def expected(vendor: str, mode: str) -> tuple[str, str] | None:
    return (HEADER, f"Bearer {webhook_auth.sandbox_token(vendor)}") if vendor == VENDOR else None


def payload(key: str) -> dict:
    """About the size of a KYC result callback (~1.3 KB of JSON)."""
    return {
        "submissionId": key,
        "userId": "628100000000",
        "userIdType": "PHONE_NUMBER",
        "partnerSessionId": "unassigned",
        "status": "COMPLETED",
        "result": "VALID",
        "submissionDetails": {
            "verificationResult": {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS"},
            "ktpData": {f"field{i}": f"value {i} " * 4 for i in range(19)},
            "imageUrls": {"KTP": "http://127.0.0.1/x?sig=" + "a" * 64},
        },
    }


def floor_app() -> Starlette:
    async def answer(request: Request) -> JSONResponse:
        await request.body()
        return JSONResponse({"received": True})

    return Starlette(routes=[Route("/_receiver/webhooks/{vendor}", answer, methods=["POST"])])


def receiver_app(store: HistoryStore) -> Starlette:
    spec = WebhookSpec(
        key=lambda body: body.get("submissionId"), journey=lambda b: b.get("partnerSessionId")
    )
    redactor = Redactor(secret_keys={"imageUrls"}, pii_keys={"nik", "name", "userId"})
    app = create_receiver(store, redactor, webhooks={VENDOR: spec}, expected=expected)
    return Starlette(routes=[Mount("/_receiver", app=app)])


def send_all(url: str, token: str, keys: list[str], senders: int) -> tuple[float, int]:
    """(seconds, replies that were 200) for POSTing one callback per key, `senders` at once
    (run in the senders' process)."""
    return asyncio.run(_send_all(url, token, keys, senders))


async def _send_all(url: str, token: str, keys: list[str], senders: int) -> tuple[float, int]:
    headers = {HEADER: f"Bearer {token}"}
    bodies = [payload(key) for key in keys]
    queue = iter(bodies)
    answered = 0
    limits = httpx.Limits(max_connections=senders, max_keepalive_connections=senders)
    async with httpx.AsyncClient(limits=limits, timeout=30, headers=headers) as client:

        async def sender() -> None:
            nonlocal answered
            for body in queue:  # shared: each body is sent once, by whichever sender is free
                reply = await client.post(url, params={"mode": "sandbox"}, json=body)
                answered += reply.status_code == 200

        await client.post(url, content=b"warm-up")  # connections and the first import paid
        began = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(senders)))
        return time.perf_counter() - began, answered


def run(callbacks: int = CALLBACKS) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="kyc-bench-callbacks-"))
    store = HistoryStore(f"sqlite:///{folder / 'history.sqlite3'}")
    receiver = BackgroundServer(receiver_app(store)).start()
    floor = BackgroundServer(floor_app()).start()
    lines = [f"{callbacks} callbacks a run, best of {ROUNDS}; SQLite history in {folder}"]
    token = webhook_auth.sandbox_token(VENDOR)
    spawn = multiprocessing.get_context("spawn")  # not fork: this process runs threads
    pool = ProcessPoolExecutor(1, mp_context=spawn)
    try:
        for senders in SENDERS:
            stored_rate, floor_rate, lost = 0.0, 0.0, 0
            for _ in range(ROUNDS):
                keys = [f"b-{uuid.uuid4().hex}" for _ in range(callbacks)]
                seconds, ok = pool.submit(
                    send_all, f"{receiver.url}/_receiver/webhooks/{VENDOR}", token, keys, senders
                ).result()
                stored = sum(1 for key in keys if _stored_once(store, key))
                lost += callbacks - min(ok, stored)
                stored_rate = max(stored_rate, stored / seconds)
                seconds, ok = pool.submit(
                    send_all, f"{floor.url}/_receiver/webhooks/{VENDOR}", token, keys, senders
                ).result()
                floor_rate = max(floor_rate, ok / seconds)
            lines.append(
                f"{senders:>3} senders: receiver {stored_rate:7.0f} stored/s   "
                f"floor {floor_rate:7.0f}/s   ratio {stored_rate / floor_rate:5.2f}   "
                f"lost {lost} of {callbacks * ROUNDS}"
            )
        total = len(store.callbacks(VENDOR, limit=10**9))
        sent = callbacks * ROUNDS * len(SENDERS)
        lines.append(f"store holds {total} callbacks for {sent} sent: {_verdict(total, sent)}")
    finally:
        pool.shutdown()
        receiver.stop()
        floor.stop()
    return lines


def _stored_once(store: HistoryStore, key: str) -> bool:
    found = store.callback(VENDOR, key)
    return found is not None and found["deliveries"] == 1


def _verdict(total: int, sent: int) -> str:
    return "nothing lost" if total == sent else f"{sent - total} LOST"


if __name__ == "__main__":
    print("\n".join(run()))
