"""The control plane under /_sandbox/: scenarios, reset, clock, phone inbox, faults."""

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from sandbox.core.faults import Fault
from sandbox.core.simulator import Simulator
from sandbox.core.state import SandboxState


class Advance(BaseModel):
    seconds: float = Field(ge=0, le=366 * 24 * 3600)


class Freeze(BaseModel):
    frozen: bool


def control_router(state: SandboxState, simulators: list[Simulator]) -> APIRouter:
    router = APIRouter(prefix="/_sandbox", tags=["sandbox control plane"])

    @router.get("/health")
    def health() -> dict:
        return {"status": "ok", "vendors": [s.vendor_id for s in simulators]}

    @router.get("/vendors")
    def vendors() -> list[dict]:
        """What a client needs to reach each simulator: prefix, sandbox credentials, contract."""
        return [
            {
                "id": s.vendor_id,
                "title": s.title,
                "prefix": s.prefix,
                "credentials": dict(s.credentials),
                "docs": s.docs,
                "scenarios": f"/_sandbox/scenarios?vendor={s.vendor_id}",
            }
            for s in simulators
        ]

    @router.get("/scenarios")
    def scenarios(vendor: str | None = None) -> list[dict]:
        return [
            scenario.to_json()
            for simulator in simulators
            if vendor in (None, simulator.vendor_id)
            for scenario in simulator.scenarios()
        ]

    @router.post("/reset")
    def reset() -> dict:
        state.reset()
        return {"status": "reset", "clock": state.clock.snapshot()}

    @router.get("/clock")
    def clock() -> dict:
        return state.clock.snapshot()

    @router.post("/clock/advance")
    def advance(body: Advance) -> dict:
        state.clock.advance(body.seconds)
        return state.clock.snapshot()

    @router.post("/clock/freeze")
    def freeze(body: Freeze) -> dict:
        state.clock.freeze(body.frozen)
        return state.clock.snapshot()

    @router.get("/inbox")
    def inbox(mobile: str = Query(min_length=1)) -> dict:
        messages = state.inbox.for_mobile(mobile.strip())
        return {"mobile": mobile, "messages": [m.to_json() for m in messages]}

    @router.post("/faults", status_code=201)
    def arm(fault: Fault):
        known = {s.vendor_id for s in simulators}
        if fault.vendor not in known:
            return JSONResponse(
                {"detail": f"unknown vendor {fault.vendor!r}; one of {sorted(known)}"},
                status_code=422,
            )
        state.faults.arm(fault)
        return {"armed": [f.model_dump() for f in state.faults.armed()]}

    @router.get("/faults")
    def armed() -> dict:
        return {"armed": [f.model_dump() for f in state.faults.armed()]}

    @router.delete("/faults")
    def clear() -> dict:
        state.faults.reset()
        return {"armed": []}

    return router
