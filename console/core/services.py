"""The local services (sandbox + webhook receiver), started once per console process.

The running server is found again through its thread, which outlives a cache clear and a
module reload, so neither starts a second copy nor leaves a port taken.
"""

import threading
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.routing import Mount

from console.core.history import HistoryStore
from console.core.receiver import create_receiver
from console.core.settings import CoreSettings
from console.core.webhook_auth import ExpectedHeader, current_settings, expected_from
from console.registry import VENDORS
from kyc_adapters.redaction import Redactor
from sandbox import create_app
from sandbox.core.server import BackgroundServer

THREAD_NAME = "kyc-console-services"
RECEIVER_PREFIX = "/_receiver"
_start_lock = threading.Lock()


@dataclass(frozen=True)
class LocalServices:
    url: str
    server: BackgroundServer

    @property
    def sandbox_url(self) -> str:
        return self.url

    @property
    def receiver_url(self) -> str:
        return self.url + RECEIVER_PREFIX


def running_services() -> LocalServices | None:
    for thread in threading.enumerate():
        services = getattr(thread, "kyc_services", None)
        if thread.name == THREAD_NAME and thread.is_alive() and services is not None:
            return services
    return None


def ensure_services(
    settings: CoreSettings,
    store: HistoryStore,
    redactor: Redactor,
    expected: ExpectedHeader | None = None,
) -> LocalServices:
    """`expected`: the header a vendor's callback must carry, by (vendor, mode); by default
    from the settings' class read again whenever the environment or secrets.toml changes (a
    callback token set after the console started is honoured without a restart)."""
    with _start_lock:
        services = running_services()
        if services is not None:
            return services
        if expected is None:
            specs = {spec.id: spec for spec in VENDORS}
            expected = expected_from(current_settings(type(settings)), lambda: specs)
        app = Starlette(
            routes=[
                Mount(RECEIVER_PREFIX, app=create_receiver(store, redactor, expected=expected)),
                Mount("/", app=create_app()),
            ]
        )
        server = BackgroundServer(
            app, settings.sandbox_host, settings.sandbox_port, name=THREAD_NAME
        ).start()
        services = LocalServices(server.url, server)
        store.interrupt_unfinished()  # journeys a previous console process left in flight
        store.purge_older_than(settings.retention_days)  # KYC_RETENTION_DAYS; 0 keeps all
        server.thread.kyc_services = services  # the process-wide registry, see module docstring
        return services
