"""Local services start once per process; the webhook receiver writes to history."""

import threading

import httpx

from console.core.history import HistoryFilter, HistoryStore
from console.core.page import redactor
from console.core.services import ensure_services, running_services
from console.registry import ConsoleSettings


def start_services(settings, store):
    return ensure_services(settings, store, redactor(settings))


def test_services_start_once_and_serve_sandbox_and_receiver() -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    first = start_services(settings, store)
    assert start_services(settings, HistoryStore(settings.history_url)) is first
    assert running_services() is first
    assert httpx.get(f"{first.sandbox_url}/_sandbox/health").json()["status"] == "ok"

    reply = httpx.post(
        f"{first.receiver_url}/webhooks/hyperverge-ckyc?journey=j-hook",
        json={"status": "APPROVED", "mobileNumber": "9876501865", "token": "secret-token"},
        headers={"appKey": "partner-secret"},
    )
    assert reply.json() == {"received": True}
    row = store.exchanges(HistoryFilter(journey_id="j-hook")).iloc[0]
    assert (row["kind"], row["step"], row["outcome"]) == ("webhook", "callback", "success")
    assert row["request"]["body"] == {
        "status": "APPROVED",
        "mobileNumber": "XXXXXX1865",
        "token": "[REDACTED]",
    }
    assert row["request"]["headers"]["appkey"] == "[REDACTED]"


def test_receiver_refuses_unknown_vendors_and_keeps_garbage() -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    services = start_services(settings, store)
    assert httpx.post(f"{services.receiver_url}/webhooks/nobody", json={}).status_code == 404
    httpx.post(
        f"{services.receiver_url}/webhooks/hyperverge-ckyc?journey=j-garbage", content=b"{oops"
    )
    row = store.exchanges(HistoryFilter(journey_id="j-garbage")).iloc[0]
    assert row["outcome"] == "failure" and row["request"]["body"] == "{oops"


def test_a_module_reload_finds_the_running_services() -> None:
    import importlib

    import console.core.services

    settings = ConsoleSettings()
    before = start_services(settings, HistoryStore(settings.history_url))
    reloaded = importlib.reload(console.core.services)
    assert (
        reloaded.ensure_services(settings, HistoryStore(settings.history_url), redactor(settings))
        is before
    )
    alive = [t for t in threading.enumerate() if t.name == reloaded.THREAD_NAME]
    assert len(alive) == 1
