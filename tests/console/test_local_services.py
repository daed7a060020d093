"""Local services start once per process; the webhook receiver writes to history."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from console.core.history import HistoryFilter, HistoryStore
from console.core.page import redactor
from console.core.receiver import create_receiver
from console.core.services import ensure_services, running_services
from console.registry import ConsoleSettings
from sandbox.core.server import BackgroundServer


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


def test_receiver_refuses_a_body_over_256_kb_before_reading_it_whole() -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    hooks = f"{start_services(settings, store).receiver_url}/webhooks/hyperverge-ckyc"
    declared = httpx.post(f"{hooks}?journey=j-big", content=b"x" * (256 * 1024 + 1))
    assert declared.status_code == 413
    chunks = (b"y" * 16 * 1024 for _ in range(20))  # 320 KB, no Content-Length
    assert httpx.post(f"{hooks}?journey=j-big", content=chunks).status_code == 413
    assert store.exchanges(HistoryFilter(journey_id="j-big")).empty
    assert httpx.post(f"{hooks}?journey=j-big", content=b"z" * 256 * 1024).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"journey": "j-ok", "mode": "m" * 5000},
        {"journey": "j-ok", "mode": "LIVE"},
        {"journey": "j" * 41},
        {"journey": "<img src=x>"},
        {"journey": "j-ok\n"},
    ],
)
def test_receiver_refuses_a_journey_or_mode_it_cannot_store(query) -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    hooks = f"{start_services(settings, store).receiver_url}/webhooks/hyperverge-ckyc"
    marker = f"m-{uuid.uuid4().hex}"
    reply = httpx.post(hooks, params=query, json={"status": "APPROVED", "marker": marker})
    assert reply.status_code == 422
    assert store.count(HistoryFilter(text=marker)).exchanges == 0


def test_receiver_files_the_mode_it_was_given_and_clips_a_large_body() -> None:
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    hooks = f"{start_services(settings, store).receiver_url}/webhooks/hyperverge-ckyc"
    note = "hello, world! " * 10_000  # 140 KB of text, not a base64 blob
    reply = httpx.post(hooks, params={"journey": "j-long", "mode": "live"}, json={"note": note})
    assert reply.json() == {"received": True}
    row = store.exchanges(HistoryFilter(journey_id="j-long")).iloc[0]
    assert row["mode"] == "live"
    kept = row["request"]["body"]
    assert kept.startswith('{"note": "hello, world! hello')
    assert kept.endswith("characters in all]") and len(kept) < 20_000


class BlockingStore(HistoryStore):
    """Holds every write until released, to show what else the server answers meanwhile."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.writing = threading.Event()
        self.release = threading.Event()

    def record_event(self, *args, **kwargs) -> None:
        self.writing.set()
        self.release.wait(timeout=10)
        super().record_event(*args, **kwargs)


def test_receiver_writes_off_the_event_loop(tmp_path) -> None:
    store = BlockingStore(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    server = BackgroundServer(create_receiver(store, redactor(ConsoleSettings()))).start()
    try:
        with ThreadPoolExecutor(1) as pool:
            held = pool.submit(
                httpx.post, f"{server.url}/webhooks/hyperverge-ckyc?journey=j-held", json={}
            )
            assert store.writing.wait(timeout=10)
            # While that write is held, the same event loop still answers.
            other = httpx.post(f"{server.url}/webhooks/nobody", json={}, timeout=2)
            assert other.status_code == 404
            store.release.set()
            assert held.result(timeout=10).json() == {"received": True}
    finally:
        store.release.set()
        server.stop()
    assert len(store.exchanges(HistoryFilter(journey_id="j-held"))) == 1


def test_a_redirect_is_filed_under_the_journey_that_expected_it() -> None:
    from console.core.receiver import expect_redirect

    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    services = start_services(settings, store)
    ref = f"M{uuid.uuid4().hex[:12]}_SE"
    journey = f"j-{uuid.uuid4().hex[:8]}"
    expect_redirect("messagecentral-ekyc", ref, journey, "sandbox")
    page = httpx.get(
        f"{services.receiver_url}/redirects/messagecentral-ekyc",
        params={"journey_id": ref, "status": "completed", "token": "secret-token"},
    )
    assert page.status_code == 200 and "The journey has ended" in page.text
    row = store.exchanges(HistoryFilter(journey_id=journey)).iloc[0]
    assert (row["kind"], row["step"]) == ("webhook", "redirect")
    assert row["request"]["query"]["status"] == "completed"
    assert row["request"]["query"]["token"] == "[REDACTED]"
    assert httpx.get(f"{services.receiver_url}/redirects/nobody").status_code == 404


def test_a_redirect_is_filed_once_and_never_by_a_journey_it_names() -> None:
    from console.core.receiver import expect_redirect

    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    services = start_services(settings, store)
    ref, journey = f"M{uuid.uuid4().hex[:12]}_SE", f"j-{uuid.uuid4().hex[:8]}"
    expect_redirect("messagecentral-ekyc", ref, journey, "sandbox")
    url = f"{services.receiver_url}/redirects/messagecentral-ekyc"
    httpx.get(url, params={"journey_id": ref, "status": "completed"})
    httpx.get(url, params={"journey_id": ref, "status": "completed"})  # replayed
    other = f"j-{uuid.uuid4().hex[:8]}"
    httpx.get(url, params={"journey": other, "status": "completed"})  # names a journey
    assert len(store.exchanges(HistoryFilter(journey_id=journey))) == 1
    assert len(store.exchanges(HistoryFilter(journey_id=other))) == 0
    long_ref = "M" * 100_000
    expect_redirect("messagecentral-ekyc", long_ref, journey, "sandbox")  # not kept
    httpx.get(url, params={"journey_id": "M" * 1000})
    assert len(store.exchanges(HistoryFilter(journey_id=journey))) == 1
