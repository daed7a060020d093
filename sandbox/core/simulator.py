"""What a vendor simulator is, as far as the sandbox's core is concerned.

Each vendor package under `sandbox/` exposes `create_simulator(context) -> Simulator`; the app
finds those packages itself (sandbox/core/registry.py), so adding a vendor edits nothing here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from sandbox.core.clock import SandboxClock
from sandbox.core.inbox import Inbox
from sandbox.core.scenarios import Scenario

ExceptionHandler = Callable[[Request, Any], Any]


def answered_by_itself(kind: type[Exception]) -> dict[type[Exception], ExceptionHandler]:
    """The exception handler of a vendor error that renders itself (`exc.response()`)."""

    async def vendor_error(_: Request, exc: Any) -> Response:
        return exc.response()

    return {kind: vendor_error}


@dataclass(frozen=True)
class SimulatorContext:
    """The shared state every simulator may read: the one clock and the simulated phone."""

    clock: SandboxClock
    inbox: Inbox


@runtime_checkable
class Simulator(Protocol):
    vendor_id: str
    title: str
    prefix: str  # where the vendor's own paths start, below the sandbox root
    credentials: Mapping[str, str]  # the sandbox's credentials, by the console's setting name
    # Non-secret settings a client needs (an issuer DID, say), by the console's setting name,
    # published in GET /_sandbox/vendors; {} when there are none.
    settings: Mapping[str, str]
    docs: str  # the vendor document this simulator follows (docs/vendor-docs/...)
    max_body_bytes: int  # a larger request body gets error_response(413, ...)
    # Optional, read with getattr: `services: Mapping[str, str]`, service name -> sub-prefix,
    # for a vendor of several hosts; a drop-in serves each on its own port (sandbox/core/dropin.py).
    # `cors_origins: str | Sequence[str]`, "*" or the origins whose browser pages may call the
    # vendor's routes (CORS, answered by the gateway, sandbox/core/gateway.py).
    # `dropin_notes: Sequence[str]`, lines a drop-in prints when it starts (a warm-up, say).
    # `close() -> None`, releasing what the constructor opened (a socket, a scheduler), called
    # when a drop-in stops.

    def router(self) -> APIRouter:
        """The vendor's routes, at the vendor's own paths (mounted under `prefix`).

        Each endpoint takes the `Request` alone and parses it itself, so that every bad request
        is answered in the vendor's own error shape. The gateway serves these endpoints with a
        plain Starlette router; FastAPI lists them in /openapi.json (sandbox/core/gateway.py).
        """
        ...

    def exception_handlers(self) -> Mapping[type[Exception], ExceptionHandler]: ...

    def control_router(self) -> APIRouter | None:
        """Vendor-specific control routes, served under /_sandbox/<vendor_id>/."""
        ...

    def scenarios(self) -> list[Scenario]: ...

    def server_error(self) -> Response:
        """A 500 in the vendor's own error shape (fault injection, and any crash)."""
        ...

    def error_response(self, status: int, message: str) -> Response:
        """An error the sandbox itself raises (404, 405, 413), in the vendor's own shape."""
        ...

    def malformed_body(self) -> Response:
        """A 200 whose body breaks the vendor's contract (fault injection)."""
        ...

    def reset(self) -> None: ...
