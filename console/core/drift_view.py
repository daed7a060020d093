"""How the Contract drift page shows what the history's checks found: per vendor, how many
answers were checked and how many drifted (live first), then the findings grouped by step,
kind and path. Paths and details are shown as dataframe text, never as Markdown."""

from collections.abc import Sequence

import streamlit as st

from console.core.drift_query import Drift, DriftFilter, LeftOut, drift
from console.core.history import HistoryStore
from console.core.history_view import MODES, table_height, vendor_title

KINDS = {
    "missing": "Missing",
    "unexpected": "Unexpected",
    "type": "Wrong type",
    "status": "Undocumented status",
    "code": "Undocumented error code",
    "checker": "Checker failed",
}
EXPLAINED = (
    "Each vendor answer is checked against the vendor's document when it is recorded: keys "
    "missing from the documented shape, keys the document does not name, values of another "
    "type, HTTP statuses and error codes it does not list. Live answers come first."
)
COUNTED = (
    "Counts the answers checked against a contract: calls that got an answer, on steps the "
    "contract covers, from flows, scenario runs and re-sends alike (Source). Vendor "
    "comparison counts every call, answered or not, so its totals differ."
)
FILTER_NAMES = {"dates": "Dates", "mode": "Mode", "source": "Source"}  # as the page labels them


def load(store: HistoryStore, where: DriftFilter, shown: Sequence[str] = ()) -> Drift:
    with store.read() as db:  # every exchange handed over before is seen
        return drift(db, where, shown=shown)


def no_drift_line(checked: int, left_out: LeftOut | None = None) -> str:
    if checked:
        return f"No drift: {checked} response{'s' if checked != 1 else ''} checked"
    if left_out is None or not left_out.any_checked or not left_out.by:
        return "Not checked yet: no answer of this flow has been checked against its contract."
    names = [FILTER_NAMES[name] for name in left_out.by]
    named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    leaves = "filter leaves" if len(names) == 1 else "filters leave"
    return f"None under these filters: the {named} {leaves} out its checked answers."


def show(found: Drift, vendor_ids: Sequence[str]) -> None:
    """One section per vendor of `vendor_ids`, in that order."""
    if found.rows_read < found.rows_with_findings:
        st.caption(
            f"Grouped from the newest {found.rows_read} of {found.rows_with_findings} answers "
            "with findings: narrow the dates to see older ones."
        )
    for vendor_id in vendor_ids:
        counts = [row for row in found.counts if row["vendor"] == vendor_id]
        groups = [g for g in found.groups if g["vendor"] == vendor_id]
        checked = sum(row["checked"] for row in counts)
        drifted = sum(row["with_findings"] for row in counts)
        with st.container(border=True):
            st.subheader(vendor_title(vendor_id), anchor=False)
            if drifted == 0:
                st.text(no_drift_line(checked, found.left_out.get(vendor_id)))
                continue
            st.text(f"{drifted} of {checked} responses checked drift from the document")
            st.dataframe(
                {
                    "Mode": [MODES.get(r["mode"], r["mode"]) for r in counts],
                    "Checked": [r["checked"] for r in counts],
                    "With findings": [r["with_findings"] for r in counts],
                },
                hide_index=True,
                key=f"drift.counts.{vendor_id}",
            )
            st.dataframe(
                findings_table(groups),
                hide_index=True,
                height=table_height(len(groups), most=12),
                key=f"drift.findings.{vendor_id}",
            )


def findings_table(groups: list[dict]) -> dict[str, list]:
    return {
        "Step": [g["step"] for g in groups],
        "Kind": [KINDS.get(g["kind"], g["kind"]) for g in groups],
        "Path": [g["path"] for g in groups],
        "Detail": [g["detail"] for g in groups],
        "Calls": [g["count"] for g in groups],
        "Mode": [g["modes"] for g in groups],
        "First seen (UTC)": [g["first_seen"] for g in groups],
        "Last seen (UTC)": [g["last_seen"] for g in groups],
        "Example exchange": [g["example_id"] for g in groups],
    }
