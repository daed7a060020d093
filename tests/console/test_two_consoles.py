"""Two console processes writing to one history at once lose nothing: each opens the same
empty database at the same moment (both upgrade it: one does, the other finds it done), then
writes its journeys, their calls and callbacks, with a callback key both receive. Real
processes, real databases: PostgreSQL, and SQLite (WAL, busy timeout)."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from console.core.history import HistoryStore
from console.core.history_schema import callbacks, exchanges, journeys

ROOT = Path(__file__).resolve().parents[2]
JOURNEYS = 60  # per console
CALLS = 3  # per journey
CONSOLE = """
import sys
from datetime import UTC, datetime
from console.core.history import HistoryStore
from kyc_adapters.recorder import Exchange

url, name, count, calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
assert sys.stdin.readline().strip() == "go"
store = HistoryStore(url)
write = store.sink("some-vendor", "sandbox")
for n in range(count):
    journey = store.new_journey("some-vendor", "sandbox", f"{name} {n}")
    for step in range(calls):
        write(Exchange(
            journey_id=journey, step=f"step-{step}", method="POST", url="http://x/",
            request_headers={}, request_body={"console": name, "n": n},
            started_at=datetime.now(UTC), latency_ms=1.0, status_code=200,
        ))
    for key in (f"{name}-{n}", f"shared-{n}"):
        store.save_callback("some-vendor", key, journey_id=journey, mode="sandbox", body={})
    store.finish_journey(journey, "approved")
store.count()  # returns once the writer has written every call handed over
print("done", flush=True)
"""


def run_two_consoles(url: str) -> None:
    consoles = [
        subprocess.Popen(
            [sys.executable, "-c", CONSOLE, url, name, str(JOURNEYS), str(CALLS)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    for console in consoles:  # both are imported and waiting: start them together
        console.stdin.write("go\n")
        console.stdin.flush()
    for console in consoles:
        out, err = console.communicate(timeout=120)
        assert console.returncode == 0 and out.strip() == "done", err


def check_nothing_lost(url: str) -> None:
    store = HistoryStore(url)
    with store.engine.connect() as db:

        def count(table, *where) -> int:
            return db.execute(select(func.count()).select_from(table).where(*where)).scalar()

        assert count(journeys) == 2 * JOURNEYS
        assert count(journeys, journeys.c.outcome == "approved") == 2 * JOURNEYS
        assert count(exchanges) == 2 * JOURNEYS * CALLS
        assert count(callbacks) == 3 * JOURNEYS  # each console's own keys, and the shared ones
        shared = callbacks.c.key.startswith("shared-")
        assert count(callbacks, shared, callbacks.c.deliveries == 2) == JOURNEYS
        assert count(callbacks, ~shared, callbacks.c.deliveries == 1) == 2 * JOURNEYS
        per_journey = (
            select(func.count())
            .select_from(exchanges)
            .group_by(exchanges.c.journey_id)
            .having(func.count() != CALLS)
        )
        assert db.execute(per_journey).all() == []
    store.engine.dispose()


def test_two_consoles_on_one_postgresql_lose_nothing(postgres) -> None:
    url = postgres.new_database()
    run_two_consoles(url)
    check_nothing_lost(url)


def test_two_consoles_on_one_sqlite_file_lose_nothing(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    run_two_consoles(url)
    check_nothing_lost(url)
