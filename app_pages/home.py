"""Home: what the console is, and the state of each vendor flow."""

import streamlit as st

from console.page import setup
from console.vendors import VENDORS

rt = setup()
st.title("KYC Console")
st.write(
    "Walk each KYC vendor's flow step by step, against the built-in sandbox (the default: no "
    "network, no credentials) or the real vendor. Every exchange is recorded, redacted, in History."
)
for vendor in VENDORS:
    with st.container(border=True):
        left, right = st.columns([4, 1])
        left.markdown(f"**{vendor.name} · {vendor.flow}**  \n`{vendor.id}`")
        if vendor.built:
            mode = rt.settings.vendor(vendor.id).mode
            right.badge(mode, color="violet" if mode == "sandbox" else "green")
        else:
            right.badge("coming soon", color="gray")
st.caption(f"Sandbox running at {rt.services.sandbox_url} (control plane: /_sandbox/).")
