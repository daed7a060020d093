"""The control plane under /_sandbox/: scenarios, reset, clock, phone inbox, faults.

Every refusal is FastAPI's 422, {"detail": [{"loc", "msg", "type"}]}, the shape /openapi.json
declares. The endpoints are `async def`: each is a few microseconds of work under a lock, and
a plain `def` would cost a hop to the thread pool (about 0.3 ms) on every call.
"""

from collections.abc import Sequence

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from sandbox.core.clock import ClockError
from sandbox.core.faults import Fault
from sandbox.core.gateway import VendorApp
from sandbox.core.mount import Origin, Service, named_origin, own_origin, under
from sandbox.core.state import SandboxState


class Advance(BaseModel):
    seconds: float = Field(strict=True, ge=0, le=366 * 24 * 3600, allow_inf_nan=False)


class Freeze(BaseModel):
    frozen: bool = Field(strict=True)


def refusal(field: str, message: str, value: object) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for a rule pydantic cannot check alone."""
    error = {"loc": ["body", field], "msg": message, "type": "value_error", "input": value}
    return RequestValidationError([error])


def control_router(
    state: SandboxState, vendors: Sequence[VendorApp], services: Sequence[Service] = ()
) -> APIRouter:
    """`vendors`: every VendorApp served (a drop-in: one a service, each on its port in
    `services`, the same on every port)."""
    router = APIRouter(prefix="/_sandbox", tags=["sandbox control plane"])
    by_id: dict[str, list[VendorApp]] = {}
    for vendor in vendors:
        by_id.setdefault(vendor.simulator.vendor_id, []).append(vendor)
    simulators = [apps[0].simulator for apps in by_id.values()]

    @router.get("/health")
    async def health() -> dict:
        return {"status": "ok", "vendors": [s.vendor_id for s in simulators]}

    @router.get("/vendors")
    async def list_vendors(request: Request) -> list[dict]:
        """What a client needs to reach each simulator: prefix, sandbox credentials, non-secret
        settings, contract; in a drop-in, the URL of each of its services' ports as well (the
        host this call named)."""
        listed = []
        for s in simulators:
            entry = {
                "id": s.vendor_id,
                "title": s.title,
                "prefix": by_id[s.vendor_id][0].mount.prefix,
                "credentials": dict(s.credentials),
                "settings": dict(s.settings),
                "docs": s.docs,
                "scenarios": f"/_sandbox/scenarios?vendor={s.vendor_id}",
            }
            if services:
                entry["services"] = [_service(request, service) for service in services]
            listed.append(entry)
        return listed

    @router.get("/scenarios")
    async def scenarios(vendor: str | None = None) -> list[dict]:
        """Each entry's request path as this server serves it (in a drop-in: at the root, and
        with the name of the service whose port answers it when the vendor has several)."""
        return [
            _as_served(scenario.to_json(), simulator, by_id[simulator.vendor_id], services)
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
        apps = by_id.get(fault.vendor)
        if apps is None:
            raise refusal("vendor", f"unknown vendor; one of {sorted(by_id)}", fault.vendor)
        if fault.path is not None:
            fault = fault.model_copy(update={"path": _fault_path(apps, fault.path)})
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


def _fault_path(apps: Sequence[VendorApp], path: str) -> str:
    """The vendor's own path a fault is kept by (the service's sub-prefix included), from that
    path or, in a drop-in, from the path a service's port serves it at; a path no call can
    reach is refused, not armed to wait for ever."""
    simulator, prefix = apps[0].simulator, apps[0].mount.prefix
    if prefix and path.startswith(prefix + "/"):
        message = f"path is the vendor's own path, below its prefix: {path[len(prefix) :]!r}"
        raise refusal("path", message, path)
    for app in apps:
        service = app.mount.service
        if service and under(path, service) and app.serves(path[len(service) :] or "/"):
            return path
    for app in apps:
        if app.serves(path):
            return app.mount.service + path if app.mount.service else path
    paths = [app.mount.service + served for app in apps for served in app.paths]
    message = f"no route of {simulator.vendor_id} answers this path; one of {paths}"
    raise refusal("path", message, path)


def _service(request: Request, service: Service) -> dict:
    """A service's port and URL as this client reaches it: the host by the host trust policy
    (sandbox/core/mount.py), the port moved by as much as the client's port is from the one
    this server listens on (docker's -p 9000:8080 or a proxy remap every port alike)."""
    own, named = own_origin(request.scope), named_origin(request.scope)
    if own is None or named is None:
        return {"name": service.name, "port": service.port, "url": ""}
    port = service.port + named.port - own.port
    url = Origin(named.scheme, named.host, port).url if 0 < port < 65536 else ""
    return {"name": service.name, "port": port, "url": url}


def _as_served(entry: dict, simulator, apps: Sequence[VendorApp], services) -> dict:
    """A catalog entry whose request path (the vendor's prefix, then its own path) is the path
    this server answers it at."""
    request = entry["request"]
    path: str = request["path"]
    if not under(path.split("?")[0], simulator.prefix):
        return entry
    own = path[len(simulator.prefix) :]
    for app in apps:
        if under(own.split("?")[0], app.mount.service):
            request["path"] = app.mount.prefix + own[len(app.mount.service) :]
            if len(services) > 1:
                names = {service.sub_prefix: service.name for service in services}
                request["service"] = names[app.mount.service]
            break
    return entry
