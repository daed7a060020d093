"""The scenario runner on the real sandbox: every scenario of every vendor passes through the
recording layer into history, filed under the step its vendor's adapter would name and checked
against the vendor's contract (none off it); a wrong expectation fails with a diff a person can
read; a stand-in vendor off its document leaves the finding on the result, not a failure; the
report survives JSON and validates as JUnit XML."""

import dataclasses
import json
import socket
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import xmlschema
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from console.core.compare_query import CompareFilter, compare
from console.core.history import HistoryFilter, HistoryStore
from console.core.redactors import console_redactor
from console.registry import VENDOR_IDS, ConsoleSettings
from console.registry import vendor as spec_of
from console.runner import catalog, runs
from console.runner.junit import junit_xml
from console.runner.report import Report, ReportError, Result
from console.runner.runner import Runner
from kyc_adapters.redaction import REDACTED
from sandbox.core.server import BackgroundServer

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit.xsd"))
REDACTOR = console_redactor(ConsoleSettings())
# The stand-in CKYC's answer to the live-safe invalid-credentials scenario: the code and
# message it promises (hyperverge-ckyc-download.txt's 401), and a key the document never names.
OFF_CONTRACT = {
    "status": "failure",
    "statusCode": "401",
    "error": {"code": "ER_AUTH", "message": "Missing/Invalid credentials"},
    "traceId": "t-123",
}
DRIFT = [("unexpected", "traceId")]
# Some scenarios' steps, as each vendor's adapter names the call (kyc_adapters/<v>/client.py):
# one path serving two steps by a body flag or a query parameter, an id in the path, and a
# request no adapter sends (a hosted journey's page: the scenario id).
STEPS = {
    "hyperverge-ckyc": {
        "search-only": "search",
        "start-otp-sent": "start",
        "happy-path": "validate-otp",
        "resend-sent": "resend-otp",
    },
    "hyperverge-validation": {"approve": "validate", "file-too-large": "validate"},
    "messagecentral-ekyc": {
        "url-generated-flow-id-query": "generate-url",
        "expired": "expired",
    },
    "onekyc-siv": {
        "token-issued": "partner-token",
        "details-pending": "submission-details",
        "valid": "upload-selfie",
        "image-forbidden": "fetch-image",
    },
    "hypersign-kyc": {
        "admin-token-kyc": "oauth-kyc",
        "admin-token-ssi": "oauth-ssi",
        "jwt-issued": "issue-jwt",
    },
}


async def off_contract(request: Request) -> JSONResponse:
    return JSONResponse(OFF_CONTRACT, status_code=401)


@pytest.fixture(scope="module")
def drifting_ckyc() -> Iterator[str]:
    """A stand-in HyperVerge CKYC over real HTTP whose Start API answers off its document."""
    app = Starlette(routes=[Route("/api/v1/start", off_contract, methods=["POST"])])
    server = BackgroundServer(app).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def entries(sandbox_url: str) -> list[catalog.Scenario]:
    return catalog.fetch(sandbox_url)


@pytest.fixture
def closed_url() -> Iterator[str]:
    """A loopback URL nothing answers: its port held bound, never listening, for the whole
    test (a port probed free and let go could be taken meanwhile)."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}"


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")


def run(sandbox_url, store, scenarios, **options) -> Report:
    with Runner(sandbox_url, store, REDACTOR, **options) as runner:
        return runner.run(scenarios)


def one(entries, vendor: str, scenario_id: str) -> catalog.Scenario:
    return next(s for s in entries if s.vendor == vendor and s.id == scenario_id)


def expecting(scenario: catalog.Scenario, **changes) -> catalog.Scenario:
    """The scenario with its `expect` changed (the catalog's own entry stays as served)."""
    return dataclasses.replace(scenario, expect={**scenario.expect, **changes})


@pytest.mark.parametrize("vendor", VENDOR_IDS)
def test_every_scenario_of_the_vendor_passes_on_the_sandbox(
    sandbox_url: str, store: HistoryStore, entries, vendor: str
) -> None:
    scenarios = catalog.choose(entries, [vendor])
    assert len(scenarios) >= 14  # each vendor's catalog holds its documented outcomes
    report = run(sandbox_url, store, scenarios)
    not_passed = {r.key: r.summary or r.diff for r in report.results if r.outcome != "passed"}
    assert not_passed == {}
    assert report.totals["passed"] == report.totals["total"] == len(scenarios)
    assert [r.scenario for r in report.results] == [s.id for s in scenarios]
    # Every answer the contract judges is on it; the rest are calls it does not document.
    contract = spec_of(vendor).contract
    checked = [r for r in report.results if r.contract is not None]
    assert {r.key: r.contract for r in checked if r.contract} == {}
    assert len(checked) > 0
    assert report.contract_counts["checked"] == len(checked)
    steps = {r.scenario: r.exchange["step"] for r in report.results}
    assert {s: steps[s] for s in STEPS[vendor]} == STEPS[vendor]
    for result in report.results:
        # Each scenario is a journey in history, with its one exchange as recorded there.
        journey = store.journey(result.journey_id)
        assert (journey["vendor"], journey["mode"], journey["outcome"]) == (
            vendor,
            "sandbox",
            "passed",
        )
        assert journey["summary"] == f"scenario {result.scenario}"
        assert journey["origin"] == "runner"  # History and the comparison hide it by default
        [row] = store.journey_exchanges(result.journey_id)
        # Filed under the adapter's step (the flows' figures group with it), checked as the
        # flows' answers are; the scenario id only for a request no adapter sends.
        assert row["contract"] == result.contract
        assert result.exchange["step"] == row["step"]
        if result.contract is not None:
            assert row["step"] in contract.steps, result.key
        else:
            assert row["step"] not in contract.steps, result.key
            assert row["step"] in (result.scenario, "fetch-image"), result.key
        path = one(entries, vendor, result.scenario).request["path"].split("?")[0]
        assert result.exchange["url"] == row["url"]
        assert row["url"].startswith(sandbox_url + path)  # a signature in the query is redacted
        assert result.exchange["response"] == row["response"]
        assert result.exchange["status_code"] == result.got["status"]
        for name, value in row["request"]["headers"].items():
            if name.lower() in REDACTOR.secret_keys:
                assert value == REDACTED, (result.key, name)
    shown = store.count(HistoryFilter(origins=("flow", "resend")))  # History's default
    assert (shown.journeys, store.count(HistoryFilter(origins=("runner",))).journeys) == (
        0,
        len(scenarios),
    )


def test_a_wrong_expectation_fails_with_a_readable_diff(sandbox_url, store, entries) -> None:
    wrong = expecting(
        one(entries, "hyperverge-ckyc", "invalid-otp"),
        code="ER_OTP_WRONG",
        message="Invalid OTP entered. Remaining attempts: 3",
    )
    [result] = run(sandbox_url, store, [wrong]).results
    assert result.outcome == "failed"
    lines = result.diff.splitlines()
    assert lines[:2] == ["--- expected", "+++ got"]
    # What agrees stays context; what differs is a -expected / +got pair.
    assert " status: 404" in lines
    assert '-code: "ER_OTP_WRONG"' in lines and '+code: "ER_OTP"' in lines
    assert '-message: "Invalid OTP entered. Remaining attempts: 3"' in lines
    assert '+message: "Invalid OTP entered. Remaining attempts: 2"' in lines
    assert result.summary == (
        'code: expected "ER_OTP_WRONG", got "ER_OTP"; message: expected "Invalid OTP entered. '
        'Remaining attempts: 3", got "Invalid OTP entered. Remaining attempts: 2"'
    )
    assert store.journey(result.journey_id)["outcome"] == "failed"


def test_a_wrong_status_and_field_name_both_values(sandbox_url, store, entries) -> None:
    scenario = one(entries, "onekyc-siv", "token-issued")
    wrong = expecting(
        scenario, status=201, fields={**scenario.expect["fields"], "data.expiry_seconds": 1800}
    )
    [result] = run(sandbox_url, store, [wrong]).results
    lines = result.diff.splitlines()
    assert "-status: 201" in lines and "+status: 200" in lines
    # The vendor sends the number as a string: the type is part of the value.
    assert "-fields.data.expiry_seconds: 1800" in lines
    assert '+fields.data.expiry_seconds: "1800"' in lines
    assert " fields.success: true" in lines
    assert result.got["status"] == 200 and result.expected["status"] == 201


def test_a_path_the_answer_lacks_is_absent(sandbox_url, store, entries) -> None:
    wrong = expecting(one(entries, "hypersign-kyc", "admin-token-kyc"), fields={"data.nope": 1})
    [result] = run(sandbox_url, store, [wrong]).results
    assert "+fields.data.nope: (absent)" in result.diff.splitlines()


def test_a_page_answer_holds_its_message_or_says_it_does_not(sandbox_url, store, entries) -> None:
    scenario = one(entries, "messagecentral-ekyc", "expired")
    [passed, failed] = run(
        sandbox_url, store, [scenario, expecting(scenario, message="Welcome back")]
    ).results
    assert passed.outcome == "passed"
    assert failed.outcome == "failed"
    assert failed.got["message"].startswith("(a text/html body of ")
    assert failed.got["message"].endswith(" characters without this message)")


def test_personal_data_that_came_back_is_masked_in_the_diff(sandbox_url, store, entries) -> None:
    scenario = one(entries, "hyperverge-ckyc", "happy-path")
    wrong = expecting(
        scenario, fields={**scenario.expect["fields"], "result.ckycNo": "30012345678900"}
    )
    [result] = run(sandbox_url, store, [wrong]).results
    assert '+fields.result.ckycNo: "XXXXXXXXXX8901"' in result.diff.splitlines()
    assert "30012345678901" not in result.model_dump_json()


def test_a_vendor_that_does_not_answer_is_an_error(sandbox_url, store, entries, closed_url):
    scenario = one(entries, "hyperverge-ckyc", "invalid-credentials")
    closed = closed_url
    report = run(sandbox_url, store, [scenario], mode="live", base_urls={"hyperverge-ckyc": closed})
    [result] = report.results
    assert (result.outcome, result.error_type) == ("error", "ConnectError")
    assert result.exchange["outcome"] == "error"
    assert result.exchange["url"] == f"{closed}/api/v1/start"
    journey = store.journey(result.journey_id)
    assert (journey["mode"], journey["outcome"], journey["origin"]) == ("live", "error", "runner")
    assert report.target == f"hyperverge-ckyc={closed}"
    # The refusal was timed (how long refusing took) but is no latency of the vendor's.
    [row] = store.journey_exchanges(result.journey_id)
    assert row["status_code"] is None and row["latency_ms"] is not None
    with store.read() as db:
        [summary] = compare(db, CompareFilter(modes=("live",))).summary
    assert (summary["calls"], summary["p50"], summary["p95"]) == (1, None, None)


def test_choosing_scenarios(entries) -> None:
    assert [s.key for s in catalog.choose(entries, ids=["onekyc-siv/valid", "nik-mismatch"])] == [
        "onekyc-siv/valid",
        "onekyc-siv/nik-mismatch",
    ]
    both = catalog.choose(entries, ids=["happy-path"])  # a bare id in two vendors
    assert {s.vendor for s in both} == {"hyperverge-ckyc", "hypersign-kyc"}
    live = catalog.choose(entries, live=True)
    assert live and all(s.live_safe for s in live)
    assert set(catalog.vendors_of(live)) == set(VENDOR_IDS)
    with pytest.raises(catalog.UnknownSelection, match="Unknown vendor nobody"):
        catalog.choose(entries, ["nobody"])
    with pytest.raises(catalog.UnknownSelection, match="Unknown scenario no-such of onekyc-siv"):
        catalog.choose(entries, ["onekyc-siv"], ["no-such"])
    with pytest.raises(catalog.UnknownSelection, match="Not safe to send live: onekyc-siv/valid"):
        catalog.choose(entries, ids=["onekyc-siv/valid"], live=True)


def mixed_report(sandbox_url, store, entries, closed_url) -> Report:
    """One pass, one failure, one error, across two vendors."""
    passing = one(entries, "hyperverge-ckyc", "no-record")
    failing = expecting(one(entries, "onekyc-siv", "token-wrong-credentials"), status=403)
    report = run(sandbox_url, store, [passing, failing])
    closed = {"hyperverge-ckyc": closed_url}
    unanswered = one(entries, "hyperverge-ckyc", "invalid-credentials")
    live = run(sandbox_url, store, [unanswered], mode="live", base_urls=closed)
    report.results.extend(live.results)
    return report


def test_the_report_round_trips_through_json(
    sandbox_url, store, entries, tmp_path, closed_url
) -> None:
    report = mixed_report(sandbox_url, store, entries, closed_url)
    assert [r.outcome for r in report.results] == ["passed", "failed", "error"]
    reopened = Report.from_json(report.to_json())
    assert reopened == report
    assert reopened.totals == {
        "passed": 1,
        "failed": 1,
        "error": 1,
        "total": 3,
        "duration_ms": report.totals["duration_ms"],
    }
    assert json.loads(report.to_json())["totals"]["failed"] == 1
    saved = runs.save(report, tmp_path / "runs")
    assert runs.saved(tmp_path / "runs") == [saved]
    assert runs.open_saved(saved) == report


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x89PNG not json", "This file is not JSON"),
        (b'{"results": []}', "not a scenario runner report"),
        (
            b'{"format": "kyc-console/scenario-run/1", "mode": "sandbox", "target": "x", '
            b'"started_at": "2026-01-01T00:00:00Z", "results": [{"vendor": "v"}]}',
            "This report is damaged: results.0.scenario: Field required",
        ),
        (b'{"format": ' + b"[" * 100_000, "nested more than 120 levels deep"),
        (
            b'{"format": "kyc-console/scenario-run/1", "mode": "sandbox", "target": "x", '
            b'"started_at": "2026-01-01T00:00:00Z", "results": [{"vendor": "v", "scenario": '
            b'"s", "outcome": "passed", "duration_ms": 1, "exchange": {"response": '
            + b"[" * 900
            + b"]" * 900
            + b"}}]}",
            "nested more than 120 levels deep",
        ),
    ],
    ids=["binary", "other-json", "damaged", "nested-past-the-parser", "nested-past-a-report"],
)
def test_a_file_that_is_no_report_is_named_so(tmp_path: Path, content: bytes, says: str):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ReportError, match=says):
        runs.open_saved(path)


def test_the_junit_xml_validates_against_the_junit_schema(
    sandbox_url, store, entries, closed_url
) -> None:
    report = mixed_report(sandbox_url, store, entries, closed_url)
    xml = junit_xml(report)
    SCHEMA.validate(xml.decode())
    root = ET.fromstring(xml)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["hyperverge-ckyc", "onekyc-siv"]
    ckyc, onekyc = suites
    assert (ckyc.get("tests"), ckyc.get("failures"), ckyc.get("errors")) == ("2", "0", "1")
    assert (onekyc.get("tests"), onekyc.get("failures"), onekyc.get("errors")) == ("1", "1", "0")
    properties = {p.get("name"): p.get("value") for p in onekyc.iter("property")}
    assert properties == {"mode": "sandbox", "target": sandbox_url}
    [failure] = onekyc.iter("failure")
    assert failure.get("message") == "status: expected 403, got 401"
    assert "-status: 403" in failure.text and "+status: 401" in failure.text
    [error] = ckyc.iter("error")
    assert error.get("type") == "ConnectError"
    # The contract check: the unanswered scenario is not checked; nothing drifted.
    assert ckyc.find("system-out").text == (
        "contract: 1 answer checked, 0 off contract, 1 not checked\n"
    )
    assert onekyc.find("system-out").text == (
        "contract: 1 answer checked, 0 off contract, 0 not checked\n"
    )
    times = [float(c.get("time")) for c in root.iter("testcase")]
    assert all(t > 0 for t in times)
    assert float(ckyc.get("time")) == pytest.approx(sum(times[:2]), abs=0.002)


def drifted_report(sandbox_url, store, entries, vendor_url) -> Report:
    """CKYC's live-safe scenario sent live to the stand-in, which answers off its document."""
    scenario = one(entries, "hyperverge-ckyc", "invalid-credentials")
    return run(
        sandbox_url, store, [scenario], mode="live", base_urls={"hyperverge-ckyc": vendor_url}
    )


def test_an_answer_off_contract_passes_and_carries_its_finding(
    sandbox_url, store, entries, drifting_ckyc
) -> None:
    [result] = drifted_report(sandbox_url, store, entries, drifting_ckyc).results
    # The verdict is expected against got: the code, message and status are as promised.
    assert result.outcome == "passed", result.summary
    assert [(f["kind"], f["path"]) for f in result.contract] == DRIFT
    assert result.contract[0]["detail"] == "A key the document does not name."
    assert result.contract_label == "1 finding"
    assert "t-123" not in json.dumps(result.contract)  # a path, never the value
    [row] = store.journey_exchanges(result.journey_id)
    assert (row["step"], row["contract"]) == ("start", result.contract)
    assert row["url"] == f"{drifting_ckyc}/api/v1/start"
    assert store.journey(result.journey_id)["summary"] == "scenario invalid-credentials"


def test_findings_survive_json_and_an_old_report_reads_as_not_checked(
    sandbox_url, store, entries, drifting_ckyc
) -> None:
    report = drifted_report(sandbox_url, store, entries, drifting_ckyc)
    reopened = Report.from_json(report.to_json())
    assert reopened == report
    assert [(f["kind"], f["path"]) for f in reopened.results[0].contract] == DRIFT
    assert reopened.contract_counts == {
        "checked": 1,
        "off_contract": 1,
        "findings": 1,
        "not_checked": 0,
    }
    raw = json.loads(report.to_json())
    del raw["results"][0]["contract"]  # a report saved before the check was recorded
    [old] = Report.from_json(json.dumps(raw)).results
    assert (old.contract, old.contract_label) == (None, "not checked")


def test_the_junit_xml_reports_drift_in_system_out_not_as_a_failure(
    sandbox_url, store, entries, drifting_ckyc
) -> None:
    xml = junit_xml(drifted_report(sandbox_url, store, entries, drifting_ckyc))
    SCHEMA.validate(xml.decode())
    [suite] = ET.fromstring(xml).findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "0")
    [case] = suite.iter("testcase")
    assert list(case) == []  # passed
    assert suite.find("system-out").text.splitlines() == [
        "contract: 1 answer checked, 1 off contract, 0 not checked",
        "hyperverge-ckyc/invalid-credentials: 1 finding",
        "  unexpected traceId: A key the document does not name.",
    ]


def test_an_object_valued_expectation_is_redacted_and_masked_everywhere(
    sandbox_url, store, entries, tmp_path
) -> None:
    """An expected value that is an object under a key that is no secret: its secret and its
    personal value, and the personal data that came back in its place, never appear raw."""
    wrong = expecting(
        one(entries, "hyperverge-ckyc", "happy-path"),
        fields={"result": {"token": "sekret-abc", "nik": "3208011234567890"}},
    )
    report = run(sandbox_url, store, [wrong])
    [result] = report.results
    assert result.outcome == "failed"
    assert result.expected["fields.result"] == {"token": REDACTED, "nik": "XXXXXXXXXXXX7890"}
    got = result.got["fields.result"]
    assert got["ckycNo"] == "XXXXXXXXXX8901" and got["firstName"] == "****"
    assert '-fields.result: {"token": "[REDACTED]", "nik": "XXXXXXXXXXXX7890"}' in (
        result.diff.splitlines()
    )
    saved = runs.save(report, tmp_path / "runs")
    for shown in (
        result.summary,
        result.diff,
        report.to_json().decode(),
        saved.read_text(),
        junit_xml(report).decode(),
    ):
        for raw in ("sekret-abc", "3208011234567890", "30012345678901"):
            assert raw not in shown


def test_two_differing_values_that_mask_alike_say_so(sandbox_url, store, entries) -> None:
    scenario = one(entries, "hyperverge-ckyc", "happy-path")
    # The answer's ckycNo is 30012345678901: the same last four, masked alike.
    wrong = expecting(scenario, fields={"result.ckycNo": "99999999998901"})
    [result] = run(sandbox_url, store, [wrong]).results
    lines = result.diff.splitlines()
    assert '-fields.result.ckycNo: "XXXXXXXXXX8901"' in lines
    assert '+fields.result.ckycNo: "XXXXXXXXXX8901" (differs where it is masked)' in lines


def test_a_form_without_files_goes_multipart_when_the_catalog_says(
    sandbox_url, store, entries
) -> None:
    """CKYC Validation's document makes multipart/form-data mandatory, files or not."""
    validation = catalog.choose(entries, ["hyperverge-validation"])
    assert all(s.request["multipart"] is True for s in validation)
    scenario = one(entries, "hyperverge-validation", "approve")
    assert scenario.request["form"] and "files" not in scenario.request
    [result] = run(sandbox_url, store, [scenario]).results
    assert result.outcome == "passed", result.summary
    [row] = store.journey_exchanges(result.journey_id)
    headers = {k.lower(): v for k, v in row["request"]["headers"].items()}
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    sent = row["request"]["body"]["multipart"]
    assert (
        sent["files"] == [] and sent["form"]["first_name"] == scenario.request["form"]["first_name"]
    )
    # A form the catalog does not mark multipart still goes url-encoded.
    [plain] = run(
        sandbox_url, store, [one(entries, "messagecentral-ekyc", "invalid-api-key")]
    ).results
    [row] = store.journey_exchanges(plain.journey_id)
    headers = {k.lower(): v for k, v in row["request"]["headers"].items()}
    assert headers["content-type"] == "application/x-www-form-urlencoded"


def test_runs_saved_in_the_same_second_never_overwrite_each_other(tmp_path: Path) -> None:
    """Saved at once from many threads (two consoles, a console and CI), all started in the
    same second: one file each, each holding its own run. (Each run is large, so writing it
    takes a while: long enough for the others to find its name still free, were the name
    checked before writing rather than taken by creating the file.)"""
    results = [
        Result(vendor="v", scenario=f"s{n}", outcome="passed", duration_ms=1) for n in range(3000)
    ]
    first = Report(started_at="2026-01-01T00:00:00Z", mode="sandbox", target="x", results=results)
    reports = [first.model_copy(update={"target": f"run-{n}"}) for n in range(8)]
    barrier = threading.Barrier(len(reports))
    saved: list[Path] = []

    def save(report: Report) -> None:
        barrier.wait()
        saved.append(runs.save(report, tmp_path / "runs"))

    threads = [threading.Thread(target=save, args=(r,)) for r in reports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(saved)) == len(reports) == len(runs.saved(tmp_path / "runs"))
    assert {runs.open_saved(path).target for path in saved} == {r.target for r in reports}
    assert all(p.name.startswith("20260101T000000-sandbox-") for p in saved)
