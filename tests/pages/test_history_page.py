"""AppTest of the History page: filters, the table, paging, exports, one journey in detail."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from console.core.history import HistoryStore
from kyc_adapters.recorder import Exchange
from tests.helpers import ROOT
from tests.pages.conftest import page, texts
from tests.pages.test_ckyc_download_page import enter_otp, journey_id, latest_otp, started

FLOW = "CKYC Individual Download"  # the vendor's flow, as the registry names it
TITLE = "HyperVerge · CKYC Individual Download"


@pytest.fixture
def own_store(tmp_path, monkeypatch) -> HistoryStore:
    """A history of this test's own: the pages read KYC_HISTORY_URL on every run."""
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("KYC_HISTORY_URL", url)
    return HistoryStore(url)


def figures_and_steps(at):
    """The figures table above the exchanges and the chosen journey's steps below them (only a
    selectable table carries its key into AppTest)."""
    figures, exchanges, steps = at.dataframe
    assert exchanges.key == "history.table"
    return figures, steps


def searched(text: str):
    at = page("history").run()
    at.text_input(key="history.text").input(text).run()
    assert not at.exception
    return at


def recorded(step: str, status: int | None, journey: str, outcome: str = "success") -> Exchange:
    return Exchange(
        journey_id=journey,
        step=step,
        method="POST",
        url=f"http://x/{step}",
        request_headers={},
        request_body={"idNo": "XXXXXX234F"},
        started_at=datetime.now(UTC),
        latency_ms=1.5,
        status_code=status,
        outcome=outcome,
    )


def test_history_shows_filters_and_exports_a_walk(services) -> None:
    walk = started()
    enter_otp(walk, latest_otp(services))
    walked = journey_id(walk)

    at = searched(walked)
    table = at.dataframe(key="history.table").value
    assert list(table["step"]) == ["validate-otp", "start"]
    assert set(table["vendor"]) == {FLOW}
    assert at.selectbox(key="history.journey").value == walked
    assert "2 exchanges in 1 journey, newest first." in texts(at.caption)
    at.multiselect(key="history.outcomes").select("error").run()
    assert any("No exchange matches these filters" in i for i in texts(at.info))
    at.button(key="history.clear").click().run()
    assert at.text_input(key="history.text").value == ""
    assert not at.info and len(at.dataframe(key="history.table").value) >= 2


def test_history_export_is_redacted(services, store) -> None:
    walk = started()
    exported = json.loads(store.export_json())
    mine = [row for row in exported if row["journey_id"] == journey_id(walk)]
    assert mine and all(row["request"]["headers"]["appKey"] == "[REDACTED]" for row in mine)
    assert "sandbox-app-key" not in store.export_csv().decode()
    assert "ABCPK1234F" not in store.export_csv().decode()


def test_every_column_has_a_readable_label_and_empty_cells_are_blank(services) -> None:
    walk = started()
    enter_otp(walk, "000001")  # a failure: its error cell is filled, the others' are empty
    at = searched(journey_id(walk))
    for table in at.dataframe:  # the exchanges, then the chosen journey's steps
        configs = json.loads(table.proto.columns)
        labels = {name: c.get("label") for name, c in configs.items() if not c.get("hidden")}
        assert set(table.value.columns) == set(labels)
        assert all(label and "_" not in label for label in labels.values()), labels
        assert table.proto.placeholder == ""  # a missing value shows blank, not "None"
    assert set(at.dataframe(key="history.table").value["outcome"]) == {"Success", "Failure"}


def test_counts_read_in_words_and_a_long_history_is_paged(services, own_store) -> None:
    first = own_store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    own_store.record_event(
        first, "hyperverge-ckyc", "sandbox", kind="input", step="start", outcome="rejected"
    )
    at = page("history").run()
    assert "1 exchange in 1 journey, newest first." in texts(at.caption)

    many = own_store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write = own_store.sink("hyperverge-ckyc", "sandbox")
    for n in range(450):
        write(recorded(f"call-{n}", 200, many))
    at.run()
    assert "Showing 1-200 of 451 exchanges in 2 journeys, newest first." in texts(at.caption)
    assert len(at.dataframe(key="history.table").value) == 200
    at.number_input(key="history.page").set_value(3).run()
    assert "Showing 401-451 of 451 exchanges in 2 journeys, newest first." in texts(at.caption)
    assert list(at.dataframe(key="history.table").value["step"])[-1] == "start"


def test_search_finds_a_walk_by_the_pan_as_typed_or_as_masked(services, own_store) -> None:
    asha = journey_id(started("Asha · PAN"))  # PAN ABCPK1234F, stored masked
    started("Ravi · Voter ID")
    for typed in ("ABCPK1234F", "XXXXXX234F"):
        at = searched(typed)
        assert at.selectbox(key="history.journey").options == [
            at.selectbox(key="history.journey").format_func(asha)
        ]
        assert list(at.dataframe(key="history.table").value["step"]) == ["start"]


def test_the_journey_picker_names_flow_time_summary_and_outcome(services) -> None:
    walk = started()
    enter_otp(walk, latest_otp(services))
    at = searched(journey_id(walk))
    label = at.selectbox(key="history.journey").options[0]
    assert label.startswith(f"{TITLE} · 20")
    assert label.endswith(f" UTC · download by idType C · Downloaded · {journey_id(walk)}")


def test_two_journeys_alike_stay_apart_in_the_picker(services, own_store) -> None:
    # Same flow, minute, summary and outcome: the picker still tells them apart.
    twins = [own_store.new_journey("hyperverge-ckyc", "sandbox", "search") for _ in range(2)]
    for twin in twins:
        own_store.sink("hyperverge-ckyc", "sandbox")(recorded("start", 200, twin))
    at = page("history").run()
    assert len(set(at.selectbox(key="history.journey").options)) == 2
    at.selectbox(key="history.journey").select(twins[0]).run()
    at.run()
    assert at.selectbox(key="history.journey").value == twins[0]


def test_a_journey_is_a_table_of_steps_and_one_exchange_in_detail(services, store) -> None:
    walk = started()
    walk = enter_otp(walk, "000001")
    enter_otp(walk, latest_otp(services))
    ids = [row["id"] for row in store.steps(journey_id(walk))]
    at = searched(journey_id(walk))
    steps = figures_and_steps(at)[1].value
    assert list(steps["step"]) == ["start", "validate-otp", "validate-otp"]
    assert list(steps["status_code"]) == [200, 404, 200]
    # The first exchange that went wrong is the one shown; its JSON only once asked for.
    assert at.selectbox(key="history.exchange").value == ids[1]
    assert not at.json
    at.session_state["history.raw"] = True
    at.run()
    assert len(at.json) == 2  # one request and one response, not every exchange's
    assert any("Invalid OTP entered. Remaining attempts: 2" in c for c in texts(at.caption))
    at.selectbox(key="history.exchange").select(ids[0]).run()
    assert len(at.json) == 2 and at.json[0].value and "XXXXXX234F" in str(at.json[0].value)


def test_a_successful_resend_shows_as_success_though_its_status_is_404(services) -> None:
    walk = started()
    walk.button(key="ckyc.skip").click().run()
    walk.button(key="ckyc.resend").click().run()
    at = searched(journey_id(walk))
    table = at.dataframe(key="history.table").value
    resend = table[table["step"] == "resend-otp"].iloc[0]
    # The row says why a 404 reads as a success: the vendor documents it so.
    assert (resend["status_code"], resend["outcome"]) == (404, "Success")
    assert resend["error"] == "404 documented as a success"
    assert set(table[table["step"] != "resend-otp"]["error"].fillna("")) == {""}
    steps = figures_and_steps(at)[1].value
    assert "404 documented as a success" in set(steps["error"])


def test_a_journey_cut_off_by_the_console_stopping_reads_interrupted(services, own_store):
    cut = own_store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    own_store.sink("hyperverge-ckyc", "sandbox")(recorded("start", 200, cut))
    # A console process starting on this history: its local services come up on their own port.
    starting = (
        "from console.core.page import base_settings, redactor, _store\n"
        "from console.core.services import ensure_services\n"
        "s = base_settings()\n"
        "ensure_services(s, _store(s.history_url), redactor(s))\n"
    )
    subprocess.run(
        [sys.executable, "-c", starting],
        cwd=ROOT,
        env={**os.environ, "KYC_SANDBOX_PORT": "0"},
        check=True,
        timeout=60,
    )
    assert own_store.journey(cut)["outcome"] == "interrupted"
    at = page("history").run()
    [label] = at.selectbox(key="history.journey").options
    assert label.startswith(TITLE) and label.endswith(
        " UTC · download by idType C · Interrupted: the console stopped mid-journey · " + cut
    )
    assert any(
        "-badge[" in m and "Interrupted: the console stopped mid-journey" in m
        for m in texts(at.markdown)
    )


def test_the_caption_says_what_masks_personal_data(services, monkeypatch) -> None:
    at = page("history").run()
    caption = texts(at.caption)[0]
    assert "KYC_MASK_PII" in caption and "masked" in caption
    assert "unmasked in settings" not in caption
    monkeypatch.setenv("KYC_MASK_PII", "false")
    at = page("history").run()
    assert "personal data is stored as typed" in texts(at.caption)[0]


def timed_out(journey: str) -> Exchange:
    """A call the vendor never answered, as the recorder files it (kyc_adapters/recorder.py)."""
    return Exchange(
        journey_id=journey,
        step="validate-otp",
        method="POST",
        url="http://x/validate-otp",
        request_headers={},
        request_body={"otp": "******"},
        started_at=datetime.now(UTC),
        latency_ms=10_000.0,
        outcome="error",
        error="ReadTimeout: timed out",
    )


def two_journeys(store: HistoryStore) -> tuple[str, str]:
    """One journey that timed out, then a newer one that went well."""
    write = store.sink("hyperverge-ckyc", "sandbox")
    failed = store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write(recorded("start", 200, failed))
    write(timed_out(failed))
    store.finish_journey(failed, "ended")
    done = store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write(recorded("start", 200, done))
    store.finish_journey(done, "downloaded")
    return failed, done


def shown_label(picker, before: str) -> str:
    """What the browser's picker shows after a run: the label the script sent, or, when it sent
    none (`set_value` unset), the one it showed before."""
    return picker.proto.raw_value if picker.proto.set_value else before


def click_row(at, n: int):
    """A click on row `n` of the exchanges table, sent as the browser sends it (AppTest has no
    dataframe selection of its own, so this builds the widget state by hand). The browser sends
    it again with every later change, as long as the row stays checked: call it again."""
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = at.dataframe(key="history.table").proto.id
    state.string_value = json.dumps({"selection": {"rows": [n], "columns": [], "cells": []}})
    return at._run(states)


def test_the_picker_holds_a_journey_of_the_filtered_list(services, own_store) -> None:
    failed, done = two_journeys(own_store)
    at = page("history").run()
    at.selectbox(key="history.journey").select(done).run()
    before = at.selectbox(key="history.journey").format_func(done)

    at.multiselect(key="history.outcomes").select("error").run()
    picker = at.selectbox(key="history.journey")
    shown = shown_label(picker, before)
    assert shown in picker.options, shown
    assert shown == picker.format_func(failed) and picker.value == failed
    # The details below are of the journey the picker shows.
    assert list(figures_and_steps(at)[1].value["step"]) == ["start", "validate-otp"]
    assert any("-badge[" in m and "Ended" in m for m in texts(at.markdown))


def test_the_picker_shows_a_journey_under_its_label_of_now(services, own_store) -> None:
    walking = own_store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    own_store.sink("hyperverge-ckyc", "sandbox")(recorded("start", 200, walking))
    at = page("history").run()
    before = at.selectbox(key="history.journey").format_func(walking)
    assert " · In progress · " in before
    at.run()
    assert not at.selectbox(key="history.journey").proto.set_value  # nothing to say again

    own_store.finish_journey(walking, "downloaded")  # it ends while History is open
    at.run()
    picker = at.selectbox(key="history.journey")
    assert shown_label(picker, before) == picker.format_func(walking)
    assert " · Downloaded · " in shown_label(picker, before)


def test_a_click_on_a_row_says_what_it_picked_right_under_the_table(services, own_store):
    failed, done = two_journeys(own_store)
    at = page("history").run()
    assert at.selectbox(key="history.journey").value == done
    table = at.dataframe(key="history.table").value
    row = list(table["step"]).index("validate-otp")  # the older journey's timed-out call
    at = click_row(at, row)
    picker = at.selectbox(key="history.journey")
    assert picker.value == failed and picker.proto.raw_value == picker.format_func(failed)
    timed_out_id = own_store.steps(failed)[1]["id"]
    assert at.selectbox(key="history.exchange").value == timed_out_id
    # The next thing under the table says what the click picked, with a jump to its steps.
    elements = list(at.main)
    after = elements[elements.index(at.dataframe(key="history.table")) + 1]
    said = texts([after])[0]
    assert said.startswith(f":material/arrow_downward: Selected: validate-otp of journey {failed}")
    assert picker.format_func(failed).endswith(failed) and " · Ended · " in said
    assert "](#one-journey)" in after.value
    assert any(h.proto.anchor == "one-journey" for h in at.subheader)

    # Other rows under the same checkbox would be another exchange: a filter unchecks it.
    at.multiselect(key="history.outcomes").select("success")
    at = click_row(at, row)  # the browser still holds the old selection when the filter moves
    assert json.loads(at.dataframe(key="history.table").proto.selection_state) == {
        "selection": {"rows": [], "columns": [], "cells": []}
    }
    assert not [m for m in texts(at.markdown) if "Selected:" in m]
    assert at.selectbox(key="history.journey").value == failed  # still listed: still picked


def test_the_table_names_whom_each_row_is_about(services, own_store) -> None:
    walk = started("Asha · PAN")  # PAN ABCPK1234F, stored masked
    enter_otp(walk, "000001")
    at = searched("ABCPK1234F")
    table = at.dataframe(key="history.table").value
    assert list(table["step"]) == ["validate-otp", "start"]
    assert list(table["subject"]) == ["XXXXXX234F", "XXXXXX234F"]
    label = json.loads(at.dataframe(key="history.table").proto.columns)["subject"]["label"]
    assert label == "Subject"


def test_the_error_column_reads_a_sentence_and_the_detail_keeps_the_raw_text(
    services, own_store
) -> None:
    failed, _ = two_journeys(own_store)
    at = page("history").run()
    at.selectbox(key="history.journey").select(failed).run()
    table = at.dataframe(key="history.table").value
    errors = dict(zip(table["step"], table["error"], strict=True))
    assert errors["validate-otp"] == "The vendor did not answer in time"
    steps = figures_and_steps(at)[1].value
    assert list(steps["error"].fillna("")) == ["", "ReadTimeout: timed out"]
    at.session_state["history.raw"] = True
    at.run()
    assert "ReadTimeout: timed out" in texts(at.caption)


def test_figures_per_flow_and_step_sit_above_the_table(services, own_store) -> None:
    two_journeys(own_store)
    at = page("history").run()
    figures = figures_and_steps(at)[0]
    elements = list(at.main)
    assert elements.index(figures) < elements.index(at.dataframe(key="history.table"))
    by_step = figures.value.set_index("step")
    assert list(by_step.index) == ["start", "validate-otp"]
    assert by_step.loc["start", ["calls", "success", "failure", "error"]].tolist() == [2, 2, 0, 0]
    assert by_step.loc["validate-otp", ["calls", "error"]].tolist() == [1, 1]
    # Its one call timed out: no answer, so no latency (a blank cell), though it is a call.
    assert by_step.loc["validate-otp", ["p50", "p95"]].isna().all()
    assert by_step.loc["start", ["p50", "p95"]].tolist() == [1.5, 1.5]
    assert set(figures.value["vendor"]) == {FLOW}
    configs = json.loads(figures.proto.columns)
    labels = [c.get("label") for c in configs.values() if not c.get("hidden")]
    assert all(label and "_" not in label for label in labels), labels
    # The figures follow the filters.
    at.multiselect(key="history.outcomes").select("error").run()
    assert list(figures_and_steps(at)[0].value["step"]) == ["validate-otp"]


def test_times_are_labelled_utc_wall_clock(services, own_store) -> None:
    two_journeys(own_store)
    at = page("history").run()
    assert at.date_input(key="history.dates").label == "Dates (UTC, wall clock)"
    assert "sandbox clock" in at.date_input(key="history.dates").help
    for table in (at.dataframe(key="history.table"), figures_and_steps(at)[1]):
        configs = json.loads(table.proto.columns)
        assert configs["at"]["label"] == "UTC, wall clock"
        assert "sandbox clock" in configs["at"]["help"]
    assert any(c.endswith("(UTC, wall clock)") for c in texts(at.caption))


def test_one_export_button_in_the_format_picked(services) -> None:
    at = page("history").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Export CSV"]
    at.segmented_control(key="history.export_format").set_value("JSON").run()
    assert [b.proto.label for b in at.get("download_button")] == ["Export JSON"]
    at.segmented_control(key="history.export_format").set_value("HAR").run()
    assert [b.proto.label for b in at.get("download_button")] == ["Export HAR"]


def calls(at) -> list[tuple[str, int]]:
    table = at.dataframe(key="history.table").value
    return sorted(zip(table["step"], table["status_code"], strict=True))


def test_scenario_runs_are_hidden_until_picked_and_said_so(services, own_store) -> None:
    """The scenario runner's journeys (a hundred a run) would bury the walks: Source shows
    flows and re-sends by default, says how many runs it hides, and shows them when picked."""
    write = own_store.sink("hyperverge-ckyc", "sandbox")
    walk = own_store.new_journey("hyperverge-ckyc", "sandbox", "download by idType C")
    write(recorded("start", 200, walk))
    resent = own_store.new_journey("hyperverge-ckyc", "sandbox", "re-sent start", "resend")
    write(recorded("start", 404, resent, "failure"))
    runs = [
        own_store.new_journey("hyperverge-ckyc", "sandbox", f"scenario s-{n}", origin="runner")
        for n in range(2)
    ]
    for run in runs:
        write(recorded("search", 401, run, "failure"))

    at = page("history").run()
    assert at.multiselect(key="history.origins").value == ["flow", "resend"]
    assert calls(at) == [("start", 200), ("start", 404)]  # the walk's and the re-send's
    hidden = "2 scenario runs hidden (Source): pick Scenario runs to see the scenario runner's "
    assert hidden + "journeys." in texts(at.caption)
    assert "2 exchanges in 2 journeys, newest first." in texts(at.caption)

    at.multiselect(key="history.origins").select("runner").run()
    assert calls(at) == [("search", 401), ("search", 401), ("start", 200), ("start", 404)]
    assert not any("hidden (Source)" in c for c in texts(at.caption))
    at.multiselect(key="history.origins").set_value(["runner"]).run()
    assert calls(at) == [("search", 401), ("search", 401)]


def test_a_scenario_runs_journey_searched_for_is_one_click_away(services, own_store) -> None:
    """The runner's "Open in History" searches for its journey's id: hidden by the default
    Source, the page says so and offers to show the runs."""
    run = own_store.new_journey("hyperverge-ckyc", "sandbox", "scenario s", origin="runner")
    own_store.sink("hyperverge-ckyc", "sandbox")(recorded("search", 401, run, "failure"))
    at = searched(run)
    assert any("No exchange matches these filters" in i for i in texts(at.info))
    assert "1 scenario run hidden (Source)" in " ".join(texts(at.caption))
    at.button(key="history.show_runner").click().run()
    assert at.multiselect(key="history.origins").value == ["flow", "resend", "runner"]
    assert at.selectbox(key="history.journey").value == run
    assert not at.info
