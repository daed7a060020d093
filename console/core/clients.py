"""Long-lived vendor clients: one per vendor and mode, every exchange recorded to history.

A client (and its `httpx.Client`, pool and any token it caches) lives as long as its settings
do: the same vendor, mode, base URL and credentials give the same client on every click and
rerun; a change of any of them builds a new one and closes the old. All are closed at exit.
"""

import atexit
import hashlib
import ssl
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import certifi
import httpx

from console.core import clock, contract, replay, sandbox_control
from console.core.history import HistoryStore
from console.core.settings import CoreSettings, VendorSettings
from console.core.spec import VendorSpec
from kyc_adapters.recorder import RecordingTransport
from kyc_adapters.redaction import Redactor


class NotConfigured(Exception):
    """Live mode without what it needs; says which setting to fix, never a value."""


@dataclass(frozen=True)
class Connection:
    vendor_id: str
    mode: str
    base_url: str


@cache
def _tls() -> ssl.SSLContext:
    """Built once: each new context costs ~25 ms."""
    return ssl.create_default_context(cafile=certifi.where())


def connection(spec: VendorSpec, settings: CoreSettings, sandbox_url: str) -> Connection:
    vendor = settings.vendor(spec.id)
    if vendor.mode == "sandbox":
        prefix = sandbox_control.vendor_info(sandbox_url, spec.id)["prefix"]
        return Connection(spec.id, "sandbox", sandbox_url + prefix)
    return Connection(spec.id, "live", vendor.live_base_url.rstrip("/"))


def credentials(spec: VendorSpec, settings: CoreSettings, sandbox_url: str) -> dict[str, str]:
    """The credentials to send: the sandbox's own (it says which), or the configured ones."""
    vendor = settings.vendor(spec.id)
    if vendor.mode == "sandbox":
        return dict(sandbox_control.vendor_info(sandbox_url, spec.id)["credentials"])
    if vendor.base_url_typed:
        raise NotConfigured(
            "A base URL typed in Settings never receives your credentials. Set "
            f"{spec.env_name('live_base_url')} in the environment or secrets.toml instead."
        )
    problem = vendor.base_url_problem()
    if problem:
        raise NotConfigured(f"{spec.env_name('live_base_url')} {problem}.")
    missing = vendor.missing_credentials()
    if missing:
        names = ", ".join(spec.env_name(name) for name in missing)
        raise NotConfigured(f"Live mode needs {names}.")
    problems = vendor.credential_problems()
    if problems:
        raise NotConfigured(
            " ".join(f"{spec.env_name(name)} {why}." for name, why in problems.items())
        )
    return {
        name: secret.get_secret_value()
        for name, secret in vendor.credentials().items()
        if secret is not None
    }


def vendor_settings(spec: VendorSpec, settings: CoreSettings, sandbox_url: str) -> VendorSettings:
    """The vendor's settings; in sandbox mode with what the sandbox publishes for it (its own
    issuer identifiers, say) in place of the configured values."""
    vendor = settings.vendor(spec.id)
    if vendor.mode != "sandbox":
        return vendor
    published = sandbox_control.vendor_info(sandbox_url, spec.id).get("settings") or {}
    return vendor.model_copy(update=published) if published else vendor


def secret_values(settings: CoreSettings, specs: tuple[VendorSpec, ...]) -> list[str]:
    """Every configured credential value, for redaction by value."""
    return [
        secret.get_secret_value()
        for spec in specs
        for secret in settings.vendor(spec.id).credentials().values()
        if secret is not None
    ]


class ClientPool:
    """Clients by what they hold. Two sessions with different settings each keep their own;
    none is closed while a session may still use it (only the least recently used beyond
    `MAX_CLIENTS`, and all at exit)."""

    MAX_CLIENTS = 16

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: OrderedDict[tuple, tuple[httpx.Client, Any]] = OrderedDict()

    def get(
        self,
        spec: VendorSpec,
        settings: CoreSettings,
        sandbox_url: str,
        store: HistoryStore,
        redactor: Redactor,
    ) -> Any:
        conn = connection(spec, settings, sandbox_url)
        creds = credentials(spec, settings, sandbox_url)
        vendor = vendor_settings(spec, settings, sandbox_url)
        # What the client holds, and nothing else: in sandbox mode a live URL typed in
        # Settings changes nothing here.
        held_settings = vendor.model_dump_json(
            exclude={"mode", "live_base_url", "base_url_typed", *vendor.credentials()}
        )
        timeout = vendor.timeout_seconds or settings.timeout_seconds
        key = (
            conn,
            _fingerprint(creds),
            held_settings,
            timeout,
            id(redactor),
            store.url,
        )
        with self._lock:
            held = self._clients.get(key)
            if held is not None:
                self._clients.move_to_end(key)
                return held[1]
            transport = RecordingTransport(
                httpx.HTTPTransport(verify=_tls()),
                # each answer checked against the vendor's documented contract first
                contract.checking(store.sink(spec.id, conn.mode), spec.contract),
                redactor,
                capture=replay.STORE.capture,  # in memory only: for this session's replay cURL
            )
            http = httpx.Client(base_url=conn.base_url, transport=transport, timeout=timeout)
            client = spec.client(http, creds, vendor, partial(clock.now, conn.mode, sandbox_url))
            self._clients[key] = (http, client)
            while len(self._clients) > self.MAX_CLIENTS:
                _, (oldest, _) = self._clients.popitem(last=False)
                oldest.close()
            return client

    def close(self) -> None:
        with self._lock:
            for http, _ in self._clients.values():
                http.close()
            self._clients.clear()


def _fingerprint(creds: dict[str, str]) -> str:
    """Tells credential sets apart without keeping them in the key."""
    return hashlib.sha256(repr(sorted(creds.items())).encode()).hexdigest()


POOL = ClientPool()
atexit.register(POOL.close)
