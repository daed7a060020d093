"""Settings: per vendor, sandbox or live, base URL, which credentials are set (never values)."""

import httpx
import streamlit as st

from console.connections import connection
from console.page import OVERRIDES_KEY, base_settings, setup
from console.vendors import VENDORS

rt = setup()
st.title("Settings")
st.caption(
    "Credentials come from environment variables (KYC_<VENDOR>__<FIELD>) or "
    ".streamlit/secrets.toml; this page shows only whether each is set. Changes here last for "
    "this browser session."
)
overrides: dict = st.session_state.setdefault(OVERRIDES_KEY, {})
defaults = base_settings()

for vendor in (v for v in VENDORS if v.built):
    current = rt.settings.vendor(vendor.id)
    with st.container(border=True):
        st.markdown(f"**{vendor.name} · {vendor.flow}** `{vendor.id}`")
        mode = st.segmented_control(
            "Mode", ["sandbox", "live"], default=current.mode, key=f"settings.{vendor.id}.mode"
        )
        base_url = st.text_input(
            "Live base URL", value=current.live_base_url, key=f"settings.{vendor.id}.base_url"
        )
        changes = {}
        if mode and mode != defaults.vendor(vendor.id).mode:
            changes["mode"] = mode
        if base_url.strip() and base_url.strip() != defaults.vendor(vendor.id).live_base_url:
            changes["live_base_url"] = base_url.strip()
        if changes != overrides.get(vendor.id, {}):
            overrides[vendor.id] = changes
            st.rerun()
        for name, value in current.credentials().items():
            env = f"KYC_{vendor.id.replace('-', '_').upper()}__{name.upper()}"
            st.write(f"{'✅ set' if value is not None else '❌ not set'} · `{name}` (`{env}`)")
        if st.button("Check connection", key=f"settings.{vendor.id}.check"):
            conn = connection(vendor.id, rt.settings, rt.services)
            try:
                reply = httpx.get(conn.base_url + "/", timeout=rt.settings.timeout_seconds)
                st.success(f"{conn.base_url} answered HTTP {reply.status_code} ({conn.mode}).")
            except httpx.HTTPError as exc:
                st.error(f"{conn.base_url} could not be reached: {exc}")
