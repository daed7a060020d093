"""Sandbox-only UI: the simulated phone, and the sidebar tools (faults, clock, reset)."""

import httpx
import streamlit as st

from console import sandbox_control

FAULTS = {
    "http_500": "HTTP 500 (vendor-shaped)",
    "malformed_body": "Garbage body (not JSON)",
    "timeout": "No answer (timeout)",
    "slow": "Slow answer (2 s)",
}


def render(sandbox_url: str, vendor_id: str) -> None:
    with st.sidebar.expander("Sandbox tools", icon=":material/build:"):
        mode = st.selectbox(
            "Make the next call fail",
            list(FAULTS),
            format_func=FAULTS.get,
            key=f"{vendor_id}.fault",
        )
        if st.button("Arm", key=f"{vendor_id}.arm_fault", width="stretch"):
            _do(
                lambda: sandbox_control.arm_fault(sandbox_url, vendor_id, mode),
                f"Armed: {FAULTS[mode]}",
            )
        seconds = st.number_input(
            "Move the clock (s)",
            min_value=1,
            max_value=86_400,
            value=90,
            key=f"{vendor_id}.advance",
        )
        if st.button(
            "Advance clock", key=f"{vendor_id}.advance_clock", width="stretch"
        ) and advance(sandbox_url, seconds):
            st.toast(f"Clock +{seconds} s", icon=":material/check:")
        if st.button("Reset sandbox", key=f"{vendor_id}.reset", width="stretch"):
            _do(lambda: sandbox_control.reset(sandbox_url), "Sandbox back to its seed data")
        st.caption(f"Control plane: `{sandbox_url}/_sandbox/` · catalog at `/_sandbox/scenarios`")


def _do(action, done: str) -> None:
    try:
        action()
    except httpx.HTTPError as exc:
        st.error(f"The sandbox did not take it: {exc}")
    else:
        st.toast(done, icon=":material/check:")


def phone(sandbox_url: str, mobile: str, state_key: str, version: str) -> None:
    """The simulated phone's last SMS, read again only when `version` changes (a new SMS may
    have come); one entry in session state, whatever the number of walks."""
    with st.container(border=True):
        st.markdown(f":material/smartphone: **Sandbox phone** · {mobile}")
        cached = st.session_state.get(state_key)
        if cached is None or cached[0] != version:
            try:
                cached = (version, sandbox_control.inbox(sandbox_url, mobile))
            except httpx.HTTPError as exc:
                st.caption(f"The phone could not be read: {exc}")
                return
            st.session_state[state_key] = cached
        messages = cached[1]
        for sms in messages[-3:]:
            st.chat_message("SMS", avatar=":material/sms:").write(
                f"**{sms['sender']}** · {sms['sentAt'][11:19]} UTC  \n{sms['text']}"
            )
        if not messages:
            st.caption("No SMS yet.")


def advance(sandbox_url: str, seconds: float) -> bool:
    try:
        sandbox_control.advance_clock(sandbox_url, seconds)
    except httpx.HTTPError as exc:
        st.error(f"The sandbox clock did not move: {exc}")
        return False
    return True
