"""What every flow step needs: the effective settings, the history store, the local services."""

from dataclasses import dataclass

from console.history import HistoryStore
from console.services import LocalServices
from console.settings import ConsoleSettings


@dataclass(frozen=True)
class Runtime:
    settings: ConsoleSettings
    store: HistoryStore
    services: LocalServices
