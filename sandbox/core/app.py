"""One ASGI app for every vendor simulator, each under its own prefix, plus the control plane."""

import math
from collections.abc import Sequence

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from sandbox.core.control import control_router
from sandbox.core.gateway import Gateway, VendorApp
from sandbox.core.mount import Service
from sandbox.core.registry import create_simulators
from sandbox.core.simulator import SimulatorContext
from sandbox.core.state import SandboxState

NO_TELEMETRY = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


def create_app(state: SandboxState | None = None) -> FastAPI:
    state = state or SandboxState()
    simulators = create_simulators(SimulatorContext(state.clock, state.inbox))
    vendors = [VendorApp(simulator, simulator.router()) for simulator in simulators]
    return build_app(
        state,
        vendors,
        description="Offline simulators of each vendor's documented contract. "
        "Vendor routes live under their prefix; /_sandbox/ is the control plane.",
    )


def build_app(
    state: SandboxState,
    vendors: Sequence[VendorApp],
    *,
    services: Sequence[Service] = (),
    control: Sequence[VendorApp] | None = None,
    description: str,
    **options,
) -> FastAPI:
    """The app serving `vendors` (each where its mount says) and the control plane.

    `services`: a drop-in's ports, one a service, and `control` the VendorApps of them all, for
    the control plane to name (sandbox/core/dropin.py); `options` go to FastAPI (where the docs
    live, say).
    """
    app = FastAPI(
        title="KYC Console sandbox",
        description=description,
        # An offline tool exports nothing; and off, FastAPI skips its per-call provider checks.
        telemetry=NO_TELEMETRY,
        **options,
    )
    app.include_router(control_router(state, vendors if control is None else control, services))
    seen: set[str] = set()
    for vendor in vendors:
        simulator = vendor.simulator
        if simulator.vendor_id not in seen:
            seen.add(simulator.vendor_id)
            state.backends[simulator.vendor_id] = simulator
            extra = simulator.control_router()
            if extra is not None:
                app.include_router(extra, prefix=f"/_sandbox/{simulator.vendor_id}")
        # Listed in /openapi.json from here; served by the gateway (sandbox/core/gateway.py).
        app.include_router(vendor.router, prefix=vendor.mount.prefix, tags=[vendor.simulator.title])
    app.add_middleware(Gateway, book=state.faults, vendors=vendors)
    app.add_exception_handler(RequestValidationError, _refused)
    app.add_exception_handler(Exception, _crash)
    app.state.sandbox = state
    return app


async def _refused(_: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422, whose echoed input may hold NaN or Infinity (JSON cannot say those)."""
    return JSONResponse({"detail": _finite(jsonable_encoder(exc.errors()))}, status_code=422)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


async def _crash(request: Request, exc: Exception) -> JSONResponse:
    """The control plane's 500: JSON, never Starlette's plain text (the server logs the error)."""
    return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
