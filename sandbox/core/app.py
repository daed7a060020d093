"""One ASGI app for every vendor simulator, each under its own prefix, plus the control plane."""

from fastapi import FastAPI

from sandbox.core.control import control_router
from sandbox.core.faults import FaultMiddleware
from sandbox.core.registry import create_simulators
from sandbox.core.simulator import SimulatorContext
from sandbox.core.state import SandboxState


def create_app(state: SandboxState | None = None) -> FastAPI:
    state = state or SandboxState()
    simulators = create_simulators(SimulatorContext(state.clock, state.inbox))
    app = FastAPI(
        title="KYC Console sandbox",
        description="Offline simulators of each vendor's documented contract. "
        "Vendor routes live under their prefix; /_sandbox/ is the control plane.",
    )
    app.include_router(control_router(state, simulators))
    for simulator in simulators:
        state.backends[simulator.vendor_id] = simulator
        extra = simulator.control_router()
        if extra is not None:
            app.include_router(extra, prefix=f"/_sandbox/{simulator.vendor_id}")
        app.include_router(simulator.router(), prefix=simulator.prefix, tags=[simulator.title])
        for kind, handler in simulator.exception_handlers().items():
            app.add_exception_handler(kind, handler)
    app.add_middleware(FaultMiddleware, book=state.faults, simulators=simulators)
    app.state.sandbox = state
    return app
