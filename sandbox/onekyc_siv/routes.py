"""OneKYC's routes on its two hosts: the token host's Getting Authentication Token; the API
host's Initiate Flow, Get Submission Details, the SDK's capture calls and the image URLs.

Each route checks its caller first (401), then its request (400, every fault at once), then the
submission's state (409).
"""

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from sandbox.core.mount import public_url
from sandbox.onekyc_siv import errors as err
from sandbox.onekyc_siv import intake, openapi, paths, seed
from sandbox.onekyc_siv.backend import TOKEN_SECONDS, Backend


def create_router(backend: Backend) -> APIRouter:
    router = APIRouter()

    @router.get(paths.TOKEN, openapi_extra=openapi.documented(paths.TOKEN))
    async def token(request: Request) -> JSONResponse:
        """Token host: a partner token for the API host's x-onekyc-token, valid 1800 s."""
        client_id = request.headers.get("client-id")
        pass_key = request.headers.get("pass-key")
        missing = []
        if not client_id:
            missing.append((err.MISSING_HEADER, err.MISSING_CLIENT_ID))
        if not pass_key:
            missing.append((err.MISSING_HEADER, err.MISSING_PASS_KEY))
        if missing:
            raise err.OneKycError(400, *missing)
        # Compared as bytes: compare_digest refuses str holding non-ASCII.
        right_id = secrets.compare_digest(client_id.encode(), seed.CLIENT_ID.encode())
        right_key = secrets.compare_digest(pass_key.encode(), seed.PASS_KEY.encode())
        if not (right_id and right_key):
            raise err.unauthorized()
        value, expires = backend.issue_token()
        # From OneKYC's public docs: expiry_seconds and expires_at are strings.
        data = {
            "token": value,
            "expiry_seconds": str(TOKEN_SECONDS),
            "expires_at": str(int(expires)),
        }
        return _data(data)

    @router.post(paths.INITIATE_FLOW, openapi_extra=openapi.documented(paths.INITIATE_FLOW))
    async def initiate_flow(request: Request) -> JSONResponse:
        """API host: a submission and its SDK token (single submission, valid 1800 s)."""
        backend.check_token(request.headers.get("x-onekyc-token"))
        flow = await intake.initiation(request)
        submission = backend.initiate(flow, _host(request))
        # Not documented by the vendor: the answer's body. Chosen (notes/onekyc-contract.md).
        data = {
            "sdkToken": submission.sdk_token,
            "submissionId": submission.submission_id,
            "expiresIn": 1800,
        }
        return _data(data)

    @router.get(paths.SUBMISSION, openapi_extra=openapi.documented(paths.SUBMISSION))
    async def submission_details(request: Request) -> JSONResponse:
        """API host: the submission's result (the callback's payload) once processed."""
        backend.check_token(request.headers.get("x-onekyc-token"))
        found = backend.submission(request.path_params["submissionId"])
        with backend.lock:
            details = found.details()
            taken = found.host
        return _data(_on_host(details, taken, _host(request)))

    async def capture(request: Request, kind: str) -> JSONResponse:
        submission = backend.sdk_submission(request.headers.get("x-sdk-token"))
        backend.refuse_if_started(submission)
        names = ("image", "additionalSelfie") if kind == "selfie" else ("image",)
        uploads = await intake.photos(request, *names)
        if uploads["image"] is None:
            raise err.image(err.MISSING_IMAGE)
        photos = {}
        for name, upload in uploads.items():
            if upload is not None:
                data = await intake.read(upload)
                photos[name] = await run_in_threadpool(intake.check, data)
        status = backend.take(
            submission, kind, photos["image"], photos.get("additionalSelfie"), _host(request)
        )
        return _data({"submissionId": submission.submission_id, "status": status})

    @router.post(paths.KTP, openapi_extra=openapi.documented(paths.KTP))
    async def ktp(request: Request) -> JSONResponse:
        """API host, the SDK's call: the KTP photo (sending it again before the selfie replaces
        it)."""
        return await capture(request, "ktp")

    @router.post(paths.SELFIE, openapi_extra=openapi.documented(paths.SELFIE))
    async def selfie(request: Request) -> JSONResponse:
        """API host, the SDK's call: the selfie (and an optional additionalSelfie)."""
        return await capture(request, "selfie")

    @router.get(paths.IMAGE, openapi_extra=openapi.documented(paths.IMAGE))
    async def image(request: Request) -> Response:
        """API host: a photo of a submission, by the capability URL of its payload's imageUrls."""
        params = request.path_params
        photo = backend.image(
            params["submissionId"], params["kind"], request.query_params.get("sig", "")
        )
        data = await run_in_threadpool(lambda: photo.data)
        headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
        return Response(data, media_type=photo.content_type, headers=headers)

    return router


def _host(request: Request) -> str:
    """The API host's base URL as the client reached it (scheme, host, port, any prefix)."""
    return public_url(request, paths.API_HOST)


def _on_host(details: dict, taken: str | None, host: str) -> dict:
    """Get Submission Details' data with its imageUrls on the host of this call (the payload
    names the host the photos were sent to; the callback keeps that one)."""
    urls = details.get("submissionDetails", {}).get("imageUrls")
    if not taken or not isinstance(urls, dict) or taken == host:
        return details
    moved = {
        kind: host + url[len(taken) :] if url.startswith(taken + "/") else url
        for kind, url in urls.items()
    }
    return {**details, "submissionDetails": {**details["submissionDetails"], "imageUrls": moved}}


def _data(data: dict) -> JSONResponse:
    return JSONResponse({"success": True, "data": data})
