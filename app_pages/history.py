"""History: every exchange of every journey, filtered, paged and exported; one journey in detail."""

from dataclasses import replace
from datetime import timedelta

import streamlit as st

from console.core import exports, inspector, resend_view
from console.core import history_view as view
from console.core.dates import date_range, utc_today
from console.core.history import Counts, HistoryFilter
from console.core.page import setup
from console.core.text import plain
from console.registry import VENDOR_IDS, VENDORS

PAGE_SIZE = 200
SHOWN_ORIGINS = ["flow", "resend"]  # the runner's journeys only when picked: they bury walks

rt = setup()
st.title("History")
st.caption(view.masking_note(rt.settings.mask_pii))


NO_SELECTION = {"selection": {"rows": [], "columns": [], "cells": []}}
PERSONAL_KEYS = {spec.id: spec.pii_keys for spec in VENDORS}  # where a journey's subject is


def unselect_row() -> None:
    """The table's rows change (or the picker moved on): a kept row selection would point at
    another exchange than the one clicked."""
    st.session_state["history.table"] = NO_SELECTION


def first_page() -> None:
    st.session_state["history.page"] = 1
    unselect_row()


def clear_filters() -> None:
    st.session_state.update(
        {
            "history.text": "",
            "history.vendors": [],
            "history.outcomes": [],
            "history.origins": SHOWN_ORIGINS,
            "history.dates": (rt.store.first_day() or utc_today(), utc_today()),
            "history.page": 1,
            "history.table": NO_SELECTION,
        }
    )


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def figures_for(history_url: str, where: HistoryFilter, counts: Counts) -> list[dict]:
    """The figures, summed again only when the matching exchanges change: rows are never
    edited once written, so the same filter with the same counts sums the same rows (the ttl
    covers a journey whose summary, and so what a search matches, changed meanwhile). Summing
    50,000 exchanges takes about 0.2 s, too long for every click on this page."""
    return rt.store.figures(where)


search_col, vendor_col, outcome_col, origin_col, dates_col = st.columns([3, 2, 2, 2, 3])
text = search_col.text_input(
    "Search",
    key="history.text",
    placeholder="ID number, mobile, journey id, error...",
    on_change=first_page,
)
vendors = vendor_col.multiselect(
    "Flow", VENDOR_IDS, format_func=view.vendor_title, key="history.vendors", on_change=first_page
)
outcomes = outcome_col.multiselect(
    "Outcome",
    list(view.OUTCOMES),
    format_func=view.outcome_label,
    key="history.outcomes",
    help=view.OUTCOME_HELP,
    on_change=first_page,
)
st.session_state.setdefault("history.origins", SHOWN_ORIGINS)
origins = origin_col.multiselect(
    "Source",
    list(view.ORIGIN_LABELS),
    format_func=view.origin_label,
    key="history.origins",
    placeholder="All sources",
    help=view.ORIGIN_HELP,
    on_change=first_page,
)
st.session_state.setdefault("history.dates", (utc_today() - timedelta(days=7), utc_today()))
period = dates_col.date_input(
    f"Dates ({view.WALL_CLOCK})", key="history.dates", help=view.TIMES_NOTE, on_change=first_page
)
since, until = date_range(period)
where = HistoryFilter(
    tuple(vendors), tuple(outcomes), since, until, text.strip(), origins=tuple(origins)
)
hidden = 0
if origins and "runner" not in origins:  # what the Source filter hides, said
    hidden = rt.store.count(replace(where, origins=("runner",))).journeys
    if hidden:
        st.caption(
            f"{view.count_of(hidden, 'scenario run')} hidden (Source): pick Scenario runs "
            "to see the scenario runner's journeys."
        )

counts = rt.store.count(where)
if counts.exchanges == 0:
    recorded = rt.store.count().exchanges
    if recorded == 0:
        st.info("Nothing recorded yet: walk a flow (in the sidebar, under Flows) and come back.")
        st.stop()
    st.info(f"No exchange matches these filters ({view.count_of(recorded, 'exchange')} in all).")
    if hidden:  # e.g. a scenario's journey id searched for, the runner's hidden by default
        st.button(
            "Show the scenario runs",
            key="history.show_runner",
            icon=":material/visibility:",
            on_click=lambda: st.session_state.update(
                {"history.origins": [*origins, "runner"], "history.page": 1}
            ),
        )
    st.button("Clear the filters", key="history.clear", on_click=clear_filters)
    st.stop()

pages = -(-counts.exchanges // PAGE_SIZE)
if st.session_state.get("history.page", 1) > pages:
    st.session_state["history.page"] = pages
page_no = st.session_state.get("history.page", 1)
offset = (page_no - 1) * PAGE_SIZE
rows = rt.store.rows(where, offset=offset, limit=PAGE_SIZE)
journey_ids = list(dict.fromkeys(r["journey_id"] for r in rows))
known = rt.store.journeys(journey_ids)
labels = {j: view.journey_label(j, known.get(j)) for j in journey_ids}
# The picker holds a journey of this list, under its label of now. Set, not dropped: the
# browser shows the last label it was sent, so a value from before the filters changed (or a
# journey that has ended since) would stay on screen above another journey's details.
if st.session_state.get("history.journey") not in journey_ids:
    st.session_state["history.journey"] = journey_ids[0]
if st.session_state.get("history.journey.label") != labels[st.session_state["history.journey"]]:
    st.session_state["history.journey"] = st.session_state["history.journey"]

figures = figures_for(rt.store.url, where, counts)
if figures:
    st.caption("Per flow and step, over every HTTP call these filters match (all pages):")
    st.dataframe(
        view.figures_table(figures),
        hide_index=True,
        width="stretch",
        height=view.table_height(len(figures), most=4),  # the exchanges stay in view below
        key="history.figures",
        column_config=view.FIGURE_COLUMNS,
        placeholder="",
    )
else:
    st.caption("No HTTP call among these exchanges: no figures to show.")


def open_clicked_journey() -> None:
    picked = st.session_state["history.table"].selection.rows
    if picked and picked[0] < len(rows):
        st.session_state["history.journey"] = rows[picked[0]]["journey_id"]
        st.session_state["history.exchange"] = rows[picked[0]]["id"]


subjects = rt.store.subjects(journey_ids, PERSONAL_KEYS)
clicked = st.dataframe(
    view.table(rows, subjects),
    hide_index=True,
    width="stretch",
    height=view.table_height(len(rows), most=7),  # what a click picked is said in view below
    key="history.table",
    column_config=view.TABLE_COLUMNS,
    placeholder="",
    on_select=open_clicked_journey,
    selection_mode="single-row",
)
picked = [n for n in clicked.selection.rows if n < len(rows)]
if picked and rows[picked[0]]["journey_id"] == st.session_state["history.journey"]:
    row = rows[picked[0]]
    st.markdown(view.selected(row, known.get(row["journey_id"]), subjects.get(row["journey_id"])))

shown_col, page_col = st.columns([4, 2], vertical_alignment="bottom")
shown_col.caption(view.showing(offset, len(rows), counts))
if pages > 1:
    page_col.number_input(
        f"Page (of {pages:,})",
        min_value=1,
        max_value=pages,
        step=1,
        key="history.page",
        on_change=unselect_row,
    )
# One export button, its format picked beside it: two build-on-click buttons clicked within a
# second of each other could leave the second spinning until a reload (seen in Chromium).
format_col, unmask_col, export_col, _ = st.columns([3, 3, 2, 4], vertical_alignment="bottom")
export_format = (
    format_col.segmented_control(
        "Export as", list(exports.FORMATS), default="CSV", key="history.export_format"
    )
    or "CSV"
)
# History recorded masked (the default) holds nothing to unmask: the box says so, disabled.
unmask = (
    unmask_col.checkbox(
        "Unmask personal data",
        key="history.export_unmask",
        help=view.unmask_help(rt.settings.mask_pii),
        disabled=rt.settings.mask_pii,
    )
    and not rt.settings.mask_pii
)
chosen_format = exports.FORMATS[export_format]
http_calls = sum(f["calls"] for f in figures)
export_col.download_button(
    f"Export {export_format}",
    # Built when clicked, not every rerun.
    lambda: exports.build(rt.store, where, export_format, rt.redactor, unmask=unmask),
    exports.file_name(chosen_format, unmask=unmask),
    chosen_format.mime,
    key="history.export",
    icon=":material/download:",
    # Unmasked for that one export: the next one is masked again unless ticked again.
    on_click=lambda: st.session_state.update({"history.export_unmask": False}),
    help=view.export_help(export_format, counts.exchanges, http_calls, unmask=unmask),
)

st.subheader("One journey, step by step", anchor=view.JOURNEY_ANCHOR)
journey_id = st.selectbox(
    "Journey",
    journey_ids,
    format_func=labels.get,
    key="history.journey",
    help="The journeys in the table above, newest first; a click on a row picks its journey.",
    on_change=unselect_row,
)
st.session_state["history.journey.label"] = labels[journey_id]  # what the browser shows now
journey = known.get(journey_id)
if journey is not None:
    outcome = journey["outcome"]
    st.badge(
        plain(view.journey_outcome_label(outcome)),
        icon=view.JOURNEY_ICONS.get(outcome, ":material/flag:"),
        color=view.JOURNEY_COLOURS.get(outcome, "gray"),
    )
    st.caption(view.headline(journey, subjects.get(journey_id)))
steps = rt.store.steps(journey_id)
st.dataframe(
    view.steps_table(steps),
    hide_index=True,
    width="stretch",
    key="history.steps",
    column_config=view.STEP_COLUMNS,
    placeholder="",
)
by_id = {row["id"]: n for n, row in enumerate(steps, start=1)}
if st.session_state.get("history.exchange") not in by_id:
    troubled = [row["id"] for row in steps if row["outcome"] != "success"]
    st.session_state["history.exchange"] = (troubled or [steps[-1]["id"]])[0]
chosen = st.selectbox(
    "Exchange",
    list(by_id),
    format_func=lambda i: view.exchange_label(by_id[i], steps[by_id[i] - 1]),
    key="history.exchange",
    help="Its request and response, as recorded.",
)
raw = st.expander(
    "Request and response, as recorded",
    icon=":material/data_object:",
    key="history.raw",
    on_change="rerun",
)
with raw:
    detail = rt.store.exchange(chosen) if raw.open else None
    if detail is not None:  # drawn only when open: the JSON and code viewers load slowly
        inspector.exchange_detail(detail)
resend_view.editor(rt, chosen)
