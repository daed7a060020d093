"""The raw exchange of every call in a journey: request and response as recorded (masked), and
copy as cURL: replayable when the flow's page still holds the request (console.core.replay)."""

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from console.core import presenter
from console.core.curl import to_curl
from console.core.history import HistoryStore
from console.core.replay import Replay
from console.core.text import plain

ReplayFinder = Callable[[Mapping[str, Any]], Replay | None]

OUTCOME_ICONS = {
    "success": ":material/check_circle:",
    "failure": ":material/warning:",
    "error": ":material/error:",
    "rejected": ":material/block:",
}


def exchanges_expander(
    store: HistoryStore,
    journey_id: str,
    *,
    expanded: bool = False,
    replays: ReplayFinder | None = None,
) -> None:
    if not presenter.show_qa():
        return
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
            exchange_detail(row, replays)


def exchange_detail(row: dict, replays: ReplayFinder | None = None) -> None:
    icon = OUTCOME_ICONS.get(row["outcome"], ":material/circle:")
    if row["kind"] == "http":
        status = row["status_code"] if row["status_code"] is not None else "no answer"
        latency = f" in {row['latency_ms']:.1f} ms" if row["latency_ms"] is not None else ""
        st.markdown(
            f"{icon} **{plain(row['step'])}** · {plain(row['method'])} {plain(row['url'])} "
            f"→ **{status}**{latency} · {plain(row['outcome'])}"
        )
    else:
        st.markdown(
            f"{icon} **{plain(row['step'])}** · {plain(row['kind'])} · {plain(row['outcome'])}"
        )
    if row["error"]:
        st.caption(plain(row["error"]))
    if row["kind"] != "http":
        if row["request"]:
            st.json(row["request"], expanded=1)
        return
    request_tab, response_tab, curl_tab = st.tabs(["Request (recorded)", "Response", "cURL"])
    with request_tab:
        st.json(row["request"] or {}, expanded=1)
    with response_tab:
        st.json(row["response"] or {}, expanded=2)
    with curl_tab:
        replay = replays(row) if replays is not None else None
        if replay is not None:
            st.code(replay.command, language="bash", wrap_lines=True)
            st.caption(plain(replay.caption))
        else:
            st.code(
                to_curl(row["method"], row["url"], row["request"]), language="bash", wrap_lines=True
            )
            st.caption(
                plain(
                    "As recorded: secrets [REDACTED], personal data (ID numbers, mobile, OTP) "
                    "masked, so it does not run as is. The flow's page offers a replayable "
                    "command for the calls it made since the console started."
                )
            )
