"""Render a flow's notice: what happened and what to do next."""

import streamlit as st

from console.explain import Notice

RENDER = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
ICONS = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def show(notice: Notice | None) -> None:
    if notice is None:
        return
    text = f"**{notice.title}**"
    if notice.detail:
        text += f"  \n{notice.detail}"
    if notice.next_step:
        text += f"  \n*Next:* {notice.next_step}"
    RENDER.get(notice.kind, st.info)(text, icon=ICONS.get(notice.kind))
