"""HyperVerge CKYC Individual Download: client, documented models, and what must stay secret."""

from kyc_adapters.hyperverge_ckyc.client import (
    HyperVergeCkycClient,
    OtpRejected,
    OtpSessionTerminated,
    ResendTooEarly,
)
from kyc_adapters.hyperverge_ckyc.models import (
    ID_TYPES,
    VENDOR,
    CkycRecord,
    IdListEntry,
    ImageDetail,
    OtpSent,
    ResendResult,
    SearchResult,
    aadhaar_id_no,
)

# Header and body keys whose values are secrets (never stored, never shown).
SECRET_KEYS = ("appKey",)
# Keys holding personal identifiers, masked in history by default: ID numbers, mobile, e-mail,
# OTP. Names, dates and addresses are kept, so that QA can tell records apart.
PII_KEYS = (
    "idNo",
    "mobileNo",
    "mobileNumber",
    "aadhaar",
    "pan",
    "otp",
    "ckycNo",
    "email",
    "passport",
    "foreignNationalId",
)

__all__ = [
    "ID_TYPES",
    "PII_KEYS",
    "SECRET_KEYS",
    "VENDOR",
    "CkycRecord",
    "HyperVergeCkycClient",
    "IdListEntry",
    "ImageDetail",
    "OtpRejected",
    "OtpSent",
    "OtpSessionTerminated",
    "ResendResult",
    "ResendTooEarly",
    "SearchResult",
    "aadhaar_id_no",
]
