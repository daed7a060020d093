"""Settings: per vendor, sandbox or live, base URL, which credentials are set (never values)."""

import streamlit as st

from console.core import camera, connection_check, presenter, webhook_auth
from console.core import history_view as view
from console.core.clients import connection
from console.core.page import OVERRIDES_KEY, base_settings, setup
from console.core.text import plain
from console.registry import VENDORS

rt = setup()
st.title("Settings")
st.caption(
    "Credentials come from environment variables (KYC_<VENDOR>__<FIELD>) or "
    ".streamlit/secrets.toml; this page shows only whether each is set. Mode and base URL "
    "changes here last for this browser session; a base URL typed here never receives the "
    "configured credentials."
)
overrides: dict = st.session_state.setdefault(OVERRIDES_KEY, {})
defaults = base_settings()

with st.container(border=True):
    st.markdown("**Camera** for the pages that take photos")
    # The choice lives in its own key: a widget's key is dropped once its page is left.
    st.radio(
        "Where photos come from",
        list(camera.SOURCES),
        index=list(camera.SOURCES).index(camera.source(defaults.camera)),
        format_func=camera.SOURCES.get,
        key="settings.camera.choice",
        on_change=lambda: st.session_state.update(
            {camera.SOURCE_KEY: st.session_state["settings.camera.choice"]}
        ),
        horizontal=True,
    )
    st.caption(
        "For this browser session (set KYC_CAMERA to change the default). The live camera "
        "streams from the browser to this console only; no server outside this machine is "
        "asked."
    )

presenter.settings_box(rt.settings, defaults.presenter)

with st.container(border=True):
    st.markdown("**History**")
    st.markdown(view.store_sentence(rt.store.url))
    st.markdown(view.masking_note(rt.settings.mask_pii))
    days = rt.settings.retention_days
    if days:
        st.markdown(
            f"Journeys older than {days:,} days are purged when the console starts "
            "(`KYC_RETENTION_DAYS`)."
        )
        if st.button(f"Purge journeys older than {days:,} days now", key="settings.purge"):
            purged = rt.store.purge_older_than(days)
            st.success(f"{view.count_of(purged, 'journey')} purged.", icon=":material/delete:")
    else:
        st.markdown(
            "Every journey is kept: set `KYC_RETENTION_DAYS` to purge older ones when the "
            "console starts."
        )

for spec in VENDORS:
    current = rt.settings.vendor(spec.id)
    configured = defaults.vendor(spec.id)
    with st.container(border=True):
        st.markdown(f"**{spec.title}** `{spec.id}`")
        mode = st.segmented_control(
            "Mode", ["sandbox", "live"], default=current.mode, key=f"settings.{spec.id}.mode"
        )
        base_url = st.text_input(
            "Live base URL", value=current.shown_base_url, key=f"settings.{spec.id}.base_url"
        )
        changes = {}
        if mode and mode != configured.mode:
            changes["mode"] = mode
        if base_url.strip() and base_url.strip() != configured.shown_base_url:
            changes["live_base_url"] = base_url.strip()
        if changes != overrides.get(spec.id, {}):
            overrides[spec.id] = changes
            st.rerun()
        problems = current.credential_problems()
        for name, value in current.credentials().items():
            env = spec.env_name(name)
            if value is None:
                st.markdown(f":material/cancel: `{name}` not set (`{env}`)")
            elif name in problems:
                st.markdown(f":material/error: `{name}` {plain(problems[name])} (`{env}`)")
            else:
                st.markdown(f":material/check_circle: `{name}` set (`{env}`)")
        if current.mode == "live":
            missing = current.missing_credentials()
            if missing or problems:
                st.warning(
                    "Live mode cannot run until the credentials above are set and valid.",
                    icon=":material/warning:",
                )
            if current.base_url_typed:
                st.info(
                    "This base URL was typed here, so the configured credentials are not sent "
                    f"to it. To use it live, set `{spec.env_name('live_base_url')}`.",
                    icon=":material/lock:",
                )
            url_problem = current.base_url_problem()
            if url_problem:
                st.warning(f"The live base URL {plain(url_problem)}.", icon=":material/warning:")
            if spec.webhook is not None:
                callbacks = webhook_auth.callback_setup(spec, current, rt.services.receiver_url)
                st.markdown("**Callbacks**: give the vendor this URL and header")
                st.code(callbacks.url, language=None)
                state = (
                    ":material/check_circle: set"
                    if callbacks.token_set
                    else ":material/cancel: not set: every callback is refused"
                )
                st.markdown(
                    f"Header `{callbacks.header}` carrying exactly the callback token: "
                    f"{state} (`{callbacks.token_env}`, or `{callbacks.token_toml}` in "
                    f".streamlit/secrets.toml; another header name: `{callbacks.header_env}`)."
                )
                st.caption(
                    "The receiver listens on this machine only (127.0.0.1): a vendor on the "
                    "internet reaches it through a tunnel to this port (ngrok, cloudflared...); "
                    "give it the tunnel's https address with the same path and query."
                )
        if st.button("Check connection", key=f"settings.{spec.id}.check"):
            conn = connection(spec, rt.settings, rt.services.sandbox_url)
            result = connection_check.check(
                conn.base_url, conn.mode, rt.settings.timeout_seconds, spec.id
            )
            if result.note:
                st.info(result.sentence, icon=":material/info:")
            else:
                (st.success if result.ok else st.error)(
                    result.sentence,
                    icon=":material/check_circle:" if result.ok else ":material/error:",
                )
