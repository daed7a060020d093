"""Build a vendor client for sandbox or live mode, with every exchange recorded to history."""

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import certifi
import httpx

from console.history import HistoryStore
from console.services import LocalServices
from console.settings import ConsoleSettings
from kyc_adapters.hyperverge_ckyc import HyperVergeCkycClient
from kyc_adapters.recorder import RecordingTransport
from sandbox.hyperverge_ckyc import SANDBOX_APP_ID, SANDBOX_APP_KEY
from sandbox.hyperverge_ckyc.scenarios import PREFIX as CKYC_PREFIX


class NotConfigured(Exception):
    """Live mode without the credentials it needs; names the missing settings."""


@dataclass(frozen=True)
class Connection:
    vendor_id: str
    mode: str
    base_url: str


def connection(vendor_id: str, settings: ConsoleSettings, services: LocalServices) -> Connection:
    vendor = settings.vendor(vendor_id)
    if vendor.mode == "sandbox":
        return Connection(vendor_id, "sandbox", services.vendor_url(CKYC_PREFIX))
    return Connection(vendor_id, "live", vendor.live_base_url.rstrip("/"))


@cache
def _tls() -> ssl.SSLContext:
    """Built once: each new context costs ~25 ms, and every action opens a client."""
    return ssl.create_default_context(cafile=certifi.where())


def recorded_http(
    conn: Connection, settings: ConsoleSettings, store: HistoryStore, journey_id: str
) -> httpx.Client:
    transport = RecordingTransport(
        httpx.HTTPTransport(verify=_tls()),
        store.sink(journey_id, conn.vendor_id, conn.mode),
        mask_pii=settings.mask_pii,
    )
    return httpx.Client(
        base_url=conn.base_url, transport=transport, timeout=settings.timeout_seconds
    )


@contextmanager
def ckyc_client(
    settings: ConsoleSettings, services: LocalServices, store: HistoryStore, journey_id: str
) -> Iterator[HyperVergeCkycClient]:
    conn = connection("hyperverge-ckyc", settings, services)
    vendor = settings.hyperverge_ckyc
    if conn.mode == "sandbox":
        app_id, app_key = SANDBOX_APP_ID, SANDBOX_APP_KEY
    else:
        if vendor.missing_credentials():
            missing = ", ".join(
                f"KYC_HYPERVERGE_CKYC__{n.upper()}" for n in vendor.missing_credentials()
            )
            raise NotConfigured(f"Live mode needs {missing}")
        app_id, app_key = vendor.app_id.get_secret_value(), vendor.app_key.get_secret_value()
    with recorded_http(conn, settings, store, journey_id) as http:
        yield HyperVergeCkycClient(
            http,
            app_id=app_id,
            app_key=app_key,
            start_path=vendor.start_path,
            validate_path=vendor.validate_path,
        )
