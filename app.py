"""KYC Console entry point: page config, navigation from the vendor registry, local services."""

import streamlit as st

from console.core import presenter
from console.core.page import base_settings, setup
from console.core.settings import PROJECT_ROOT
from console.registry import VENDORS

st.set_page_config(
    page_title=base_settings().company_name,
    page_icon=str(PROJECT_ROOT / "assets" / "icon.png"),
    layout="wide",
)
setup()  # starts the sandbox and webhook receiver once per process
qa = presenter.show_qa()

navigation = st.navigation(
    {
        "": [st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True)],
        "Flows": [
            st.Page(spec.page, title=spec.flow, icon=spec.icon, url_path=spec.field)
            for spec in VENDORS
        ],
        # Presenter mode keeps QA's pages out of the menu (still reachable: a demo that
        # toggles on while one is open stays on it).
        "Console": [
            st.Page(page, title=title, icon=icon, visibility="visible" if show else "hidden")
            for page, title, icon, show in (
                ("app_pages/history.py", "History", ":material/history:", qa),
                ("app_pages/compare.py", "Vendor comparison", ":material/monitoring:", qa),
                ("app_pages/contract_drift.py", "Contract drift", ":material/rule:", qa),
                ("app_pages/scenario_runner.py", "Scenario runner", ":material/playlist_play:", qa),
                ("app_pages/settings.py", "Settings", ":material/settings:", True),
            )
        ],
    }
)
navigation.run()
