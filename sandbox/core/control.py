"""The control plane under /_sandbox/: scenarios, reset, clock, phone inbox, faults.

Every refusal is FastAPI's 422, {"detail": [{"loc", "msg", "type"}]}, the shape /openapi.json
declares. The endpoints are `async def`: each is a few microseconds of work under a lock, and
a plain `def` would cost a hop to the thread pool (about 0.3 ms) on every call.
"""

from collections.abc import Sequence

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from sandbox.core.clock import ClockError
from sandbox.core.faults import Fault
from sandbox.core.gateway import VendorApp
from sandbox.core.state import SandboxState


class Advance(BaseModel):
    seconds: float = Field(strict=True, ge=0, le=366 * 24 * 3600, allow_inf_nan=False)


class Freeze(BaseModel):
    frozen: bool = Field(strict=True)


def refusal(field: str, message: str, value: object) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for a rule pydantic cannot check alone."""
    error = {"loc": ["body", field], "msg": message, "type": "value_error", "input": value}
    return RequestValidationError([error])


def control_router(state: SandboxState, vendors: Sequence[VendorApp]) -> APIRouter:
    router = APIRouter(prefix="/_sandbox", tags=["sandbox control plane"])
    simulators = [vendor.simulator for vendor in vendors]
    by_id = {vendor.simulator.vendor_id: vendor for vendor in vendors}

    @router.get("/health")
    async def health() -> dict:
        return {"status": "ok", "vendors": [s.vendor_id for s in simulators]}

    @router.get("/vendors")
    async def list_vendors() -> list[dict]:
        """What a client needs to reach each simulator: prefix, sandbox credentials, non-secret
        settings, contract."""
        return [
            {
                "id": s.vendor_id,
                "title": s.title,
                "prefix": s.prefix,
                "credentials": dict(s.credentials),
                "settings": dict(s.settings),
                "docs": s.docs,
                "scenarios": f"/_sandbox/scenarios?vendor={s.vendor_id}",
            }
            for s in simulators
        ]

    @router.get("/scenarios")
    async def scenarios(vendor: str | None = None) -> list[dict]:
        return [
            scenario.to_json()
            for simulator in simulators
            if vendor in (None, simulator.vendor_id)
            for scenario in simulator.scenarios()
        ]

    @router.post("/reset")
    async def reset() -> dict:
        state.reset()
        return {"status": "reset", "clock": state.clock.snapshot()}

    @router.get("/clock")
    async def clock() -> dict:
        return state.clock.snapshot()

    @router.post("/clock/advance")
    async def advance(body: Advance) -> dict:
        try:
            state.clock.advance(body.seconds)
        except ClockError as exc:
            raise refusal("seconds", str(exc), body.seconds) from None
        return state.clock.snapshot()

    @router.post("/clock/freeze")
    async def freeze(body: Freeze) -> dict:
        state.clock.freeze(body.frozen)
        return state.clock.snapshot()

    @router.get("/inbox")
    async def inbox(
        mobile: str = Query(min_length=1),
        request_id: str | None = Query(
            default=None,
            alias="requestId",
            description="only the SMS of this vendor request (OTP session)",
        ),
    ) -> dict:
        """The SMS sent to `mobile`, newest last."""
        messages = state.inbox.for_mobile(mobile.strip(), request_id)
        return {"mobile": mobile, "messages": [m.to_json() for m in messages]}

    @router.post("/faults", status_code=201)
    async def arm(fault: Fault) -> dict:
        vendor = by_id.get(fault.vendor)
        if vendor is None:
            raise refusal("vendor", f"unknown vendor; one of {sorted(by_id)}", fault.vendor)
        if fault.path is not None:
            _check_fault_path(vendor, fault.path)
        state.faults.arm(fault)
        return {"armed": [f.model_dump() for f in state.faults.armed()]}

    @router.get("/faults")
    async def armed() -> dict:
        return {"armed": [f.model_dump() for f in state.faults.armed()]}

    @router.delete("/faults")
    async def clear() -> dict:
        state.faults.reset()
        return {"armed": []}

    return router


def _check_fault_path(vendor: VendorApp, path: str) -> None:
    """A fault path that no call can reach is refused, not armed to wait for ever."""
    prefix = vendor.simulator.prefix
    if path.startswith(prefix + "/"):
        message = f"path is the vendor's own path, below its prefix: {path[len(prefix) :]!r}"
        raise refusal("path", message, path)
    if not vendor.serves(path):
        message = (
            f"no route of {vendor.simulator.vendor_id} answers this path; one of {vendor.paths}"
        )
        raise refusal("path", message, path)
