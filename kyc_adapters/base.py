"""What every vendor client shares: drift-tolerant models, one call helper, error mapping."""

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    KycError,
    VendorStatusError,
    VendorTimeout,
    VendorUnreachable,
)
from kyc_adapters.recorder import JOURNEY, STEP, VERDICT, PendingVerdict, current_journey

Model = TypeVar("Model", bound="VendorModel")
T = TypeVar("T")


class VendorModel(BaseModel):
    """A documented response body; undocumented keys are kept and reported, never fatal."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def undocumented_fields(self) -> list[str]:
        return sorted(self.model_extra or {})


def call(
    http: httpx.Client,
    vendor: str,
    step: str,
    method: str,
    path: str,
    parse: Callable[[httpx.Response], T],
    **kwargs: Any,
) -> T:
    """Send one request and parse its answer; the recorder files the exchange with the
    adapter's verdict (a documented 404 can be a success, a garbled 200 a failure)."""
    verdict = PendingVerdict()
    extensions = {STEP: step, VERDICT: verdict, JOURNEY: current_journey()}
    try:
        response = http.request(method, path, extensions=extensions, **kwargs)
    except httpx.TimeoutException as exc:
        raise VendorTimeout(vendor, f"{vendor} did not answer in time ({exc})") from exc
    except httpx.ConnectError as exc:
        raise VendorUnreachable(vendor, f"could not reach {vendor} ({exc})") from exc
    except httpx.HTTPError as exc:
        # Other transport errors can quote what was being sent (a header value, a key):
        # name the kind only.
        raise VendorUnreachable(
            vendor, f"the exchange with {vendor} failed ({type(exc).__name__})"
        ) from exc
    try:
        result = parse(response)
    except KycError as exc:
        exc.response_headers = {k.lower(): v for k, v in response.headers.items()}
        verdict.settle(outcome_of(exc), exc.message, getattr(exc, "code", None))
        raise
    except BaseException:
        verdict.settle("error", "the adapter could not read the answer")
        raise
    verdict.settle("success", None)
    return result


def outcome_of(exc: KycError) -> str:
    """failure: the vendor said no; error: no answer, a 5xx, or an answer off its contract."""
    if isinstance(exc, VendorStatusError) and exc.status_code < 500:
        return "failure"
    return "error"


def json_body(vendor: str, response: httpx.Response) -> Any:
    try:
        return response.json()
    except RecursionError:
        raise ContractViolation(
            vendor,
            f"The answer (HTTP {response.status_code}) is JSON nested too deeply to read.",
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ContractViolation(
            vendor,
            f"The answer (HTTP {response.status_code}) is not JSON: cut off or garbled.",
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
