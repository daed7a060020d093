"""Home: what the console is, and each vendor flow with its mode."""

import streamlit as st

from console.core.page import setup
from console.registry import VENDORS

rt = setup()
st.title("KYC Console")
st.write(
    "Walk each KYC vendor's flow step by step, against the built-in sandbox (the default: no "
    "network, no credentials) or the real vendor. Every exchange is recorded, redacted, in History."
)
for spec in VENDORS:
    with st.container(border=True):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.page_link(spec.page, label=f"**{spec.title}**", icon=spec.icon)
        left.caption(spec.summary)
        mode = rt.mode(spec)
        right.badge(
            mode,
            icon=":material/science:" if mode == "sandbox" else ":material/public:",
            color="violet" if mode == "sandbox" else "green",
        )
st.caption(f"Sandbox running at {rt.services.sandbox_url} (control plane: /_sandbox/).")
