"""AppTest of the Vendor comparison page on a history of its own, seeded with calls at known
times, latencies, outcomes and codes (tests/console/test_compare_query.py's seed)."""

import json
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from streamlit import dataframe_util

from console.core.history import HistoryStore
from tests.console.test_compare_query import MONDAY, THURSDAY, TUESDAY, at, call, seed
from tests.pages.conftest import page, texts

CKYC = "HyperVerge · CKYC Individual Download"  # the registry's titles, as the page shows them
ONEKYC = "OneKYC · Identity Verification"


@pytest.fixture
def history(tmp_path, monkeypatch) -> HistoryStore:
    """An empty history of this test's own: the pages read KYC_HISTORY_URL on every run."""
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("KYC_HISTORY_URL", url)
    return HistoryStore(url)


@pytest.fixture
def seeded(history: HistoryStore) -> HistoryStore:
    seed(history)
    return history


def shown():
    at = page("compare").run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


def charts(at) -> list:
    return at.get("vega_lite_chart")


def chart_data(chart) -> pd.DataFrame:
    """The rows a chart was sent with (inline, as Arrow)."""
    [dataset] = chart.proto.datasets
    return dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)


def table(at, n: int) -> list[dict]:
    return at.dataframe[n].value.to_dict("records")


def test_metrics_charts_and_their_figures(seeded) -> None:
    at = shown()
    assert at.date_input(key="compare.dates").value == (MONDAY, THURSDAY)  # the history's span
    assert metrics(at) == [
        ("Calls", "18"),
        ("Success", "77.8%"),
        ("Latency p50", "20 ms"),
        ("Latency p95", "100 ms"),  # not the timeout's 300 ms: it got no answer
        ("Calls", "4"),
        ("Success", "50.0%"),
        ("Latency p50", "40 ms"),
        ("Latency p95", "500 ms"),
    ]
    summary = table(at, 0)
    assert [(r["vendor"], r["top_error"], r["top_errors"]) for r in summary] == [
        (CKYC, "HTTP 400 · OTP_INVALID", 2),
        (ONEKYC, "HTTP 401 · UNAUTHORIZED", 2),
    ]

    outcomes, latency, errors = charts(at)
    mix = chart_data(outcomes)
    assert sorted(zip(mix["call"], mix["outcome"], mix["calls"], strict=True)) == [
        (f"{CKYC} · start", "Success", 14),
        (f"{CKYC} · validate-otp", "Error", 1),
        (f"{CKYC} · validate-otp", "Failure", 3),
        (f"{ONEKYC} · token", "Failure", 2),
        (f"{ONEKYC} · token", "Success", 2),
    ]
    assert [r["calls"] for r in table(at, 1)] == [14, 4, 4]

    assert "Latency per day" in texts(at.subheader)
    lines = chart_data(latency)
    ckyc_p95 = lines[(lines["series"] == CKYC) & (lines["percentile"] == "p95")]
    assert list(ckyc_p95["bucket"]) == [
        pd.Timestamp("2026-03-02", tz=UTC),
        pd.Timestamp("2026-03-03", tz=UTC),
    ]
    assert list(ckyc_p95["ms"]) == [100.0, 4.0]  # the 13th of 13 answered Monday, 4th of 4 after
    caption = next(c for c in texts(at.caption) if c.startswith("p50: solid line"))
    assert "no answer (connection refused, timeout) is left out" in caption
    assert "one day" not in caption  # two days: lines to draw
    assert [(r["vendor"], r["p50"]) for r in table(at, 2)] == [
        (CKYC, 40.0),
        (CKYC, 2.0),
        (ONEKYC, 40.0),
        (ONEKYC, 500.0),
    ]

    codes = chart_data(errors)
    assert sorted(zip(codes["flow"], codes["code"], codes["errors"], strict=True)) == [
        (CKYC, "HTTP 400 · OTP_INVALID", 2),
        (CKYC, "HTTP 400 · no code", 1),
        (CKYC, "No answer · no code", 1),
        (ONEKYC, "HTTP 401 · UNAUTHORIZED", 2),
    ]
    assert [(r["status"], r["code"]) for r in table(at, 3)][2] == ("No answer", "no code")


def test_charts_carry_their_data_and_fetch_nothing(seeded) -> None:
    for chart in charts(shown()):
        spec = json.loads(chart.proto.spec)
        assert set(spec["data"]) == {"name"}  # a dataset sent with the chart, not a URL
        spec.pop("$schema")  # an identifier of the Vega-Lite version, never fetched
        assert "http" not in json.dumps(spec) and "url" not in json.dumps(spec)


def test_filters_by_mode_flow_and_dates(seeded) -> None:
    at = shown()
    at.multiselect(key="compare.modes").select("live").run()
    assert metrics(at)[:2] == [("Calls", "3"), ("Success", "33.3%")]
    assert len(at.metric) == 4  # OneKYC only: CKYC ran in sandbox

    at.multiselect(key="compare.modes").unselect("live").run()
    at.multiselect(key="compare.vendors").select("hyperverge-ckyc").run()
    at.date_input(key="compare.dates").set_value((MONDAY, MONDAY)).run()
    assert not at.exception
    assert metrics(at)[:2] == [("Calls", "14"), ("Success", "71.4%")]
    assert "Latency per hour" in texts(at.subheader)
    lines = chart_data(charts(at)[1])
    assert sorted(set(lines["bucket"])) == [
        pd.Timestamp(datetime(2026, 3, 2, 10), tz=UTC),
        pd.Timestamp(datetime(2026, 3, 2, 14), tz=UTC),
    ]
    assert set(lines["series"]) == {CKYC}


def test_latency_per_step(seeded) -> None:
    at = shown()
    at.toggle(key="compare.by_step").set_value(True).run()
    lines = chart_data(charts(at)[1])
    assert set(lines["series"]) == {
        f"{CKYC} · start",
        f"{CKYC} · validate-otp",
        f"{ONEKYC} · token",
    }
    steps = table(at, 2)
    assert [(r["step"], r["p95"]) for r in steps if r["vendor"] == CKYC] == [
        ("start", 100.0),  # Monday: 10..100 ms
        ("start", 4.0),  # Tuesday
        ("validate-otp", 9.0),  # 5 7 9: the timeout's 300 ms got no answer
    ]


def test_an_empty_history_says_so_and_draws_no_chart(history) -> None:
    at = shown()
    assert any("Nothing recorded yet" in i for i in texts(at.info))
    assert not charts(at) and not at.metric and not at.dataframe


def test_filters_that_match_nothing_say_so(seeded) -> None:
    at = shown()
    at.date_input(key="compare.dates").set_value((date(2026, 3, 4), date(2026, 3, 4))).run()
    assert any("No HTTP call matches these filters" in i for i in texts(at.info))
    assert not charts(at) and not at.metric


def test_a_period_without_failures_has_no_error_chart(seeded) -> None:
    at = shown()
    at.date_input(key="compare.dates").set_value((THURSDAY, THURSDAY)).run()
    assert len(charts(at)) == 2  # outcomes and latency
    assert "No failure or error among these calls." in texts(at.caption)


FRIDAY = date(2026, 3, 6)


def friday_call(history: HistoryStore) -> None:
    """One more OneKYC call, on a later UTC day than the history held when the page opened."""
    journey = history.new_journey("onekyc-siv", "sandbox")
    history.record_exchange(journey, "onekyc-siv", "sandbox", call("token", at(FRIDAY, 9), 70.0))
    assert history.count().exchanges == 24  # the writer's row is in


def test_the_dates_follow_the_history_until_the_user_picks_some(seeded) -> None:
    at_ = shown()
    assert at_.date_input(key="compare.dates").value == (MONDAY, THURSDAY)
    friday_call(seeded)
    at_.run()
    assert at_.date_input(key="compare.dates").value == (MONDAY, FRIDAY)
    assert metrics(at_)[4] == ("Calls", "5")  # OneKYC: Friday's call counted


def test_a_pick_is_kept_and_one_up_to_the_last_day_follows_it(seeded) -> None:
    at_ = shown()
    at_.date_input(key="compare.dates").set_value((TUESDAY, THURSDAY)).run()
    friday_call(seeded)
    at_.run()
    assert at_.date_input(key="compare.dates").value == (TUESDAY, FRIDAY)

    at_.date_input(key="compare.dates").set_value((MONDAY, MONDAY)).run()
    at_.run()
    assert at_.date_input(key="compare.dates").value == (MONDAY, MONDAY)
    assert metrics(at_)[:1] == [("Calls", "14")]


def test_one_picked_date_is_that_one_day(seeded) -> None:
    """As on the Contract drift page: a range whose end is not picked yet is its first day."""
    at_ = shown()
    at_.date_input(key="compare.dates").set_value((TUESDAY,)).run()
    assert not at_.exception
    assert metrics(at_) == [  # CKYC's 4 Tuesday starts; not OneKYC's Thursday call
        ("Calls", "4"),
        ("Success", "100.0%"),
        ("Latency p50", "2.0 ms"),
        ("Latency p95", "4.0 ms"),
    ]


def test_a_slow_vendors_cards_read_in_seconds_and_one_day_is_dots(history) -> None:
    """p95 of 13,570.4 ms reads "13.6 s" on its card (the table keeps the ms); a range of one
    bucket draws a mark per figure, round for p50 and a triangle for p95, and says so."""
    journey = history.new_journey("onekyc-siv", "live")
    for ms in (840.0, 13_570.4):
        history.record_exchange(journey, "onekyc-siv", "live", call("token", at(FRIDAY, 9), ms))
    at_ = shown()
    assert metrics(at_)[2:] == [("Latency p50", "840 ms"), ("Latency p95", "13.6 s")]
    assert [(r["p50"], r["p95"]) for r in table(at_, 0)] == [(840.0, 13_570.4)]
    spec = json.loads(charts(at_)[1].proto.spec)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "point"]
    assert spec["layer"][1]["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up"]
    assert any("All of them fall in one hour: a dot each" in c for c in texts(at_.caption))


def runner_journey(history: HistoryStore) -> None:
    """The scenario runner's OneKYC error scenario on Thursday: two refused token calls."""
    journey = history.new_journey("onekyc-siv", "sandbox", "scenario x", origin="runner")
    for minute in (1, 2):
        refused = call("token", at(THURSDAY, 10, minute), 5.0, 401, "failure", "UNAUTHORIZED")
        history.record_exchange(journey, "onekyc-siv", "sandbox", refused)


def test_the_source_filter_leaves_the_scenario_runs_out_until_picked(seeded) -> None:
    runner_journey(seeded)
    at_ = shown()
    assert at_.multiselect(key="compare.origins").value == ["flow"]
    assert metrics(at_)[4:6] == [("Calls", "4"), ("Success", "50.0%")]  # OneKYC's own 4
    at_.multiselect(key="compare.origins").select("runner").run()
    assert metrics(at_)[4:6] == [("Calls", "6"), ("Success", "33.3%")]
    at_.multiselect(key="compare.origins").set_value(["runner"]).run()
    assert metrics(at_) == [
        ("Calls", "2"),
        ("Success", "0.0%"),
        ("Latency p50", "5.0 ms"),
        ("Latency p95", "5.0 ms"),
    ]
