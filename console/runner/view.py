"""The Scenario runner page: choose vendors and scenarios and a mode, run with a progress bar,
read the results (what failed first, its diff and exchange, a way to its journey in History;
then what passed off contract, its findings), download JSON and JUnit XML, reopen a saved run
or a report file.

Sandbox scenarios run on the runner's own sandbox (console/runner/private_sandbox.py), so the
reset before each leaves a flow walked on the console's sandbox alone. Live vendors are checked
as the flows check them before anything is sent. Vendors are named by the registry's titles on
the page; the ids stay in the JSON and JUnit files.

Names in a report (vendor, scenario, title) may come from an uploaded file: they are shown
in tables and code blocks, and through `plain()` wherever Streamlit reads Markdown.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import streamlit as st

from console.core.clients import NotConfigured, credentials
from console.core.drift_view import KINDS
from console.core.runtime import Runtime
from console.core.text import plain
from console.registry import VENDORS
from console.runner import catalog, live, private_sandbox, runs
from console.runner.junit import junit_xml
from console.runner.report import Report, ReportError, Result, counted
from console.runner.runner import BadTarget, Runner

REPORT = "runner.report"  # the report shown: the last run, or one reopened
SOURCE = "runner.source"  # ("saved as" | "opened from", file name) of the report shown
PROBLEM = "runner.problem"
HISTORY_PAGE = "app_pages/history.py"
LABELS = {"passed": "Passed", "failed": "Failed", "error": "Error"}
ICONS = {
    "passed": ":material/check_circle:",
    "failed": ":material/cancel:",
    "error": ":material/error:",
}
MODES = {"sandbox": "Sandbox (every scenario)", "live": "Live (the live-safe scenarios only)"}
OFF_CONTRACT_ICON = ":material/rule:"
SPECS = {spec.id: spec for spec in VENDORS}


@st.cache_data(ttl=300, show_spinner=False)
def _catalog(sandbox_url: str) -> list[catalog.Scenario]:
    return catalog.fetch(sandbox_url)


def live_vendors(rt: Runtime) -> list[str]:
    return [spec.id for spec in VENDORS if rt.mode(spec) == "live"]


def vendor_title(vendor: str) -> str:
    """The registry's title of a vendor id; the id itself for one it does not hold (a report
    file from elsewhere)."""
    spec = SPECS.get(vendor)
    return spec.title if spec is not None else vendor


def flow_title(vendor: str) -> str:
    """The vendor's flow, short enough for a picker's line: "CKYC Validation"."""
    spec = SPECS.get(vendor)
    return spec.flow if spec is not None else vendor


def render(rt: Runtime) -> None:
    try:
        sandbox_url = private_sandbox.url()
        entries = _catalog(sandbox_url)
    except (OSError, RuntimeError, httpx.HTTPError) as exc:
        st.error(f"The runner's sandbox did not serve its scenario catalog: {plain(exc)}")
        st.stop()
    chosen, mode, blocked = choose(rt, entries)
    left, right = st.columns([1, 5], vertical_alignment="center")
    clicked = left.button(
        "Run",
        key="runner.run",
        type="primary",
        icon=":material/play_arrow:",
        disabled=bool(blocked),
    )
    for why in blocked:
        right.warning(plain(why), icon=":material/block:")
    reopen(rt)
    # One slot for the progress bar and the results: a new run empties it at once, so the
    # last run's results are not left on screen, greyed, under the progress bar.
    slot = st.empty()
    if clicked and not blocked:
        for key in (REPORT, SOURCE):
            st.session_state.pop(key, None)
        with slot.container():
            run(rt, sandbox_url, chosen, mode)
    with slot.container():
        problem = st.session_state.pop(PROBLEM, None)
        if problem:
            st.error(problem, icon=":material/error:")
        report = st.session_state.get(REPORT)
        if report is not None:
            show(report, st.session_state.get(SOURCE))


def choose(
    rt: Runtime, entries: list[catalog.Scenario]
) -> tuple[list[catalog.Scenario], str, list[str]]:
    """What to run, in which mode, and why it cannot run yet (empty: it can)."""
    in_live = live_vendors(rt)
    mode = st.radio(
        "Mode",
        ["sandbox", "live"] if in_live else ["sandbox"],
        format_func=MODES.get,
        key="runner.mode",
        horizontal=True,
    )
    if not in_live:
        st.caption("Live mode: set a vendor to live in Settings first.")
    known = catalog.vendors_of(entries)
    offered = [v for v in known if mode == "sandbox" or v in in_live]
    vendors = st.multiselect(
        "Vendors",
        offered,
        default=offered,
        format_func=vendor_title,
        key=f"runner.vendors.{mode}",
        help="Live mode offers the vendors whose settings are in live mode.",
    )
    # No vendor chosen is nothing to run (catalog.choose reads no vendor as all of them).
    pool = catalog.choose(entries, vendors, live=mode == "live") if vendors else []
    titles = {s.key: f"{flow_title(s.vendor)} · {s.title}" for s in pool}
    key = f"runner.scenarios.{mode}"
    # A scenario of a vendor just taken out is no longer an option.
    st.session_state[key] = [k for k in st.session_state.get(key, []) if k in titles]
    picked = st.multiselect(
        "Scenarios",
        list(titles),
        format_func=titles.get,
        key=key,
        placeholder=_all_of(len(pool), len(vendors), mode),
    )
    chosen = [s for s in pool if not picked or s.key in picked]
    if mode == "sandbox":
        if chosen:
            st.caption(f"{counted(len(chosen), 'scenario')} to run.")
    elif chosen:
        urls = titled_targets(" ".join(live.shown(rt.settings, v) for v in vendors))
        st.caption(plain(f"{counted(len(chosen), 'live-safe scenario')}, sent to {urls}."))
    if not vendors:
        return chosen, mode, ["Choose a vendor to run its scenarios."]
    if not chosen:
        return chosen, mode, ["None of the chosen vendors has a scenario safe to send live."]
    blocked = not_ready(rt, catalog.vendors_of(chosen)) if mode == "live" else {}
    return chosen, mode, [f"{vendor_title(v)}: {why}" for v, why in blocked.items()]


def _all_of(n: int, vendors: int, mode: str) -> str:
    """The scenario picker's placeholder: what runs when none is picked."""
    of = "the chosen vendor" if vendors == 1 else "the chosen vendors"
    kind = "live-safe scenario" if mode == "live" else "scenario"
    if n == 0:
        return f"No {kind} of {of}" if vendors else "Choose a vendor first"
    if n == 1:
        return f"The one {kind} of {of}"
    return f"All {n} {kind}s of {of}"


def not_ready(rt: Runtime, vendors: list[str]) -> dict[str, str]:
    """Each live vendor that cannot be run, and why: its live base URL refused (typed in the
    browser, or unusable), or a setting missing, in the sentence the flows show."""
    out: dict[str, str] = {}
    for vendor in vendors:
        try:
            live.configured(rt.settings, [vendor])
            credentials(SPECS[vendor], rt.settings, rt.services.sandbox_url)
        except (BadTarget, NotConfigured) as exc:
            out[vendor] = str(exc)
    return out


def titled_targets(pairs: str) -> str:
    """ "vendor[.service]=URL ..." (a live run's target) with each vendor's title:
    "OneKYC · Identity Verification: token https://a, api https://b"."""
    grouped: dict[str, list[str]] = {}
    for pair in pairs.split():
        name, sep, url = pair.partition("=")
        if not sep:
            return pairs  # not a live target: shown as it is
        vendor, _, service = name.partition(".")
        grouped.setdefault(vendor, []).append(f"{service} {url}" if service else url)
    return "; ".join(f"{vendor_title(v)}: {', '.join(urls)}" for v, urls in grouped.items())


def run(rt: Runtime, sandbox_url: str, chosen: list[catalog.Scenario], mode: str) -> None:
    vendors = catalog.vendors_of(chosen) if mode == "live" else []
    try:
        # Only configured URLs: one typed in Settings is refused, as the flows refuse it.
        base_urls = live.configured(rt.settings, vendors)
    except BadTarget as exc:
        st.session_state[PROBLEM] = plain(exc)
        return
    bar = st.progress(0.0, text=f"0 of {len(chosen)}")

    def progress(done: int, total: int, result: Result) -> None:
        line = f"{done} of {total}: {name_of(result)} {LABELS[result.outcome].lower()}"
        bar.progress(done / total, text=plain(line))

    try:
        # The runner's own sandbox: its resets leave the console's sandbox alone; the
        # history is the console's.
        with Runner(sandbox_url, rt.store, rt.redactor, mode=mode, base_urls=base_urls) as runner:
            report = runner.run(chosen, progress)
    except BadTarget as exc:
        bar.empty()
        st.session_state[PROBLEM] = plain(exc)
        return
    bar.empty()
    st.session_state[REPORT] = report
    try:
        st.session_state[SOURCE] = ("saved as", runs.save(report, runs.runs_dir(rt.settings)).name)
    except OSError as exc:
        st.session_state[PROBLEM] = plain(f"The run could not be saved: {exc.strerror}.")


def reopen(rt: Runtime) -> None:
    folder = runs.runs_dir(rt.settings)
    with st.expander("Reopen a run", icon=":material/folder_open:"):
        saved = {path.name: path for path in runs.saved(folder)}
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        name = left.selectbox(
            "A saved run",
            list(saved),
            index=None,
            key="runner.saved",
            placeholder="Runs saved on this machine, newest first" if saved else "None yet",
        )
        if right.button("Open", key="runner.open", disabled=name is None):
            _open(lambda: runs.open_saved(saved[name]), name)
        upload = st.file_uploader("Or a report file (JSON)", type=["json"], key="runner.upload")
        if upload is not None and st.session_state.get("runner.uploaded") != upload.file_id:
            st.session_state["runner.uploaded"] = upload.file_id
            _open(lambda: Report.from_json(upload.getvalue()), upload.name)


def _open(read, name: str) -> None:
    try:
        report = read()
    except ReportError as exc:
        st.session_state[PROBLEM] = plain(f"{name}: {exc}")
        return
    st.session_state[REPORT] = report
    st.session_state[SOURCE] = ("opened from", name)


def name_of(result: Result) -> str:
    """ "HyperVerge · CKYC Validation · bad-selfie": the vendor's title, the scenario's id."""
    return f"{vendor_title(result.vendor)} · {result.scenario}"


def show(report: Report, source: tuple[str, str] | None) -> None:
    totals = report.totals
    st.subheader("Results")
    started = report.started_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    if report.mode == "sandbox":
        where = f"Sandbox at {report.target}"
    else:
        where = f"Live: {titled_targets(report.target)}"
    where += f"; started {started}"
    if source:
        where += f" · {source[0]} {source[1]}"
    st.caption(plain(where))
    columns = st.columns(4)
    columns[0].metric("Scenarios", totals["total"])
    for column, outcome in zip(columns[1:], ("passed", "failed", "error"), strict=True):
        column.metric(LABELS[outcome], totals[outcome])
    st.caption(contract_line(report))
    st.dataframe(table(report), hide_index=True, key="runner.table")
    stem = Path(source[1]).stem if source else "scenario-run"
    left, right, _ = st.columns([1, 1, 3])
    left.download_button(
        "JSON",
        report.to_json(),
        f"{stem}.json",
        "application/json",
        key="runner.download.json",
        icon=":material/download:",
    )
    right.download_button(
        "JUnit XML",
        junit_xml(report),
        f"{stem}.xml",
        "application/xml",
        key="runner.download.junit",
        icon=":material/download:",
    )
    # What failed first; then what passed but drifted from the vendor's document.
    for n, result in enumerate(report.worst_first()):
        if result.outcome == "passed" and not result.findings:
            continue
        label = LABELS[result.outcome]
        if result.findings:
            label += f", {result.contract_label}"
        icon = ICONS[result.outcome] if result.outcome != "passed" else OFF_CONTRACT_ICON
        with st.expander(plain(f"{label}: {name_of(result)}"), icon=icon):
            detail(result, key=f"runner.history.{n}")
    passed = {r.key: r for r in report.results if r.outcome == "passed"}
    if passed:
        key = st.selectbox(
            "The exchange of a passed scenario",
            list(passed),
            index=None,
            format_func=lambda k: name_of(passed[k]),
            key="runner.passed",
            placeholder="Choose one",
        )
        if key is not None:
            detail(passed[key], key="runner.history.passed")


def table(report: Report) -> dict[str, list]:
    return {
        "Vendor": [vendor_title(r.vendor) for r in report.results],
        "Scenario": [r.scenario for r in report.results],
        "Title": [r.title for r in report.results],
        "Result": [LABELS[r.outcome] for r in report.results],
        "Contract": [r.contract_label for r in report.results],
        "Duration (ms)": [round(r.duration_ms, 1) for r in report.results],
    }


def contract_line(report: Report) -> str:
    counts = report.contract_counts
    line = f"Contract check: {counted(counts['checked'], 'answer')} checked"
    if counts["off_contract"]:
        line += f", {counts['off_contract']} off the vendor's document (not a failure)"
    else:
        line += ", all on contract" if counts["checked"] else ""
    if counts["not_checked"]:
        line += f"; {counts['not_checked']} not checked (no answer, or no documented call)"
    return line + "."


def what_happened(result: Result) -> str:
    """The result's summary as a person reads it: a connection refused names the address
    that did not answer (the raw error stays in the exchange)."""
    if result.error_type == "ConnectError" and "refused" in result.summary.lower():
        where = _origin((result.exchange or {}).get("url"))
        return f"Nothing answers at {where}." if where else "Nothing answers at its address."
    return result.summary


def _origin(url: object) -> str | None:
    """scheme://host:port of a URL, any user:password@ left out."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}" if parts.scheme and host else None


def detail(result: Result, key: str) -> None:
    st.text(result.title)
    said = what_happened(result)
    if said:
        st.text(said)
    if result.diff:
        st.code(result.diff, language="diff")
    st.text(f"Contract: {result.contract_label}")
    if result.contract:
        st.dataframe(
            {
                "Finding": [KINDS.get(f["kind"], f["kind"]) for f in result.contract],
                "Path": [f["path"] for f in result.contract],
                "Detail": [f["detail"] for f in result.contract],
            },
            hide_index=True,
        )
    if result.exchange is not None:
        st.caption("The exchange, as the history holds it")
        st.code(json.dumps(result.exchange, indent=2, ensure_ascii=False), language="json")
    else:
        st.caption("Nothing was sent.")
        if said != result.summary:
            st.text(result.summary)
    if result.journey_id and st.button(
        "Open in History",
        key=key,
        icon=":material/history:",
        help="The History page, searching for this scenario's journey",
    ):
        open_in_history(result.journey_id)


def open_in_history(journey_id: str) -> None:
    """History, searching for the journey and showing it; every source of journey (History
    hides the runner's own by default)."""
    st.session_state["history.text"] = journey_id
    st.session_state["history.page"] = 1
    st.session_state["history.journey"] = journey_id
    st.session_state["history.origins"] = []  # no Source filter: all sources
    st.switch_page(HISTORY_PAGE)
