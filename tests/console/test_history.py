"""The history store: journeys, exchanges, filters, exports."""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from console.core.history import Counts, HistoryFilter, HistoryStore, vendor_message
from kyc_adapters.recorder import Exchange


@pytest.fixture
def store(history_url: str) -> Iterator[HistoryStore]:
    """Every test here runs on SQLite and on a real PostgreSQL (tests/conftest.py)."""
    opened = HistoryStore(history_url)
    yield opened
    opened.engine.dispose()


def exchange(step: str, status: int | None, body=None, error=None, *, journey=None) -> Exchange:
    outcome = "error" if status is None else "success" if 200 <= status < 300 else "failure"
    return Exchange(
        journey_id=journey,
        step=step,
        method="POST",
        url=f"http://x/{step}",
        request_headers={"appKey": "[REDACTED]"},
        request_body={"idNo": "XXXX1234"},
        started_at=datetime.now(UTC),
        latency_ms=2.5,
        status_code=status,
        response_body=body,
        outcome=outcome,
        error=error,
    )


def test_a_journey_keeps_its_exchanges_in_order(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write = store.sink("hyperverge-ckyc", "sandbox")
    write(exchange("start", 200, {"status": "success"}, journey=journey))
    write(
        exchange(
            "validate-otp",
            404,
            {"error": {"code": "ER_OTP", "message": "Invalid OTP"}},
            journey=journey,
        )
    )
    write(exchange("validate-otp", None, error="ReadTimeout: timed out", journey=journey))
    store.finish_journey(journey, "failed")
    rows = store.journey_exchanges(journey)
    assert [(r["step"], r["outcome"], r["error"]) for r in rows] == [
        ("start", "success", None),
        ("validate-otp", "failure", "Invalid OTP"),
        ("validate-otp", "error", "ReadTimeout: timed out"),
    ]
    assert store.journey(journey)["outcome"] == "failed"


def test_filters(store: HistoryStore) -> None:
    a = store.new_journey("hyperverge-ckyc", "sandbox")
    b = store.new_journey("onekyc", "live")
    store.sink("hyperverge-ckyc", "sandbox")(exchange("start", 200, journey=a))
    store.sink("onekyc", "live")(exchange("token", 500, {"message": "boom"}, journey=b))
    store.record_event(
        b,
        "onekyc",
        "live",
        kind="input",
        step="form",
        outcome="rejected",
        error="NIK must be 16 digits",
    )
    assert len(store.exchanges()) == 3
    assert set(store.exchanges(HistoryFilter(vendors=("onekyc",)))["step"]) == {"token", "form"}
    assert list(store.exchanges(HistoryFilter(outcomes=("rejected",)))["error"]) == [
        "NIK must be 16 digits"
    ]
    # A search finds whole journeys: "boom" is in b's token call, so b's form comes too.
    assert set(store.exchanges(HistoryFilter(text="boom"))["step"]) == {"token", "form"}
    assert store.exchanges(HistoryFilter(text="100%")).empty  # % is a character, not a wildcard
    assert len(store.exchanges(HistoryFilter(journey_id=a))) == 1
    tomorrow = date.today() + timedelta(days=1)
    assert store.exchanges(HistoryFilter(since=tomorrow)).empty
    assert len(store.exchanges(HistoryFilter(until=tomorrow))) == 3


def test_exports(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox")
    write = store.sink("hyperverge-ckyc", "sandbox")
    write(exchange("start", 200, {"ok": True}, journey=journey))
    write(exchange("validate-otp", None, error="ReadTimeout: timed out", journey=journey))
    exported = json.loads(store.export_json())
    assert [(r["step"], r["status_code"]) for r in exported] == [
        ("validate-otp", None),
        ("start", 200),
    ]
    assert isinstance(exported[1]["status_code"], int)
    assert exported[1]["request"]["headers"] == {"appKey": "[REDACTED]"}
    assert exported[1]["response"]["body"] == {"ok": True}
    assert datetime.fromisoformat(exported[1]["at"]).tzinfo is not None
    rows = list(csv.DictReader(io.StringIO(store.export_csv().decode())))
    assert [(r["step"], r["status_code"], r["error"]) for r in rows] == [
        ("validate-otp", "", "ReadTimeout: timed out"),
        ("start", "200", ""),
    ]
    assert json.loads(rows[1]["request"])["body"] == {"idNo": "XXXX1234"}
    assert "2.5" in {r["latency_ms"] for r in rows}


def test_search_finds_a_journey_by_the_id_number_as_typed_or_as_masked(store) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write = store.sink("hyperverge-ckyc", "sandbox")
    # What the recorder stores for a PAN search with KYC_MASK_PII on (kyc_adapters/redaction.py)
    write(replace(exchange("start", 200, journey=journey), request_body={"idNo": "XXXXXX234F"}))
    write(exchange("validate-otp", 200, journey=journey))
    other = store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write(replace(exchange("start", 200, journey=other), request_body={"idNo": "XXXXXX999Z"}))
    for typed in ("ABCPK1234F", "abcpk1234f", "XXXXXX234F", "234F"):
        found = store.exchanges(HistoryFilter(text=typed))
        assert set(found["journey_id"]) == {journey}, typed
        assert list(found["step"]) == ["validate-otp", "start"], typed
    assert store.exchanges(HistoryFilter(text="ABCPK1235F")).empty
    # Short text is never masked into a search for every masked OTP.
    assert store.exchanges(HistoryFilter(text="000000")).empty


def test_counts_and_pages_in_sql(store: HistoryStore) -> None:
    write = store.sink("hyperverge-ckyc", "sandbox")
    for n in range(3):
        journey = store.new_journey("hyperverge-ckyc", "sandbox")
        for step in ("start", "validate-otp", "validate-otp"):
            write(exchange(f"{step}-{n}", 200, journey=journey))
    assert store.count() == Counts(exchanges=9, journeys=3)
    first = store.rows(limit=4)
    rest = store.rows(offset=4, limit=100)
    assert [len(first), len(rest)] == [4, 5]
    assert first[0]["step"] == "validate-otp-2" and rest[-1]["step"] == "start-0"
    assert "request" not in first[0] and "response" not in first[0]
    assert store.exchange(first[0]["id"])["request"]["body"] == {"idNo": "XXXX1234"}


def test_a_successful_404_is_stored_as_the_adapters_verdict(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox")
    resent = replace(
        exchange("resend-otp", 404, {"status": "success"}, journey=journey), outcome="success"
    )
    store.sink("hyperverge-ckyc", "sandbox")(resent)
    assert [(r["status_code"], r["outcome"], r["error"]) for r in store.steps(journey)] == [
        (404, "success", None)
    ]


def test_journeys_in_flight_are_interrupted_not_finished_ones(store: HistoryStore) -> None:
    in_flight = store.new_journey("hyperverge-ckyc", "sandbox")
    done = store.new_journey("hyperverge-ckyc", "sandbox")
    store.finish_journey(done, "downloaded")
    assert store.interrupt_unfinished() == 1
    assert store.journey(in_flight)["outcome"] == "interrupted"
    assert store.journey(done)["outcome"] == "downloaded"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"error": {"code": "ER_AUTH", "message": "Missing/Invalid credentials"}},
            "Missing/Invalid credentials",
        ),
        (
            {"status": "failure", "error": "Missing/Invalid credentials"},
            "Missing/Invalid credentials",
        ),
        ({"detail": "Missing flow_id header/query."}, "Missing flow_id header/query."),
        ("<html>bad gateway</html>", "<html>bad gateway</html>"),
        (None, None),
    ],
)
def test_vendor_message_reads_every_documented_shape(body, message) -> None:
    assert vendor_message(body) == message


def test_rows_are_readable_as_soon_as_written_and_a_bad_row_loses_only_itself(
    store: HistoryStore,
) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox")
    write = store.sink("hyperverge-ckyc", "sandbox")
    for index in range(50):
        write(exchange(f"call-{index}", 200, journey=journey))
    store.record_event(journey, "hyperverge-ckyc", "sandbox", kind=None, step="bad", outcome="x")
    write(exchange("after", 200, journey=journey))
    steps = [row["step"] for row in store.journey_exchanges(journey)]
    assert steps == [f"call-{index}" for index in range(50)] + ["after"]


def statements(store: HistoryStore) -> list[str]:
    """Every SQL statement the store runs from now on."""
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_figures_per_vendor_and_step_in_sql_without_the_json(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox")
    write = store.sink("hyperverge-ckyc", "sandbox")
    for ms in range(20, 0, -1):  # 1..20 ms, written out of order
        write(replace(exchange("start", 200, journey=journey), latency_ms=float(ms)))
    write(replace(exchange("validate-otp", 404, journey=journey), latency_ms=7.0))
    write(replace(exchange("validate-otp", None, journey=journey), latency_ms=30.0))
    store.record_event(
        journey, "hyperverge-ckyc", "sandbox", kind="input", step="start", outcome="rejected"
    )  # not a call: no figures
    other = store.new_journey("onekyc", "live")
    store.sink("onekyc", "live")(exchange("token", 200, journey=other))
    store.count()  # the writer's inserts done: only reads from here on
    seen = statements(store)

    figures = store.figures(HistoryFilter(vendors=("hyperverge-ckyc",)))
    assert figures == [
        {
            "vendor": "hyperverge-ckyc",
            "step": "start",
            "calls": 20,
            "success": 20,
            "failure": 0,
            "error": 0,
            "p50": 10.0,
            "p95": 19.0,
        },
        {
            "vendor": "hyperverge-ckyc",
            "step": "validate-otp",
            "calls": 2,
            "success": 0,
            "failure": 1,
            "error": 1,
            "p50": 7.0,  # the 30 ms call got no answer: not a latency of the vendor's
            "p95": 7.0,
        },
    ]  # p50 and p95 by nearest rank: the 10th and 19th of 20
    assert seen and not any("request" in s or "response" in s for s in seen), seen
    assert [f["step"] for f in store.figures(HistoryFilter(outcomes=("error",)))] == [
        "validate-otp"
    ]
    assert store.figures(HistoryFilter(text="nothing like it")) == []


def test_percentiles_by_nearest_rank_hold_with_ties(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox")
    write = store.sink("hyperverge-ckyc", "sandbox")
    for ms in (5.0, 100.0, 5.0, 5.0):
        write(replace(exchange("start", 200, journey=journey), latency_ms=ms))
    [figures] = store.figures()
    assert (figures["p50"], figures["p95"]) == (5.0, 100.0)  # the 2nd and the 4th of 4


def test_a_journeys_subject_is_the_first_personal_value_its_first_call_sent(store) -> None:
    asked = store.new_journey("hyperverge-ckyc", "sandbox")
    write = store.sink("hyperverge-ckyc", "sandbox")
    start = {"idType": "C", "idNo": "XXXXXX234F", "mobileNo": "XXXXXX1865"}
    write(replace(exchange("start", 200, journey=asked), request_body=start))
    write(replace(exchange("validate-otp", 200, journey=asked), request_body={"otp": "******"}))
    silent = store.new_journey("hyperverge-ckyc", "sandbox")
    write(replace(exchange("start", 200, journey=silent), request_body="<multipart, 9 bytes>"))
    keys = {"hyperverge-ckyc": ("otp", "idNo", "mobileNo")}
    assert store.subjects([asked, silent, "j-unknown"], keys) == {asked: "XXXXXX234F"}
    assert store.subjects([asked], {"hyperverge-ckyc": ("mobileNo",)}) == {asked: "XXXXXX1865"}
    assert store.subjects([], keys) == {}


def test_exports_carry_each_exchanges_journey_outcome(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-validation", "sandbox", "sample")
    store.sink("hyperverge-validation", "sandbox")(exchange("validate", 200, journey=journey))
    store.finish_journey(journey, "manual_review")
    (row,) = [r for r in json.loads(store.export_json()) if r["journey_id"] == journey]
    assert (row["outcome"], row["journey_outcome"]) == ("success", "manual_review")
    header = next(csv.reader(io.StringIO(store.export_csv().decode())))
    assert header[-1] == "journey_outcome"
