"""The history at team scale: 100,000 journeys (~350,000 exchanges over 90 days) in SQLite and
in a throwaway PostgreSQL (tests/postgres.py), then what the History page asks of the store,
timed: counting, the first page, a vendor + outcome + date filter, a text search, the figures;
and the History page's rerun (AppTest) next to an empty page's, in the same run.

The rows are written in bulk straight into the tables (what the store would have written
over months); the store is then opened on them as a console opens its history. The page's
default filter is the last 7 days; the data is spread up to today so that filter matches.
"""

import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bench.stats import percentile, report
from console.core.history import HistoryFilter, HistoryStore
from console.core.history_query import searchable
from console.core.history_schema import exchanges, journeys

ROOT = Path(__file__).resolve().parents[1]
JOURNEYS = 100_000
DAYS = 90
REPEATS = 15  # per query
RERUNS = 15  # per page
CHUNK = 5_000
WRITE_BATCH = 10_000  # rows a timed writer batch
# Per vendor: its steps in order, the personal key its first call sends, and its error codes.
FLOWS = {
    "hyperverge-ckyc": (("start", "validate-otp", "download"), "idNo", ("ER_OTP", "ER_ID")),
    "hyperverge-validation": (("ocr", "face-match", "validate"), "pan", ("ER_FACE",)),
    "onekyc-siv": (("token", "initiate", "ktp", "selfie"), "nik", ("E403",)),
    "messagecentral-ekyc": (("token", "send-otp", "verify-otp"), "mobile", ("OTP_EXPIRED",)),
    "hypersign-kyc": (("token", "session", "result"), "email", ("SESSION_EXPIRED",)),
}
JOURNEY_OUTCOMES = ("approved", "approved", "approved", "rejected", "failed", "interrupted")


def seed(store: HistoryStore, count: int = JOURNEYS, seed_value: int = 10) -> int:
    """`count` journeys of 1-8 exchanges (~3.3 on average: a failed step is tried again or
    given up) spread over the last DAYS days."""
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    vendors = list(FLOWS)
    journey_rows: list[dict] = []
    exchange_rows: list[dict] = []
    written = 0

    def flush() -> None:
        nonlocal written
        with store.engine.begin() as db:
            if journey_rows:
                db.execute(insert(journeys), journey_rows)
            if exchange_rows:
                db.execute(insert(exchanges), exchange_rows)
        written += len(exchange_rows)
        journey_rows.clear()
        exchange_rows.clear()

    for n in range(count):
        vendor = vendors[n % len(vendors)]
        steps, key, codes = FLOWS[vendor]
        started = now - timedelta(seconds=rng.uniform(0, DAYS * 86400))
        journey_id = f"j-{n:016x}"
        digits = f"{rng.randrange(10**9):09d}"
        subject = "X" * 6 + digits[-4:]
        at = started
        to_do = list(steps)
        for index in range(len(steps) * 2):  # a failed step is tried again, or given up
            if not to_do:
                break
            step = to_do[0]
            roll = rng.random()
            outcome = "success" if roll < 0.85 else "failure" if roll < 0.97 else "error"
            status = {"success": 200, "failure": rng.choice((400, 401, 404, 422)), "error": None}
            latency = round(rng.lognormvariate(4.2, 0.6), 2)
            code = rng.choice(codes) if outcome == "failure" else None
            body = {key: subject, "consent": "Y", "requestId": f"r-{n}-{index}"}
            answer = (
                {"status": "success", "result": {"name": "XXXX", "score": rng.random()}}
                if outcome == "success"
                else {"error": {"code": code, "message": f"{step} refused: {code}"}}
            )
            exchange_rows.append(
                {
                    "journey_id": journey_id,
                    "vendor": vendor,
                    "mode": "sandbox" if n % 7 else "live",
                    "kind": "http",
                    "step": step,
                    "at": at,
                    "method": "POST",
                    "url": f"https://api.example.test/{vendor}/{step}",
                    "status_code": status[outcome],
                    "latency_ms": latency if outcome != "error" else 10_000.0,
                    "outcome": outcome,
                    "error": None if outcome == "success" else f"{step} refused: {code}",
                    "error_code": code,
                    "request": {"headers": {"appKey": "[REDACTED]"}, "body": body},
                    "response": {"headers": {"content-type": "application/json"}, "body": answer},
                    "contract": [],
                }
            )
            exchange_rows[-1]["search_text"] = searchable(exchange_rows[-1])  # as the store
            at += timedelta(milliseconds=latency + rng.uniform(500, 20_000))
            if outcome == "success":
                to_do.pop(0)
            elif rng.random() < 0.3:
                break  # given up; otherwise the same step again
        journey_rows.append(
            {
                "id": journey_id,
                "vendor": vendor,
                "mode": "sandbox" if n % 7 else "live",
                "started_at": started,
                "updated_at": at,
                "outcome": rng.choice(JOURNEY_OUTCOMES),
                "summary": f"{steps[0]} for {subject}",
            }
        )
        if len(journey_rows) >= CHUNK:
            flush()
    flush()
    return written


def timed(action: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    action()  # warm: the first read pulls the pages into the cache
    samples = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def queries(store: HistoryStore) -> dict[str, Callable[[], object]]:
    today = date.today()
    week = HistoryFilter(since=today - timedelta(days=7), until=today)  # the page's default
    narrow = HistoryFilter(
        vendors=("hyperverge-ckyc",),
        outcomes=("failure",),
        since=today - timedelta(days=30),
        until=today,
    )
    search = HistoryFilter(text="ABCPK0042F", since=today - timedelta(days=7), until=today)
    everything = HistoryFilter()
    return {
        "count, all": lambda: store.count(everything),
        "count, 7 days": lambda: store.count(week),
        "page 1, 7 days": lambda: store.rows(week, limit=200),
        "page 50, 7 days": lambda: store.rows(week, offset=49 * 200, limit=200),
        "filter v+o+30d count": lambda: store.count(narrow),
        "filter v+o+30d page": lambda: store.rows(narrow, limit=200),
        "filter v+o+30d figures": lambda: store.figures(narrow),
        "search 7 days count": lambda: store.count(search),
        "search 7 days page": lambda: store.rows(search, limit=200),
        "search all count": lambda: store.count(HistoryFilter(text="ABCPK0042F")),
        "figures 7 days": lambda: store.figures(week),
        "figures all": lambda: store.figures(everything),
    }


def writer_rows(count: int, seed_value: int = 11) -> list[dict]:
    """`count` exchange rows as record_exchange hands them to the writer."""
    rng = random.Random(seed_value)
    now = datetime.now(UTC)
    rows = []
    for n in range(count):
        vendor = list(FLOWS)[n % len(FLOWS)]
        steps, key, codes = FLOWS[vendor]
        step = steps[n % len(steps)]
        failed = rng.random() < 0.15
        code = rng.choice(codes) if failed else None
        body = {key: f"XXXXXX{rng.randrange(10**4):04d}", "consent": "Y", "requestId": f"w-{n}"}
        answer = (
            {"error": {"code": code, "message": f"{step} refused: {code}"}}
            if failed
            else {"status": "success", "result": {"name": "XXXX", "score": rng.random()}}
        )
        rows.append(
            {
                "journey_id": f"w-{n // 3:016x}",
                "vendor": vendor,
                "mode": "sandbox",
                "kind": "http",
                "step": step,
                "at": now,
                "method": "POST",
                "url": f"https://api.example.test/{vendor}/{step}",
                "status_code": 422 if failed else 200,
                "latency_ms": 80.0,
                "outcome": "failure" if failed else "success",
                "error": f"{step} refused: {code}" if failed else None,
                "error_code": code,
                "request": {"headers": {"appKey": "[REDACTED]"}, "body": body},
                "response": {"headers": {"content-type": "application/json"}, "body": answer},
                "contract": [],
            }
        )
    return rows


def write_rate(store: HistoryStore, batch: int = WRITE_BATCH, repeats: int = 3) -> list[str]:
    """Rows a second through the background writer's own path (HistoryStore._write_batch),
    one batch of `batch` rows at a time, into the seeded history."""
    rates = []
    for n in range(repeats):
        rows = writer_rows(batch, seed_value=100 + n)
        began = time.perf_counter()
        store._write_batch(rows)
        rates.append(batch / (time.perf_counter() - began))
    return [
        f"{'write ' + f'{batch:,}' + ' rows, rows/s':<34} "
        + "  ".join(f"{r:,.0f}" for r in rates)
        + f"  (median {statistics.median(rates):,.0f})"
    ]


def page_reruns(url: str, empty) -> tuple[list[float], list[float]]:
    """The History page on `url` and the empty page, rerun alternately."""
    from streamlit.testing.v1 import AppTest

    os.environ["KYC_HISTORY_URL"] = url
    page = AppTest.from_file(str(ROOT / "app_pages" / "history.py"), default_timeout=120)
    page.run()
    assert not page.exception, page.exception
    page_ms, empty_ms = [], []
    for _ in range(RERUNS + 2):
        for at, samples in ((page, page_ms), (empty, empty_ms)):
            began = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - began) * 1000)
    return page_ms[2:], empty_ms[2:]


def measure(name: str, url: str, empty) -> list[str]:
    store = HistoryStore(url)
    began = time.perf_counter()
    written = seed(store)
    seconds = time.perf_counter() - began
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as db:  # what autovacuum does after a bulk load
            db.execute(text("ANALYZE"))
    lines = [f"-- {name}: {JOURNEYS:,} journeys, {written:,} exchanges seeded in {seconds:.1f} s"]
    for label, action in queries(store).items():
        lines.append(report(f"{name} {label}", timed(action)))
    lines += [f"{name} {line}" for line in write_rate(store)]
    page_ms, empty_ms = page_reruns(url, empty)
    lines.append(report(f"{name} empty page rerun", empty_ms))
    lines.append(report(f"{name} History page rerun", page_ms))
    ratio = statistics.median(page_ms) / statistics.median(empty_ms)
    lines.append(f"{name + ' rerun ratio page/empty':<34} {ratio:.1f}")
    lines.append(
        f"{name + ' page rerun p95':<34} {percentile(page_ms, 95):.0f} ms "
        f"(empty {percentile(empty_ms, 95):.0f} ms)"
    )
    lines.append(search_migration(store))
    store.engine.dispose()
    return lines


def search_migration(store: HistoryStore) -> str:
    """Revision 0003 on this history (its search index dropped first, by its downgrade): the
    search_text backfill and the index built, as a console opening an older history does."""
    from alembic import command

    from console.core import migrations

    with store.engine.begin() as db:
        command.downgrade(migrations.config(db), "0002")
    began = time.perf_counter()
    with store.engine.begin() as db:
        command.upgrade(migrations.config(db), "0003")
    seconds = time.perf_counter() - began
    with store.engine.connect() as db:
        rows = db.execute(text("SELECT count(*) FROM exchanges")).scalar()
    return (
        f"{store.engine.dialect.name + ' migration 0003':<34} {rows:,} exchanges in {seconds:.1f} s"
    )


def run() -> list[str]:
    from streamlit.testing.v1 import AppTest

    from tests.postgres import PostgresServer

    os.environ.setdefault("KYC_SANDBOX_PORT", "0")
    empty = AppTest.from_string("import streamlit as st\nst.title('Empty')", default_timeout=30)
    empty.run()
    lines = []
    folder = Path(tempfile.mkdtemp(prefix="kyc-history-scale-"))
    try:
        lines += measure("sqlite", f"sqlite:///{folder / 'history.sqlite3'}", empty)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # ~200 MB
    with PostgresServer() as server:
        lines += measure("postgresql", server.new_database("bench"), empty)
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
