"""The front door of every request: a body size cap, then under a vendor's prefix the armed
faults and that vendor's own routes.

A call under a vendor's prefix never reaches FastAPI's router. FastAPI spends about 0.1 ms a
call here on routing and request handling, as long as the simulator itself takes, and its
validation buys nothing on vendor routes, which parse their own bodies so as to answer in the
vendor's error shape. So the gateway serves them with a plain Starlette router built from the
simulator's APIRouter (the same endpoint functions), and FastAPI, which includes that router
too, only lists them in /openapi.json. The control plane and the docs stay with FastAPI.

Where each vendor's routes sit (below its prefix, or at the root in a drop-in, one service's
share of them a port) is its VendorApp's `mount` (sandbox/core/mount.py); /_sandbox/ is always
the control plane's.
"""

import asyncio
import copy
import inspect
import logging
from collections.abc import Sequence

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.middleware.exceptions import ExceptionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, Router, compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox.core.faults import Fault, FaultBook
from sandbox.core.mount import MOUNT_KEY, Mount, under
from sandbox.core.simulator import Simulator

CONTROL_MAX_BODY_BYTES = 64 * 1024  # the control plane's bodies are a few dozen bytes
CONTROL_PREFIX = "/_sandbox"

log = logging.getLogger("sandbox")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body larger than {limit} bytes")


class VendorApp:
    """One simulator's routes as a plain ASGI app; every error in the vendor's own shape.

    Served below `prefix` (the simulator's own by default); `service` keeps only the routes
    below that sub-prefix, at their paths without it (one service of a drop-in).
    """

    def __init__(
        self,
        simulator: Simulator,
        router: APIRouter,
        prefix: str | None = None,
        service: str = "",
    ) -> None:
        self.simulator = simulator
        self.mount = Mount(simulator.prefix if prefix is None else prefix, service)
        self.router = _sliced(router, service)
        self.routes = [_plain(route) for route in self.router.routes]
        handlers = {
            **simulator.exception_handlers(),
            HTTPException: self._http_error,  # no such route, wrong method, body too large
            Exception: self._crash,
        }
        self.app = ExceptionMiddleware(
            Router(self.routes, redirect_slashes=False), handlers=handlers
        )

    def serves(self, path: str) -> bool:
        """Whether some route of this vendor answers `path` (the vendor's own path)."""
        return any(route.path_regex.match(path) for route in self.routes)

    @property
    def paths(self) -> list[str]:
        return [route.path for route in self.routes]

    async def _http_error(self, _: Request, exc: HTTPException) -> Response:
        return self.simulator.error_response(exc.status_code, exc.detail)

    async def _crash(self, request: Request, exc: Exception) -> Response:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return self.simulator.server_error()


def _sliced(router: APIRouter, service: str) -> APIRouter:
    """The routes below `service`, at their paths without it (the router itself for "")."""
    if not service:
        return router
    sliced = APIRouter()
    for route in router.routes:
        path = getattr(route, "path", "")
        if under(path, service):
            clone = copy.copy(route)
            clone.path = path[len(service) :] or "/"
            clone.path_regex, clone.path_format, clone.param_convertors = compile_path(clone.path)
            sliced.routes.append(clone)
    return sliced


def _plain(route: BaseRoute) -> Route:
    if not isinstance(route, APIRoute | Route):
        raise TypeError(f"a vendor route must be an HTTP route, not {route!r}")
    if list(inspect.signature(route.endpoint).parameters) != ["request"]:
        raise TypeError(f"{route.endpoint.__qualname__} must take the Request alone")
    return Route(route.path, route.endpoint, methods=sorted(route.methods or ()), name=route.name)


class Gateway:
    """ASGI middleware in front of the FastAPI app (see the module docstring)."""

    def __init__(self, app: ASGIApp, book: FaultBook, vendors: Sequence[VendorApp]) -> None:
        self.app = app
        self.book = book
        self.vendors = list(vendors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        root: str = scope.get("root_path", "")
        path: str = scope["path"]
        if root and path.startswith(root):
            path = path[len(root) :]
        if not under(path, CONTROL_PREFIX):
            for vendor_app in self.vendors:
                prefix = vendor_app.mount.prefix
                if under(path, prefix):
                    served = path[len(prefix) :]
                    await self._vendor(vendor_app, served, scope, receive, send)
                    return
        declared = _declared_length(scope)
        if declared is not None and declared > CONTROL_MAX_BODY_BYTES:
            detail = BodyTooLarge(CONTROL_MAX_BODY_BYTES).detail
            await JSONResponse({"detail": detail}, 413)(scope, receive, send)
            return
        if declared is None:
            receive = _capped(receive, CONTROL_MAX_BODY_BYTES)
        await _answered(self.app, scope, receive, send)

    async def _vendor(
        self, vendor_app: VendorApp, served: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """`served`: the path below the mount's prefix, as the client sent it."""
        simulator = vendor_app.simulator
        scope = _below(scope, vendor_app.mount)
        allowed = _cors_origin(simulator, scope)
        if allowed is not None:
            if _is_preflight(scope) and vendor_app.serves(served or "/"):
                await _preflight(scope, allowed)(scope, receive, send)
                return
            send = _with_cors(send, allowed)
        limit = simulator.max_body_bytes
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            response = simulator.error_response(413, BodyTooLarge(limit).detail)
            await response(scope, receive, send)  # the server drops the unread body
            return
        if declared is None:
            receive = _capped(receive, limit)
        # Keyed by the vendor's own path, the service's sub-prefix included: one fault JSON
        # for the sandbox of every vendor and a drop-in's service port alike.
        own = vendor_app.mount.service + served if vendor_app.mount.service else served
        fault = self.book.take(simulator.vendor_id, own or "/")
        if fault is not None:
            await self._apply(fault, vendor_app, scope, receive, send)
            return
        await vendor_app.app(scope, receive, send)

    async def _apply(
        self, fault: Fault, vendor_app: VendorApp, scope: Scope, receive: Receive, send: Send
    ) -> None:
        simulator = vendor_app.simulator
        if fault.mode == "slow":
            await asyncio.sleep(fault.delay)
            await vendor_app.app(scope, receive, send)
        elif fault.mode == "timeout":
            # Outlast the client, then give up as a gateway would (the request is never handled).
            await asyncio.sleep(fault.delay)
            await _marked(simulator.server_error(), fault.mode)(scope, receive, send)
        elif fault.mode == "http_500":
            await _marked(simulator.server_error(), fault.mode)(scope, receive, send)
        else:
            await _marked(simulator.malformed_body(), fault.mode)(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _cors_origin(simulator: Simulator, scope: Scope) -> str | None:
    """The Access-Control-Allow-Origin for this request: "*" or its Origin when the simulator
    lets browser pages of that origin call it (its `cors_origins`), else None."""
    declared = getattr(simulator, "cors_origins", None)
    origin = _header(scope, b"origin")
    if not declared or origin is None:
        return None
    if declared == "*":
        return "*"
    return origin if origin in declared else None


def _is_preflight(scope: Scope) -> bool:
    return (
        scope["method"] == "OPTIONS"
        and _header(scope, b"access-control-request-method") is not None
    )


def _preflight(scope: Scope, allowed: str) -> Response:
    """204, allowing the method and headers the browser asks for (no credentials)."""
    headers = {
        "access-control-allow-origin": allowed,
        "access-control-allow-methods": _header(scope, b"access-control-request-method") or "",
        "access-control-max-age": "600",
    }
    asked = _header(scope, b"access-control-request-headers")
    if asked:
        headers["access-control-allow-headers"] = asked
    if allowed != "*":
        headers["vary"] = "Origin"
    return Response(status_code=204, headers=headers)


def _with_cors(send: Send, allowed: str) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [
                *message.get("headers", []),
                (b"access-control-allow-origin", allowed.encode()),
            ]
            if allowed != "*":
                headers.append((b"vary", b"Origin"))
            message = {**message, "headers": headers}
        await send(message)

    return sending


FAULT_HEADER = "x-sandbox-fault"


def _marked(response: Response, mode: str) -> Response:
    """An injected failure says so in a header of its own, so QA can tell it from a real one
    in the raw exchange (the body stays the vendor's)."""
    response.headers[FAULT_HEADER] = mode
    return response


async def _answered(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Runs `app`; a crash before it answered becomes a JSON 500, not a raised error.

    Raised, the error would make uvicorn close the connection after Starlette's 500, and a
    client reusing that keep-alive connection would read a reset instead of its next answer.
    """
    started = False

    async def sending(message: Message) -> None:
        nonlocal started
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, receive, sending)
    except Exception:
        if started:
            raise
        log.exception("%s %s failed", scope["method"], scope["path"])
        await JSONResponse({"detail": "Internal Server Error"}, 500)(scope, receive, send)


def _below(scope: Scope, mount: Mount) -> Scope:
    """The scope a Starlette Mount at the mount's prefix would hand its app, and the mount."""
    root = scope.get("root_path", "")
    return {
        **scope,
        "app_root_path": scope.get("app_root_path", root),
        "root_path": root + mount.prefix,
        MOUNT_KEY: mount,
    }


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _capped(receive: Receive, limit: int) -> Receive:
    """`receive` for a body without a Content-Length: raises BodyTooLarge past `limit` bytes."""
    total = 0

    async def capped() -> Message:
        nonlocal total
        message = await receive()
        total += len(message.get("body", b""))
        if total > limit:
            raise BodyTooLarge(limit)
        return message

    return capped
