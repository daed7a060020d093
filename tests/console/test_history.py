"""The history store: journeys, exchanges, filters, exports."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from console.core.history import HistoryFilter, HistoryStore, vendor_message
from kyc_adapters.recorder import Exchange


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    return HistoryStore(f"sqlite:///{tmp_path / 'nested' / 'h.sqlite3'}")


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
    assert list(store.exchanges(HistoryFilter(text="boom"))["step"]) == ["token"]
    assert len(store.exchanges(HistoryFilter(journey_id=a))) == 1
    tomorrow = date.today() + timedelta(days=1)
    assert store.exchanges(HistoryFilter(since=tomorrow)).empty
    assert len(store.exchanges(HistoryFilter(until=tomorrow))) == 3


def test_exports(store: HistoryStore) -> None:
    journey = store.new_journey("hyperverge-ckyc", "sandbox")
    store.sink("hyperverge-ckyc", "sandbox")(exchange("start", 200, {"ok": True}, journey=journey))
    exported = json.loads(store.export_json())
    assert exported[0]["request"]["headers"] == {"appKey": "[REDACTED]"}
    assert exported[0]["response"]["body"] == {"ok": True}
    rows = list(csv.DictReader(io.StringIO(store.export_csv().decode())))
    assert rows[0]["step"] == "start"
    assert json.loads(rows[0]["request"])["body"] == {"idNo": "XXXX1234"}


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
