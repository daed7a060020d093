"""Contract drift read from a history (SQLite and PostgreSQL): checked calls counted per vendor
and mode in SQL, findings grouped by step, kind and path with their first and last sighting and
an example exchange, filters by vendor, mode and date, and a bounded read."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from console.core.drift_query import DriftFilter, drift
from console.core.history import HistoryStore
from console.core.history_schema import exchanges
from kyc_adapters.recorder import Exchange

MONDAY, TUESDAY, WEDNESDAY = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
MISSING = {"kind": "missing", "path": "result.requestId", "detail": "A documented key is absent."}
EXTRA = {
    "kind": "unexpected",
    "path": "result.riskScore",
    "detail": "A key the document does not name.",
}
STATUS = {"kind": "status", "path": "(status)", "detail": "HTTP 429 is not a documented answer."}


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def record(store: HistoryStore, vendor: str, mode: str, when: datetime, contract, step="start"):
    exchange = Exchange(
        journey_id=f"j-{vendor}",
        step=step,
        method="POST",
        url="http://vendor/api",
        request_headers={},
        request_body=None,
        started_at=when,
        latency_ms=1.0,
        status_code=200,
        contract=contract,
    )
    store.record_exchange(f"j-{vendor}", vendor, mode, exchange)


def seed(store: HistoryStore) -> None:
    """CKYC: live drift on Monday and Wednesday, on contract in the sandbox; Message Central:
    4 sandbox answers on contract; a call never checked; OneKYC: nothing."""
    record(store, "hyperverge-ckyc", "live", at(MONDAY, 9), [MISSING, EXTRA])
    record(store, "hyperverge-ckyc", "live", at(WEDNESDAY, 9), [MISSING])
    record(store, "hyperverge-ckyc", "live", at(TUESDAY, 9), [])
    record(store, "hyperverge-ckyc", "sandbox", at(TUESDAY, 10), [])
    record(store, "hyperverge-ckyc", "sandbox", at(TUESDAY, 11), [STATUS], step="search")
    for hour in range(4):
        record(store, "messagecentral-ekyc", "sandbox", at(TUESDAY, hour), [])
    record(store, "messagecentral-ekyc", "live", at(TUESDAY, 5), None)  # no answer to judge


def ids_of(store: HistoryStore) -> dict[datetime, int]:
    """Exchange ids by their naive UTC time (PostgreSQL hands a time back in the session's
    zone, SQLite the naive UTC time it was given)."""
    with store.read() as db:
        return {
            (row.at.astimezone(UTC) if row.at.tzinfo else row.at).replace(tzinfo=None): row.id
            for row in db.execute(select(exchanges.c.id, exchanges.c.at))
        }


def test_counts_and_groups(history_url: str) -> None:
    store = HistoryStore(history_url)
    seed(store)
    with store.read() as db:
        found = drift(db, DriftFilter())
    assert found.counts == [
        {"vendor": "hyperverge-ckyc", "mode": "live", "checked": 3, "with_findings": 2},
        {"vendor": "hyperverge-ckyc", "mode": "sandbox", "checked": 2, "with_findings": 1},
        {"vendor": "messagecentral-ekyc", "mode": "sandbox", "checked": 4, "with_findings": 0},
    ]
    assert (found.rows_with_findings, found.rows_read) == (3, 3)
    wednesday = ids_of(store)[datetime(2026, 3, 4, 9)]
    rows = [
        (g["step"], g["kind"], g["path"], g["count"], g["modes"], g["example_id"])
        for g in found.groups
    ]
    assert rows[0] == ("start", "missing", "result.requestId", 2, "live", wednesday)
    assert set(rows[1:]) == {
        (
            "start",
            "unexpected",
            "result.riskScore",
            1,
            "live",
            ids_of(store)[datetime(2026, 3, 2, 9)],
        ),
        ("search", "status", "(status)", 1, "sandbox", ids_of(store)[datetime(2026, 3, 3, 11)]),
    }
    first = found.groups[0]
    assert (first["first_seen"], first["last_seen"]) == (
        datetime(2026, 3, 2, 9),
        datetime(2026, 3, 4, 9),
    )
    assert first["detail"] == "A documented key is absent."


def test_filters_by_vendor_mode_and_dates(history_url: str) -> None:
    store = HistoryStore(history_url)
    seed(store)
    with store.read() as db:
        sandbox = drift(db, DriftFilter(vendors=("hyperverge-ckyc",), modes=("sandbox",)))
        tuesday = drift(db, DriftFilter(since=TUESDAY, until=TUESDAY))
    assert sandbox.counts == [
        {"vendor": "hyperverge-ckyc", "mode": "sandbox", "checked": 2, "with_findings": 1}
    ]
    assert [g["kind"] for g in sandbox.groups] == ["status"]
    assert [(r["vendor"], r["mode"], r["checked"]) for r in tuesday.counts] == [
        ("hyperverge-ckyc", "live", 1),
        ("hyperverge-ckyc", "sandbox", 2),
        ("messagecentral-ekyc", "sandbox", 4),
    ]
    assert [g["path"] for g in tuesday.groups] == ["(status)"]


def test_only_the_newest_rows_with_findings_are_read(tmp_path) -> None:
    store = HistoryStore(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    seed(store)
    with store.read() as db:
        found = drift(db, DriftFilter(), limit=1)
    assert (found.rows_with_findings, found.rows_read) == (3, 1)
    assert [(g["path"], g["count"]) for g in found.groups] == [("result.requestId", 1)]


def test_a_late_evening_answer_is_on_its_utc_day(history_url: str) -> None:
    """21:00 UTC on Wednesday is Thursday 02:30 in the test server's zone (Asia/Kolkata)."""
    store = HistoryStore(history_url)
    late = at(WEDNESDAY, 21)
    record(store, "onekyc-siv", "live", late, [EXTRA])
    with store.read() as db:
        that_day = drift(db, DriftFilter(since=WEDNESDAY, until=WEDNESDAY))
        next_day = drift(db, DriftFilter(since=WEDNESDAY + timedelta(days=1)))
    [group] = that_day.groups
    assert (group["first_seen"], group["last_seen"]) == (datetime(2026, 3, 4, 21),) * 2
    assert group["example_id"] == ids_of(store)[datetime(2026, 3, 4, 21)]
    assert next_day.counts == [] and next_day.groups == []
