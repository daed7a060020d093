"""Local services start once per process; the webhook receiver writes to history."""

import threading

import httpx

from console.history import HistoryFilter, HistoryStore
from console.services import ensure_services, running_services
from console.settings import ConsoleSettings


def test_services_start_once_and_serve_sandbox_and_receiver() -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    first = ensure_services(settings, store)
    assert ensure_services(settings, HistoryStore(settings.history_url)) is first
    assert running_services() is first
    assert httpx.get(f"{first.sandbox_url}/_sandbox/health").json()["status"] == "ok"

    reply = httpx.post(
        f"{first.receiver_url}/webhooks/onekyc?journey=j-hook",
        json={"status": "APPROVED", "nik": "3171234567890123", "token": "secret-token"},
        headers={"x-onekyc-token": "partner-secret"},
    )
    assert reply.json() == {"received": True}
    row = store.exchanges(HistoryFilter(journey_id="j-hook")).iloc[0]
    assert (row["kind"], row["step"], row["outcome"]) == ("webhook", "callback", "success")
    assert row["request"]["body"] == {
        "status": "APPROVED",
        "nik": "XXXXXXXXXXXX0123",
        "token": "[REDACTED]",
    }
    assert row["request"]["headers"]["x-onekyc-token"] == "[REDACTED]"


def test_receiver_refuses_unknown_vendors_and_keeps_garbage() -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    services = ensure_services(settings, store)
    assert httpx.post(f"{services.receiver_url}/webhooks/nobody", json={}).status_code == 404
    httpx.post(f"{services.receiver_url}/webhooks/onekyc?journey=j-garbage", content=b"{oops")
    row = store.exchanges(HistoryFilter(journey_id="j-garbage")).iloc[0]
    assert row["outcome"] == "failure" and row["request"]["body"] == "{oops"


def test_a_module_reload_finds_the_running_services() -> None:
    import importlib

    import console.services

    settings = ConsoleSettings()
    before = ensure_services(settings, HistoryStore(settings.history_url))
    reloaded = importlib.reload(console.services)
    assert reloaded.ensure_services(settings, HistoryStore(settings.history_url)) is before
    alive = [t for t in threading.enumerate() if t.name == reloaded.THREAD_NAME]
    assert len(alive) == 1
