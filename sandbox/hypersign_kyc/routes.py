"""Hypersign's routes, each service on its own sub-prefix: the documented paths, headers and
bodies. Each route checks its caller (401s first, as the vendor's guards run before its body
validation), then its body (400), then hands over to the service's rules."""

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from sandbox.hypersign_kyc import bodies, intake, kyc_service, paths, seed, ssi_service
from sandbox.hypersign_kyc import errors as err
from sandbox.hypersign_kyc.backend import Backend, UserToken
from sandbox.hypersign_kyc.openapi import documented


def create_router(backend: Backend) -> APIRouter:
    router = APIRouter()

    def kyc_admin(request: Request) -> None:
        token = request.headers.get("x-kyc-access-token")
        backend.admin(token, "kyc", "x-kyc-access-token", _kyc_unauthorized)

    def kyc_user(request: Request) -> UserToken:
        kyc_admin(request)
        return backend.user_token(intake.bearer(request))

    def ssi_admin(request: Request) -> None:
        token = intake.bearer(request)
        backend.admin(token, "ssi", "Authorization: Bearer", _ssi_unauthorized)

    @router.post(paths.OAUTH, openapi_extra=documented(paths.OAUTH))
    async def oauth(request: Request) -> JSONResponse:
        """Dashboard: an admin access token for the KYC or the SSI service."""
        grant = request.query_params.get("grant_type", "")
        if grant not in seed.GRANTS:
            raise err.dashboard(400, "grant_type must be access_service_kyc or access_service_ssi")
        service, secret = seed.GRANTS[grant]
        # The document's Accept: application/json is not checked: every answer is JSON.
        sent = request.headers.get("x-api-secret-key")
        if sent is None:
            raise err.dashboard(401, "the X-Api-Secret-Key header is missing")
        # Compared as bytes: compare_digest refuses str holding non-ASCII (a header byte >= 0x80).
        if not secrets.compare_digest(sent.encode(), secret.encode()):
            raise err.dashboard(401, f"the X-Api-Secret-Key is not this app's secret for {grant}")
        token, seconds = backend.grant(service)
        return JSONResponse({"access_token": token, "tokenType": "Bearer", "expiresIn": seconds})

    @router.post(paths.SESSION, openapi_extra=documented(paths.SESSION))
    async def session(request: Request) -> JSONResponse:
        """KYC: a new verification session."""
        kyc_admin(request)
        return _data({"sessionId": backend.new_session().id})

    @router.post(paths.DID_CREATE, status_code=201, openapi_extra=documented(paths.DID_CREATE))
    async def did_create(request: Request) -> JSONResponse:
        """SSI: a new DID for a user, its key held by the service."""
        ssi_admin(request)
        body = await intake.body(request, bodies.DidCreate, "ssi")
        return JSONResponse(ssi_service.create_did(backend, body), status_code=201)

    @router.post(paths.ISSUE_JWT, openapi_extra=documented(paths.ISSUE_JWT))
    async def issue_jwt(request: Request) -> JSONResponse:
        """SSI: a JWT signed (EdDSA) by one of the app's DIDs, kid its verification method."""
        ssi_admin(request)
        body = await intake.body(request, bodies.IssueJwt, "ssi")
        return JSONResponse(ssi_service.issue_jwt(backend, body))

    @router.post(paths.EXCHANGE, openapi_extra=documented(paths.EXCHANGE))
    async def exchange(request: Request) -> JSONResponse:
        """KYC: the DID-JWT exchanged for a user access token bound to the session."""
        kyc_admin(request)
        token = request.headers.get("x-ssi-access-token")
        backend.admin(token, "ssi", "x-ssi-access-token", _kyc_unauthorized)
        did_jwt = intake.bearer(request)
        body = await intake.body(request, bodies.Exchange, "kyc")
        return _data(kyc_service.exchange(backend, did_jwt, body))

    @router.post(paths.EXTRACT, openapi_extra=documented(paths.EXTRACT))
    async def extract(request: Request) -> JSONResponse:
        """KYC: the captured document read (OCR, and a passport's machine-readable zone)."""
        user = kyc_user(request)
        body = await intake.body(request, bodies.Extract, "kyc")
        return _data(await kyc_service.extract(backend, user, body))

    @router.post(paths.BIOMETRICS, openapi_extra=documented(paths.BIOMETRICS))
    async def biometrics(request: Request) -> JSONResponse:
        """KYC: the selfie's face matched to the document's; credentials issued on a match."""
        user = kyc_user(request)
        issuer = tuple(request.headers.get(name, "") for name in ISSUER_HEADERS)
        for name, value in zip(ISSUER_HEADERS, issuer, strict=True):
            if not value:
                raise err.kyc_bad_request(f"the {name} header is missing")
        body = await intake.body(request, bodies.Biometrics, "kyc")
        return _data(await kyc_service.biometrics(backend, user, issuer, body))

    @router.post(paths.PRESENTATION, status_code=201, openapi_extra=documented(paths.PRESENTATION))
    async def presentation(request: Request) -> JSONResponse:
        """SSI: a presentation of the credentials, signed by the holder's DID."""
        ssi_admin(request)
        body = await intake.body(request, bodies.Presentation, "ssi")
        return JSONResponse(ssi_service.present(backend, body), status_code=201)

    @router.post(paths.CONSENTS, openapi_extra=documented(paths.CONSENTS))
    async def consents(request: Request) -> JSONResponse:
        """KYC: the holder's presentation verified and recorded as consent."""
        user = kyc_user(request)
        body = await intake.body(request, bodies.Consents, "kyc")
        return _data(kyc_service.consent(backend, user, body))

    return router


ISSUER_HEADERS = ("x-issuer-did", "x-issuer-did-ver-method")


def _kyc_unauthorized(message: str) -> err.HypersignError:
    return err.kyc(401, err.UNAUTHORIZED, message)


def _ssi_unauthorized(message: str) -> err.HypersignError:
    return err.ssi(401, message)


def _data(data: dict) -> JSONResponse:
    return JSONResponse({"success": True, "data": data})
