"""OneKYC Standalone Identity Verification: the documented bodies, as typed models.

The document (onekyc-siv-integration.txt) shows two bodies: Initiate Flow's request and the
callback payload. The callback payload is also what Get Submission Details answers once the
submission is processed, so one model (`SubmissionResult`) reads both, and a PENDING or
PROCESSING answer too. The other answers are the team's contract (notes/onekyc-contract.md):
the token's from OneKYC's public docs, the rest chosen. Token-bearing fields and the image URLs
(capabilities: whoever holds one sees the user's photo) are left out of repr().
"""

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from kyc_adapters.base import VendorModel

VENDOR = "onekyc-siv"
# Live hosts: the token service and the API (from OneKYC's public docs).
LIVE_TOKEN_URL = "https://onekyc-token.ky.id.gopayapi.com"
LIVE_API_URL = "https://onekyc.ky.id.gopayapi.com"
LIVE_URLS = {"token": LIVE_TOKEN_URL, "api": LIVE_API_URL}
# The sandbox serves the two services under its vendor prefix, one sub-prefix each.
SANDBOX_SERVICES = {"token": "/token", "api": "/api"}

# Not documented by the vendor: the paths (the document names the calls only). The token and
# Initiate Flow paths (from OneKYC's public docs); the others chosen (notes/onekyc-contract.md).
TOKEN_PATH = "/v1/esign/partner/authentication"
INITIATE_PATH = "/coe-partner/v1/initiate-flow"
KTP_PATH = "/coe-sdk/v1/submissions/ktp"
SELFIE_PATH = "/coe-sdk/v1/submissions/selfie"
SUBMISSION_PATH = "/coe-partner/v1/submissions/{submissionId}"
DEFAULT_PATHS = {
    "token_path": TOKEN_PATH,
    "initiate_path": INITIATE_PATH,
    "ktp_path": KTP_PATH,
    "selfie_path": SELFIE_PATH,
    "submission_path": SUBMISSION_PATH,
}

FLOW = "STANDALONE_IDENTITY_VERIFICATION"  # the document's only flow
SOURCES: tuple[str, ...] = ("SDK", "WEB_SDK")
LOCALES: tuple[str, ...] = ("id_ID", "en_ID")
Source = Literal["SDK", "WEB_SDK"]

# Upload receipt statuses (contract), and the submission's.
KTP_RECEIVED = "KTP_RECEIVED"
SELFIE_RECEIVED = "SELFIE_RECEIVED"
PENDING = "PENDING"  # Get Submission Details: photos not all in
PROCESSING = "PROCESSING"  # both photos in, the result not ready
COMPLETED = "COMPLETED"  # the document's: processed, the details below
VALID, INVALID = "VALID", "INVALID"
PASS, FAIL = "PASS", "FAIL"
# The checks of verificationResult, in the document's order.
CHECKS: tuple[str, ...] = ("nik", "name", "dateOfBirth", "selfie")
# The photos of imageUrls, in the document's order.
IMAGE_KINDS: tuple[str, ...] = ("KTP", "SELFIE", "ADDITIONAL_SELFIE")


def _positive_seconds(value: Any) -> float:
    """A lifetime in seconds: a number, or (the token's `expiry_seconds`, as OneKYC's public
    docs show it) a number in a string."""
    if isinstance(value, bool):
        raise ValueError(f"must be a number of seconds, not {value!r}")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(f"must be a number of seconds, not {value!r}") from None
    if not isinstance(value, int | float) or not 0 < value < 10 * 365 * 86400:
        raise ValueError(f"must be a positive number of seconds, not {value!r}")
    return float(value)


# --- token service ----------------------------------------------------------------------


class PartnerToken(VendorModel):
    """GET /v1/esign/partner/authentication (200), the `data` object (public docs): the
    partner token, its lifetime and its expiry, both as strings."""

    token: str = Field(repr=False, min_length=1)
    expiry_seconds: float
    expires_at: str | None = None  # epoch seconds, a string; the vendor's clock

    @field_validator("expiry_seconds", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> float:
        return _positive_seconds(value)


@dataclass(frozen=True)
class TokenStatus:
    """What the console may show of the cached partner token: never its value.

    Times are on the client's clock (the sandbox's in sandbox mode); `refreshed` counts the
    fetches after the first."""

    obtained_at: float
    expires_at: float
    refreshed: int

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.expires_at - now)


# --- API: Initiate Flow -----------------------------------------------------------------


class InitiatedFlow(VendorModel):
    """POST /coe-partner/v1/initiate-flow (200), the `data` object (contract): the SDK token
    for ONE submission, that submission's id, and the token's lifetime in seconds."""

    sdkToken: str = Field(repr=False, min_length=1)
    submissionId: str = Field(min_length=1)
    expiresIn: float
    # Not the vendor's: the client's clock just before it sent the call (the sandbox's clock
    # in sandbox mode), so that a countdown never outlives the token.
    obtained_at: float | None = Field(default=None, exclude=True)

    @field_validator("expiresIn", mode="before")
    @classmethod
    def _seconds(cls, value: Any) -> float:
        return _positive_seconds(value)

    @property
    def sdk_token(self) -> str:
        return self.sdkToken

    @property
    def submission_id(self) -> str:
        return self.submissionId

    @property
    def expires_in(self) -> float:
        return self.expiresIn

    @property
    def expires_at(self) -> float | None:
        return None if self.obtained_at is None else self.obtained_at + self.expiresIn

    def seconds_left(self, now: float) -> float:
        expires_at = self.expires_at
        return 0.0 if expires_at is None else max(0.0, expires_at - now)


# --- API: the SDK's captures ------------------------------------------------------------


class UploadReceipt(VendorModel):
    """POST /coe-sdk/v1/submissions/ktp|selfie (200), the `data` object (contract): status
    KTP_RECEIVED or SELFIE_RECEIVED while a photo is missing, PROCESSING once both are in."""

    submissionId: str = Field(min_length=1)
    status: str = Field(min_length=1)

    @property
    def submission_id(self) -> str:
        return self.submissionId

    @property
    def processing(self) -> bool:
        return self.status == PROCESSING


# --- the result: the callback payload, and Get Submission Details ------------------------


class VerificationResult(VendorModel):
    """PASS or FAIL per check."""

    nik: str
    name: str
    dateOfBirth: str
    selfie: str

    def checks(self) -> dict[str, str]:
        """The four checks in the document's order: {"nik": "PASS", ...}."""
        return {check: getattr(self, check) for check in CHECKS}

    @property
    def all_pass(self) -> bool:
        return all(value == PASS for value in self.checks().values())


class KtpData(VendorModel):
    """What was read from the KTP; a field not read is "" (contract). Dates DD-MM-YYYY."""

    nik: str = ""
    name: str = ""
    region: str = ""
    dateOfBirth: str = ""
    bloodType: str = ""
    religion: str = ""
    province: str = ""
    city: str = ""
    address: str = ""
    district: str = ""
    town: str = ""
    gender: str = ""
    rt: str = ""
    rw: str = ""
    occupation: str = ""
    validUntil: str = ""
    citizenship: str = ""
    maritalStatus: str = ""
    issuanceDate: str = ""

    def fields(self) -> dict[str, Any]:
        """Every field, the document's first then any undocumented ones, for a table."""
        return self.model_dump()


class CertificateRegistration(VendorModel):
    eligibleToActivate: bool | None = None
    onboardingCode: str | None = None
    shouldSkipActivation: bool | None = None


class ImageUrls(VendorModel):
    """Capability URLs to the user's photos: secrets, out of repr(). ADDITIONAL_SELFIE is ""
    when none was sent."""

    KTP: str = Field(repr=False)
    SELFIE: str = Field(repr=False)
    ADDITIONAL_SELFIE: str = Field(default="", repr=False)

    def urls(self) -> dict[str, str]:
        """The photos that have a URL, by kind (KTP, SELFIE, ADDITIONAL_SELFIE)."""
        return {kind: getattr(self, kind) for kind in IMAGE_KINDS if getattr(self, kind)}


class SubmissionDetails(VendorModel):
    verificationResult: VerificationResult
    ktpData: KtpData
    certificateRegistration: CertificateRegistration
    imageUrls: ImageUrls = Field(repr=False)


class SubmissionResult(VendorModel):
    """The document's callback payload, and Get Submission Details' `data` object.

    Before processing ends (contract) only the ids and `status` (PENDING: photos not all in;
    PROCESSING) come; `result` and `submissionDetails` are None then. A COMPLETED one without
    them is off the contract. Read a callback body with `parse_submission()`."""

    submissionId: str = Field(min_length=1)
    userId: str
    userIdType: str
    partnerSessionId: str
    status: str = Field(min_length=1)
    result: str | None = None
    submissionDetails: SubmissionDetails | None = None

    @model_validator(mode="after")
    def _completed_has_its_result(self) -> "SubmissionResult":
        if self.status == COMPLETED:
            missing = [key for key in ("result", "submissionDetails") if getattr(self, key) is None]
            if missing:
                raise ValueError(f"a COMPLETED submission without {' and '.join(missing)}")
        return self

    @property
    def submission_id(self) -> str:
        return self.submissionId

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED

    @property
    def valid(self) -> bool:
        return self.result == VALID

    @property
    def verificationResult(self) -> VerificationResult | None:
        return self.submissionDetails.verificationResult if self.submissionDetails else None

    @property
    def ktpData(self) -> KtpData | None:
        return self.submissionDetails.ktpData if self.submissionDetails else None

    @property
    def certificateRegistration(self) -> CertificateRegistration | None:
        return self.submissionDetails.certificateRegistration if self.submissionDetails else None

    @property
    def imageUrls(self) -> ImageUrls | None:
        return self.submissionDetails.imageUrls if self.submissionDetails else None
