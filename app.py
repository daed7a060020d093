"""KYC Console entry point: page config, navigation, and the local services (started once)."""

import streamlit as st

from console.page import setup

st.set_page_config(page_title="KYC Console", page_icon=":material/verified_user:", layout="wide")
setup()  # starts the sandbox and webhook receiver once per process

navigation = st.navigation(
    {
        "": [st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True)],
        "Flows": [
            st.Page(
                "app_pages/ckyc_download.py",
                title="CKYC Individual Download",
                icon=":material/download:",
            ),
        ],
        "Console": [
            st.Page("app_pages/history.py", title="History", icon=":material/history:"),
            st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
        ],
    }
)
navigation.run()
