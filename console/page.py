"""The setup every page runs first: settings, history store, local services, sidebar status."""

import gc
import os
from functools import cache, lru_cache

import streamlit as st

from console.history import HistoryStore
from console.runtime import Runtime
from console.services import ensure_services
from console.settings import SECRETS_FILE, ConsoleSettings

OVERRIDES_KEY = "settings.overrides"


@cache
def _store(url: str) -> HistoryStore:
    return HistoryStore(url)


def base_settings() -> ConsoleSettings:
    """Read again only when the environment or secrets.toml changed (a read is ~1.5 ms)."""
    env = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("KYC_")))
    try:
        stamp = SECRETS_FILE.stat().st_mtime_ns
    except OSError:
        stamp = None
    return _settings(env, stamp)


@lru_cache(maxsize=8)
def _settings(env: tuple, secrets_stamp: int | None) -> ConsoleSettings:
    return ConsoleSettings()


def setup() -> Runtime:
    settings = base_settings().with_overrides(st.session_state.get(OVERRIDES_KEY, {}))
    store = _store(settings.history_url)
    try:
        services = ensure_services(settings, store)
    except (OSError, RuntimeError) as exc:
        st.error(f"The local sandbox could not start: {exc}")
        st.info("Set KYC_SANDBOX_PORT to a free port (or 0) and restart the console.")
        st.stop()
    _freeze_startup_heap()
    return Runtime(settings, store, services)


def _freeze_startup_heap() -> None:
    """Once per process, after the imports and the local services are up: move what is alive
    now out of the garbage collector's sight. Those objects live as long as the process, and
    scanning them in every full collection cost ~35 ms a rerun (bench/browser_rerun.py)."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


def mode_badge(settings: ConsoleSettings, vendor_id: str) -> None:
    mode = settings.vendor(vendor_id).mode
    if mode == "sandbox":
        st.badge(
            "Sandbox: simulated vendor, synthetic data", icon=":material/science:", color="violet"
        )
    else:
        st.badge("Live: the real vendor", icon=":material/public:", color="green")
