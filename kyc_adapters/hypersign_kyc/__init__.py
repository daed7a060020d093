"""Hypersign KYC + SSI: client, documented models, credential reading, and what must stay
secret."""

from kyc_adapters.hypersign_kyc.client import (
    RETRY_SUFFIX,
    AdminTokenRejected,
    HypersignKycClient,
    InvalidRequest,
)
from kyc_adapters.hypersign_kyc.credentials import (
    CredentialSummary,
    PresentationSummary,
    ProofSummary,
    read_credential,
    read_presentation,
)
from kyc_adapters.hypersign_kyc.models import (
    DOCUMENT_TYPES,
    ED25519_METHOD,
    GRANT_TYPES,
    LIVE_URLS,
    VENDOR,
    AdminToken,
    Biometrics,
    Consent,
    DidCreated,
    DidDocument,
    DidJwt,
    DocumentType,
    ExtractedData,
    Extraction,
    FaceMatch,
    KycSession,
    Mrz,
    Presentation,
    TokenStatus,
    UserSession,
    UserToken,
    VerificationMethod,
)

# Header and body keys whose values are secrets or tokens (never stored, never shown). The
# redactor matches keys case-insensitively.
SECRET_KEYS = (
    "X-Api-Secret-Key",  # the dashboard's app secrets
    "Authorization",  # Bearer SSI admin token, DID-JWT or KYC user token
    "x-kyc-access-token",
    "x-ssi-access-token",
    "access_token",  # oauth answer
    "accessToken",  # issue-jwt answer: the DID-JWT
    "kycServiceUserAccessToken",  # exchange answer: the user token
    "extractionToken",  # extract answer
    "documentToken",  # the same token, sent to biometrics
    "kycAdminToken",  # the document's backend answer to its browser
    "ssiAdminToken",
    "userBearerToken",
    "kyc_api_secret",  # the console's setting names
    "ssi_api_secret",
)
# Personal data, masked in history by default: e-mail, names, the document number, dates of
# birth, the MRZ lines (they hold all of it) and the address.
PII_KEYS = (
    "email",
    "name",
    "fullName",
    "firstName",
    "lastName",
    "givenName",
    "familyName",
    "documentNumber",
    "dateOfBirth",
    "birthDate",
    "mrz",
    "address",
)

__all__ = [
    "DOCUMENT_TYPES",
    "ED25519_METHOD",
    "GRANT_TYPES",
    "LIVE_URLS",
    "PII_KEYS",
    "RETRY_SUFFIX",
    "SECRET_KEYS",
    "VENDOR",
    "AdminToken",
    "AdminTokenRejected",
    "Biometrics",
    "Consent",
    "CredentialSummary",
    "DidCreated",
    "DidDocument",
    "DidJwt",
    "DocumentType",
    "ExtractedData",
    "Extraction",
    "FaceMatch",
    "HypersignKycClient",
    "InvalidRequest",
    "KycSession",
    "Mrz",
    "Presentation",
    "PresentationSummary",
    "ProofSummary",
    "TokenStatus",
    "UserSession",
    "UserToken",
    "VerificationMethod",
    "read_credential",
    "read_presentation",
]
