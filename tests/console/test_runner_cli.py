"""`python -m console.runner` as CI runs it: a subprocess, its exit status, its files."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
import xmlschema

from console.core.history import HistoryStore
from tests.console.test_runner import drifting_ckyc  # noqa: F401 (a fixture)
from tests.helpers import ROOT

SCHEMA = xmlschema.XMLSchema(Path(__file__).with_name("junit.xsd"))


def runner(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    history = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    return subprocess.run(
        [sys.executable, "-m", "console.runner", "--history-url", history, *args],
        cwd=ROOT,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_one_vendor_on_its_own_sandbox_exits_0_with_junit(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    done = runner(tmp_path, "--vendor", "hyperverge-ckyc", "--junit", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 19  # one line per scenario, then the totals
    assert all(line.startswith("PASS  hyperverge-ckyc/") for line in lines[:-1])
    assert lines[-1].startswith("18 scenarios (sandbox, http://127.0.0.1:")
    assert lines[-1].endswith(": 18 passed, 0 failed, 0 errors in " + lines[-1].split()[-2] + " s")
    SCHEMA.validate(out.read_text())
    [suite] = ET.parse(out).getroot()
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == (
        "hyperverge-ckyc",
        "18",
        "0",
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--vendor", "nobody"], "Unknown vendor nobody"),
        (["--vendor", "onekyc-siv", "--scenario", "nope"], "Unknown scenario nope of onekyc-siv"),
        (["--mode", "live", "--vendor", "onekyc-siv"], "Live mode needs --base-url for onekyc-siv"),
        (["--base-url", "http://127.0.0.1:1"], "--base-url is for --mode live"),
        (
            ["--mode", "live", "--vendor", "hypersign-kyc", "--base-url", "https://kyc.example"],
            "Live mode needs --base-url for hypersign-kyc.dashboard, hypersign-kyc.ssi",
        ),
        (
            ["--mode", "live", "--base-url", "hypersign-kyc.oauth=https://kyc.example"],
            "hypersign-kyc has no service 'oauth': it has dashboard (live_dashboard_base_url), "
            "kyc (live_base_url), ssi (live_ssi_base_url).",
        ),
        (
            ["--mode", "live", "--base-url", "onekyc-siv.token=http://vendor.example"],
            "The live base URL for onekyc-siv.token uses plain http:// to a host other than "
            "this machine: use https://.",
        ),
        (
            ["--mode", "live", "--base-url", "hyperverge-ckyc=https://me:pw@vendor.example"],
            "The live base URL for hyperverge-ckyc holds a user name or password",
        ),
    ],
    ids=[
        "vendor",
        "scenario",
        "live-without-url",
        "url-without-live",
        "service-without-url",
        "unknown-service",
        "plain-http",
        "userinfo",
    ],
)
def test_a_usage_error_exits_2_and_says_what(tmp_path, sandbox_url, args, says) -> None:
    done = runner(tmp_path, "--sandbox-url", sandbox_url, *args)
    assert done.returncode == 2
    assert says in done.stderr
    assert done.stdout == ""


def test_live_mode_sends_only_the_live_safe_scenarios(tmp_path: Path, sandbox_url: str) -> None:
    """Each service's own mount in the sandbox stands in for its live host (the base URL the
    console gives an adapter in sandbox mode): a request routed to the wrong service, or with
    the service's sub-prefix left in its path, would not get its promised answer. No reset
    comes first in live mode, so each live-safe entry answers as promised whatever state the
    sandbox is in."""
    vendors = httpx.get(f"{sandbox_url}/_sandbox/vendors").json()
    safe = {
        f"{e['vendor']}/{e['id']}"
        for e in httpx.get(f"{sandbox_url}/_sandbox/scenarios").json()
        if e["live_safe"]
    }
    prefix = {v["id"]: v["prefix"] for v in vendors}
    single = ["hyperverge-ckyc", "hyperverge-validation", "messagecentral-ekyc"]
    urls = [f"--base-url={v}={sandbox_url}{prefix[v]}" for v in single] + [
        # by service name, by settings field, and VENDOR=URL for the vendor's live_base_url
        f"--base-url=hypersign-kyc.dashboard={sandbox_url}/hypersign-kyc/dashboard",
        f"--base-url=hypersign-kyc.live_ssi_base_url={sandbox_url}/hypersign-kyc/ssi",
        f"--base-url=hypersign-kyc={sandbox_url}/hypersign-kyc/kyc",
        f"--base-url=onekyc-siv.token={sandbox_url}/onekyc-siv/token",
        f"--base-url=onekyc-siv.api={sandbox_url}/onekyc-siv/api",
    ]
    out = tmp_path / "live.json"
    done = runner(
        tmp_path, "--mode", "live", "--sandbox-url", sandbox_url, *urls, "--json", str(out)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert report["mode"] == "live"
    assert {f"{r['vendor']}/{r['scenario']}" for r in report["results"]} == safe
    assert {r["outcome"] for r in report["results"]} == {"passed"}
    assert len({r["vendor"] for r in report["results"]}) == len(vendors)
    sent = {f"{r['vendor']}/{r['scenario']}": r["exchange"]["url"] for r in report["results"]}
    assert sent["hypersign-kyc/wrong-api-secret"] == (
        f"{sandbox_url}/hypersign-kyc/dashboard/api/v1/app/oauth?grant_type=access_service_kyc"
    )
    assert sent["hypersign-kyc/kyc-token-on-ssi"] == (
        f"{sandbox_url}/hypersign-kyc/ssi/api/v1/did/create"
    )
    assert f"hypersign-kyc.ssi={sandbox_url}/hypersign-kyc/ssi" in report["target"].split()
    store = HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")
    for result in report["results"]:
        assert store.journey(result["journey_id"])["mode"] == "live"


def test_help_names_each_vendors_services(tmp_path: Path) -> None:
    done = runner(tmp_path, "--help")
    assert done.returncode == 0
    assert "--base-url VENDOR.SERVICE=URL" in done.stdout
    assert (
        "hypersign-kyc: dashboard (live_dashboard_base_url), kyc (live_base_url), "
        "ssi (live_ssi_base_url)" in done.stdout
    )
    assert "onekyc-siv: token (live_token_base_url), api (live_base_url)" in done.stdout


def test_a_failing_scenario_exits_1(tmp_path: Path, sandbox_url: str) -> None:
    # CKYC's live-safe request sent to another vendor's prefix: not the answer it promises.
    done = runner(
        tmp_path,
        "--mode",
        "live",
        "--sandbox-url",
        sandbox_url,
        "--vendor",
        "hyperverge-ckyc",
        "--base-url",
        f"{sandbox_url}/hyperverge-validation",
    )
    assert done.returncode == 1, done.stdout + done.stderr
    [line, totals] = done.stdout.splitlines()
    assert line.startswith("FAIL  hyperverge-ckyc/invalid-credentials ")
    assert "status: expected 401, got 404" in line
    assert totals.endswith(": 0 passed, 1 failed, 0 errors in " + totals.split()[-2] + " s")


def test_drift_is_named_on_its_line(tmp_path, sandbox_url, drifting_ckyc) -> None:  # noqa: F811
    """The stand-in CKYC answers the live-safe refusal as promised, with a key its document
    does not name: the scenario passes (exit 0) and its line says the contract drifted."""
    done = runner(
        tmp_path,
        "--mode",
        "live",
        "--sandbox-url",
        sandbox_url,
        "--vendor",
        "hyperverge-ckyc",
        "--base-url",
        drifting_ckyc,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [line, totals, contract] = done.stdout.splitlines()
    assert line.startswith("PASS  hyperverge-ckyc/invalid-credentials ")
    assert line.endswith("  |  contract: 1 finding")
    assert totals.endswith(": 1 passed, 0 failed, 0 errors in " + totals.split()[-2] + " s")
    assert contract == (
        "contract: 1 finding on 1 of 1 answer checked (drift is reported, not failed)"
    )
