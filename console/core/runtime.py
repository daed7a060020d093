"""What every flow step needs: settings, history, local services, clients, redaction, clock."""

from dataclasses import dataclass
from typing import Any

from console.core import clock
from console.core.clients import POOL
from console.core.explain import Notice
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

    def refuse_input(
        self, spec: VendorSpec, journey_id: str, mode: str, step: str, problems: list[str]
    ) -> Notice:
        """Input the console will not send: an entry in the history now, and the sentence for
        the page."""
        self.store.record_event(
            journey_id,
            spec.id,
            mode,
            kind="input",
            step=step,
            outcome="rejected",
            error=" ".join(problems),
        )
        return Notice(
            "warning", "Not sent: the console found what to fix first", "\n".join(problems)
        )
