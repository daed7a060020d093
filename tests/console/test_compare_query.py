"""The vendor comparison's figures, read from a real history seeded with calls at known times,
latencies, outcomes and codes. Percentiles are by nearest rank: p of n calls is the
ceil(p * n)-th smallest latency."""

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from console.core import compare_view
from console.core.compare_query import CompareFilter, compare, span
from console.core.history import HistoryFilter, HistoryStore
from kyc_adapters.recorder import Exchange

CKYC, ONEKYC = "hyperverge-ckyc", "onekyc-siv"
MONDAY, TUESDAY, THURSDAY = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 5)


def call(
    step: str,
    at: datetime,
    latency_ms: float,
    status: int | None = 200,
    outcome: str = "success",
    code: str | None = None,
) -> Exchange:
    return Exchange(
        journey_id=None,
        step=step,
        method="POST",
        url=f"http://x/{step}",
        request_headers={},
        request_body={"idNo": "XXXXXX234F"},
        started_at=at,
        latency_ms=latency_ms,
        status_code=status,
        outcome=outcome,
        error=None if outcome == "success" else "said no",
        error_code=code,
    )


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def seed(store: HistoryStore) -> None:
    """CKYC in sandbox: 10 starts Monday 10:00 (10..100 ms), 4 OTP checks Monday 14:00 (three
    refused, one without answer), 4 starts Tuesday 11:00 (1..4 ms). OneKYC: 3 token calls live
    Monday 10:30 (one success, two 401s), 1 in sandbox Thursday (500 ms)."""
    ckyc = store.new_journey(CKYC, "sandbox")
    for n in range(10):
        store.record_exchange(
            ckyc, CKYC, "sandbox", call("start", at(MONDAY, 10, n), 10.0 * (n + 1))
        )
    for latency, status, outcome, code in (
        (5.0, 400, "failure", "OTP_INVALID"),
        (7.0, 400, "failure", "OTP_INVALID"),
        (9.0, 400, "failure", None),  # an older row: no code recorded
        (300.0, None, "error", None),  # a timeout: no answer, no code
    ):
        store.record_exchange(
            ckyc,
            CKYC,
            "sandbox",
            call("validate-otp", at(MONDAY, 14, 5), latency, status, outcome, code),
        )
    for ms in (4.0, 1.0, 3.0, 2.0):
        store.record_exchange(ckyc, CKYC, "sandbox", call("start", at(TUESDAY, 11), ms))
    store.record_event(ckyc, CKYC, "sandbox", kind="input", step="start", outcome="rejected")

    onekyc = store.new_journey(ONEKYC, "live")
    store.record_exchange(onekyc, ONEKYC, "live", call("token", at(MONDAY, 10, 30), 20.0))
    for ms in (60.0, 40.0):
        token = call("token", at(MONDAY, 10, 31), ms, 401, "failure", "UNAUTHORIZED")
        store.record_exchange(onekyc, ONEKYC, "live", token)
    store.record_exchange(onekyc, ONEKYC, "sandbox", call("token", at(THURSDAY, 9), 500.0))
    assert store.count().exchanges == 23  # the writer's rows are in: reads from here on


@pytest.fixture
def store(history_url: str) -> Iterator[HistoryStore]:
    """Every test here runs on SQLite and on a real PostgreSQL (tests/conftest.py)."""
    seeded = HistoryStore(history_url)
    seed(seeded)
    yield seeded
    seeded.engine.dispose()


def figures(store: HistoryStore, where: CompareFilter | None = None, **kw):
    with store.read() as db:
        return compare(db, where or CompareFilter(), **kw)


def test_calls_and_outcome_mix_per_vendor_and_step(store) -> None:
    assert figures(store).mix == [
        {"vendor": CKYC, "step": "start", "calls": 14, "success": 14, "failure": 0, "error": 0},
        {
            "vendor": CKYC,
            "step": "validate-otp",
            "calls": 4,
            "success": 0,
            "failure": 3,
            "error": 1,
        },
        {"vendor": ONEKYC, "step": "token", "calls": 4, "success": 2, "failure": 2, "error": 0},
    ]  # the rejected input sent nothing: no call


def test_latency_per_day_and_vendor(store) -> None:
    found = figures(store)
    assert found.bucket == "day"
    assert found.latency == [
        # Monday: 5 7 9 10 20 30 40 50 60 70 80 90 100 (not the timeout's 300: no answer):
        # the 7th and the 13th of 13
        {"vendor": CKYC, "bucket": datetime(2026, 3, 2), "timed": 13, "p50": 40.0, "p95": 100.0},
        # Tuesday: 1 2 3 4: the 2nd and the 4th
        {"vendor": CKYC, "bucket": datetime(2026, 3, 3), "timed": 4, "p50": 2.0, "p95": 4.0},
        {"vendor": ONEKYC, "bucket": datetime(2026, 3, 2), "timed": 3, "p50": 40.0, "p95": 60.0},
        {"vendor": ONEKYC, "bucket": datetime(2026, 3, 5), "timed": 1, "p50": 500.0, "p95": 500.0},
    ]


def test_latency_per_hour_and_step_over_two_days_or_less(store) -> None:
    monday = CompareFilter(vendors=(CKYC,), since=MONDAY, until=MONDAY)
    found = figures(store, monday, by_step=True)
    assert found.bucket == "hour"
    assert found.latency == [
        # 10..100 ms: the 5th and the 10th of 10
        {"vendor": CKYC, "step": "start", "bucket": datetime(2026, 3, 2, 10), "timed": 10}
        | {"p50": 50.0, "p95": 100.0},
        # 5 7 9 (the timeout's 300 got no answer): the 2nd and the 3rd of 3
        {"vendor": CKYC, "step": "validate-otp", "bucket": datetime(2026, 3, 2, 14), "timed": 3}
        | {"p50": 7.0, "p95": 9.0},
    ]
    two_days = CompareFilter(since=MONDAY, until=TUESDAY)
    three_days = CompareFilter(since=MONDAY, until=date(2026, 3, 4))
    assert (two_days.bucket(), three_days.bucket()) == ("hour", "day")


def test_errors_by_status_and_code(store) -> None:
    assert figures(store).errors == [
        {"vendor": CKYC, "status_code": 400, "error_code": "OTP_INVALID", "errors": 2},
        {"vendor": CKYC, "status_code": 400, "error_code": "no code", "errors": 1},
        {"vendor": CKYC, "status_code": None, "error_code": "no code", "errors": 1},
        {"vendor": ONEKYC, "status_code": 401, "error_code": "UNAUTHORIZED", "errors": 2},
    ]


def test_a_summary_row_per_vendor(store) -> None:
    summary = figures(store).summary
    assert [row.pop("success_pct") for row in summary] == pytest.approx([100 * 14 / 18, 50.0])
    assert summary == [
        # 1 2 3 4 5 7 9 10 20 30 40 50 60 70 80 90 100 (300 got no answer): the 9th and the
        # 17th of 17; the timeout is still one of the 18 calls
        {"vendor": CKYC, "calls": 18, "success": 14, "p50": 20.0, "p95": 100.0}
        | {"top_status": 400, "top_code": "OTP_INVALID", "top_errors": 2},
        # 20 40 60 500: the 2nd and the 4th of 4
        {"vendor": ONEKYC, "calls": 4, "success": 2, "p50": 40.0, "p95": 500.0}
        | {"top_status": 401, "top_code": "UNAUTHORIZED", "top_errors": 2},
    ]


def test_filters_by_mode_vendor_and_dates(store) -> None:
    live = figures(store, CompareFilter(modes=("live",)))
    assert [(r["vendor"], r["calls"], r["p95"]) for r in live.summary] == [(ONEKYC, 3, 60.0)]
    assert [r["bucket"] for r in live.latency] == [datetime(2026, 3, 2)]

    onekyc = figures(store, CompareFilter(vendors=(ONEKYC,), modes=("sandbox", "live")))
    assert {r["vendor"] for r in onekyc.mix + onekyc.errors + onekyc.summary} == {ONEKYC}

    tuesday_on = figures(store, CompareFilter(since=TUESDAY))
    assert [(r["vendor"], r["calls"]) for r in tuesday_on.summary] == [(CKYC, 4), (ONEKYC, 1)]
    assert tuesday_on.errors == []
    assert [r["top_code"] for r in tuesday_on.summary] == [None, None]

    until_monday = figures(store, CompareFilter(until=MONDAY))
    assert [(r["vendor"], r["calls"]) for r in until_monday.summary] == [(CKYC, 14), (ONEKYC, 3)]

    nothing = figures(store, CompareFilter(vendors=("no-such-vendor",)))
    assert nothing.summary == nothing.mix == nothing.latency == nothing.errors == []


def test_only_aggregates_are_read_and_never_the_json(store) -> None:
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    found = figures(store)
    assert len(seen) == 4  # one statement per figure
    assert not any("request" in s or "response" in s for s in seen), seen
    assert len(found.latency) == 4 < 22  # four buckets, not 22 calls


def test_the_history_span_is_the_days_of_its_first_and_last_call(store, tmp_path) -> None:
    with store.engine.connect() as db:
        assert span(db) == (MONDAY, THURSDAY)
    with HistoryStore(f"sqlite:///{tmp_path / 'empty.sqlite3'}").engine.connect() as db:
        assert span(db) == (None, None)


def test_the_view_counts_every_call_handed_to_the_writer_before(store) -> None:
    """The comparison reads through HistoryStore.read(), which flushes the background writer:
    calls recorded just before are in its span and figures, not left in the writer's queue."""
    friday = date(2026, 3, 6)
    journey = store.new_journey(ONEKYC, "live")
    for n in range(300):
        store.record_exchange(journey, ONEKYC, "live", call("token", at(friday, 9, n % 60), 1.0))
    assert compare_view.history_span(store) == (MONDAY, friday)
    found = compare_view.figures(store, CompareFilter(since=friday), by_step=False)
    assert [row["calls"] for row in found.summary] == [300]


def test_a_late_evening_call_is_on_its_utc_day(store) -> None:
    """20:00 UTC on Friday is Saturday 01:30 in the test server's zone (Asia/Kolkata): span,
    date filters and buckets all read the UTC day and hour."""
    friday = date(2026, 3, 6)
    journey = store.new_journey(ONEKYC, "live")
    store.record_exchange(journey, ONEKYC, "live", call("token", at(friday, 20), 8.0))
    with store.read() as db:
        assert span(db) == (MONDAY, friday)
    that_day = figures(store, CompareFilter(since=friday, until=friday))
    assert [row["calls"] for row in that_day.summary] == [1]
    assert [row["bucket"] for row in that_day.latency] == [datetime(2026, 3, 6, 20)]
    assert figures(store, CompareFilter(since=date(2026, 3, 7))).summary == []
    by_day = figures(store, CompareFilter(vendors=(ONEKYC,), since=THURSDAY))
    assert [row["bucket"] for row in by_day.latency] == [
        datetime(2026, 3, 5),
        datetime(2026, 3, 6),
    ]


def test_a_call_without_answer_is_a_call_but_not_a_latency(store) -> None:
    """A refused live connection records how long refusing took (0.6 ms) and no status: it
    counts among the calls and the errors, never in p50 or p95."""
    friday = date(2026, 3, 6)
    journey = store.new_journey(ONEKYC, "live")
    for n in range(5):  # five refusals, then one answer in 800 ms
        refused = call("token", at(friday, 9, n), 0.6, None, "error")
        store.record_exchange(journey, ONEKYC, "live", refused)
    store.record_exchange(journey, ONEKYC, "live", call("token", at(friday, 9, 6), 800.0))
    found = figures(store, CompareFilter(since=friday))
    assert [(r["calls"], r["success"], r["p50"], r["p95"]) for r in found.summary] == [
        (6, 1, 800.0, 800.0)
    ]
    assert [(r["timed"], r["p50"]) for r in found.latency] == [(1, 800.0)]
    assert found.errors == [
        {"vendor": ONEKYC, "status_code": None, "error_code": "no code", "errors": 5}
    ]
    history = store.figures(HistoryFilter(since=friday))  # History's figures read the same
    assert [(r["calls"], r["p50"], r["p95"]) for r in history] == [(6, 800.0, 800.0)]


def test_the_source_filter_keeps_the_runners_journeys_apart(store) -> None:
    """The scenario runner's journeys (its error scenarios fail on purpose) and History's
    re-sends, beside the seeded flows' journeys; empty means every source."""
    runner = store.new_journey(CKYC, "sandbox", "scenario hyperverge-ckyc/x", origin="runner")
    for n in range(6):
        refused = call("start", at(TUESDAY, 12, n), 3.0, 400, "failure", "ER_X")
        store.record_exchange(runner, CKYC, "sandbox", refused)
    resend = store.new_journey(CKYC, "sandbox", "re-sent start", origin="resend")
    store.record_exchange(resend, CKYC, "sandbox", call("start", at(TUESDAY, 13), 6.0))

    def ckyc(where: CompareFilter) -> tuple:
        [row] = [r for r in figures(store, where).summary if r["vendor"] == CKYC]
        return row["calls"], row["success"], row["top_code"]

    assert ckyc(CompareFilter(origins=("flow",))) == (18, 14, "OTP_INVALID")
    assert ckyc(CompareFilter(origins=("flow", "resend"))) == (19, 15, "OTP_INVALID")
    assert ckyc(CompareFilter(origins=("runner",))) == (6, 0, "ER_X")
    assert ckyc(CompareFilter()) == ckyc(CompareFilter(origins=("flow", "runner", "resend")))
    assert ckyc(CompareFilter()) == (25, 15, "ER_X")
    assert [r["vendor"] for r in figures(store, CompareFilter(origins=("resend",))).summary] == [
        CKYC
    ]
