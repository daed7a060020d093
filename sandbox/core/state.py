"""Everything the sandbox remembers, and the one reset that puts it back to the seed."""

from typing import Protocol

from sandbox.core.clock import SandboxClock
from sandbox.core.faults import FaultBook
from sandbox.core.inbox import Inbox


class Resettable(Protocol):
    def reset(self) -> None: ...


class SandboxState:
    def __init__(self) -> None:
        self.clock = SandboxClock()
        self.inbox = Inbox()
        self.faults = FaultBook()
        self.backends: dict[str, Resettable] = {}

    def reset(self) -> None:
        self.clock.reset()
        self.inbox.reset()
        self.faults.reset()
        for backend in self.backends.values():
            backend.reset()
