"""OneKYC Standalone Identity Verification simulator: the token host and the API host (partner
token, Initiate Flow, the SDK's KTP and selfie capture, Get Submission Details, the photos by
capability URL), each submission processed on the sandbox clock 8 s after both photos are in
(the KTP read and the selfie matched for real) and its result POSTed to the configured callback
URL, retried with back-off while the receiver is down."""

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from sandbox.core import vision
from sandbox.core.control import refusal
from sandbox.core.simulator import ExceptionHandler, SimulatorContext, answered_by_itself
from sandbox.onekyc_siv import errors, paths, scenarios, seed
from sandbox.onekyc_siv.backend import Backend
from sandbox.onekyc_siv.delivery import Deliverer
from sandbox.onekyc_siv.routes import create_router

__all__ = ["OneKycSivSimulator", "create_simulator"]

MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".json": "application/json"}
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}")
# Set by the sandbox itself on every callback.
OWN_HEADERS = {"content-type", "content-length", "host", "transfer-encoding", "connection"}


class CallbackTarget(BaseModel):
    url: str | None = Field(strict=True, max_length=2048)
    headers: dict[str, str] = Field(default={}, max_length=20)


class OneKycSivSimulator:
    vendor_id = paths.VENDOR
    title = "OneKYC Standalone Identity Verification"
    prefix = paths.PREFIX
    # A drop-in's ports, in this order (sandbox/core/dropin.py): the API host first.
    services: Mapping[str, str] = {"api": paths.API_HOST, "token": paths.TOKEN_HOST}
    credentials: Mapping[str, str] = {"client_id": seed.CLIENT_ID, "pass_key": seed.PASS_KEY}
    settings: Mapping[str, str] = {}
    docs = "docs/vendor-docs/onekyc-siv-integration.txt"
    # Not documented by the vendor: a limit on the request body. Chosen: 16 MB, a selfie and an
    # additional selfie of up to 5 MB each in a multipart body, with room to spare.
    max_body_bytes = 16 * 1024 * 1024

    def __init__(self, context: SimulatorContext) -> None:
        self.backend = Backend(context.clock)
        self.deliverer = Deliverer(self.backend)

    def close(self) -> None:
        """What the constructor opened: the closed callback port and the scheduler."""
        self.deliverer.close()
        self.backend.scheduler.close()

    def router(self) -> APIRouter:
        return create_router(self.backend)

    def exception_handlers(self) -> Mapping[type[Exception], ExceptionHandler]:
        return answered_by_itself(errors.OneKycError)

    def reset(self) -> None:
        """Back to the seed: tokens, submissions and the callback target forgotten, every
        scheduled processing and retry cancelled."""
        self.backend.reset()

    def scenarios(self):
        return list(scenarios.catalog())

    def server_error(self) -> Response:
        return errors.server_error()

    def error_response(self, status: int, message: str) -> Response:
        return errors.for_status(status, message)

    def malformed_body(self) -> Response:
        return errors.malformed_body()

    def control_router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)
        backend, deliverer = self.backend, self.deliverer

        @router.post("/callback")
        async def set_callback(body: CallbackTarget) -> dict:
            """Where callbacks go, and the headers they carry (the partner's own auth); url null
            stops them. A reset forgets both."""
            if body.url is not None and not _absolute_http(body.url):
                raise refusal("url", "must be an absolute http or https URL", body.url)
            for name, value in body.headers.items():
                if not HEADER_NAME.fullmatch(name) or name.lower() in OWN_HEADERS:
                    message = "must be an HTTP header name the sandbox does not set itself"
                    raise refusal("headers", message, name)
                if (
                    len(value) > 4096
                    or value != value.strip()
                    or not value.isascii()
                    or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
                ):
                    # Named, never quoted: the value is the partner's secret.
                    message = (
                        f"the value of {name} must be printable ASCII without spaces at its ends"
                    )
                    raise refusal("headers", message, name)
            backend.set_callback(body.url, body.headers)
            return _callback(backend)

        @router.get("/callback")
        async def get_callback() -> dict:
            """The callback URL and the names of its headers (never their values)."""
            return _callback(backend)

        @router.get("/submissions/{submission_id}")
        async def submission(submission_id: str) -> JSONResponse:
            """A submission as QA sees it: photos, processing, result, every delivery."""
            found = backend.submissions.get(submission_id)
            if found is None:
                return JSONResponse({"detail": "no such submission"}, status_code=404)
            with backend.lock:
                return JSONResponse(found.to_json())

        @router.post("/submissions/{submission_id}/callback")
        async def resend(submission_id: str) -> JSONResponse:
            """Sends the callback again now (one attempt, not retried), whatever its magic."""
            found = backend.submissions.get(submission_id)
            if found is None:
                return JSONResponse({"detail": "no such submission"}, status_code=404)
            if found.payload is None:
                detail = f"the submission is not processed yet ({found.status})"
                return JSONResponse({"detail": detail}, status_code=409)
            if backend.callback.url is None:
                return JSONResponse({"detail": "no callback URL set"}, status_code=409)
            delivery = await run_in_threadpool(deliverer.resend, found)
            return JSONResponse(delivery.to_json())

        @router.get("/samples/{name}")
        async def sample(name: str) -> Response:
            """The SPECIMEN photos the scenario catalog sends."""
            path = seed.SAMPLES.get(name)
            if path is None or not path.is_file():
                return JSONResponse({"detail": "no such sample file"}, status_code=404)
            return Response(path.read_bytes(), media_type=MEDIA_TYPES[path.suffix])

        @router.post("/warm")
        async def warm() -> dict:
            """Load the OCR and face models now, off the event loop (a page about to capture
            asks, so that the first processing does not wait for them). Idempotent."""
            await run_in_threadpool(vision.preload)
            return {"loaded": vision.loaded()}

        return router


def _callback(backend: Backend) -> dict:
    with backend.lock:
        target = backend.callback
        return {"url": target.url, "header_names": sorted(target.headers)}


def _absolute_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in url


def create_simulator(context: SimulatorContext) -> OneKycSivSimulator:
    return OneKycSivSimulator(context)
