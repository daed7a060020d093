"""Long-lived clients: one per vendor and mode, rebuilt only when what they hold changes."""

from collections.abc import Iterator

import pytest

from console.core.clients import POOL, NotConfigured
from console.core.history import HistoryStore
from console.core.page import redactor
from console.core.services import LocalServices, ensure_services
from console.registry import ConsoleSettings, vendor

SPEC = vendor("hyperverge-ckyc")


@pytest.fixture
def running() -> Iterator[tuple[ConsoleSettings, HistoryStore, LocalServices]]:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    yield settings, store, ensure_services(settings, store, redactor(settings))


def get(settings, store, services):
    return POOL.get(SPEC, settings, services.sandbox_url, store, redactor(settings))


def test_the_same_client_serves_every_click(running) -> None:
    first = get(*running)
    assert get(*running) is first
    assert first._http is get(*running)._http


def test_a_settings_change_builds_a_new_client_and_keeps_the_old_open(running, monkeypatch) -> None:
    """Another session may still be using the old one (two sessions, two settings)."""
    settings, store, services = running
    before = get(settings, store, services)
    monkeypatch.setenv("KYC_TIMEOUT_SECONDS", "3")
    after = get(ConsoleSettings(), store, services)
    assert after is not before
    assert not before._http.is_closed and not after._http.is_closed
    monkeypatch.delenv("KYC_TIMEOUT_SECONDS")
    assert get(ConsoleSettings(), store, services) is before


def test_a_live_url_typed_in_sandbox_mode_keeps_the_sandbox_client(running) -> None:
    settings, store, services = running
    before = get(settings, store, services)
    typed = settings.with_overrides({"hyperverge-ckyc": {"live_base_url": "https://x.example"}})
    assert get(typed, store, services) is before


def test_sandbox_credentials_come_from_the_sandbox(running) -> None:
    client = get(*running)
    assert (client._app_id, client._app_key) == ("sandbox-app-id", "sandbox-app-key")


def test_live_without_credentials_names_the_variables(running, monkeypatch) -> None:
    _, store, services = running
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_ID", "id-only")
    with pytest.raises(NotConfigured, match="KYC_HYPERVERGE_CKYC__APP_KEY"):
        get(ConsoleSettings(), store, services)
