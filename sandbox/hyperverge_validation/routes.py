"""HyperVerge CKYC Validation route: the vendor's path, headers and multipart body."""

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from sandbox.core.openapi import header_parameters
from sandbox.hyperverge_validation import errors as err
from sandbox.hyperverge_validation import intake
from sandbox.hyperverge_validation.backend import OPTIONS, ValidationBackend
from sandbox.hyperverge_validation.origin import FetchPolicy, server_root

# The same sandbox credentials as CKYC Download: one HyperVerge account holds both APIs.
SANDBOX_APP_ID = "sandbox-app-id"
SANDBOX_APP_KEY = "sandbox-app-key"
FIELDS = (
    "first_name middle_name last_name full_name dob address1 address2 address3 city district "
    "state country pincode aadhaar driving_license voter_id passport pan"
).split()
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
HEADERS = (
    ("appId", "The application ID shared by HyperVerge", "sandbox-app-id"),
    ("appKey", "The application key shared by HyperVerge", "sandbox-app-key"),
    ("transactionId", "Any unique ID.", "qa-0001"),
)


def create_validation_router(backend: ValidationBackend) -> APIRouter:
    router = APIRouter()

    @router.post("/api/v1/validate", openapi_extra=documented())
    async def validate(request: Request) -> JSONResponse:
        """Checks a CKYC record's fields against its documents and selfie, read for real
        (OCR and face match): approve, manual_review or reject."""
        _check_headers(request)
        form = await intake.parse(request)
        options = backend.check(form.fields)
        forced = backend.magic(form.fields)
        if forced is not None:
            return _success(forced)
        if not form.has_selfie():
            raise err.selfie_missing()
        documents, selfie = await intake.collect(form, FetchPolicy.for_request(request))
        if selfie is None:
            raise err.selfie_missing()
        root = server_root(request)  # this server's root, above the prefix
        return _success(await backend.validate(form.fields, options, documents, selfie, root))

    return router


def documented() -> dict:
    """OpenAPI for a route that parses its own body (to answer in the vendor's error shape)."""
    properties: dict = {name: {"type": "string"} for name in FIELDS}
    properties["dob"]["description"] = "DD-MM-YYYY"
    properties |= {name: {"type": "string", "enum": ["yes", "no"]} for name in OPTIONS}
    properties["image_details"] = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "description": "document images or PDFs (at most 5 pages, 6 MB each); the selfie is "
        "the part whose file name starts with 'selfie'",
    }
    properties["imageDetails"] = {
        "type": "string",
        "description": "JSON: the CKYC download answer's imageDetails list "
        "(imageType, imageCode, imageExtension, imageUrl or imageData); PHOTO is the selfie; "
        "an imageUrl is fetched only from this sandbox or an origin in KYC_SANDBOX_FETCH_ALLOW",
    }
    return {
        "parameters": header_parameters(HEADERS),
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": {"type": "object", "properties": properties}}
            },
        },
        "responses": {
            "200": {"description": "success: {status, statusCode, result: {action, ...}}"},
            "400": {"description": "ER_REQ_VALIDATE, ER_PAGE"},
            "401": {"description": "Missing/Invalid credentials (error is a string)"},
            "413": {"description": "ER_SERVER: File too large"},
            "500": {"description": "ER_SERVER: Internal server error"},
        },
    }


def _success(result: dict) -> JSONResponse:
    return JSONResponse({"status": "success", "statusCode": "200", "result": result})


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
        raise err.unauthorized()
    if not headers.get("transactionId"):
        raise err.bad_request('"transactionId" header is required')
    # Not documented by the vendor: a form without files that a client sends url-encoded (as
    # HTTP clients do when no file is attached) is read as the same fields.
    if not headers.get("content-type", "").startswith(FORM_TYPES):
        raise err.bad_request('"content-type" header must be multipart/form-data')
