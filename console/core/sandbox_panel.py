"""Sandbox-only UI: the simulated phone, and the sidebar tools (faults, clock, reset)."""

from collections.abc import Callable

import httpx
import streamlit as st

from console.core import presenter, sandbox_control
from console.core.text import plain

PHONE_SHOWS = 3  # SMS on the phone: enough for this journey's resends, little scrolling
FAULTS = {
    "http_500": "HTTP 500 (vendor-shaped)",
    "malformed_body": "Garbage body (not JSON)",
    "timeout": "No answer (timeout)",
    "slow": "Slow answer (2 s)",
}


def render(
    sandbox_url: str,
    vendor_id: str,
    on_clock_moved: Callable[[], None] = lambda: None,
    on_reset: Callable[[], None] = lambda: None,
    timeout_seconds: float | None = None,
) -> None:
    """`on_reset` lets the page drop what the reset wiped (its open journey, say);
    `timeout_seconds`: how long this vendor's client waits, so an armed timeout outlasts it."""
    if not presenter.show_qa():
        return
    with st.sidebar.expander("Sandbox tools", icon=":material/build:"):
        mode = st.selectbox(
            "Make the next call fail",
            list(FAULTS),
            format_func=FAULTS.get,
            key=f"{vendor_id}.fault",
        )
        if st.button("Arm", key=f"{vendor_id}.arm_fault", width="stretch"):
            _do(
                lambda: sandbox_control.arm_fault(
                    sandbox_url, vendor_id, mode, seconds=_hold(mode, timeout_seconds)
                ),
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
            on_clock_moved()
            st.toast(f"Clock +{seconds} s", icon=":material/check:")
        if st.button("Reset sandbox", key=f"{vendor_id}.reset", width="stretch") and _do(
            lambda: sandbox_control.reset(sandbox_url),
            "Sandbox back to its seed data: open walks were cleared",
        ):
            on_reset()
            st.rerun()
        _clock_caption(sandbox_url)
        st.caption(f"Catalog of outcomes: `{sandbox_url}/_sandbox/scenarios?vendor={vendor_id}`")
    with st.sidebar:
        _armed_faults(sandbox_url, vendor_id)  # outside the expander: armed is state to see


def _armed_faults(sandbox_url: str, vendor_id: str) -> None:
    try:
        armed = [f for f in sandbox_control.faults(sandbox_url) if f["vendor"] == vendor_id]
    except httpx.HTTPError as exc:
        st.caption(plain(f"Armed faults could not be read: {exc}"))
        return
    if not armed:
        st.caption("No fault armed: calls answer normally.")
        return
    with st.container(border=True):
        st.markdown(":material/bolt: **Armed faults**")
        for fault in armed:
            where = fault.get("path") or "any call"
            times = fault.get("times", 1)
            st.markdown(
                f"{plain(FAULTS.get(fault['mode'], fault['mode']))} on {plain(where)}, "
                f"next {times} call{'s' if times != 1 else ''}"
            )
        if st.button(
            "Clear faults",
            key=f"{vendor_id}.clear_faults",
            width="stretch",
            icon=":material/clear:",
        ):
            _do(lambda: sandbox_control.clear_faults(sandbox_url), "Faults cleared")
            st.rerun()


def _hold(mode: str, timeout_seconds: float | None) -> float | None:
    """A timeout fault holds the call past the client's wait (the sandbox's default is 30 s)."""
    if mode != "timeout" or timeout_seconds is None:
        return None
    return min(timeout_seconds + 5, 300)


def _do(action, done: str) -> bool:
    try:
        action()
    except httpx.HTTPError as exc:
        st.error(plain(f"The sandbox did not take it: {exc}"))
        return False
    st.toast(done, icon=":material/check:")
    return True


def _clock_caption(sandbox_url: str) -> None:
    """The sandbox clock every expiry reads (SMS times are on it; History's are wall time)."""
    try:
        clock = sandbox_control.clock(sandbox_url)
    except httpx.HTTPError:
        return
    ahead = round(clock["offsetSeconds"])
    moved = f", {ahead // 60} min {ahead % 60} s ahead of wall time" if ahead else ""
    frozen = ", frozen" if clock["frozen"] else ""
    st.caption(f"Sandbox clock: {plain(clock['now'][11:19])} UTC{moved}{frozen}")


def phone(sandbox_url: str, mobile: str, request_id: str, state_key: str, version: str) -> None:
    """The simulated phone, newest SMS first, this journey's marked. Read again only when
    `version` changes (a new SMS may have come); one entry in session state."""
    with st.container(border=True):
        st.markdown(f":material/smartphone: **Sandbox phone** · {plain(mobile)}")
        cached = st.session_state.get(state_key)
        if cached is None or cached[0] != version:
            try:
                cached = (version, sandbox_control.inbox(sandbox_url, mobile))
            except httpx.HTTPError as exc:
                st.caption(plain(f"The phone could not be read: {exc}"))
                return
            st.session_state[state_key] = cached
        messages = list(reversed(cached[1]))[:PHONE_SHOWS]
        for sms, tag in zip(messages, sms_tags(messages, request_id), strict=True):
            colour = "violet" if tag.endswith("latest") else "gray"
            st.chat_message("SMS", avatar=":material/sms:").markdown(
                f"**{plain(sms['sender'])}** · {plain(sms['sentAt'][11:19])} UTC"
                + (f" · :{colour}[{tag}]" if tag else "")
                + f"  \n{plain(sms['text'])}"
            )
        if not messages:
            st.caption("No SMS yet.")


def sms_tags(newest_first: list[dict], request_id: str) -> list[str]:
    """What each SMS is to this journey. A sandbox that does not say which request an SMS
    belongs to (no `requestId`) gets only its newest marked, as the latest."""
    if not any(sms.get("requestId") for sms in newest_first):
        return ["latest" if index == 0 else "" for index in range(len(newest_first))]
    tags, seen_ours = [], False
    for sms in newest_first:
        if sms.get("requestId") != request_id:
            tags.append("another journey")
        else:
            tags.append("this journey · older" if seen_ours else "this journey · latest")
            seen_ours = True
    return tags


def advance(sandbox_url: str, seconds: float) -> bool:
    try:
        sandbox_control.advance_clock(sandbox_url, seconds)
    except httpx.HTTPError as exc:
        st.error(plain(f"The sandbox clock did not move: {exc}"))
        return False
    return True
