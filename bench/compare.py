"""The vendor comparison's queries (console/core/compare_query.py) at 100,000 journeys on SQLite.

A throwaway SQLite history is seeded with one HTTP call per journey (five vendors, three steps
each, both modes, 30 days; a tenth of them refused with a code, a fiftieth without answer),
inserted directly (the recorder's path is not what is measured). The comparison's four
statements are timed over the whole span (day buckets; also as CPU time) and over two days
(hour buckets), beside their peer: History's own figures (history_query.figure_queries, the
same window function per vendor and step) over the same rows.
"""

import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bench.stats import percentile, report
from console.core.compare_query import CompareFilter, compare
from console.core.history import HistoryStore
from console.core.history_schema import exchanges

JOURNEYS = 100_000
RUNS = 7
VENDORS = ("vendor-a", "vendor-b", "vendor-c", "vendor-d", "vendor-e")
START = datetime(2026, 1, 1, tzinfo=UTC)
# About what a recorded call holds (redacted headers, a masked body, a vendor's answer): the
# figures never read it, but it makes every row, and so every scan, as wide as a real one.
REQUEST = {
    "headers": {"content-type": "application/json", "appKey": "[REDACTED]"}
    | {f"x-header-{n}": "v" * 20 for n in range(8)},
    "body": {"idNo": "XXXXXX234F", "name": "A" * 40, "address": "B" * 300},
}
RESPONSE = {
    "headers": {"content-type": "application/json"},
    "body": {"status": "success", "result": {f"field{n}": "value " * 10 for n in range(15)}},
}


def seed(store: HistoryStore, journeys: int) -> None:
    draw = random.Random(10)
    rows = []
    for n in range(journeys):
        outcome, status, code = "success", 200, None
        roll = draw.random()
        if roll < 0.02:
            outcome, status = "error", None
        elif roll < 0.12:
            outcome, status, code = "failure", draw.choice((400, 401, 422)), draw.choice("ABC")
        rows.append(
            {
                "journey_id": f"j-{n}",
                "vendor": VENDORS[n % len(VENDORS)],
                "mode": "live" if n % 4 == 0 else "sandbox",
                "kind": "http",
                "step": f"step-{n % 3}",
                "at": START + timedelta(seconds=n * 30 * 86400 / journeys),
                "status_code": status,
                "latency_ms": draw.lognormvariate(3, 0.8),
                "outcome": outcome,
                "error_code": code,
                "request": REQUEST,
                "response": RESPONSE,
            }
        )
    with store.engine.begin() as db:
        db.execute(insert(exchanges), rows)


def timed(work: Callable[[], object], runs: int, clock=time.perf_counter) -> list[float]:
    work()  # warm: the page cache and SQLAlchemy's compiled statements
    samples = []
    for _ in range(runs):
        began = clock()
        work()
        samples.append((clock() - began) * 1000)
    return samples


def run(journeys: int = JOURNEYS, runs: int = RUNS) -> list[str]:
    store = HistoryStore(f"sqlite:///{Path(tempfile.mkdtemp()) / 'compare.sqlite3'}")
    seed(store, journeys)

    def comparison(where: CompareFilter) -> Callable[[], object]:
        def read() -> object:
            with store.engine.connect() as db:
                return compare(db, where)

        return read

    whole = timed(comparison(CompareFilter()), runs)
    # SQLite runs in this process: its CPU time is the figure a busy shared machine blurs least.
    whole_cpu = timed(comparison(CompareFilter()), runs, time.process_time)
    two_days = timed(
        comparison(CompareFilter(since=date(2026, 1, 10), until=date(2026, 1, 11))), runs
    )
    live = timed(comparison(CompareFilter(modes=("live",), vendors=VENDORS[:2])), runs)
    peer = timed(store.figures, runs)
    ratio = percentile(whole, 50) / percentile(peer, 50)
    return [
        report(f"History figures, {journeys:,} calls", peer),
        report("comparison, whole span (by day)", whole),
        report("  the same, CPU time", whole_cpu),
        report("comparison, two days (by hour)", two_days),
        report("comparison, live, two vendors", live),
        f"{'ratio (median comparison / History)':<34} {ratio:.2f}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
