"""32 CKYC journeys at once through the console's own path: long-lived client, recorder,
history store (SQLite) and the sandbox. Prints start and download latency, and checks that no
history row was lost or filed under another journey."""

import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from bench.stats import report

JOURNEYS = 32
ROUNDS = 5
MOBILE = "9876501865"


def run(journeys: int = JOURNEYS, rounds: int = ROUNDS) -> list[str]:
    os.environ["KYC_HISTORY_URL"] = f"sqlite:///{tempfile.mkdtemp()}/concurrent.sqlite3"
    from console.core.clients import POOL
    from console.core.history import HistoryStore
    from console.core.page import base_settings, redactor
    from console.core.services import ensure_services
    from console.registry import vendor
    from kyc_adapters.recorder import journey

    settings = base_settings()
    store = HistoryStore(settings.history_url)
    services = ensure_services(settings, store, redactor(settings))
    spec = vendor("hyperverge-ckyc")
    control = httpx.Client(base_url=services.sandbox_url)
    starts: list[float] = []
    downloads: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(journeys)

    def walk(index: int) -> str:
        client = POOL.get(spec, settings, services.sandbox_url, store, redactor(settings))
        journey_id = store.new_journey(spec.id, "sandbox", f"bench {index}")
        barrier.wait()  # all 32 start at once
        with journey(journey_id):
            began = time.perf_counter()
            sent = client.start(
                id_type="C", id_no="ABCPK1234F", mobile_no=MOBILE, transaction_id=journey_id
            )
            started = (time.perf_counter() - began) * 1000
            inbox = control.get(
                "/_sandbox/inbox", params={"mobile": MOBILE, "requestId": sent.requestId}
            ).json()["messages"]
            otp = next(m["otp"] for m in reversed(inbox) if m.get("requestId") == sent.requestId)
            began = time.perf_counter()
            client.download(request_id=sent.requestId, otp=otp, transaction_id=journey_id)
            downloaded = (time.perf_counter() - began) * 1000
        with lock:
            starts.append(started)
            downloads.append(downloaded)
        return journey_id

    lines = []
    misfiled = lost = 0
    for _ in range(rounds):
        control.post("/_sandbox/reset")
        barrier.reset()
        with ThreadPoolExecutor(journeys) as pool:
            ids = list(pool.map(walk, range(journeys)))
        for journey_id in ids:
            rows = store.journey_exchanges(journey_id)
            steps = [r["step"] for r in rows]
            lost += steps != ["start", "validate-otp"]
            # Each call carried its journey id as transactionId: a row filed under another
            # journey shows a transactionId that is not its journey's.
            misfiled += any(
                r["request"]["headers"].get("transactionId") != journey_id for r in rows
            )
    lines.append(report(f"start, {journeys} at once", starts))
    lines.append(report(f"validateOtpAndDownload, {journeys} at once", downloads))
    lines.append(
        f"history: {journeys * rounds} journeys, {lost} with lost or extra rows, "
        f"{misfiled} with misfiled rows"
    )
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
