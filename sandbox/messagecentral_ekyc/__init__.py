"""Message Central e-KYC Now simulator: generate-url as documented (single-use URLs valid 30
minutes, trial attempts, a burst limit), and the hosted journey those URLs open (consent,
document, selfie; Premium: liveness and AML screening), its photos read for real (OCR, face
match), ending in a redirect to the flow's redirection URL."""

from collections.abc import Mapping
from urllib.parse import urlsplit

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from sandbox.core import vision
from sandbox.core.control import refusal
from sandbox.core.simulator import ExceptionHandler, SimulatorContext, answered_by_itself
from sandbox.messagecentral_ekyc import errors, paths, scenarios, seed
from sandbox.messagecentral_ekyc.backend import Backend
from sandbox.messagecentral_ekyc.routes import create_router

__all__ = ["MessageCentralEkycSimulator", "create_simulator"]

MEDIA_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}


class Redirection(BaseModel):
    redirection_url: str | None = Field(strict=True, max_length=2048)


class MessageCentralEkycSimulator:
    vendor_id = paths.VENDOR
    title = "Message Central e-KYC Now"
    prefix = paths.PREFIX
    credentials: Mapping[str, str] = {
        "api_key": seed.API_KEY,
        "trial_api_key": seed.TRIAL_API_KEY,
    }
    # Not secret: the flow ids the console copies from its e-KYC console, and the company name
    # the account signed up with.
    settings: Mapping[str, str] = {
        "basic_flow_id": seed.BASIC_FLOW_ID,
        "premium_flow_id": seed.PREMIUM_FLOW_ID,
        "trial_flow_id": seed.TRIAL_FLOW_ID,
        "company_name": seed.COMPANY_NAME,
    }
    docs = "docs/vendor-docs/messagecentral-ekyc-now.txt"
    # Not documented by the vendor: a limit on the request body. Chosen: 16 MB, one photo of up
    # to 10 MB (the hosted journey's steps) in a multipart body, with room to spare.
    max_body_bytes = 16 * 1024 * 1024

    def __init__(self, context: SimulatorContext) -> None:
        self.backend = Backend(context.clock)

    def router(self) -> APIRouter:
        return create_router(self.backend)

    def exception_handlers(self) -> Mapping[type[Exception], ExceptionHandler]:
        return answered_by_itself(errors.EkycError)

    def reset(self) -> None:
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
        backend = self.backend

        @router.get("/trial")
        async def trial() -> dict:
            """The trial key's generations left until the next reset (5 after one)."""
            return {"attempts_left": backend.trial_left}

        @router.get("/flows")
        async def flows() -> list[dict]:
            return [_flow(backend, flow_id) for flow_id in seed.FLOWS]

        @router.post("/flows/{flow_id}")
        async def set_flow(flow_id: str, body: Redirection) -> JSONResponse:
            """A flow's redirection URL, the one field of a flow that may change (the document);
            null takes it away. A reset takes every one away."""
            if flow_id not in seed.FLOWS:
                detail = f"no such flow; one of {list(seed.FLOWS)}"
                return JSONResponse({"detail": detail}, status_code=404)
            url = body.redirection_url
            if url is not None and not _absolute_http(url):
                message = "must be an absolute http or https URL"
                raise refusal("redirection_url", message, url)
            backend.set_redirection_url(flow_id, url)
            return JSONResponse(_flow(backend, flow_id))

        @router.get("/journeys/{journey_id}")
        async def journey(journey_id: str) -> JSONResponse:
            """A journey as QA sees it: status, steps, what was captured (no images)."""
            found = backend.journey(journey_id)
            if found is None:
                return JSONResponse({"detail": "no such journey"}, status_code=404)
            return JSONResponse(found.to_json())

        @router.get("/samples/{name}")
        async def sample(name: str) -> Response:
            """The SPECIMEN photos the scenario catalog sends."""
            path = seed.SAMPLES.get(name)
            if path is None:
                return JSONResponse({"detail": "no such sample file"}, status_code=404)
            return Response(path.read_bytes(), media_type=MEDIA_TYPES[path.suffix])

        @router.post("/warm")
        async def warm() -> dict:
            """Load the OCR and face models now, off the event loop (a page about to embed a
            journey asks, so that its first photo does not wait for them). Idempotent."""
            await run_in_threadpool(vision.preload)
            return {"loaded": vision.loaded()}

        return router


def _flow(backend: Backend, flow_id: str) -> dict:
    flow = seed.FLOWS[flow_id]
    return {
        "flow_id": flow.id,
        "type": flow.kind,
        "steps": list(flow.steps),
        "redirection_url": backend.redirection.get(flow.id),
    }


def _absolute_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def create_simulator(context: SimulatorContext) -> MessageCentralEkycSimulator:
    return MessageCentralEkycSimulator(context)
