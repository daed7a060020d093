"""What every vendor client shares: drift-tolerant models and status-to-error mapping."""

import json
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    VendorStatusError,
    VendorTimeout,
    VendorUnreachable,
)
from kyc_adapters.recorder import STEP

Model = TypeVar("Model", bound="VendorModel")


class VendorModel(BaseModel):
    """A documented response body; undocumented keys are kept and reported, never fatal."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def undocumented_fields(self) -> list[str]:
        return sorted(self.model_extra or {})


def send(
    http: httpx.Client, vendor: str, step: str, method: str, path: str, **kwargs: Any
) -> httpx.Response:
    """Send one request, turning transport failures into the shared error tree."""
    try:
        return http.request(method, path, extensions={STEP: step}, **kwargs)
    except httpx.TimeoutException as exc:
        raise VendorTimeout(vendor, f"{vendor} did not answer in time ({exc})") from exc
    except httpx.HTTPError as exc:
        raise VendorUnreachable(vendor, f"could not reach {vendor}: {exc}") from exc


def json_body(vendor: str, response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        preview = response.text[:120]
        raise ContractViolation(
            vendor,
            f"HTTP {response.status_code} with a body that is not JSON: {preview!r}",
            body=response.text,
        ) from None


def parse_model(vendor: str, model: type[Model], data: Any) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:3]
        )
        raise ContractViolation(
            vendor, f"undocumented response shape ({problems})", body=data
        ) from None


def status_error(
    vendor: str, response: httpx.Response, code: str | None, message: str, body: Any
) -> VendorStatusError:
    kind = InvalidCredentials if response.status_code == 401 else VendorStatusError
    return kind(vendor, status_code=response.status_code, code=code, message=message, body=body)
