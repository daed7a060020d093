"""HyperVerge CKYC Validation simulator: documents and selfie read for real (OCR, face match)."""

from collections.abc import Mapping

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from sandbox.core import vision
from sandbox.core.simulator import ExceptionHandler, SimulatorContext, answered_by_itself
from sandbox.hyperverge_validation import errors, scenarios, seed
from sandbox.hyperverge_validation.backend import ValidationBackend
from sandbox.hyperverge_validation.routes import (
    SANDBOX_APP_ID,
    SANDBOX_APP_KEY,
    create_validation_router,
)
from sandbox.hyperverge_validation.store import Expired

__all__ = ["ValidationSimulator", "create_simulator"]

# A 200 cut off mid-body: what a proxy that dropped the connection would hand over.
MALFORMED_BODY = b'{"status": "success", "statusCode": "200", "result": {"action": "appr'
# The signed storage URLs the vendor links to answer like S3 when expired or unknown.
EXPIRED_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
)
MISSING_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"
)


class ValidationSimulator:
    vendor_id = scenarios.VENDOR
    title = "HyperVerge CKYC Validation"
    prefix = scenarios.PREFIX
    credentials: Mapping[str, str] = {"app_id": SANDBOX_APP_ID, "app_key": SANDBOX_APP_KEY}
    settings: Mapping[str, str] = {}
    docs = "docs/vendor-docs/hyperverge-ckyc-validation.txt"
    # Said when it starts as a drop-in (python -m sandbox --vendor ...).
    dropin_notes = (
        "the first validate loads the OCR and face models (about 17 s); "
        "POST /_sandbox/hyperverge-validation/warm loads them ahead",
    )
    # Several files of up to 6 MB each (documented) in one multipart body: a file over 6 MB gets
    # the documented 413 from the route; a body over 40 MB gets the same 413 at the door.
    max_body_bytes = 40 * 1024 * 1024

    def __init__(self, context: SimulatorContext) -> None:
        self.backend = ValidationBackend(context.clock)

    def router(self) -> APIRouter:
        return create_validation_router(self.backend)

    def exception_handlers(self) -> Mapping[type[Exception], ExceptionHandler]:
        return answered_by_itself(errors.ValidationApiError)

    def reset(self) -> None:
        self.backend.reset()

    def scenarios(self):
        return scenarios.catalog()

    def server_error(self) -> JSONResponse:
        return errors.server_error().response()

    def error_response(self, status: int, message: str) -> JSONResponse:
        return errors.for_status(status, message)

    def malformed_body(self) -> Response:
        return Response(MALFORMED_BODY, status_code=200, media_type="application/json")

    def control_router(self) -> APIRouter:
        """The catalog's SPECIMEN files, and the short-lived files the answers link to."""
        router = APIRouter(include_in_schema=False)
        samples = seed.sample_files()
        store = self.backend.files

        @router.get("/samples/{name}")
        async def sample(name: str) -> Response:
            path = samples.get(name)
            if path is None:
                return JSONResponse({"detail": "no such sample file"}, status_code=404)
            return Response(path.read_bytes(), media_type=seed.MEDIA_TYPES[path.suffix])

        @router.get("/files/{token}")
        async def stored(token: str) -> Response:
            try:
                found = store.get(token)
            except Expired:
                return Response(EXPIRED_XML, status_code=403, media_type="application/xml")
            if found is None:
                return Response(MISSING_XML, status_code=404, media_type="application/xml")
            return Response(found.data, media_type=found.media_type)

        @router.post("/warm")
        async def warm() -> dict:
            """Load the OCR and face models now, off the event loop (a page about to validate
            asks, so that its first Validate does not wait for them). Idempotent."""
            await run_in_threadpool(vision.preload)
            return {"loaded": vision.loaded()}

        return router


def create_simulator(context: SimulatorContext) -> ValidationSimulator:
    return ValidationSimulator(context)
