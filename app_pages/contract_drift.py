"""Contract drift: what each vendor answered that its document does not say, live first."""

import streamlit as st

from console.core import dates
from console.core import drift_view as view
from console.core.drift_query import DriftFilter
from console.core.history_view import MODES, ORIGIN_HELP, ORIGIN_LABELS
from console.core.page import setup
from console.registry import VENDOR_IDS

rt = setup()
st.title("Contract drift")
st.caption(view.EXPLAINED)
st.caption(view.COUNTED)

vendor_col, mode_col, origin_col, dates_col = st.columns([3, 2, 3, 3])
vendors = vendor_col.multiselect(
    "Flow", VENDOR_IDS, format_func=view.vendor_title, key="drift.vendors"
)
modes = mode_col.multiselect("Mode", list(MODES), format_func=lambda m: MODES[m], key="drift.modes")
# All by default: the runner's and the re-sends' answers are contract-checked too.
st.session_state.setdefault("drift.origins", list(ORIGIN_LABELS))
origins = origin_col.multiselect(
    "Source",
    list(ORIGIN_LABELS),
    format_func=ORIGIN_LABELS.get,
    key="drift.origins",
    placeholder="All sources",
    help=ORIGIN_HELP,
)
today = dates.utc_today()  # the history's days are UTC
since, until = dates.date_range(
    dates_col.date_input(
        "Dates (UTC)", value=(rt.store.first_day() or today, today), key="drift.dates"
    )
)

where = DriftFilter(
    vendors=tuple(vendors), modes=tuple(modes), since=since, until=until, origins=tuple(origins)
)
shown = vendors or VENDOR_IDS
view.show(view.load(rt.store, where, shown), shown)
