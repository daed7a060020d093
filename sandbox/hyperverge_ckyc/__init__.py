"""HyperVerge CKYC Individual Download simulator."""

from fastapi import APIRouter, FastAPI, Response
from fastapi.responses import JSONResponse

from sandbox.clock import SandboxClock
from sandbox.hyperverge_ckyc import errors, scenarios
from sandbox.hyperverge_ckyc.backend import CkycBackend
from sandbox.hyperverge_ckyc.routes import SANDBOX_APP_ID, SANDBOX_APP_KEY, create_ckyc_app
from sandbox.hyperverge_ckyc.seed import ASSETS, RECORDS
from sandbox.inbox import Inbox

__all__ = ["SANDBOX_APP_ID", "SANDBOX_APP_KEY", "CkycSimulator"]


class CkycSimulator:
    vendor_id = scenarios.VENDOR
    prefix = scenarios.PREFIX

    def __init__(self, clock: SandboxClock, inbox: Inbox) -> None:
        self.backend = CkycBackend(clock, inbox)
        self.app: FastAPI = create_ckyc_app(self.backend)

    def reset(self) -> None:
        self.backend.reset()

    def scenarios(self):
        return scenarios.catalog()

    def server_error(self) -> JSONResponse:
        return errors.server_error()

    def control_router(self) -> APIRouter:
        """Stands in for the S3 presigned URLs that outputImageType=selfurl returns."""
        router = APIRouter()
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
