"""KYC Console entry point: page config, navigation from the vendor registry, local services."""

import streamlit as st

from console.core.page import base_settings, setup
from console.core.settings import PROJECT_ROOT
from console.registry import VENDORS

st.set_page_config(
    page_title=base_settings().company_name,
    page_icon=str(PROJECT_ROOT / "assets" / "icon.png"),
    layout="wide",
)
setup()  # starts the sandbox and webhook receiver once per process

navigation = st.navigation(
    {
        "": [st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True)],
        "Flows": [
            st.Page(spec.page, title=spec.flow, icon=spec.icon, url_path=spec.field)
            for spec in VENDORS
        ],
        "Console": [
            st.Page("app_pages/history.py", title="History", icon=":material/history:"),
            st.Page(
                "app_pages/compare.py", title="Vendor comparison", icon=":material/monitoring:"
            ),
            st.Page("app_pages/contract_drift.py", title="Contract drift", icon=":material/rule:"),
            st.Page(
                "app_pages/scenario_runner.py",
                title="Scenario runner",
                icon=":material/playlist_play:",
            ),
            st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
        ],
    }
)
navigation.run()
