"""A request's headers and JSON body, read the way each service refuses them (its own shape).

Bodies are pydantic models (strict: a number is not a string) that also give /openapi.json
its schemas; a refusal names the field, as the vendor's class-validator messages do.
"""

import base64
import binascii
import json
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from sandbox.hypersign_kyc import errors as err

Body = TypeVar("Body", bound=BaseModel)
_DATA_URL = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,", re.IGNORECASE)
_KINDS = {
    "missing": "is required",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "dict_type": "must be an object",
    "list_type": "must be an array",
    "model_type": "must be an object",
}


def refusal(service: str, message: str) -> err.HypersignError:
    if service == "kyc":
        return err.kyc_bad_request(message)
    return err.HypersignError(service, 400, message)


async def body(request: Request, model: type[Body], service: str) -> Body:
    """The JSON body as `model`; a 400 in the service's shape when it is not one."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise refusal(service, "Content-Type must be application/json")
    try:
        payload = json.loads(await request.body(), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        # ValueError: not JSON, not UTF-8, NaN or Infinity, or an integer past Python's 4,300
        # digits; RecursionError: nested deeper than the parser goes (a body of "[[[[...").
        raise refusal(service, "the request body must be valid JSON") from None
    if not isinstance(payload, dict):
        raise refusal(service, "the request body must be a JSON object")
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        kind = _KINDS.get(first["type"], f"is not valid ({first['msg']})")
        raise refusal(service, f"{field} {kind}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def bearer(request: Request) -> str | None:
    """The token of `Authorization: Bearer <token>`, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def image(value: str, field: str) -> bytes:
    """Base64 image bytes, with or without a data: URL prefix; a KYC 400 when not base64."""
    text = value.strip()
    prefix = _DATA_URL.match(text)
    if prefix is not None:
        text = text[prefix.end() :]
    text = "".join(text.split())  # line breaks, as some encoders wrap at 76 characters
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise err.kyc_bad_request(f"{field} must be a base64 image") from None
    if not data:
        raise err.kyc_bad_request(f"{field} must be a base64 image")
    return data
