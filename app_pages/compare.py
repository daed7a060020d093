"""Vendor comparison: per flow and step, calls, outcome mix, latency over time and errors by
code, from the history, filtered by dates, mode, flow and source (flows' own journeys by
default: the scenario runner's error scenarios are failures on purpose)."""

import streamlit as st

from console.core import compare_view as view
from console.core import dates
from console.core.compare_query import CompareFilter
from console.core.history_view import MODES, ORIGIN_HELP, ORIGIN_LABELS, vendor_title
from console.core.page import setup
from console.registry import VENDOR_IDS

rt = setup()
st.title("Vendor comparison")
st.caption(
    "Over the HTTP calls the history holds, as each adapter judged them (a documented 404 can "
    "be a success). Days and hours are UTC, by the wall clock."
)

# Also waits for the calls just handed to the history's writer: the figures include them.
if rt.store.first_day() is None:
    st.info("Nothing recorded yet: walk a flow (in the sidebar, under Flows) and come back.")
    st.stop()
first, last = view.history_span(rt.store)
if first is None:
    st.info("No HTTP call recorded yet (only refused input): walk a flow and come back.")
    st.stop()

dates_col, modes_col, vendors_col, origins_col = st.columns([3, 2, 4, 3])
# The history's span on every run (calls on a later day count) until the user picks dates.
dates.follow_span(st.session_state, "compare.dates", (first, last))
period = dates_col.date_input(
    "Dates (UTC)",
    key="compare.dates",
    help=f"The history holds calls from {first} to {last}.",
    on_change=dates.remember_pick,
    args=(st.session_state, "compare.dates", last),
)
since, until = dates.date_range(period)
modes = modes_col.multiselect(
    "Mode", list(MODES), format_func=MODES.get, key="compare.modes", placeholder="Both"
)
vendors = vendors_col.multiselect(
    "Flows", VENDOR_IDS, format_func=vendor_title, key="compare.vendors", placeholder="All flows"
)
st.session_state.setdefault("compare.origins", ["flow"])
origins = origins_col.multiselect(
    "Source",
    list(ORIGIN_LABELS),
    format_func=ORIGIN_LABELS.get,
    key="compare.origins",
    placeholder="All sources",
    help=ORIGIN_HELP,
)
where = CompareFilter(tuple(vendors), tuple(modes), since, until, tuple(origins))
by_step = st.session_state.get("compare.by_step", False)  # its toggle sits by the chart
found = view.figures(rt.store, where, by_step=by_step)
if not found.summary:
    st.info(
        "No HTTP call matches these filters: widen the dates, or pick other modes, flows or "
        "sources."
    )
    st.stop()

view.headline(found.summary)
view.table("compare.summary", view.summary_table(found.summary), view.SUMMARY_COLUMNS)

st.subheader("Outcome mix per step")
st.altair_chart(view.outcome_chart(found.mix), width="stretch", key="compare.outcomes")
view.table("compare.mix", view.mix_table(found.mix), view.MIX_COLUMNS)

st.subheader(f"Latency per {view.BUCKET_WORDS[found.bucket]}")
st.toggle("Per step", key="compare.by_step", help="One line per flow and step, not per flow")
if found.latency:
    st.caption(view.latency_caption(found.latency, found.bucket))
    st.altair_chart(
        view.latency_chart(found.latency, found.bucket), width="stretch", key="compare.latency"
    )
    view.table(
        "compare.latency_table",
        view.latency_table(found.latency),
        view.latency_columns(found.bucket),
    )
else:
    st.caption("No call among these got an answer: no latency to show.")

st.subheader("Errors by code")
if found.errors:
    st.altair_chart(view.errors_chart(found.errors), width="stretch", key="compare.errors")
    view.table("compare.errors_table", view.errors_table(found.errors), view.ERROR_COLUMNS)
else:
    st.caption("No failure or error among these calls.")
