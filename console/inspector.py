"""The raw exchange of every call in a journey: request, response, copy as cURL (redacted)."""

import streamlit as st

from console.curl import to_curl
from console.history import HistoryStore

OUTCOME_ICONS = {"success": "✅", "failure": "⚠️", "error": "⛔", "rejected": "✋"}


def exchanges_expander(store: HistoryStore, journey_id: str, *, expanded: bool = False) -> None:
    rows = store.journey_exchanges(journey_id)
    label = f"Raw exchange ({len(rows)} {'entry' if len(rows) == 1 else 'entries'}) · {journey_id}"
    box = st.expander(
        label,
        expanded=expanded,
        icon=":material/data_object:",
        key=f"raw-exchange.{journey_id}",
        on_change="rerun",
    )
    with box:
        if not rows:
            st.caption("Nothing sent yet.")
        if box.open is False:
            return  # drawn only when open: JSON viewers are the heaviest part of a rerun
        for row in rows:
            exchange_detail(row)


def exchange_detail(row: dict) -> None:
    icon = OUTCOME_ICONS.get(row["outcome"], "•")
    if row["kind"] == "http":
        status = row["status_code"] if row["status_code"] is not None else "no answer"
        latency = f" in {row['latency_ms']:.1f} ms" if row["latency_ms"] is not None else ""
        st.markdown(
            f"{icon} **{row['step']}** · `{row['method']} {row['url']}` → **{status}**{latency}"
        )
    else:
        st.markdown(f"{icon} **{row['step']}** · {row['kind']} · {row['outcome']}")
    if row["error"]:
        st.caption(row["error"])
    request_tab, response_tab, curl_tab = st.tabs(["Request", "Response", "cURL"])
    with request_tab:
        st.json(row["request"] or {}, expanded=1)
    with response_tab:
        st.json(row["response"] or {}, expanded=2)
    with curl_tab:
        if row["kind"] == "http":
            st.code(to_curl(row["method"], row["url"], row["request"]), language="bash")
            st.caption("Secrets are redacted: put your own credentials back before running it.")
