"""Fault injection: make the next calls to a vendor fail on purpose (timeout, 5xx, garbage)."""

import asyncio
import threading
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

FaultMode = Literal["timeout", "http_500", "malformed_body", "slow"]

DEFAULT_DELAY_SECONDS: dict[str, float] = {"timeout": 30.0, "slow": 2.0}
MALFORMED_BODY = b'{"status": "success", "result": {"message": "OTP has been se'


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
        prefixes: dict[str, str],
        server_error: dict[str, Callable[[], Response]],
    ) -> None:
        self.app = app
        self.book = book
        self.prefixes = prefixes  # vendor id -> mount prefix
        self.server_error = server_error

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
            await self.server_error[vendor]()(scope, receive, send)
        elif fault.mode == "http_500":
            await self.server_error[vendor]()(scope, receive, send)
        else:
            response = Response(MALFORMED_BODY, status_code=200, media_type="application/json")
            await response(scope, receive, send)
