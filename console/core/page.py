"""The setup every page runs first: settings, history store, local services, redaction."""

import gc
import os
from functools import cache, lru_cache

import streamlit as st

from console.core import presenter
from console.core.history import HistoryStore
from console.core.redactors import console_redactor
from console.core.runtime import Runtime
from console.core.services import ensure_services
from console.core.settings import SECRETS_FILE, CoreSettings
from console.core.spec import VendorSpec
from console.registry import ConsoleSettings
from kyc_adapters.redaction import Redactor

OVERRIDES_KEY = "settings.overrides"


@cache
def _store(url: str) -> HistoryStore:
    return HistoryStore(url)


def base_settings() -> CoreSettings:
    """Read again only when the environment or secrets.toml changed (a read is ~1.5 ms)."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("KYC_")))
    try:
        stamp = SECRETS_FILE.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _settings(env, stamp)


@lru_cache(maxsize=8)
def _settings(env: tuple, secrets_stamp: int | None) -> CoreSettings:
    return ConsoleSettings()


def redactor(settings: CoreSettings) -> Redactor:
    """Every vendor's secret and personal-data keys, and the configured secret values."""
    return console_redactor(settings)


def setup() -> Runtime:
    base = base_settings()
    settings = base.with_overrides(st.session_state.get(OVERRIDES_KEY, {}))
    presenter.sidebar(base.presenter)
    store = _store(settings.history_url)
    try:
        services = ensure_services(settings, store, redactor(base))
    except (OSError, RuntimeError) as exc:
        st.error(f"The local sandbox could not start: {exc}")
        st.info("Set KYC_SANDBOX_PORT to a free port (or 0) and restart the console.")
        st.stop()
    _freeze_startup_heap()
    return Runtime(settings, store, services, redactor(base))


@cache
def _freeze_startup_heap() -> None:
    """Once per process, after the imports and the local services are up: move what is alive
    now out of the garbage collector's sight. Those objects live as long as the process, and
    scanning them in every full collection cost ~35 ms a rerun (bench/browser_rerun.py).
    Once by `cache`, not by gc.get_freeze_count(): that walks the frozen list (~15 ms)."""
    gc.collect()
    gc.freeze()


_MODE_ICONS = {True: ":material/science:", False: ":material/public:"}


def mode_badge(rt: Runtime, spec: VendorSpec) -> None:
    if presenter.on():  # still labelled, without the words a prospect does not need
        sandbox = rt.mode(spec) == "sandbox"
        st.badge("Sandbox" if sandbox else "Live", icon=_MODE_ICONS[sandbox], color="gray")
    elif rt.mode(spec) == "sandbox":
        st.badge(
            "Sandbox: simulated vendor, synthetic data", icon=":material/science:", color="violet"
        )
    else:
        st.badge("Live: the real vendor", icon=":material/public:", color="green")
