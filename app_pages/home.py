"""Home: the company's name and logo, and each vendor flow with its mode (in presenter mode,
nothing else)."""

import streamlit as st

from console.core import presenter
from console.core.page import setup
from console.core.text import plain
from console.registry import VENDORS

rt = setup()
logo_col, title_col = st.columns([1, 9], vertical_alignment="center")
configured = presenter.logo(rt.settings.company_logo)
logo = configured or presenter.logo(presenter.DEFAULT_LOGO)
if logo is not None:
    logo_col.image(logo, width=96)
else:
    logo_col.markdown("## :material/verified_user:")
title_col.title(rt.settings.company_name, anchor=False)
if configured is None:
    st.caption(
        plain(f"The logo {rt.settings.company_logo} could not be read: the default is shown.")
    )
if not presenter.on():
    st.write(
        "Walk each KYC vendor's flow step by step, against the built-in sandbox (the default: "
        "no network, no credentials) or the real vendor. Every exchange is recorded, redacted, "
        "in History."
    )
for spec in VENDORS:
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.page_link(spec.page, label=f"**{spec.title}**", icon=spec.icon)
        left.caption(spec.pitch or spec.summary if presenter.on() else spec.summary)
        mode = rt.mode(spec)
        right.badge(
            mode,
            icon=":material/science:" if mode == "sandbox" else ":material/public:",
            color="violet" if mode == "sandbox" else "green",
        )
if not presenter.on():
    st.caption(f"Sandbox running at {rt.services.sandbox_url} (control plane: /_sandbox/).")
