"""Contract drift: what each vendor answered that its document does not say, live first."""

from datetime import date

import streamlit as st

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
since, until = view.date_range(
    dates_col.date_input(
        "Dates",
        value=(rt.store.first_day() or date.today(), date.today()),
        key="drift.dates",
    )
)

where = DriftFilter(vendors=tuple(vendors), modes=tuple(modes), since=since, until=until)
view.show(view.load(rt.store, where), vendors or VENDOR_IDS)
