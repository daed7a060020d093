"""Fault injection: make the next calls to a vendor fail on purpose (timeout, 5xx, garbage)."""

import asyncio
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from sandbox.core.simulator import Simulator

FaultMode = Literal["timeout", "http_500", "malformed_body", "slow"]

DEFAULT_DELAY_SECONDS: dict[str, float] = {"timeout": 30.0, "slow": 2.0}


class Fault(BaseModel):
    vendor: str
    path: str | None = Field(default=None, description="the vendor's path, e.g. /api/v1/start")
    mode: FaultMode
    times: int = Field(default=1, ge=1, le=1000)
    seconds: float | None = Field(default=None, gt=0, le=300, description="delay for timeout/slow")

    def matches(self, vendor: str, vendor_path: str) -> bool:
        return self.vendor == vendor and (self.path is None or self.path == vendor_path)

    @property
    def delay(self) -> float:
        return self.seconds or DEFAULT_DELAY_SECONDS.get(self.mode, 0.0)


class FaultBook:
    """Armed faults, consumed one call at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def arm(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, vendor: str, vendor_path: str) -> Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(vendor, vendor_path):
                    if fault.times <= 1:
                        del self._faults[index]
                    else:
                        self._faults[index] = fault.model_copy(update={"times": fault.times - 1})
                    return fault
        return None

    def armed(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()


class FaultMiddleware:
    """Applies armed faults to vendor routes (never to the control plane)."""

    def __init__(
        self,
        app: ASGIApp,
        book: FaultBook,
        simulators: Sequence["Simulator"],
    ) -> None:
        self.app = app
        self.book = book
        self.simulators = {s.vendor_id: s for s in simulators}
        self.prefixes = {s.vendor_id: s.prefix for s in simulators}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        for vendor, prefix in self.prefixes.items():
            if path.startswith(prefix + "/"):
                fault = self.book.take(vendor, path[len(prefix) :])
                if fault is not None:
                    await self._apply(fault, vendor, scope, receive, send)
                    return
                break
        await self.app(scope, receive, send)

    async def _apply(self, fault: Fault, vendor: str, scope, receive, send) -> None:
        if fault.mode == "slow":
            await asyncio.sleep(fault.delay)
            await self.app(scope, receive, send)
        elif fault.mode == "timeout":
            # Outlast the client, then give up as a gateway would (the request is never handled).
            await asyncio.sleep(fault.delay)
            await self.simulators[vendor].server_error()(scope, receive, send)
        elif fault.mode == "http_500":
            await self.simulators[vendor].server_error()(scope, receive, send)
        else:
            await self.simulators[vendor].malformed_body()(scope, receive, send)
