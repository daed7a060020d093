"""What every flow step needs: settings, history, local services, clients, redaction, clock."""

from dataclasses import dataclass
from typing import Any

from console.core import clock
from console.core.clients import POOL
from console.core.history import HistoryStore
from console.core.services import LocalServices
from console.core.settings import CoreSettings
from console.core.spec import VendorSpec
from kyc_adapters.redaction import Redactor


@dataclass(frozen=True)
class Runtime:
    settings: CoreSettings
    store: HistoryStore
    services: LocalServices
    redactor: Redactor

    def client(self, spec: VendorSpec) -> Any:
        """The vendor's long-lived adapter; raises NotConfigured when live mode lacks settings."""
        return POOL.get(spec, self.settings, self.services.sandbox_url, self.store, self.redactor)

    def mode(self, spec: VendorSpec) -> str:
        return self.settings.vendor(spec.id).mode

    def now(self, spec: VendorSpec) -> float:
        return clock.now(self.mode(spec), self.services.sandbox_url)
