"""Hypersign KYC + SSI: the documented bodies of its three services, as typed models.

Every key the document (hypersign-kyc-ssi-custom-ui.txt) or the notes name is a field; the keys
the document is silent on are the team's contract (notes/hypersign-contract.md), marked so.
Token-bearing fields are left out of repr(), so that a model in a log or a traceback never
shows one.
"""

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field

from kyc_adapters.base import VendorModel

VENDOR = "hypersign-kyc"

Service = Literal["kyc", "ssi"]  # the two services whose admin tokens the client keeps
DocumentType = Literal["PASSPORT", "GOVT_ID"]
DOCUMENT_TYPES: tuple[str, ...] = ("PASSPORT", "GOVT_ID")
# The dashboard's grant for each service's admin token.
GRANT_TYPES: dict[str, str] = {"kyc": "access_service_kyc", "ssi": "access_service_ssi"}
ED25519_METHOD = "Ed25519VerificationKey2020"
LIVE_URLS = {
    "dashboard": "https://api.entity.dashboard.hypersign.id",
    "kyc": "https://api.cavach.hypersign.id",
    "ssi": "https://api.entity.hypersign.id",
}


# --- dashboard service ------------------------------------------------------------------


class AdminToken(VendorModel):
    """POST /api/v1/app/oauth?grant_type=access_service_kyc|access_service_ssi."""

    access_token: str = Field(repr=False, min_length=1)
    tokenType: str = "Bearer"
    expiresIn: float = Field(gt=0)


@dataclass(frozen=True)
class TokenStatus:
    """What the console may show of a cached admin token: never its value.

    Times are on the client's clock (the sandbox's in sandbox mode); `refreshed` counts the
    fetches after the first."""

    service: str  # "kyc" or "ssi"
    obtained_at: float
    expires_at: float
    refreshed: int

    def seconds_left(self, now: float) -> float:
        return max(0.0, self.expires_at - now)


# --- SSI service ------------------------------------------------------------------------


class VerificationMethod(VendorModel):
    id: str
    type: str = ""
    controller: str = ""
    publicKeyMultibase: str = ""


class DidDocument(VendorModel):
    context: Any = Field(default=None, alias="@context")
    id: str = ""
    controller: Any = None
    # The document reads `verificationMethods` (plural); W3C DID Core names it
    # `verificationMethod`. Either may come: both are read.
    verificationMethods: list[VerificationMethod] = []
    verificationMethod: list[VerificationMethod] = []
    authentication: list[Any] = []
    assertionMethod: list[Any] = []

    def methods(self) -> list[VerificationMethod]:
        return [*self.verificationMethods, *self.verificationMethod]


class DidMetadata(VendorModel):
    didDocument: DidDocument


class DidCreated(VendorModel):
    """POST /api/v1/did/create (201)."""

    did: str = Field(min_length=1)
    registrationStatus: str = ""
    transactionHash: str | None = None
    metadata: DidMetadata

    def ed25519_method(self) -> VerificationMethod | None:
        """The Ed25519VerificationKey2020 method, as the document picks it."""
        return next(
            (m for m in self.metadata.didDocument.methods() if m.type == ED25519_METHOD), None
        )

    @property
    def verification_method_id(self) -> str:
        method = self.ed25519_method()
        return method.id if method else ""


class DidJwt(VendorModel):
    """POST /api/v1/did/auth/issue-jwt: an EdDSA JWT signed by the issuer DID's key."""

    accessToken: str = Field(repr=False, min_length=1)
    expiresIn: float | None = None  # the notes' key; the document reads accessToken only


class Presentation(VendorModel):
    """POST /api/v1/presentation (201): the holder-signed W3C Verifiable Presentation, kept
    exactly as received (its proof covers every byte of its canonical form)."""

    presentation: dict[str, Any]


# --- KYC service (bodies are {"success": true, "data": {...}}; these are the `data`) -----


class KycSession(VendorModel):
    """POST /api/v2/session."""

    sessionId: str = Field(min_length=1)


class UserToken(VendorModel):
    """POST /api/v2/auth/exchange."""

    kycServiceUserAccessToken: str = Field(repr=False, min_length=1)
    expiresIn: float | None = None  # the contract's choice; the document reads the token only


class Mrz(VendorModel):
    line1: str = ""
    line2: str = ""


class ExtractedData(VendorModel):
    """What was read off the document (the contract's keys: the document is silent). Each is
    present only when read."""

    fullName: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    documentNumber: str | None = None
    dateOfBirth: str | None = None  # YYYY-MM-DD
    dateOfExpiry: str | None = None
    gender: str | None = None
    nationality: str | None = None
    issuingCountry: str | None = None
    address: str | None = None
    mrz: Mrz | None = None  # a passport's machine-readable zone, as read


class Extraction(VendorModel):
    """POST /api/v2/documents/extract. The document reads `extractionToken` only; the other
    keys are the contract's."""

    extractionToken: str = Field(repr=False, min_length=1)
    documentType: str | None = None
    countryCode: str | None = None
    extractedData: ExtractedData = Field(default_factory=ExtractedData)
    faceDetected: bool | None = None


class FaceMatch(VendorModel):
    """The contract's face comparison (the document is silent): boxes are [left, top, right,
    bottom] in each image's pixels."""

    match: bool
    distance: float | None = None
    threshold: float | None = None
    documentFace: list[float] | None = None
    selfieFace: list[float] | None = None


class Biometrics(VendorModel):
    """POST /api/v2/biometrics/verify: the W3C Verifiable Credentials, kept exactly as received
    (their proofs cover their canonical form), and the contract's face match."""

    credentials: list[dict[str, Any]]
    faceMatch: FaceMatch | None = None


class Consent(VendorModel):
    """POST /api/v2/consents (the document does not read the answer; the contract's keys)."""

    sessionId: str | None = None
    status: str | None = None
    credentials: int | None = None


# --- the user's token, as the console holds it ------------------------------------------


@dataclass(frozen=True)
class UserSession:
    """A session's user token (issue-jwt then exchange), with its expiry on the client's clock."""

    session_id: str
    user_token: str = field(repr=False)
    obtained_at: float
    expires_at: float | None  # None when the vendor gave no lifetime
