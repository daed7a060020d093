"""Hypersign KYC + SSI simulator: the dashboard, KYC and SSI services, with real Ed25519
cryptography (DIDs, JWTs, credentials, presentations) and documents and selfies read for real
(OCR, face match)."""

from collections.abc import Mapping

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from sandbox.core import vision
from sandbox.core.simulator import ExceptionHandler, SimulatorContext, answered_by_itself
from sandbox.hypersign_kyc import errors, paths, scenarios, seed
from sandbox.hypersign_kyc.backend import Backend
from sandbox.hypersign_kyc.routes import create_router

__all__ = ["HypersignSimulator", "create_simulator"]


class HypersignSimulator:
    vendor_id = paths.VENDOR
    title = "Hypersign KYC + SSI"
    prefix = paths.PREFIX
    # A drop-in's ports, in this order (sandbox/core/dropin.py): the document's base URLs.
    services: Mapping[str, str] = {"kyc": "/kyc", "ssi": "/ssi", "dashboard": "/dashboard"}
    credentials: Mapping[str, str] = {
        "kyc_api_secret": seed.KYC_API_SECRET,
        "ssi_api_secret": seed.SSI_API_SECRET,
    }
    # Not secret: what the document has the integrator copy from the SSI dashboard.
    settings: Mapping[str, str] = {
        "issuer_did": seed.ISSUER_DID,
        "issuer_verification_method_id": seed.ISSUER_METHOD,
    }
    docs = "docs/vendor-docs/hypersign-kyc-ssi-custom-ui.txt"
    # The document has the browser call documents/extract, biometrics/verify, the presentation
    # and the consent itself; an allowed origin is not documented. Chosen: any page (CORS "*").
    cors_origins = "*"
    # Not documented by the vendor: a limit on the request body. Chosen: 25 MB, two camera
    # images in base64 (a third larger than their bytes) with room to spare.
    max_body_bytes = 25 * 1024 * 1024

    def __init__(self, context: SimulatorContext) -> None:
        self.backend = Backend(context.clock)

    def router(self) -> APIRouter:
        return create_router(self.backend)

    def exception_handlers(self) -> Mapping[type[Exception], ExceptionHandler]:
        return answered_by_itself(errors.HypersignError)

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

        @router.post("/warm")
        async def warm() -> dict:
            """Load the OCR and face models now, off the event loop (a page about to capture
            asks, so that its first extraction does not wait for them). Idempotent."""
            await run_in_threadpool(vision.preload)
            return {"loaded": vision.loaded()}

        return router


def create_simulator(context: SimulatorContext) -> HypersignSimulator:
    return HypersignSimulator(context)
