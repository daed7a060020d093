"""History: every exchange of every journey, filtered, inspected, exported."""

from datetime import date, timedelta

import streamlit as st

from console.core import inspector
from console.core.history import HistoryFilter
from console.core.page import setup
from console.registry import VENDOR_IDS

rt = setup()
st.title("History")
st.caption("Secrets are never stored; personal data is masked unless unmasked in settings.")

cols = st.columns([2, 2, 2, 3])
vendors = cols[0].multiselect("Vendor", VENDOR_IDS, key="history.vendors")
outcomes = cols[1].multiselect(
    "Outcome", ["success", "failure", "error", "rejected"], key="history.outcomes"
)
period = cols[2].date_input(
    "Dates", value=(date.today() - timedelta(days=7), date.today()), key="history.dates"
)
text = cols[3].text_input("Search", key="history.text", placeholder="step, URL, error, journey id")
since, until = (*period, None)[:2] if isinstance(period, tuple) else (period, None)
where = HistoryFilter(tuple(vendors), tuple(outcomes), since, until, text.strip())

frame = rt.store.exchanges(where)
if frame.empty:
    st.info("No exchanges match. Walk a flow, or widen the filters.")
    st.stop()

shown = frame[
    [
        "at",
        "vendor",
        "mode",
        "journey_id",
        "step",
        "kind",
        "status_code",
        "latency_ms",
        "outcome",
        "error",
    ]
]
st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    key="history.table",
    column_config={
        "at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm:ss"),
        "latency_ms": st.column_config.NumberColumn("Latency (ms)", format="%.1f"),
        "status_code": st.column_config.NumberColumn("HTTP", format="%d"),
    },
)
st.caption(f"{len(frame)} exchanges in {frame['journey_id'].nunique()} journeys")

left, right = st.columns(2)
left.download_button(
    "Export CSV",
    lambda: rt.store.export_csv(where),  # built when clicked, not every rerun
    "kyc-history.csv",
    "text/csv",
    key="history.csv",
    icon=":material/download:",
)
right.download_button(
    "Export JSON",
    lambda: rt.store.export_json(where),
    "kyc-history.json",
    "application/json",
    key="history.json",
    icon=":material/download:",
)

st.subheader("A journey, in order")
journey_ids = list(dict.fromkeys(frame["journey_id"]))
journey_id = st.selectbox("Journey", journey_ids, key="history.journey")
if journey_id:
    journey = rt.store.journey(journey_id)
    if journey:
        st.caption(
            f"{journey['vendor']} · {journey['mode']} · {journey['summary']} · "
            f"outcome **{journey['outcome']}**"
        )
    inspector.exchanges_expander(rt.store, journey_id, expanded=True)
