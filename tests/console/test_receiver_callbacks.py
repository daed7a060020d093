"""The receiver for vendors with a WebhookSpec, over real HTTP: authenticated, stored before the
200, once per key, filed under the journey the body names. A test spec is injected: no vendor
of the registry is needed (nor named)."""

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.routing import Mount

from console.core import receiver, webhook_auth
from console.core.history import HistoryFilter, HistoryStore
from console.core.history_schema import callbacks, exchanges, journeys
from console.core.page import redactor
from console.core.receiver import create_receiver, delivered
from console.core.services import ensure_services
from console.core.settings import VendorSettings
from console.core.spec import VendorSpec, WebhookSpec
from console.registry import VENDORS, ConsoleSettings
from kyc_adapters.redaction import Redactor
from sandbox.core.server import BackgroundServer

VENDOR = "acme-hooks"
OTHER = "acme-other"
HEADER = "X-Hook-Auth"
LIVE_TOKEN = "live-callback-token-0123456789"
HOOK = WebhookSpec(
    key=lambda body: body.get("submissionId"),
    journey=lambda body: body.get("partnerSessionId"),
)
REDACTOR = Redactor(secret_keys={"imageUrls"}, pii_keys={"nik"})


def expected(vendor: str, mode: str) -> tuple[str, str] | None:
    if mode == "sandbox":
        return HEADER, f"Bearer {webhook_auth.sandbox_token(vendor)}"
    return (HEADER, LIVE_TOKEN) if vendor == VENDOR else None  # OTHER: no live token set


def right(vendor: str = VENDOR) -> dict[str, str]:
    return {HEADER: f"Bearer {webhook_auth.sandbox_token(vendor)}"}


@dataclass
class Receiver:
    url: str
    store: HistoryStore

    def post(self, body=None, *, headers=None, vendor=VENDOR, mode="sandbox", **kwargs):
        return httpx.post(
            f"{self.url}/webhooks/{vendor}",
            params={"mode": mode},
            headers=right(vendor) if headers is None else headers,
            **({"json": body} if body is not None else {}),
            **kwargs,
        )


def serve(store: HistoryStore) -> BackgroundServer:
    app = create_receiver(store, REDACTOR, webhooks={VENDOR: HOOK, OTHER: HOOK}, expected=expected)
    # Mounted as the local services mount it.
    return BackgroundServer(Starlette(routes=[Mount("/_receiver", app=app)])).start()


@pytest.fixture
def hooks(tmp_path) -> Iterator[Receiver]:
    store = HistoryStore(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    server = serve(store)
    yield Receiver(f"{server.url}/_receiver", store)
    server.stop()


def payload(**extra) -> dict:
    return {
        "submissionId": str(uuid.uuid4()),
        "partnerSessionId": "no-such-journey",
        "status": "COMPLETED",
        "result": "VALID",
        "submissionDetails": {
            "ktpData": {"nik": "3174012304900001", "name": "BUDI"},
            "imageUrls": {"KTP": "http://x/img?sig=capability"},
        },
        **extra,
    }


def everything_stored(store: HistoryStore) -> str:
    """Every row of every table, as text (after the writer has written what it was given)."""
    store.count()  # flushes the exchange writer
    with store.engine.connect() as db:
        rows = [
            dict(r)
            for t in (journeys, exchanges, callbacks)
            for r in db.execute(select(t)).mappings()
        ]
    return json.dumps(rows, default=str, ensure_ascii=False)


def test_a_callback_with_the_right_header_is_stored_before_the_200(hooks) -> None:
    body = payload()
    reply = hooks.post(body)
    assert (reply.status_code, reply.json()) == (200, {"received": True})
    stored = hooks.store.callback(VENDOR, body["submissionId"])  # no waiting: already there
    assert stored["deliveries"] == 1 and stored["mode"] == "sandbox"
    assert stored["journey_id"] == "unassigned"
    details = stored["body"]["submissionDetails"]
    assert details["ktpData"]["nik"] == "XXXXXXXXXXXX0001"
    assert details["imageUrls"] == "[REDACTED]"
    assert delivered(VENDOR, body["submissionId"]) == body  # unredacted, in memory only
    assert "capability" not in everything_stored(hooks.store)
    row = hooks.store.exchanges(HistoryFilter(vendors=(VENDOR,))).iloc[0]
    assert (row["kind"], row["step"], row["outcome"]) == ("webhook", "callback", "success")
    assert row["request"]["auth"] == "right" and row["request"]["duplicate"] is False
    assert row["request"]["key"] == body["submissionId"]
    assert row["request"]["headers"][HEADER.lower()] == "[REDACTED]"


def test_live_mode_wants_the_configured_token(hooks) -> None:
    body = payload()
    assert hooks.post(body, mode="live").status_code == 401  # the sandbox token is not it
    assert hooks.post(body, mode="live", headers={HEADER: LIVE_TOKEN}).status_code == 200
    assert hooks.store.callback(VENDOR, body["submissionId"])["mode"] == "live"


def wrong_headers(marker: str) -> dict[str, object]:
    token = webhook_auth.sandbox_token(VENDOR)
    return {
        "missing": {},
        "wrong": {HEADER: f"Bearer {marker}"},
        "another vendor's token": {HEADER: f"Bearer {webhook_auth.sandbox_token(OTHER)}"},
        "non-ASCII (UTF-8)": {HEADER: f"Bearer {marker}-tökén✓".encode()},
        "non-ASCII (Latin-1)": {HEADER: f"Bearer {marker}".encode() + b"\xff\xe9"},
        "right token, non-ASCII after": {HEADER: f"Bearer {token}é".encode()},
        "stray space inside": {HEADER: f"Bearer  {token}"},
        "stray space in the token": {HEADER: f"Bearer {token[:5]} {token[5:]}"},
        "no Bearer": {HEADER: token},
        "lower-case bearer": {HEADER: f"bearer {token}"},
        "in another header": {"Authorization": f"Bearer {token}", "X-Marker": marker},
    }


@pytest.mark.parametrize("case", list(wrong_headers("m")))
def test_a_callback_without_the_right_header_is_refused_and_never_kept(hooks, case) -> None:
    marker = f"wrong-{uuid.uuid4().hex}"
    body = payload(note=marker)
    reply = hooks.post(body, headers=wrong_headers(marker)[case])
    assert reply.status_code == 401
    assert HEADER in reply.json()["detail"]
    assert hooks.store.callback(VENDOR, body["submissionId"]) is None
    assert delivered(VENDOR, body["submissionId"]) is None
    rows = hooks.store.exchanges(HistoryFilter(vendors=(VENDOR,)))
    assert list(rows["step"]) == ["callback-refused"]
    assert list(rows["outcome"]) == ["rejected"]
    assert "body" not in rows.iloc[0]["request"]
    everything = everything_stored(hooks.store)
    assert "tökén" not in everything and webhook_auth.sandbox_token(VENDOR) not in everything
    assert marker not in everything  # in any header: the vendor's secret may have any name


def test_a_repeated_header_is_refused_even_when_one_copy_is_right(hooks) -> None:
    body = payload()
    headers = [(HEADER, f"Bearer {webhook_auth.sandbox_token(VENDOR)}"), (HEADER, "Bearer x")]
    assert hooks.post(body, headers=headers).status_code == 401
    assert hooks.store.callback(VENDOR, body["submissionId"]) is None


def test_live_mode_without_a_token_refuses_everything(hooks) -> None:
    body = payload()
    secret = f"vendor-secret-{uuid.uuid4().hex}"
    reply = hooks.post(body, vendor=OTHER, mode="live", headers={"X-Callback-Auth": secret})
    assert reply.status_code == 401 and "no callback token" in reply.json()["detail"]
    assert hooks.store.callback(OTHER, body["submissionId"]) is None
    # The console was never told the header's name: its value is kept all the same.
    assert secret not in everything_stored(hooks.store)


def raw_request(url: str, head: bytes, body: bytes) -> bytes:
    """What a client that h11 would refuse to be can still send."""
    target = httpx.URL(url)
    with socket.create_connection((target.host, target.port), timeout=10) as conn:
        conn.sendall(head + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        return conn.recv(65536)


@pytest.mark.parametrize(
    "value",
    [b"Bearer \x01x", b"\xc3\x28", b"Bearer\tx", b"  ", b"Bearer " + "é".encode() * 3000],
)
def test_odd_header_bytes_on_the_wire_are_a_401_not_a_crash(hooks, value) -> None:
    body = json.dumps(payload()).encode()
    head = (
        f"POST /_receiver/webhooks/{VENDOR}?mode=sandbox HTTP/1.1\r\nHost: x\r\n"
        f"Content-Type: application/json\r\n{HEADER}: "
    ).encode()
    answer = raw_request(hooks.url, head + value + b"\r\n", body)
    assert answer.startswith(b"HTTP/1.1 401") or answer.startswith(b"HTTP/1.1 400"), answer[:80]
    assert hooks.store.callbacks(VENDOR) == []


def test_a_duplicate_is_stored_once_and_counted(hooks) -> None:
    first = payload()
    again = {**first, "result": "INVALID"}
    assert hooks.post(first).json() == {"received": True}
    assert hooks.post(again).json() == {"received": True, "duplicate": True}
    stored = hooks.store.callback(VENDOR, first["submissionId"])
    assert stored["deliveries"] == 2
    assert stored["body"]["result"] == "VALID"  # the first body kept
    assert stored["last_received_at"] >= stored["received_at"]
    assert delivered(VENDOR, first["submissionId"])["result"] == "VALID"
    assert len(hooks.store.callbacks(VENDOR)) == 1
    rows = hooks.store.exchanges(HistoryFilter(vendors=(VENDOR,)))
    assert sorted(rows["step"]) == ["callback", "callback-duplicate"]
    duplicate = rows[rows["step"] == "callback-duplicate"].iloc[0]["request"]
    assert duplicate["duplicate"] is True and duplicate["key"] == first["submissionId"]


def test_deliveries_racing_on_one_key_count_right(hooks) -> None:
    body = payload()
    with ThreadPoolExecutor(16) as pool:
        replies = list(pool.map(lambda _: hooks.post(body).json(), range(32)))
    assert sum(1 for r in replies if r == {"received": True}) == 1
    assert sum(1 for r in replies if r.get("duplicate")) == 31
    assert hooks.store.callback(VENDOR, body["submissionId"])["deliveries"] == 32


def test_a_callback_is_filed_under_the_journey_it_names_only_if_that_is_the_vendors(
    hooks,
) -> None:
    mine = hooks.store.new_journey(VENDOR, "sandbox")
    theirs = hooks.store.new_journey(OTHER, "sandbox")
    filed = payload(partnerSessionId=mine)
    elsewhere = payload(partnerSessionId=theirs)
    nowhere = payload(partnerSessionId="<script>")
    for body in (filed, elsewhere, nowhere, payload(partnerSessionId=None)):
        assert hooks.post(body).status_code == 200
    assert [c["key"] for c in hooks.store.callbacks(VENDOR, mine)] == [filed["submissionId"]]
    assert hooks.store.callbacks(VENDOR, theirs) == []
    assert len(hooks.store.callbacks(VENDOR, "unassigned")) == 3
    steps = hooks.store.steps(mine)
    assert [(s["kind"], s["step"]) for s in steps] == [("webhook", "callback")]


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (json.dumps({"status": "COMPLETED"}), "carries no key"),
        (json.dumps({"submissionId": 42}), "carries no key"),
        (json.dumps({"submissionId": "k" * 201}), "over 200 characters"),
        (json.dumps(["a", "list"]), "not a JSON object"),
        ("{oops", "not JSON"),
    ],
)
def test_a_body_without_its_key_is_a_422_and_a_history_row(hooks, content, detail) -> None:
    reply = hooks.post(content=content)
    assert reply.status_code == 422 and detail in reply.json()["detail"]
    assert hooks.store.callbacks(VENDOR) == []
    row = hooks.store.exchanges(HistoryFilter(vendors=(VENDOR,))).iloc[0]
    assert (row["step"], row["outcome"]) == ("callback-invalid", "failure")
    assert detail in row["error"]


def test_the_body_cap_holds_for_callbacks_and_a_refused_body_is_never_read(hooks) -> None:
    big = payload(note="x" * (256 * 1024))
    reply = hooks.post(big)
    assert reply.status_code == 413
    assert hooks.post(big, headers={}).status_code == 401
    chunks = (b"y" * 16 * 1024 for _ in range(20))  # 320 KB, no Content-Length
    assert hooks.post(content=chunks).status_code == 413
    assert hooks.store.callbacks(VENDOR) == []
    long = payload(note="hello, world! " * 10_000)  # 140 KB: taken, kept clipped
    assert hooks.post(long).status_code == 200
    kept = hooks.store.callback(VENDOR, long["submissionId"])["body"]
    assert kept.endswith("characters in all]") and len(kept) < 20_000
    assert delivered(VENDOR, long["submissionId"]) == long


def test_wait_for_callback_wakes_when_it_is_stored_by_another_store(hooks) -> None:
    body = payload()
    reader = HistoryStore(hooks.store.url)  # another store of the same database
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(reader.wait_for_callback, VENDOR, body["submissionId"], 10)
        assert hooks.post(body).status_code == 200
        assert waiting.result(timeout=10)["key"] == body["submissionId"]
    assert reader.wait_for_callback(VENDOR, "never-sent", 0.05) is None


class HeldStore(HistoryStore):
    """Holds each save until released, to see that the 200 waits for the store."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.saving = threading.Event()
        self.release = threading.Event()
        self.fail = False

    def save_callback(self, *args, **kwargs) -> bool:
        self.saving.set()
        self.release.wait(timeout=10)
        if self.fail:
            raise OSError("disk full")
        return super().save_callback(*args, **kwargs)


def test_the_200_waits_for_the_store_and_a_failed_save_is_a_503(tmp_path) -> None:
    store = HeldStore(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    server = serve(store)
    hooks = Receiver(f"{server.url}/_receiver", store)
    try:
        body = payload()
        with ThreadPoolExecutor(1) as pool:
            held = pool.submit(hooks.post, body)
            assert store.saving.wait(timeout=10)
            assert not held.done()
            # Meanwhile the event loop answers others.
            assert hooks.post(payload(), headers={}).status_code == 401
            store.release.set()
            assert held.result(timeout=10).status_code == 200
        store.fail = True
        failed = payload()
        reply = hooks.post(failed)
        assert reply.status_code == 503 and "send it again" in reply.json()["detail"]
        assert store.callback(VENDOR, failed["submissionId"]) is None
    finally:
        store.release.set()
        server.stop()


def test_vendors_without_a_webhook_spec_keep_the_plain_receiver(tmp_path) -> None:
    store = HistoryStore(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    server = BackgroundServer(create_receiver(store, REDACTOR, webhooks={}, expected=expected))
    server.start()
    try:
        assert httpx.post(f"{server.url}/webhooks/{VENDOR}", json={}).status_code == 404
    finally:
        server.stop()


def test_delivered_bodies_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(receiver, "MAX_DELIVERED", 3)
    keys = [f"bounded-{uuid.uuid4().hex}" for _ in range(5)]
    for key in keys:
        receiver._remember("bounded-vendor", key, {"k": key}, 10)
    assert [delivered("bounded-vendor", k) is not None for k in keys] == [0, 0, 1, 1, 1]


# --- webhook_auth with a vendor spec of its own ------------------------------------------------


class HookSettings(VendorSettings):
    live_base_url: str = "https://hooks.example"
    callback_header: str = "X-Callback-Auth"
    callback_token: SecretStr | None = None


SPEC = VendorSpec(
    id="acme-hooks",
    vendor="Acme",
    flow="Hooks",
    summary="",
    icon=":material/webhook:",
    page="app_pages/acme.py",
    settings=HookSettings,
    client=lambda *args: None,
    webhook=HOOK,
)


def test_expected_header_sandbox_and_live() -> None:
    token = webhook_auth.sandbox_token(SPEC.id)
    assert webhook_auth.sandbox_token(SPEC.id) == token and len(token) >= 32
    assert webhook_auth.sandbox_token("acme-other") != token
    unset = HookSettings()
    assert webhook_auth.expected_header(SPEC, unset, "sandbox") == (
        "X-Callback-Auth",
        f"Bearer {token}",
    )
    assert webhook_auth.expected_header(SPEC, unset, "live") is None
    assert "KYC_ACME_HOOKS__CALLBACK_TOKEN is not set" in webhook_auth.header_problem(SPEC, unset)
    custom = HookSettings(callback_header="X-Partner", callback_token=SecretStr("s3cret-value"))
    assert webhook_auth.expected_header(SPEC, custom, "live") == ("X-Partner", "s3cret-value")
    # The sandbox is always given the default header, whatever live mode uses.
    assert webhook_auth.expected_header(SPEC, custom, "sandbox")[0] == "X-Callback-Auth"
    assert webhook_auth.header_problem(SPEC, custom) is None
    assert (
        webhook_auth.expected_header(SPEC, HookSettings(callback_token=SecretStr("")), "live")
        is None
    )


def test_the_live_callback_setup_says_where_and_what_never_the_token() -> None:
    unset = webhook_auth.callback_setup(SPEC, HookSettings(), "http://127.0.0.1:8765/_receiver/")
    assert unset.url == "http://127.0.0.1:8765/_receiver/webhooks/acme-hooks?mode=live"
    assert (unset.header, unset.token_set) == ("X-Callback-Auth", False)
    assert unset.token_env == "KYC_ACME_HOOKS__CALLBACK_TOKEN"
    assert unset.token_toml == "[acme_hooks] callback_token"
    assert unset.header_env == "KYC_ACME_HOOKS__CALLBACK_HEADER"
    assert "every callback is refused" in unset.problem
    configured = HookSettings(callback_token=SecretStr("s3cret-value"))
    setup = webhook_auth.callback_setup(SPEC, configured, "http://127.0.0.1:8765/_receiver")
    assert setup.token_set and setup.problem is None
    assert "s3cret-value" not in repr(setup)
    padded = HookSettings(callback_token=SecretStr("Bearer s3cret-value "))
    setup = webhook_auth.callback_setup(SPEC, padded, "http://127.0.0.1:8765/_receiver")
    assert "starts or ends with a space" in setup.problem and "s3cret" not in setup.problem


WEBHOOK_VENDORS = [spec for spec in VENDORS if spec.webhook is not None]


@pytest.mark.skipif(not WEBHOOK_VENDORS, reason="no vendor in the registry has a webhook spec")
@pytest.mark.parametrize("spec", WEBHOOK_VENDORS, ids=lambda spec: spec.id)
def test_the_local_services_take_the_registrys_webhooks_and_settings(spec, monkeypatch) -> None:
    """The console's own receiver, as the pages start it: the sandbox headers from
    webhook_auth pass; live wants the token as the environment says now."""
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    services = ensure_services(settings, store, redactor(settings))
    url = f"{services.receiver_url}/webhooks/{spec.id}"
    unkeyed = httpx.post(url, json={}, headers=webhook_auth.sandbox_callback_headers(spec.id))
    assert unkeyed.status_code == 422  # authenticated; the body has no key
    token_env = spec.env_name(spec.webhook.token_setting)
    header = webhook_auth.default_header_name(spec)
    monkeypatch.delenv(token_env, raising=False)
    assert httpx.post(url, params={"mode": "live"}, json={}).status_code == 401
    monkeypatch.setenv(token_env, "live-token-set-after-start")
    live = httpx.post(
        url, params={"mode": "live"}, json={}, headers={header: "live-token-set-after-start"}
    )
    assert live.status_code == 422
