"""Render a flow's notice: a sentence, the vendor's words as text, the code small, what next."""

import streamlit as st

from console.core.explain import Notice
from console.core.text import plain

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
    text = f"**{plain(notice.title)}**"
    if notice.detail:
        text += f"  \n{plain(notice.detail)}"
    if notice.next_step:
        text += f"  \nNext: {plain(notice.next_step)}"
    if notice.code:
        text += f"  \n:small[{plain(notice.code)}]"
    RENDER.get(notice.kind, st.info)(text, icon=ICONS.get(notice.kind))
