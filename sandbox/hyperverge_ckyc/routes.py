"""HyperVerge CKYC Individual Download routes: the vendor's paths, headers and bodies."""

import json
import secrets
from typing import TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, ValidationError

from sandbox.core.mount import server_root
from sandbox.core.openapi import header_parameters
from sandbox.hyperverge_ckyc import errors as err
from sandbox.hyperverge_ckyc.backend import CkycBackend, mask_last4

SANDBOX_APP_ID = "sandbox-app-id"
SANDBOX_APP_KEY = "sandbox-app-key"
YES_NO = ("yes", "no")
Body = TypeVar("Body", bound=BaseModel)


class StartBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    idNo: str
    idType: str
    entityType: str
    mobileNo: str | None = None
    returnOnlySearchResponse: str = "no"
    returnckycRefNo: str = "no"
    outputImageType: str | None = None


class ValidateBody(BaseModel):
    model_config = ConfigDict(extra="ignore")
    otp: str
    requestId: str
    entityType: str
    retry: str = "no"
    returnRecordCountDetails: str = "no"
    returnckycRefNo: str = "no"
    outputImageType: str | None = None
    returnResidentialStatus: str = "no"


HEADERS = (
    ("appId", "The application ID shared by HyperVerge.", "sandbox-app-id"),
    ("appKey", "The application key shared by HyperVerge.", "sandbox-app-key"),
    ("transactionId", "A unique identifier for tracking a user journey.", "qa-0001"),
)


def create_ckyc_router(backend: CkycBackend) -> APIRouter:
    router = APIRouter()

    @router.post("/api/v1/start", openapi_extra=documented(StartBody))
    async def start(request: Request) -> JSONResponse:
        """Initiates a CKYC search and triggers an OTP to the user's registered mobile number."""
        body = await _parse(request, StartBody)
        _check_options(body, ("returnOnlySearchResponse", "returnckycRefNo"))
        record = backend.find(body.idType, body.idNo)
        with_ref = body.returnckycRefNo == "yes"
        if body.returnOnlySearchResponse == "yes":
            return _success(backend.search_result(record, with_ref))
        if not body.mobileNo:
            raise err.bad_request('"mobileNo" is required unless returnOnlySearchResponse is yes')
        session = backend.start_otp(record, body.mobileNo)
        result = {
            "message": "OTP has been sent to the registered mobile number "
            + mask_last4(session.mobile),
            "requestId": session.request_id,
        }
        if with_ref:
            result["ckycRefNo"] = record.fields["ckycRefNo"]
        return _success(result)

    @router.post("/api/v1/validateOtpAndDownload", openapi_extra=documented(ValidateBody))
    async def validate_otp_and_download(request: Request) -> JSONResponse:
        """Validates the OTP and downloads the CKYC record (or resends the OTP: retry=yes)."""
        body = await _parse(request, ValidateBody)
        _check_options(
            body,
            ("retry", "returnRecordCountDetails", "returnckycRefNo", "returnResidentialStatus"),
        )
        if body.retry == "yes":
            if body.otp != "":
                raise err.bad_request('"otp" must be empty when retry is yes')
            raise backend.resend(body.requestId)
        if not body.otp:
            raise err.bad_request('"otp" is not allowed to be empty')
        session = backend.validate(body.requestId, body.otp)
        images_url = (
            f"{server_root(request.scope)}/_sandbox/hyperverge-ckyc/images/{session.record.key}"
        )
        return _success(
            backend.download_result(
                session,
                image_type=body.outputImageType,
                image_url=images_url,
                with_counts=body.returnRecordCountDetails == "yes",
                with_ref_no=body.returnckycRefNo == "yes",
                with_residential=body.returnResidentialStatus == "yes",
            )
        )

    return router


def documented(body: type[BaseModel]) -> dict:
    """OpenAPI for a route that parses its own body (to answer in the vendor's error shape)."""
    return {
        "parameters": header_parameters(HEADERS),
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body.model_json_schema()}},
        },
        "responses": {
            "200": {"description": "success: {status, statusCode, result}"},
            "400": {"description": "ER_REQ_VALIDATE"},
            "401": {"description": "ER_AUTH: Missing/Invalid credentials"},
            "404": {"description": "not found, or an OTP outcome (see the vendor document)"},
            "500": {"description": "Internal Server Error"},
        },
    }


def _success(result: dict) -> JSONResponse:
    return JSONResponse({"status": "success", "statusCode": "200", "result": result})


async def _parse(request: Request, model: type[Body]) -> Body:
    _check_headers(request)
    try:
        payload = json.loads(await request.body())
    except (ValueError, RecursionError):
        # ValueError: not JSON, not UTF-8, or an integer past Python's 4,300 digits;
        # RecursionError: nested deeper than the parser goes (a body of "[[[[...").
        raise err.bad_request("Request body must be valid JSON") from None
    if not isinstance(payload, dict):
        raise err.bad_request("Request body must be a JSON object")
    try:
        body = model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        kind = "is required" if first["type"] == "missing" else "must be a string"
        raise err.bad_request(f'"{field}" {kind}') from None
    if body.entityType != "individual":
        raise err.bad_request('"entityType" must be [individual]')
    return body


def _check_headers(request: Request) -> None:
    headers = request.headers
    app_id, app_key = headers.get("appId"), headers.get("appKey")
    # Compared as bytes: compare_digest refuses str holding non-ASCII (a header byte >= 0x80).
    valid = (
        app_id is not None
        and app_key is not None
        and secrets.compare_digest(app_id.encode(), SANDBOX_APP_ID.encode())
        and secrets.compare_digest(app_key.encode(), SANDBOX_APP_KEY.encode())
    )
    if not valid:
        raise err.CkycError(401, err.CODES["auth"], err.INVALID_CREDENTIALS)
    if not headers.get("transactionId"):
        raise err.bad_request('"transactionId" header is required')
    if not headers.get("content-type", "").startswith("application/json"):
        raise err.bad_request('"content-type" header must be application/json')


def _check_options(body: BaseModel, yes_no_fields: tuple[str, ...]) -> None:
    for name in yes_no_fields:
        if getattr(body, name) not in YES_NO:
            raise err.bad_request(f'"{name}" must be one of [yes, no]')
    image_type = getattr(body, "outputImageType", None)
    if image_type is not None and image_type not in ("base64", "selfurl"):
        raise err.bad_request('"outputImageType" must be one of [base64, selfurl]')
