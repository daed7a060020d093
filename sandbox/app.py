"""One ASGI app for every vendor simulator, each under its own prefix, plus the control plane."""

from fastapi import FastAPI

from sandbox.control import control_router
from sandbox.faults import FaultMiddleware
from sandbox.hyperverge_ckyc import CkycSimulator
from sandbox.state import SandboxState

SIMULATORS = (CkycSimulator,)
# Where each vendor lives below the sandbox root; the console builds its sandbox base URLs here.
VENDOR_PREFIXES = {simulator.vendor_id: simulator.prefix for simulator in SIMULATORS}


def create_app(state: SandboxState | None = None) -> FastAPI:
    state = state or SandboxState()
    simulators = [simulator(state.clock, state.inbox) for simulator in SIMULATORS]
    app = FastAPI(
        title="KYC Console sandbox",
        description="Offline simulators of each vendor's documented contract. "
        "Vendor routes live under their prefix; /_sandbox/ is the control plane.",
    )
    app.include_router(control_router(state, simulators))
    for simulator in simulators:
        state.backends[simulator.vendor_id] = simulator
        app.include_router(simulator.control_router(), prefix=f"/_sandbox/{simulator.vendor_id}")
        app.mount(simulator.prefix, simulator.app)
    app.add_middleware(
        FaultMiddleware,
        book=state.faults,
        prefixes={s.vendor_id: s.prefix for s in simulators},
        server_error={s.vendor_id: s.server_error for s in simulators},
    )
    app.state.sandbox = state
    return app
