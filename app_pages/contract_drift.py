"""Contract drift: what each vendor answered that its document does not say, live first."""

import streamlit as st

from console.core import dates
from console.core import drift_view as view
from console.core.drift_query import DriftFilter
from console.core.history_view import MODES
from console.core.page import setup
from console.registry import VENDOR_IDS

rt = setup()
st.title("Contract drift")
st.caption(view.EXPLAINED)

vendor_col, mode_col, dates_col = st.columns([3, 2, 3])
vendors = vendor_col.multiselect(
    "Flow", VENDOR_IDS, format_func=view.vendor_title, key="drift.vendors"
)
modes = mode_col.multiselect("Mode", list(MODES), format_func=lambda m: MODES[m], key="drift.modes")
today = dates.utc_today()  # the history's days are UTC
since, until = dates.date_range(
    dates_col.date_input(
        "Dates (UTC)", value=(rt.store.first_day() or today, today), key="drift.dates"
    )
)

where = DriftFilter(vendors=tuple(vendors), modes=tuple(modes), since=since, until=until)
view.show(view.load(rt.store, where), vendors or VENDOR_IDS)
