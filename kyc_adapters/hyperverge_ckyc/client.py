"""HyperVerge CKYC Individual Download: /api/v1/start and /api/v1/validateOtpAndDownload.

Vendor caveats handled here: status codes are strings in the body; a successful OTP resend is
documented as a 404 with a "Resend OTP Sent successfully" message; error codes other than
ER_REQ_VALIDATE and ER_AUTH are not documented, so OTP outcomes are told apart by message.
"""

import re
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from kyc_adapters.base import VendorModel, call, parse_model
from kyc_adapters.errors import KycError, VendorStatusError
from kyc_adapters.hyperverge_ckyc.models import (
    VENDOR,
    CkycRecord,
    ImageOutput,
    OtpSent,
    ResendResult,
    SearchResult,
    YesNo,
)
from kyc_adapters.hyperverge_envelope import result_of

T = TypeVar("T")
Model = TypeVar("Model", bound=VendorModel)

# --- OTP outcomes the vendor reports as errors ------------------------------------------


class OtpRejected(VendorStatusError):
    """A wrong OTP; `attempts_left` validations remain on this OTP."""

    attempts_left: int


class OtpSessionTerminated(VendorStatusError):
    """No attempts left (or no such session): restart from /api/v1/start."""


class ResendTooEarly(VendorStatusError):
    """Less than 90 s since the last OTP."""


# Told apart by message: the vendor documents no codes for them (CERSAI wording may change).
OTP_OUTCOMES: tuple[tuple[str, type[VendorStatusError]], ...] = (
    ("Invalid OTP entered", OtpRejected),
    ("Download failed as OTP validation was unsuccessful", OtpSessionTerminated),
    ("Invalid requestId", OtpSessionTerminated),  # the sandbox's choice for an unknown session
    ("Resend OTP Option enable post", ResendTooEarly),
)


# --- the client -------------------------------------------------------------------------


class HyperVergeCkycClient:
    """Talks to the vendor (or the sandbox) through an injected `httpx.Client` with a base URL."""

    RESEND_COOLDOWN_SECONDS = 90
    OTP_ATTEMPTS = 3
    RESEND_LIMIT = 3

    def __init__(
        self,
        http: httpx.Client,
        *,
        app_id: str,
        app_key: str,
        start_path: str = "/api/v1/start",
        validate_path: str = "/api/v1/validateOtpAndDownload",
    ) -> None:
        self._http = http
        self._app_id = app_id
        self._app_key = app_key
        self._start_path = start_path
        self._validate_path = validate_path

    def search(
        self, *, id_type: str, id_no: str, transaction_id: str, return_ckyc_ref_no: YesNo = "yes"
    ) -> SearchResult:
        body = {
            "idNo": id_no,
            "idType": id_type,
            "entityType": "individual",
            "returnOnlySearchResponse": "yes",
            "returnckycRefNo": return_ckyc_ref_no,
        }
        return self._post("search", self._start_path, body, transaction_id, SearchResult)

    def start(
        self,
        *,
        id_type: str,
        id_no: str,
        mobile_no: str,
        transaction_id: str,
        return_ckyc_ref_no: YesNo = "yes",
        output_image_type: ImageOutput | None = "base64",
    ) -> OtpSent:
        body: dict[str, Any] = {
            "idNo": id_no,
            "idType": id_type,
            "entityType": "individual",
            "mobileNo": mobile_no,
            "returnOnlySearchResponse": "no",
            "returnckycRefNo": return_ckyc_ref_no,
        }
        if output_image_type:
            body["outputImageType"] = output_image_type
        return self._post("start", self._start_path, body, transaction_id, OtpSent)

    def download(
        self,
        *,
        request_id: str,
        otp: str,
        transaction_id: str,
        output_image_type: ImageOutput | None = "base64",
        return_record_count_details: YesNo = "yes",
        return_ckyc_ref_no: YesNo = "yes",
        return_residential_status: YesNo = "yes",
    ) -> CkycRecord:
        body: dict[str, Any] = {
            "otp": otp,
            "requestId": request_id,
            "entityType": "individual",
            "returnRecordCountDetails": return_record_count_details,
            "returnckycRefNo": return_ckyc_ref_no,
            "returnResidentialStatus": return_residential_status,
        }
        if output_image_type:
            body["outputImageType"] = output_image_type
        return self._post("validate-otp", self._validate_path, body, transaction_id, CkycRecord)

    def resend_otp(self, *, request_id: str, transaction_id: str) -> ResendResult:
        body = {"otp": "", "requestId": request_id, "entityType": "individual", "retry": "yes"}

        def parse(response: httpx.Response) -> ResendResult:
            try:
                result = _result(response)
            except VendorStatusError as exc:
                # Documented: a successful resend answers 404 "Resend OTP Sent successfully ...".
                if exc.message.startswith("Resend OTP Sent successfully"):
                    return ResendResult(
                        message=exc.message, resends_left=_trailing_count(exc.message)
                    )
                raise
            message = str(result.get("message", ""))
            return ResendResult(message=message, resends_left=_trailing_count(message))

        return self._call("resend-otp", self._validate_path, body, transaction_id, parse)

    def _post(
        self, step: str, path: str, body: dict, transaction_id: str, model: type[Model]
    ) -> Model:
        return self._call(
            step,
            path,
            body,
            transaction_id,
            lambda response: parse_model(VENDOR, model, _result(response)),
        )

    def _call(
        self,
        step: str,
        path: str,
        body: dict,
        transaction_id: str,
        parse: Callable[[httpx.Response], T],
    ) -> T:
        headers = {
            "content-type": "application/json",
            "appId": self._app_id,
            "appKey": self._app_key,
            "transactionId": transaction_id,
        }
        return call(self._http, VENDOR, step, "POST", path, parse, json=body, headers=headers)


def _result(response: httpx.Response) -> dict:
    """The `result` object of a success body, or the vendor's error as an exception."""
    return result_of(VENDOR, response, _otp_outcome)


def _otp_outcome(error: VendorStatusError) -> KycError:
    """The OTP outcomes the vendor reports as errors, told apart by message."""
    for prefix, kind in OTP_OUTCOMES:
        if error.message.startswith(prefix):
            exc = kind(
                VENDOR,
                status_code=error.status_code,
                code=error.code,
                message=error.message,
                body=error.body,
            )
            if isinstance(exc, OtpRejected):
                exc.attempts_left = _trailing_count(error.message) or 0
            return exc
    return error


def _trailing_count(message: str) -> int | None:
    match = re.search(r"(\d+)\s*$", message)
    return int(match.group(1)) if match else None
