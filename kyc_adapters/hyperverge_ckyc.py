"""HyperVerge CKYC Individual Download: /api/v1/start and /api/v1/validateOtpAndDownload.

Vendor caveats handled here: status codes are strings in the body; a successful OTP resend is
documented as a 404 with a "Resend OTP Sent successfully" message; error codes other than
ER_REQ_VALIDATE and ER_AUTH are not documented, so OTP outcomes are told apart by message.
"""

import base64
import re
from typing import Any, Literal

import httpx
from pydantic import Field

from kyc_adapters.base import VendorModel, json_body, parse_model, send, status_error
from kyc_adapters.errors import ContractViolation, KycError, VendorStatusError

VENDOR = "hyperverge-ckyc"
YesNo = Literal["yes", "no"]
ImageOutput = Literal["base64", "selfurl"]

ID_TYPES: dict[str, str] = {
    "A": "Passport",
    "B": "Voter ID",
    "C": "PAN",
    "D": "Driving License (DL)",
    "E": "Aadhaar",
    "F": "NREGA Job Card",
    "G": "National Population Register",
    "H": "EKYC Authentication",
    "I": "Offline Verification of Aadhaar",
    "J": "Foreign jurisdiction / Embassy document",
    "Z": "Others",
    "S01": "Simplified Measures: Government-issued photo ID card",
    "S02": "Simplified Measures: Gazetted officer's letter",
    "M": "Mobile Number",
}


def aadhaar_id_no(aadhaar: str, name: str, dob: str, gender: str) -> str:
    """The idNo format for idType E: aadhaar|name|dob|gender."""
    return "|".join((aadhaar.strip(), name.strip(), dob.strip(), gender.strip()))


# --- documented response bodies ---------------------------------------------------------


class IdListEntry(VendorModel):
    type: str = ""
    status: str = ""


class ImageDetail(VendorModel):
    # Not documented by the vendor: the entry's keys (imageDetails is only "a list of images").
    imageType: str = ""
    imageCode: str = ""
    imageExtension: str = ""
    imageData: str | None = None
    imageUrl: str | None = None

    def content(self) -> bytes | None:
        return base64.b64decode(self.imageData) if self.imageData else None


class OtpSent(VendorModel):
    message: str
    requestId: str
    ckycRefNo: str | None = None

    @property
    def masked_mobile(self) -> str | None:
        match = re.search(r"X+\d{4}", self.message)
        return match.group(0) if match else None


class SearchResult(VendorModel):
    ckycNo: str = ""
    ckycRefNo: str | None = None
    fullName: str = ""
    dob: str = ""
    gender: str = ""
    age: str = ""
    kycDate: str = ""
    updatedDate: str = ""
    idList: list[IdListEntry] = []


class CkycRecord(SearchResult):
    """The downloaded record; every key of the documented body."""

    constitutionType: str = ""
    accountType: str = ""
    preFix: str = ""
    firstName: str = ""
    middleName: str = ""
    lastName: str = ""
    fatherOrSpouse: str = ""
    fatherPrefix: str = ""
    fatherFname: str = ""
    fatherMname: str = ""
    fatherLname: str = ""
    fatherFullName: str = ""
    motherPrefix: str = ""
    motherFname: str = ""
    motherMname: str = ""
    motherLname: str = ""
    motherFullName: str = ""
    address1: str = ""
    address2: str = ""
    address3: str = ""
    city: str = ""
    district: str = ""
    state: str = ""
    country: str = ""
    pincode: str = ""
    permAndCorresAddSame: str = ""
    corresAddress1: str = ""
    corresAddress2: str = ""
    corresAddress3: str = ""
    corresCity: str = ""
    corresDist: str = ""
    corresState: str = ""
    corresCountry: str = ""
    corresPin: str = ""
    resiStdCode: str = ""
    resiTelNo: str = ""
    mobileCode: str = ""
    mobileNumber: str = ""
    email: str = ""
    decDate: str = ""
    decPlace: str = ""
    corresPoa: str = ""
    poa: str = ""
    DocSub: str = ""
    kycName: str = ""
    kycDesignation: str = ""
    kycBranch: str = ""
    kycEmpCode: str = ""
    orgName: str = ""
    orgCode: str = ""
    officeStdCode: str = ""
    officeTelNo: str = ""
    numIdentity: str = ""
    numRelated: str = ""
    numImages: str = ""
    aadhaar: str = ""
    pan: str = ""
    formSixty: str = ""
    imageDetails: list[ImageDetail] = []
    disabilityFlag: bool = False
    disabilityType: int = 0
    disabilityPercentage: float = 0
    disabilityUuidNum: str = ""
    downloadCount: str | None = None
    updateCount: str | None = None
    residentialStatus: str | None = None
    foreignNationalId: str | None = None

    def address(self) -> str:
        parts = (self.address1, self.address2, self.address3, self.city, self.state, self.pincode)
        return ", ".join(p for p in parts if p)

    def correspondence_address(self) -> str:
        if self.permAndCorresAddSame == "Y":
            return self.address()
        parts = (
            self.corresAddress1,
            self.corresAddress2,
            self.corresAddress3,
            self.corresCity,
            self.corresState,
            self.corresPin,
        )
        return ", ".join(p for p in parts if p)


class ResendResult(VendorModel):
    message: str
    resends_left: int | None = Field(default=None, description="parsed from the message")


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
        result = self._post("search", self._start_path, body, transaction_id)
        return parse_model(VENDOR, SearchResult, result)

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
        result = self._post("start", self._start_path, body, transaction_id)
        return parse_model(VENDOR, OtpSent, result)

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
        result = self._post("validate-otp", self._validate_path, body, transaction_id)
        return parse_model(VENDOR, CkycRecord, result)

    def resend_otp(self, *, request_id: str, transaction_id: str) -> ResendResult:
        body = {"otp": "", "requestId": request_id, "entityType": "individual", "retry": "yes"}
        try:
            result = self._post("resend-otp", self._validate_path, body, transaction_id)
        except VendorStatusError as exc:
            if exc.message.startswith("Resend OTP Sent successfully"):
                return ResendResult(message=exc.message, resends_left=_trailing_count(exc.message))
            raise
        message = result.get("message", "") if isinstance(result, dict) else ""
        return ResendResult(message=message, resends_left=_trailing_count(message))

    def _post(self, step: str, path: str, body: dict, transaction_id: str) -> Any:
        headers = {
            "content-type": "application/json",
            "appId": self._app_id,
            "appKey": self._app_key,
            "transactionId": transaction_id,
        }
        response = send(self._http, VENDOR, step, "POST", path, json=body, headers=headers)
        data = json_body(VENDOR, response)
        if not isinstance(data, dict):
            raise ContractViolation(VENDOR, "the body is not a JSON object", body=data)
        if response.is_success and data.get("status") == "success":
            if not isinstance(data.get("result"), dict):
                raise ContractViolation(VENDOR, "success without a result object", body=data)
            return data["result"]
        raise _error(response, data)


def _error(response: httpx.Response, data: dict) -> KycError:
    error = data.get("error")
    # The validation API's 401 sends error as a plain string; accept both shapes.
    if isinstance(error, dict):
        code, message = error.get("code"), str(error.get("message", ""))
    else:
        code, message = None, str(error or data.get("message") or f"HTTP {response.status_code}")
    if response.is_success:
        return ContractViolation(VENDOR, f"status {data.get('status')!r} on HTTP 200", body=data)
    for prefix, kind in OTP_OUTCOMES:
        if message.startswith(prefix):
            exc = kind(
                VENDOR, status_code=response.status_code, code=code, message=message, body=data
            )
            if isinstance(exc, OtpRejected):
                exc.attempts_left = _trailing_count(message) or 0
            return exc
    return status_error(VENDOR, response, code, message, data)


def _trailing_count(message: str) -> int | None:
    match = re.search(r"(\d+)\s*$", message)
    return int(match.group(1)) if match else None
