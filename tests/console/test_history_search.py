"""The History search through its index (search_text; SQLite's FTS5 trigram table, PostgreSQL's
pg_trgm GIN index): what it finds, case and wildcards, short needles, the index kept in step
with deletes, and the index really answering. SQLite and PostgreSQL (tests/conftest.py)."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from console.core.history import HistoryFilter, HistoryStore
from console.core.history_query import SEARCHED_TEXT, SEARCHED_VALUE, conditions, searchable
from console.core.history_schema import SEARCH_TABLE, exchanges
from kyc_adapters.recorder import Exchange


@pytest.fixture
def store(history_url: str) -> Iterator[HistoryStore]:
    opened = HistoryStore(history_url)
    yield opened
    opened.engine.dispose()


def call(journey: str, step: str, *, url: str = "", body=None, error=None, at=None) -> Exchange:
    return Exchange(
        journey_id=journey,
        step=step,
        method="POST",
        url=url or f"http://vendor.test/v1/{step}",
        request_headers={"appKey": "[REDACTED]"},
        request_body={"idNo": "XXXX1234"},
        started_at=at or datetime.now(UTC),
        latency_ms=2.5,
        status_code=200 if error is None else 422,
        response_body=body,
        outcome="success" if error is None else "failure",
        error=error,
    )


def journeys_found(store: HistoryStore, needle: str) -> set[str]:
    return set(store.exchanges(HistoryFilter(text=needle))["journey_id"])


def two_journeys(store: HistoryStore, first: dict, second: dict) -> tuple[str, str]:
    write = store.sink("v", "sandbox")
    a, b = store.new_journey("v", "sandbox"), store.new_journey("v", "sandbox")
    write(call(a, "start", **first))
    write(call(b, "start", **second))
    return a, b


def test_a_value_deep_in_a_response_body_is_found(store: HistoryStore) -> None:
    a, b = two_journeys(
        store,
        {"body": {"result": {"documents": [{"type": "PAN", "holder": "Ravi Kumar"}]}}},
        {"body": {"result": {"documents": [{"type": "PAN", "holder": "Asha Rao"}]}}},
    )
    store.sink("v", "sandbox")(call(a, "download"))  # the whole journey comes with it
    assert journeys_found(store, "ravi kum") == {a}
    assert len(store.exchanges(HistoryFilter(text="Ravi Kumar"))) == 2
    assert journeys_found(store, "PAN") == {a, b}
    assert journeys_found(store, "Rao") == {b}
    assert journeys_found(store, "Ravi Rao") == set()


def test_a_part_of_the_url_is_found(store: HistoryStore) -> None:
    a, b = two_journeys(
        store,
        {"url": "https://api.vendor.test/v2/kyc/ckyc-search?idType=C"},
        {"url": "https://api.vendor.test/v2/kyc/ckyc-download"},
    )
    assert journeys_found(store, "ckyc-search?idtype") == {a}
    assert journeys_found(store, "/v2/kyc/") == {a, b}
    assert journeys_found(store, "ckyc-downloads") == set()


def test_an_error_is_found_and_the_needle_s_case_does_not_matter(store: HistoryStore) -> None:
    a, b = two_journeys(
        store,
        {"error": "Invalid OTP entered. Remaining attempts: 2"},
        {"body": {"status": "Approved", "name": "ÑANDÚ Pérez"}},
    )
    for needle in ("invalid otp", "INVALID OTP ENTERED", "Remaining Attempts: 2"):
        assert journeys_found(store, needle) == {a}, needle
    assert journeys_found(store, "remaining attempts: 3") == set()
    for needle in ("approved", "APPROVED", "ñandú", "Ñandú pérez"):  # non-ASCII folds too
        assert journeys_found(store, needle) == {b}, needle


def test_a_two_character_needle_is_found_without_the_trigram_index(store: HistoryStore) -> None:
    a, b = two_journeys(store, {"body": {"grade": "Q7"}}, {"body": {"grade": "7Q"}})
    assert journeys_found(store, "q7") == {a}
    assert journeys_found(store, "7q") == {b}
    assert journeys_found(store, "Q") == {a, b}
    assert journeys_found(store, "Q8") == set()


def test_percent_and_underscore_are_characters_not_wildcards(store: HistoryStore) -> None:
    a, _ = two_journeys(
        store,
        {"body": {"discount": "50% off", "code": "ref_id"}},
        {"body": {"discount": "500 off", "code": "refXid"}},
    )
    assert journeys_found(store, "50%") == {a}
    assert journeys_found(store, "0% o") == {a}
    assert journeys_found(store, "ref_id") == {a}
    assert journeys_found(store, "f_") == {a}  # short: the LIKE path escapes too
    assert journeys_found(store, "%") == {a}
    assert journeys_found(store, "_") == {a}
    assert journeys_found(store, "5%0") == set()


def test_query_syntax_in_the_needle_is_text(store: HistoryStore) -> None:
    """The FTS5 query language (quotes, AND, *, NEAR) never reaches the index as syntax."""
    a, b = two_journeys(
        store,
        {"body": {"note": 'he said "hi" AND left*'}},
        {"body": {"note": "hi left"}},
    )
    assert journeys_found(store, '"hi" and left*') == {a}
    assert journeys_found(store, '"hi"') == {a}
    assert journeys_found(store, "hi AND left") == set()
    assert journeys_found(store, "NEAR(hi left)") == set()
    assert journeys_found(store, "hi left") == {b}


def test_an_event_s_detail_is_searched(store: HistoryStore) -> None:
    journey = store.new_journey("v", "sandbox")
    store.record_event(
        journey,
        "v",
        "sandbox",
        kind="webhook",
        step="callback",
        outcome="success",
        detail={"event": "session.completed", "attempts": [{"score": 0.93}]},
    )
    assert journeys_found(store, "session.completed") == {journey}
    assert journeys_found(store, "0.93") == {journey}


INTEGRITY = "VALUES ('integrity-check', 1)"  # rank 1: against the external content too


def test_a_purged_exchange_leaves_the_index(store: HistoryStore) -> None:
    """A deleted row's text is gone from the index too: the row id it had may be reused by
    the next exchange, which must not be found for the old text; on SQLite the FTS5 table's
    integrity check (which fails when a delete left its trigrams behind) passes."""
    write = store.sink("v", "sandbox")
    old = store.new_journey("v", "sandbox")
    write(call(old, "start", body={"note": "forgotten-value"}))
    write(call(old, "next", body={"note": "second-value"}))
    assert journeys_found(store, "forgotten-value") == {old}
    later = datetime.now(UTC) + timedelta(days=31)
    assert store.purge_older_than(30, now=later) == 1
    new = store.new_journey("v", "sandbox")
    write(call(new, "start", body={"note": "kept-value"}))
    assert journeys_found(store, "forgotten-value") == set()
    assert journeys_found(store, "kept-value") == {new}
    if store.engine.dialect.name == "sqlite":  # FTS5 checks its index against search_text
        with store.engine.begin() as db:
            db.execute(text(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rank) {INTEGRITY}"))


def test_search_text_stays_inside_the_store(store: HistoryStore) -> None:
    journey = store.new_journey("v", "sandbox")
    store.sink("v", "sandbox")(call(journey, "start", body={"ok": True}))
    [row] = json.loads(store.export_json())
    assert "search_text" not in row
    assert "search_text" not in store.exchange(row["id"])
    assert "search_text" not in store.journey_exchanges(journey)[0]
    store.export_csv()  # a column it does not declare would raise


def test_the_index_answers_the_search(store: HistoryStore) -> None:
    """The plan reads the FTS5 table (SQLite) or the GIN index (PostgreSQL, sequential scans
    priced out: a test table is too small for the planner to choose an index by itself)."""
    two_journeys(store, {"body": {"name": "Ravi"}}, {"body": {"name": "Asha"}})
    query = select(exchanges.c.id).where(*conditions(HistoryFilter(text="ravi")))
    with store.read() as db:
        sql = str(query.compile(db, compile_kwargs={"literal_binds": True}))
        if db.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in db.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
            assert "exchanges_search VIRTUAL TABLE" in plan, plan
        else:
            db.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(r[0] for r in db.execute(text(f"EXPLAIN {sql}")))
            assert "ix_exchanges_search_text" in plan, plan


def test_what_is_searched_is_values_lowercased_and_bounded() -> None:
    row = {
        "journey_id": "j-1",
        "step": "Start",
        "url": "http://x/START",
        "error": None,
        "request": {"headers": {"X-Trace": "T-9"}, "body": {"idNo": "XXXXXX234F", "n": 7}},
        "response": {"body": {"long": "a" * 5000, "many": ["b" * 600] * 20}},
    }
    found = searchable(row)
    parts = found.split("\x1f")
    assert parts[:6] == ["j-1", "start", "http://x/start", "xxxxxx234f", "7", "t-9"]
    assert "idno" not in found and "x-trace" not in found  # keys are not searched
    assert parts[6] == "a" * SEARCHED_VALUE
    assert len(found) == SEARCHED_TEXT
