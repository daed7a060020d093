"""AppTest of the Scenario runner page: a run of one vendor, its table and downloads, each
answer's contract check, a failure shown first with its diff, an answer off contract with its
findings, a saved run reopened, a file that is no report."""

import pytest

from console.core.history import HistoryStore
from console.core.page import OVERRIDES_KEY
from tests.console.test_runner import drifting_ckyc  # noqa: F401 (a fixture)
from tests.console.test_runner_live import RECEIVED, hosts  # noqa: F401 (a fixture)
from tests.pages.conftest import page, texts


@pytest.fixture
def own_store(tmp_path, monkeypatch) -> HistoryStore:
    """A history of this test's own (runs are saved beside it, in runs/)."""
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("KYC_HISTORY_URL", url)
    return HistoryStore(url)


def runner_page():
    at = page("scenario_runner").run()
    assert not at.exception
    return at


def run_vendor(at, vendor: str, mode: str = "sandbox"):
    if mode != "sandbox":
        at.radio(key="runner.mode").set_value(mode).run()
    at.multiselect(key=f"runner.vendors.{mode}").set_value([vendor]).run()
    at.button(key="runner.run").click().run(timeout=120)
    assert not at.exception
    return at


def results(at, column: str = "Result") -> dict[str, str]:
    table = at.dataframe[0].value
    return dict(zip(table["Scenario"], table[column], strict=True))


def test_one_vendor_runs_and_passes(services, own_store, tmp_path) -> None:
    at = run_vendor(runner_page(), "hyperverge-ckyc")
    shown = results(at)
    assert len(shown) == 18 and set(shown.values()) == {"Passed"}
    assert shown["invalid-otp"] == "Passed"
    assert set(results(at, "Contract").values()) == {"on contract"}
    assert "Contract check: 18 answers checked, all on contract." in texts(at.caption)
    assert [b.proto.label for b in at.get("download_button")] == ["JSON", "JUnit XML"]
    assert [m.value for m in at.metric] == ["18", "18", "0", "0"]
    assert not at.expander or all("Failed" not in e.label for e in at.expander)
    # Saved beside the history; each scenario a journey there.
    [saved] = (tmp_path / "runs").glob("*.json")
    assert saved.name.endswith("-sandbox-hyperverge-ckyc.json")
    assert any(saved.name in caption for caption in texts(at.caption))
    assert own_store.count().journeys == 18


def test_a_failure_comes_first_with_its_diff(services, own_store, monkeypatch) -> None:
    # CKYC live, its base URL another vendor's prefix: the live-safe refusal is not answered.
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv(
        "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", f"{services.sandbox_url}/hyperverge-validation"
    )
    at = runner_page()
    assert at.multiselect(key="runner.vendors.sandbox").options  # sandbox first, as always
    at = run_vendor(at, "hyperverge-ckyc", mode="live")
    assert results(at) == {"invalid-credentials": "Failed"}
    expander = at.expander[1]  # after "Reopen a run"
    assert "Failed" in expander.label and "invalid\\-credentials" in expander.label
    [diff, exchange] = expander.code
    assert diff.language == "diff"
    assert "Contract: on contract" in texts(expander.text)  # the 404 is a documented answer
    assert "-status: 401" in diff.value.splitlines() and "+status: 404" in diff.value.splitlines()
    assert '"url": "' + services.sandbox_url + '/hyperverge-validation/api/v1/start"' in (
        exchange.value
    )


def test_no_vendor_chosen_runs_nothing(services, own_store) -> None:
    at = runner_page()
    at.multiselect(key="runner.vendors.sandbox").set_value([]).run()
    assert at.button(key="runner.run").disabled
    assert at.multiselect(key="runner.scenarios.sandbox").options == []


def test_live_mode_is_offered_only_for_live_vendors(services, own_store, monkeypatch) -> None:
    at = runner_page()
    assert at.radio(key="runner.mode").options == ["Sandbox (every scenario)"]
    monkeypatch.setenv("KYC_ONEKYC_SIV__MODE", "live")
    at = runner_page()
    at.radio(key="runner.mode").set_value("live").run()
    assert at.multiselect(key="runner.vendors.live").options == ["onekyc-siv"]
    scenarios = at.multiselect(key="runner.scenarios.live").options
    assert scenarios and all(s.startswith("onekyc-siv/") for s in scenarios)
    assert "onekyc-siv/valid · VALID: every check PASS" not in scenarios
    # Each of its two hosts named, where its requests go.
    assert (
        "4 live-safe scenarios, sent to "
        "onekyc-siv.token=https://onekyc-token.ky.id.gopayapi.com "
        "onekyc-siv.api=https://onekyc.ky.id.gopayapi.com." in texts(at.caption)
    )


def test_a_saved_run_reopens_and_a_bad_file_is_named(services, own_store, tmp_path) -> None:
    run_vendor(runner_page(), "hypersign-kyc")
    [saved] = (tmp_path / "runs").glob("*.json")
    (tmp_path / "runs" / "0-not-a-report.json").write_text("<html>nope</html>")
    at = runner_page()  # a new session: nothing shown yet
    assert not at.dataframe
    assert at.selectbox(key="runner.saved").options == [saved.name, "0-not-a-report.json"]
    at.selectbox(key="runner.saved").set_value(saved.name).run()
    at.button(key="runner.open").click().run()
    shown = results(at)
    assert len(shown) == 29 and set(shown.values()) == {"Passed"}
    at.selectbox(key="runner.saved").set_value("0-not-a-report.json").run()
    at.button(key="runner.open").click().run()
    assert not at.exception
    [error] = texts(at.error)
    assert error.startswith("0-not-a-report.json: This file is not JSON (Expecting value")
    assert len(results(at)) == 29  # the report shown stays


def test_an_answer_off_contract_passes_with_its_findings(
    services,
    own_store,
    monkeypatch,
    drifting_ckyc,  # noqa: F811 (a fixture)
) -> None:
    """CKYC live on a stand-in that answers the live-safe refusal as promised, plus a key its
    document does not name: passed, and the drift shown beside it."""
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", drifting_ckyc)
    at = run_vendor(runner_page(), "hyperverge-ckyc", mode="live")
    assert results(at) == {"invalid-credentials": "Passed"}
    assert results(at, "Contract") == {"invalid-credentials": "1 finding"}
    assert [m.value for m in at.metric] == ["1", "1", "0", "0"]
    assert (
        "Contract check: 1 answer checked, 1 off the vendor's document (not a failure)."
        in texts(at.caption)
    )
    expander = at.expander[1]  # after "Reopen a run"
    # (the label escaped, as names from a report file may be)
    assert expander.label == "Passed\\, 1 finding\\: hyperverge\\-ckyc\\/invalid\\-credentials"
    assert expander.proto.icon == ":material/rule:"
    assert "Contract: 1 finding" in texts(expander.text)
    findings = expander.dataframe[0].value
    assert list(findings["Finding"]) == ["Unexpected"]
    assert list(findings["Path"]) == ["traceId"]
    assert list(findings["Detail"]) == ["A key the document does not name."]


def test_a_live_url_typed_in_settings_is_never_sent_to(
    services,
    own_store,
    monkeypatch,
    hosts,  # noqa: F811 (a fixture)
) -> None:
    """A base URL typed in the browser gets no request (the flows refuse it too): the run is
    refused with a sentence, and the stand-in at that URL hears nothing."""
    RECEIVED.clear()
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    at = page("scenario_runner")
    at.session_state[OVERRIDES_KEY] = {"hyperverge-ckyc": {"live_base_url": hosts["api"]}}
    at.run()
    at = run_vendor(at, "hyperverge-ckyc", mode="live")
    [error] = texts(at.error)
    assert error.startswith("The live base URL of hyperverge-ckyc was typed in Settings")
    assert "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL" in error
    assert not at.dataframe  # nothing ran
    assert RECEIVED == []
    assert own_store.count().journeys == 0


def test_an_uploaded_report_nested_too_deeply_is_named(services, own_store) -> None:
    at = runner_page()
    deep = b'{"format": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    at.file_uploader(key="runner.upload").set_value(("deep.json", deep, "application/json"))
    at.run()
    assert not at.exception
    [error] = texts(at.error)
    assert error == "deep.json: This file's JSON is nested more than 120 levels deep: no report is."
