"""The Scenario runner page: choose vendors and scenarios and a mode, run with a progress bar,
read the results (what failed first, its diff and exchange; then what passed off contract, its
findings), download JSON and JUnit XML, reopen a saved run or a report file.

Names in a report (vendor, scenario, title) may come from an uploaded file: they are shown
in tables and code blocks, and through `plain()` wherever Streamlit reads Markdown.
"""

import json
from pathlib import Path

import httpx
import streamlit as st

from console.core.drift_view import KINDS
from console.core.runtime import Runtime
from console.core.text import plain
from console.registry import VENDORS
from console.runner import catalog, live, runs
from console.runner.junit import junit_xml
from console.runner.report import Report, ReportError, Result, counted
from console.runner.runner import BadTarget, Runner

REPORT = "runner.report"  # the report shown: the last run, or one reopened
SAVED_AS = "runner.saved_as"
PROBLEM = "runner.problem"
LABELS = {"passed": "Passed", "failed": "Failed", "error": "Error"}
ICONS = {
    "passed": ":material/check_circle:",
    "failed": ":material/cancel:",
    "error": ":material/error:",
}
MODES = {"sandbox": "Sandbox (every scenario)", "live": "Live (the live-safe scenarios only)"}
OFF_CONTRACT_ICON = ":material/rule:"


@st.cache_data(ttl=300, show_spinner=False)
def _catalog(sandbox_url: str) -> list[catalog.Scenario]:
    return catalog.fetch(sandbox_url)


def live_vendors(rt: Runtime) -> list[str]:
    return [spec.id for spec in VENDORS if rt.mode(spec) == "live"]


def render(rt: Runtime) -> None:
    try:
        entries = _catalog(rt.services.sandbox_url)
    except httpx.HTTPError as exc:
        st.error(f"The sandbox did not serve its scenario catalog: {plain(exc)}")
        st.stop()
    chosen, mode = choose(rt, entries)
    if st.button(
        "Run",
        key="runner.run",
        type="primary",
        icon=":material/play_arrow:",
        disabled=not chosen,
    ):
        run(rt, chosen, mode)
    reopen(rt)
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/error:")
    report = st.session_state.get(REPORT)
    if report is not None:
        show(report, st.session_state.get(SAVED_AS))


def choose(rt: Runtime, entries: list[catalog.Scenario]) -> tuple[list[catalog.Scenario], str]:
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
        key=f"runner.vendors.{mode}",
        help="Live mode offers the vendors whose settings are in live mode.",
    )
    # No vendor chosen is nothing to run (catalog.choose reads no vendor as all of them).
    pool = catalog.choose(entries, vendors, live=mode == "live") if vendors else []
    titles = {s.key: f"{s.key} · {s.title}" for s in pool}
    key = f"runner.scenarios.{mode}"
    # A scenario of a vendor just taken out is no longer an option.
    st.session_state[key] = [k for k in st.session_state.get(key, []) if k in titles]
    picked = st.multiselect(
        "Scenarios",
        list(titles),
        format_func=titles.get,
        key=key,
        placeholder=f"All {len(pool)} scenarios of the chosen vendors",
    )
    chosen = [s for s in pool if not picked or s.key in picked]
    if mode == "sandbox":
        st.caption(
            f"{len(chosen)} scenarios. Each resets the sandbox first: a flow walked on the "
            "sandbox meanwhile loses its state."
        )
    else:
        urls = ", ".join(live.shown(rt.settings, v) for v in vendors)
        st.caption(plain(f"{len(chosen)} live-safe scenarios, sent to {urls}."))
    return chosen, mode


def run(rt: Runtime, chosen: list[catalog.Scenario], mode: str) -> None:
    vendors = catalog.vendors_of(chosen) if mode == "live" else []
    try:
        # Only configured URLs: one typed in Settings is refused, as the flows refuse it.
        base_urls = live.configured(rt.settings, vendors)
    except BadTarget as exc:
        st.session_state[PROBLEM] = plain(exc)
        return
    bar = st.progress(0.0, text=f"0 of {len(chosen)}")

    def progress(done: int, total: int, result: Result) -> None:
        bar.progress(done / total, text=plain(f"{done} of {total}: {result.key} {result.outcome}"))

    try:
        with Runner(
            rt.services.sandbox_url, rt.store, rt.redactor, mode=mode, base_urls=base_urls
        ) as runner:
            report = runner.run(chosen, progress)
    except BadTarget as exc:
        bar.empty()
        st.session_state[PROBLEM] = plain(exc)
        return
    bar.empty()
    st.session_state[REPORT] = report
    try:
        st.session_state[SAVED_AS] = runs.save(report, runs.runs_dir(rt.settings)).name
    except OSError as exc:
        st.session_state[SAVED_AS] = None
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
    st.session_state[SAVED_AS] = name


def show(report: Report, saved_as: str | None) -> None:
    totals = report.totals
    st.subheader("Results")
    started = report.started_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    where = f"{report.mode}, {report.target}, started {started}"
    st.caption(plain(where + (f" · saved as {saved_as}" if saved_as else "")))
    columns = st.columns(4)
    columns[0].metric("Scenarios", totals["total"])
    for column, outcome in zip(columns[1:], ("passed", "failed", "error"), strict=True):
        column.metric(LABELS[outcome], totals[outcome])
    st.caption(contract_line(report))
    st.dataframe(table(report), hide_index=True, key="runner.table")
    stem = Path(saved_as).stem if saved_as else "scenario-run"
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
    for result in report.worst_first():
        if result.outcome == "passed" and not result.findings:
            continue
        label = LABELS[result.outcome]
        if result.findings:
            label += f", {result.contract_label}"
        icon = ICONS[result.outcome] if result.outcome != "passed" else OFF_CONTRACT_ICON
        with st.expander(plain(f"{label}: {result.key}"), icon=icon):
            detail(result)
    passed = {r.key: r for r in report.results if r.outcome == "passed"}
    if passed:
        key = st.selectbox(
            "The exchange of a passed scenario",
            list(passed),
            index=None,
            key="runner.passed",
            placeholder="Choose one",
        )
        if key is not None:
            detail(passed[key])


def table(report: Report) -> dict[str, list]:
    return {
        "Vendor": [r.vendor for r in report.results],
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


def detail(result: Result) -> None:
    st.text(result.title)
    if result.summary:
        st.text(result.summary)
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
