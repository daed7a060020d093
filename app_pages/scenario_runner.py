"""Scenario runner: the sandbox's scenario catalog run and checked, as QA and CI read it."""

import streamlit as st

from console.core.page import setup
from console.runner import view

rt = setup()
st.title("Scenario runner")
st.caption(
    "Each scenario is one request from the sandbox's catalog, sent through the console's "
    "recorder (a journey in History) and checked against what the catalog promises; each "
    "answer is also checked against the vendor's document (drift is shown, not failed). "
    "Sandbox scenarios run on the runner's own sandbox, reset before each: a flow walked "
    "meanwhile in another tab keeps its state on the console's sandbox."
)
view.render(rt)
