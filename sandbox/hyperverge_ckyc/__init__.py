"""HyperVerge CKYC Individual Download simulator."""

from collections.abc import Mapping

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from sandbox.core.simulator import ExceptionHandler, SimulatorContext, answered_by_itself
from sandbox.hyperverge_ckyc import errors, scenarios
from sandbox.hyperverge_ckyc.backend import CkycBackend
from sandbox.hyperverge_ckyc.routes import SANDBOX_APP_ID, SANDBOX_APP_KEY, create_ckyc_router
from sandbox.hyperverge_ckyc.seed import ASSETS, RECORDS

__all__ = ["CkycSimulator", "create_simulator"]

# A 200 cut off mid-body: what a proxy that dropped the connection would hand over.
MALFORMED_BODY = b'{"status": "success", "result": {"message": "OTP has been se'


class CkycSimulator:
    vendor_id = scenarios.VENDOR
    title = "HyperVerge CKYC Individual Download"
    prefix = scenarios.PREFIX
    credentials: Mapping[str, str] = {"app_id": SANDBOX_APP_ID, "app_key": SANDBOX_APP_KEY}
    settings: Mapping[str, str] = {}
    docs = "docs/vendor-docs/hyperverge-ckyc-download.txt"
    # Not documented by the vendor: a limit on the request body. We chose 64 KiB; a documented
    # body is under 1 KiB.
    max_body_bytes = 64 * 1024

    def __init__(self, context: SimulatorContext) -> None:
        self.backend = CkycBackend(context.clock, context.inbox)

    def router(self) -> APIRouter:
        return create_ckyc_router(self.backend)

    def exception_handlers(self) -> Mapping[type[Exception], ExceptionHandler]:
        return answered_by_itself(errors.CkycError)

    def reset(self) -> None:
        self.backend.reset()

    def scenarios(self):
        return scenarios.catalog()

    def server_error(self) -> JSONResponse:
        return errors.server_error()

    def error_response(self, status: int, message: str) -> JSONResponse:
        return errors.for_status(status, message)

    def malformed_body(self) -> Response:
        return Response(MALFORMED_BODY, status_code=200, media_type="application/json")

    def control_router(self) -> APIRouter:
        """Stands in for the S3 presigned URLs that outputImageType=selfurl returns."""
        router = APIRouter(include_in_schema=False)
        by_key = {record.key: record for record in RECORDS}

        @router.get("/images/{key}/{index}")
        def image(key: str, index: int) -> Response:
            record = by_key.get(key)
            if record is None or not 0 <= index < len(record.images):
                return JSONResponse({"detail": "no such image"}, status_code=404)
            item = record.images[index]
            media = "image/png" if item.extension == "png" else "image/jpeg"
            return Response((ASSETS / item.file_name).read_bytes(), media_type=media)

        return router


def create_simulator(context: SimulatorContext) -> CkycSimulator:
    return CkycSimulator(context)
