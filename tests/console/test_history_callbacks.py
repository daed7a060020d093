"""Vendor callbacks in the history store, on SQLite and on a real PostgreSQL: stored once per
(vendor, key) by the unique constraint, deliveries counted, waited for without sleeping."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from console.core.history import HistoryStore

VENDOR = "some-vendor"


@pytest.fixture
def store(history_url: str) -> Iterator[HistoryStore]:
    opened = HistoryStore(history_url)
    yield opened
    opened.engine.dispose()


def save(store: HistoryStore, key: str, body: dict, journey_id: str = "unassigned") -> bool:
    return store.save_callback(VENDOR, key, journey_id=journey_id, mode="sandbox", body=body)


def test_a_key_is_stored_once_and_every_delivery_counted(store: HistoryStore) -> None:
    journey = store.new_journey(VENDOR, "sandbox")
    assert save(store, "sub-1", {"result": "VALID", "name": "Siti"}, journey) is True
    assert save(store, "sub-1", {"result": "INVALID"}, journey) is False
    assert save(store, "sub-2", {"result": "INVALID"}) is True
    first = store.callback(VENDOR, "sub-1")
    assert (first["deliveries"], first["body"]) == (2, {"result": "VALID", "name": "Siti"})
    assert first["received_at"].tzinfo is not None
    assert first["last_received_at"] >= first["received_at"]
    assert [c["key"] for c in store.callbacks(VENDOR, journey)] == ["sub-1"]
    assert {c["key"] for c in store.callbacks(VENDOR)} == {"sub-1", "sub-2"}
    assert store.callback("other-vendor", "sub-1") is None


def test_deliveries_racing_on_one_key_count_right(store: HistoryStore) -> None:
    with ThreadPoolExecutor(16) as pool:
        news = list(pool.map(lambda n: save(store, "raced", {"n": n}), range(48)))
    assert news.count(True) == 1
    assert store.callback(VENDOR, "raced")["deliveries"] == 48


def test_wait_for_callback_wakes_on_a_save_by_another_store(history_url: str) -> None:
    writer, reader = HistoryStore(history_url), HistoryStore(history_url)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(reader.wait_for_callback, VENDOR, "late", 30, 2)
        save(writer, "late", {"n": 1})
        save(writer, "late", {"n": 2})
        assert waiting.result(timeout=30)["deliveries"] == 2
    assert reader.wait_for_callback(VENDOR, "never-sent", 0.01) is None
    writer.engine.dispose(), reader.engine.dispose()
