"""AppTest of the Contract drift page on a history of its own (tests/console/
test_contract_query.py's seed): the findings per vendor, live first, the "No drift" line with
its count, the filters, and vendor text kept as text."""

import time
from datetime import UTC, date, datetime

import pytest

from console.core.history import HistoryStore
from kyc_adapters.recorder import Exchange
from tests.console.test_contract_query import MONDAY, TUESDAY, WEDNESDAY, at, record, seed
from tests.pages.conftest import everything_sent, page, texts

CKYC = "HyperVerge · CKYC Individual Download"  # the registry's titles, as the page shows them


@pytest.fixture
def history(tmp_path, monkeypatch) -> HistoryStore:
    """An empty history of this test's own: the pages read KYC_HISTORY_URL on every run."""
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("KYC_HISTORY_URL", url)
    return HistoryStore(url)


def shown(at_=None):
    app = at_ or page("contract_drift")
    app.run()
    assert not app.exception, app.exception
    return app


def findings(app) -> list[dict]:
    return [row for d in app.dataframe for row in d.value.to_dict("records") if "Path" in row]


def test_findings_and_the_no_drift_line(history) -> None:
    seed(history)
    app = shown()
    lines = texts(app.text)
    assert "No drift: 4 responses checked" in lines  # Message Central
    never = "Not checked yet: no answer of this flow has been checked against its contract."
    assert never in lines  # OneKYC, and others
    assert any(
        c.startswith("Counts the answers checked against a contract") for c in texts(app.caption)
    )
    assert "3 of 5 responses checked drift from the document" in lines  # CKYC
    assert CKYC in [s.value for s in app.subheader]
    counts = [d.value.to_dict("records") for d in app.dataframe if "Checked" in d.value.columns]
    assert counts == [
        [
            {"Mode": "Live", "Checked": 3, "With findings": 2},
            {"Mode": "Sandbox", "Checked": 2, "With findings": 1},
        ]
    ]
    rows = [(r["Step"], r["Kind"], r["Path"], r["Calls"], r["Mode"]) for r in findings(app)]
    assert rows[0] == ("start", "Missing", "result.requestId", 2, "live")
    assert set(rows) == {
        ("start", "Missing", "result.requestId", 2, "live"),
        ("start", "Unexpected", "result.riskScore", 1, "live"),
        ("search", "Undocumented status", "(status)", 1, "sandbox"),
    }


def test_mode_and_date_filters(history) -> None:
    seed(history)
    app = shown()
    app.multiselect(key="drift.modes").set_value(["live"]).run()
    assert {r["Mode"] for r in findings(app)} == {"live"}
    assert "No drift: 4 responses checked" not in texts(app.text)  # sandbox answers filtered out
    assert (  # Message Central's live call was not checked: it is the Mode filter, said
        "None under these filters: the Mode filter leaves out its checked answers."
        in texts(app.text)
    )
    app.multiselect(key="drift.modes").set_value([]).run()
    app.date_input(key="drift.dates").set_value((TUESDAY, TUESDAY)).run()
    assert [r["Path"] for r in findings(app)] == ["(status)"]
    app.date_input(key="drift.dates").set_value((WEDNESDAY, WEDNESDAY)).run()
    assert [r["Path"] for r in findings(app)] == ["result.requestId"]


def test_a_vendors_path_is_text_not_markdown(history) -> None:
    marked = {"kind": "unexpected", "path": "result.**bold**[x](http://e.example)", "detail": "d"}
    record(history, "onekyc-siv", "live", at(TUESDAY, 1), [marked])
    app = shown()
    assert [r["Path"] for r in findings(app)] == [marked["path"]]
    assert not any("**bold**" in str(m.value) for m in app.markdown)
    assert "<b>bold" not in everything_sent(app)


@pytest.fixture
def local_day_is_not_utcs(monkeypatch):
    """The process's local time zone put where today's date is not the UTC one (a day ahead
    from 10:00 UTC, a day behind before 12:00 UTC): whichever holds now."""
    ahead = datetime.now(UTC).hour >= 12
    monkeypatch.setenv("TZ", "Etc/GMT-14" if ahead else "Etc/GMT+12")  # POSIX signs: UTC+14, -12
    time.tzset()
    assert date.today() != datetime.now(UTC).date()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_default_dates_are_utc_days(history, local_day_is_not_utcs) -> None:
    app = shown()
    today = datetime.now(UTC).date()
    assert app.date_input(key="drift.dates").value == (today, today)  # an empty history


def test_one_picked_date_is_that_one_day(history) -> None:
    seed(history)
    app = shown()
    app.date_input(key="drift.dates").set_value((TUESDAY,)).run()
    assert [r["Path"] for r in findings(app)] == ["(status)"]


def test_the_filters_that_leave_a_flows_answers_out_are_named(history) -> None:
    """Message Central's 4 answers (sandbox, Tuesday) and a scenario run's checked answer
    (live, Wednesday): each filter, or the two together, that leaves them out is named."""
    seed(history)
    runner = history.new_journey("messagecentral-ekyc", "live", "scenario x", origin="runner")
    exchange = Exchange(
        journey_id=runner,
        step="verify-otp",
        method="POST",
        url="http://vendor/api",
        request_headers={},
        request_body=None,
        started_at=at(WEDNESDAY, 9),
        latency_ms=1.0,
        status_code=200,
        contract=[],
    )
    history.record_exchange(runner, "messagecentral-ekyc", "live", exchange)
    app = shown()
    assert app.multiselect(key="drift.origins").value == ["flow", "runner", "resend"]
    assert "No drift: 5 responses checked" in texts(app.text)  # the run's answer counted

    def line() -> str:
        shown(app)
        [found] = [t for t in texts(app.text) if "Mode filter" in t or "under these" in t]
        return found

    app.multiselect(key="drift.vendors").set_value(["messagecentral-ekyc"])
    app.date_input(key="drift.dates").set_value((WEDNESDAY, WEDNESDAY))
    app.multiselect(key="drift.origins").set_value(["flow"])
    assert line() == (  # Wednesday: the run's; flows: Tuesday's
        "None under these filters: the Dates and Source filters leave out its checked answers."
    )
    app.multiselect(key="drift.modes").set_value(["sandbox"])
    app.date_input(key="drift.dates").set_value((MONDAY, MONDAY))
    assert line() == "None under these filters: the Dates filter leaves out its checked answers."
    app.date_input(key="drift.dates").set_value((TUESDAY, WEDNESDAY))
    app.multiselect(key="drift.origins").set_value(["runner"])
    assert line() == (  # the run's answer is live, the flows' are of another source
        "None under these filters: the Mode and Source filters leave out its checked answers."
    )
