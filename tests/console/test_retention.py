"""Retention: journeys older than N days go, with their exchanges and callbacks; younger ones
and everything of theirs stay. SQLite and PostgreSQL; times by an explicit `now`."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from console.core.history import PURGE_BATCH, HistoryStore
from console.core.history_schema import callbacks, exchanges, journeys
from kyc_adapters.recorder import Exchange

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
VENDOR = "some-vendor"


@pytest.fixture
def store(history_url: str) -> Iterator[HistoryStore]:
    opened = HistoryStore(history_url)
    yield opened
    opened.engine.dispose()


def journey_at(store: HistoryStore, journey_id: str, started: datetime, calls: int = 2) -> None:
    """A journey as a console started it `started`: its row, its calls, a callback."""
    with store.engine.begin() as db:
        db.execute(
            insert(journeys).values(
                id=journey_id,
                vendor=VENDOR,
                mode="sandbox",
                started_at=started,
                updated_at=started,
                outcome="approved",
                summary="",
            )
        )
    for n in range(calls):
        call_at = started + timedelta(seconds=n)
        store.record_exchange(journey_id, VENDOR, "sandbox", call(journey_id, f"s{n}", call_at))
    store.save_callback(VENDOR, f"key-{journey_id}", journey_id=journey_id, mode="sandbox", body={})


def call(journey_id: str | None, step: str, at: datetime) -> Exchange:
    return Exchange(
        journey_id=journey_id,
        step=step,
        method="POST",
        url=f"http://x/{step}",
        request_headers={},
        request_body={"n": 1},
        started_at=at,
        latency_ms=1.0,
        status_code=200,
    )


def counts(store: HistoryStore) -> tuple[int, int, int]:
    store.count()  # the writer's rows in
    with store.engine.connect() as db:
        return tuple(db.execute(select(func.count()).select_from(t)).scalar() for t in TABLES)


TABLES = (journeys, exchanges, callbacks)


def test_journeys_older_than_the_retention_go_with_their_exchanges_and_callbacks(store) -> None:
    journey_at(store, "j-old", NOW - timedelta(days=31))
    journey_at(store, "j-edge", NOW - timedelta(days=30) + timedelta(minutes=1))
    journey_at(store, "j-new", NOW - timedelta(hours=1))
    store.record_exchange("unassigned", VENDOR, "sandbox", call(None, "old", NOW - timedelta(40)))
    store.record_exchange("unassigned", VENDOR, "sandbox", call(None, "new", NOW))
    assert counts(store) == (3, 8, 3)

    assert store.purge_older_than(30, now=NOW) == 1
    assert store.journey("j-old") is None
    assert store.journey_exchanges("j-old") == []
    assert store.callback(VENDOR, "key-j-old") is None
    assert [r["step"] for r in store.journey_exchanges("j-edge")] == ["s0", "s1"]
    assert store.callback(VENDOR, "key-j-new")["deliveries"] == 1
    assert [r["step"] for r in store.journey_exchanges("unassigned")] == ["new"]
    assert counts(store) == (2, 5, 2)
    assert store.purge_older_than(30, now=NOW) == 0  # nothing more to do
    assert store.purge_older_than(0, now=NOW + timedelta(days=999)) == 0  # 0 keeps everything
    assert counts(store) == (2, 5, 2)


def test_a_purge_larger_than_a_batch_takes_every_old_journey(store: HistoryStore) -> None:
    old = NOW - timedelta(days=400)
    count = PURGE_BATCH * 2 + 7
    with store.engine.begin() as db:
        db.execute(
            insert(journeys),
            [
                {
                    "id": f"j-{n}",
                    "vendor": VENDOR,
                    "mode": "sandbox",
                    "started_at": old + timedelta(minutes=n),
                    "updated_at": old,
                    "outcome": "approved",
                    "summary": "",
                }
                for n in range(count)
            ],
        )
    for n in range(0, count, 100):
        store.record_exchange(f"j-{n}", VENDOR, "sandbox", call(f"j-{n}", "start", old))
    journey_at(store, "j-kept", NOW - timedelta(days=1))
    assert store.purge_older_than(365, now=NOW) == count
    assert counts(store) == (1, 2, 1)
