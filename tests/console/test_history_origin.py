"""Every journey has an origin (a flow's page, the scenario runner, History's re-send), and the
Source filter narrows what History, the comparison and the drift read by it: SQLite and
PostgreSQL. An exchange of no journey counts as a flow's."""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from console.core.history import UNASSIGNED, HistoryFilter, HistoryStore
from kyc_adapters.recorder import Exchange

VENDOR = "hyperverge-ckyc"


def call(journey: str, step: str, latency_ms: float, status: int | None = 200) -> Exchange:
    return Exchange(
        journey_id=journey,
        step=step,
        method="POST",
        url=f"http://x/{step}",
        request_headers={},
        request_body={"idNo": "XXXXXX234F"},
        started_at=datetime.now(UTC),
        latency_ms=latency_ms,
        status_code=status,
        outcome="success" if status == 200 else "error",
    )


@pytest.fixture
def store(history_url: str) -> Iterator[HistoryStore]:
    made = HistoryStore(history_url)
    yield made
    made.engine.dispose()


@pytest.fixture
def ids(store: HistoryStore) -> dict[str, str]:
    """A walk (two calls), a scenario run (three), a re-send (one), a call of no journey."""
    walk = store.new_journey(VENDOR, "sandbox", "download by idType C")
    run = store.new_journey(VENDOR, "sandbox", "scenario hyperverge-ckyc/x", origin="runner")
    again = store.new_journey(VENDOR, "sandbox", "re-sent start", origin="resend")
    for journey, count in ((walk, 2), (run, 3), (again, 1), (UNASSIGNED, 1)):
        for n in range(count):
            store.record_exchange(journey, VENDOR, "sandbox", call(journey, f"step-{n}", 10.0))
    return {"flow": walk, "runner": run, "resend": again}


def test_a_journey_keeps_its_origin_and_a_flows_is_the_default(store, ids) -> None:
    origins = {j["id"]: j["origin"] for j in store.journeys(ids.values()).values()}
    assert origins == {journey: origin for origin, journey in ids.items()}
    with pytest.raises(ValueError, match="'scenario' is not one of"):
        store.new_journey(VENDOR, "sandbox", origin="scenario")


@pytest.mark.parametrize(
    ("origins", "exchanges", "journeys"),
    [
        ((), 7, 4),  # everything (the unassigned call's "journey" counted too)
        (("flow", "runner", "resend"), 7, 4),
        (("flow", "resend"), 4, 3),  # History's default
        (("flow",), 3, 2),  # the comparison's default: the walk and the unassigned call
        (("runner",), 3, 1),
        (("resend",), 1, 1),
        (("runner", "resend"), 4, 2),
    ],
)
def test_the_source_filter(store, ids, origins, exchanges, journeys) -> None:
    counted = store.count(HistoryFilter(origins=origins))
    assert (counted.exchanges, counted.journeys) == (exchanges, journeys)
    rows = store.rows(HistoryFilter(origins=origins))
    assert len(rows) == exchanges
    picked = {ids[o] for o in origins if o in ids} if origins else None
    if picked is not None:
        expected = picked | ({UNASSIGNED} if "flow" in origins else set())
        assert {r["journey_id"] for r in rows} == expected


def test_the_source_filter_goes_with_the_others(store, ids) -> None:
    """Search, vendor and journey id narrow within the sources picked."""
    run = ids["runner"]
    assert store.count(HistoryFilter(text="scenario hyperverge", origins=("runner",))).journeys == 1
    assert store.count(HistoryFilter(text="scenario hyperverge", origins=("flow",))).journeys == 0
    assert store.count(HistoryFilter(journey_id=run, origins=("flow", "resend"))).exchanges == 0
    assert store.count(HistoryFilter(vendors=(VENDOR,), origins=("runner",))).exchanges == 3
    assert store.count(HistoryFilter(vendors=("other",), origins=("runner",))).exchanges == 0


def test_historys_figures_leave_calls_without_answer_out_of_the_latency(store, ids) -> None:
    """A refused connection (no status, 0.6 ms) is a call, but no latency of the vendor's."""
    walk = ids["flow"]
    for _ in range(3):
        store.record_exchange(walk, VENDOR, "sandbox", call(walk, "step-0", 0.6, None))
    [row] = [
        f
        for f in store.figures(HistoryFilter(journey_id=walk))
        if f["step"] == "step-0"  # one answered call of 10 ms, three refusals
    ]
    assert (row["calls"], row["error"], row["p50"], row["p95"]) == (4, 3, 10.0, 10.0)
    refused_only = store.new_journey(VENDOR, "sandbox")
    store.record_exchange(refused_only, VENDOR, "sandbox", call(refused_only, "start", 0.6, None))
    [row] = store.figures(HistoryFilter(journey_id=refused_only))
    assert (row["calls"], row["p50"], row["p95"]) == (1, None, None)
