"""AppTest of the Scenario runner page: a run of one vendor, its table and downloads, each
answer's contract check, a failure shown first with its diff and a way to its journey in
History, an answer off contract with its findings, a saved run reopened, a file that is no
report; sandbox runs on a sandbox of their own (a walk on the console's keeps its state);
vendors named by their titles, counts in good grammar, a disabled Run saying why; a live
vendor not set up refused before anything is sent, a refused connection said in a sentence."""

import json
import re

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.core.history import HistoryStore
from console.core.page import OVERRIDES_KEY
from console.core.text import WORD_JOINER
from tests.console.test_runner import closed_url, drifting_ckyc  # noqa: F401 (fixtures)
from tests.console.test_runner_live import RECEIVED, hosts  # noqa: F401 (a fixture)
from tests.pages.conftest import page, texts

CKYC = "HyperVerge · CKYC Individual Download"  # its title in the registry
MOBILE = "9876501865"  # the catalog's start-otp-sent scenario's registered mobile


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


def read(label: str) -> str:
    """A label as a person reads it (the escapes that keep it from being Markdown removed)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", label).replace(WORD_JOINER, "")


def ckyc_live(monkeypatch, base_url: str) -> None:
    """CKYC live at `base_url`, its credentials set (values of this test's own)."""
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", base_url)
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_ID", "page-test-app-id")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", "page-test-app-key")


def test_one_vendor_runs_and_passes(services, own_store, tmp_path) -> None:
    at = runner_page()
    at.multiselect(key="runner.vendors.sandbox").set_value(["hyperverge-ckyc"]).run()
    assert "18 scenarios to run." in texts(at.caption)
    assert (
        at.multiselect(key="runner.scenarios.sandbox").placeholder
        == "All 18 scenarios of the chosen vendor"
    )
    at = run_vendor(at, "hyperverge-ckyc")
    shown = results(at)
    assert len(shown) == 18 and set(shown.values()) == {"Passed"}
    assert shown["invalid-otp"] == "Passed"
    assert set(results(at, "Vendor").values()) == {CKYC}
    assert set(results(at, "Contract").values()) == {"on contract"}
    assert "Contract check: 18 answers checked, all on contract." in texts(at.caption)
    assert [b.proto.label for b in at.get("download_button")] == ["JSON", "JUnit XML"]
    assert [m.value for m in at.metric] == ["18", "18", "0", "0"]
    assert not at.expander or all("Failed" not in e.label for e in at.expander)
    # Saved beside the history, ids kept in the file; each scenario a journey there.
    [saved] = (tmp_path / "runs").glob("*.json")
    assert saved.name.endswith("-sandbox-hyperverge-ckyc.json")
    assert {r["vendor"] for r in json.loads(saved.read_text())["results"]} == {"hyperverge-ckyc"}
    assert any(f"saved as {saved.name}" in caption for caption in texts(at.caption))
    assert own_store.count().journeys == 18


def test_a_walk_on_the_console_sandbox_keeps_its_state(services, own_store) -> None:
    """A CKYC walk in another tab has its OTP on the console sandbox's phone; a run of every
    CKYC scenario (each reset first) goes to the runner's own sandbox, and the walk then
    downloads its record with that OTP."""
    console = httpx.Client(base_url=services.sandbox_url, timeout=30)
    entries = {e["id"]: e for e in console.get("/_sandbox/scenarios").json()}
    start = entries["start-otp-sent"]["request"]
    started = console.post(start["path"], headers=start["headers"], json=start["json"])
    assert started.status_code == 200
    [sms] = console.get("/_sandbox/inbox", params={"mobile": MOBILE}).json()["messages"]
    at = run_vendor(runner_page(), "hyperverge-ckyc")
    assert set(results(at).values()) == {"Passed"}
    [where] = [c for c in texts(at.caption) if c.startswith("Sandbox at ")]
    assert services.sandbox_url not in where  # the runner's own sandbox
    assert own_store.count().journeys == 18  # its history is the console's
    assert console.get("/_sandbox/inbox", params={"mobile": MOBILE}).json()["messages"] == [sms]
    otp = re.search(r"\b\d{6}\b", sms["text"]).group()
    download = console.post(
        "/hyperverge-ckyc/api/v1/validateOtpAndDownload",
        headers=start["headers"],
        json={
            "entityType": "individual",
            "otp": otp,
            "requestId": started.json()["result"]["requestId"],
        },
    )
    assert download.status_code == 200, download.text
    console.close()


def test_a_failure_comes_first_with_its_diff(services, own_store, monkeypatch) -> None:
    # CKYC live, its base URL another vendor's prefix: the live-safe refusal is not answered.
    ckyc_live(monkeypatch, f"{services.sandbox_url}/hyperverge-validation")
    at = runner_page()
    assert at.multiselect(key="runner.vendors.sandbox").options  # sandbox first, as always
    at = run_vendor(at, "hyperverge-ckyc", mode="live")
    assert results(at) == {"invalid-credentials": "Failed"}
    expander = at.expander[1]  # after "Reopen a run"
    assert read(expander.label) == f"Failed: {CKYC} · invalid-credentials"
    [diff, exchange] = expander.code
    assert diff.language == "diff"
    assert "Contract: on contract" in texts(expander.text)  # the 404 is a documented answer
    assert "-status: 401" in diff.value.splitlines() and "+status: 404" in diff.value.splitlines()
    assert '"url": "' + services.sandbox_url + '/hyperverge-validation/api/v1/start"' in (
        exchange.value
    )
    assert expander.button(key="runner.history.0").label == "Open in History"


def test_open_in_history_searches_for_the_journey(services, own_store, monkeypatch) -> None:
    ckyc_live(monkeypatch, f"{services.sandbox_url}/hyperverge-validation")
    at = AppTest.from_file("../../app.py", default_timeout=30).run()
    at.switch_page("app_pages/scenario_runner.py").run()
    at = run_vendor(at, "hyperverge-ckyc", mode="live")
    [result] = at.session_state["runner.report"].results
    assert result.outcome == "failed" and result.journey_id
    at.button(key="runner.history.0").click().run()
    assert not at.exception
    assert at.title[0].value == "History"
    assert at.text_input(key="history.text").value == result.journey_id
    assert at.selectbox(key="history.journey").value == result.journey_id
    table = at.dataframe(key="history.table").value
    assert len(table) == 1  # the one exchange of that journey


def test_no_vendor_chosen_runs_nothing_and_says_so(services, own_store) -> None:
    at = runner_page()
    at.multiselect(key="runner.vendors.sandbox").set_value([]).run()
    assert at.button(key="runner.run").disabled
    assert texts(at.warning) == ["Choose a vendor to run its scenarios."]
    assert at.multiselect(key="runner.scenarios.sandbox").options == []
    assert at.multiselect(key="runner.scenarios.sandbox").placeholder == "Choose a vendor first"
    assert not any("0 scenarios" in c for c in texts(at.caption))


def test_live_mode_is_offered_only_for_live_vendors(services, own_store, monkeypatch) -> None:
    at = runner_page()
    assert at.radio(key="runner.mode").options == ["Sandbox (every scenario)"]
    monkeypatch.setenv("KYC_ONEKYC_SIV__MODE", "live")
    at = runner_page()
    at.radio(key="runner.mode").set_value("live").run()
    vendors = at.multiselect(key="runner.vendors.live")
    assert vendors.options == ["OneKYC · Identity Verification"]  # its title, not its id
    scenarios = at.multiselect(key="runner.scenarios.live").options
    assert scenarios and all(s.startswith("Identity Verification · ") for s in scenarios)
    assert "Identity Verification · VALID: every check PASS" not in scenarios
    # Each of its two hosts named, where its requests go.
    assert (
        "4 live-safe scenarios, sent to OneKYC · Identity Verification: "
        "token https://onekyc-token.ky.id.gopayapi.com, "
        "api https://onekyc.ky.id.gopayapi.com." in texts(at.caption)
    )


def test_a_live_vendor_without_credentials_is_not_run(services, own_store, monkeypatch) -> None:
    """CKYC live on its default URL, no credentials: the flows' sentence beside a disabled
    Run, before anything is sent."""
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    at = runner_page()
    at.radio(key="runner.mode").set_value("live").run()
    assert at.button(key="runner.run").disabled
    assert texts(at.warning) == [
        f"{CKYC}: Live mode needs KYC_HYPERVERGE_CKYC__APP_ID, KYC_HYPERVERGE_CKYC__APP_KEY."
    ]
    assert own_store.count().journeys == 0


def test_a_refused_connection_is_said_in_a_sentence(
    services,
    own_store,
    monkeypatch,
    closed_url,  # noqa: F811 (a fixture)
) -> None:
    ckyc_live(monkeypatch, closed_url)
    at = runner_page()
    at.radio(key="runner.mode").set_value("live").run()
    assert not at.button(key="runner.run").disabled and not at.warning
    assert f"1 live-safe scenario, sent to {CKYC}: {closed_url}." in texts(at.caption)
    placeholder = at.multiselect(key="runner.scenarios.live").placeholder
    assert placeholder == "The one live-safe scenario of the chosen vendor"
    at = run_vendor(at, "hyperverge-ckyc", mode="live")
    assert results(at) == {"invalid-credentials": "Error"}
    expander = at.expander[1]
    said = texts(expander.text)
    assert f"Nothing answers at {closed_url}." in said
    assert not any("Errno" in line or "ConnectError" in line for line in said)
    [exchange] = expander.code
    assert "ConnectError: [Errno 111] Connection refused" in exchange.value  # the raw text kept


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
    assert any(f"opened from {saved.name}" in caption for caption in texts(at.caption))
    at.selectbox(key="runner.saved").set_value("0-not-a-report.json").run()
    at.button(key="runner.open").click().run()
    assert not at.exception
    [error] = texts(at.error)
    assert error.startswith("0-not-a-report.json: This file is not JSON (Expecting value")
    assert len(results(at)) == 29  # the report shown stays


def test_an_uploaded_report_is_opened_not_saved(services, own_store, tmp_path) -> None:
    run_vendor(runner_page(), "hyperverge-ckyc")
    [saved] = (tmp_path / "runs").glob("*.json")
    at = runner_page()
    upload = ("crafted-failed-run.json", saved.read_bytes(), "application/json")
    at.file_uploader(key="runner.upload").set_value(upload)
    at.run()
    captions = texts(at.caption)
    assert any("opened from crafted-failed-run.json" in c for c in captions)
    assert not any("saved as" in c for c in captions)
    assert [p.name for p in (tmp_path / "runs").glob("*.json")] == [saved.name]


def test_an_answer_off_contract_passes_with_its_findings(
    services,
    own_store,
    monkeypatch,
    drifting_ckyc,  # noqa: F811 (a fixture)
) -> None:
    """CKYC live on a stand-in that answers the live-safe refusal as promised, plus a key its
    document does not name: passed, and the drift shown beside it."""
    ckyc_live(monkeypatch, drifting_ckyc)
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
    assert expander.label.startswith("Passed\\, 1 finding\\: HyperVerge")
    assert read(expander.label) == f"Passed, 1 finding: {CKYC} · invalid-credentials"
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
    """A base URL typed in the browser gets no request (the flows refuse it too): Run is
    disabled with the sentence beside it, and the stand-in at that URL hears nothing."""
    RECEIVED.clear()
    ckyc_live(monkeypatch, "http://localhost:8080")
    at = page("scenario_runner")
    at.session_state[OVERRIDES_KEY] = {"hyperverge-ckyc": {"live_base_url": hosts["api"]}}
    at.run()
    at.radio(key="runner.mode").set_value("live").run()
    assert at.button(key="runner.run").disabled
    [warning] = texts(at.warning)
    assert warning.startswith(f"{CKYC}: The live base URL of hyperverge-ckyc was typed in Settings")
    assert "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL" in warning
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
