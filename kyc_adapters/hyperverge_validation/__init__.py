"""HyperVerge CKYC Validation: client, documented models, and what must stay secret."""

from kyc_adapters.hyperverge_validation.client import SELFIE_PREFIX, HyperVergeValidationClient
from kyc_adapters.hyperverge_validation.models import (
    APPROVE_UNDER,
    FIELDS,
    ID_FIELDS,
    MAX_FILE_BYTES,
    MAX_PDF_PAGES,
    MISMATCH_CODES,
    MISMATCH_WEIGHTS,
    OPTIONS,
    REJECT_FROM,
    VENDOR,
    FieldMatch,
    ImageUrl,
    UploadFile,
    ValidationFields,
    ValidationOptions,
    ValidationResult,
)

SECRET_KEYS = ("appKey",)
# Identifiers masked in history by default (names, dates and addresses are kept).
# The OCR dumps hold every number read off the documents: masked whole (ocrDump is one text).
PII_KEYS = ("aadhaar", "driving_license", "voter_id", "passport", "pan", "ocrDump")

__all__ = [
    "APPROVE_UNDER",
    "FIELDS",
    "ID_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_PDF_PAGES",
    "MISMATCH_CODES",
    "MISMATCH_WEIGHTS",
    "OPTIONS",
    "PII_KEYS",
    "REJECT_FROM",
    "SECRET_KEYS",
    "SELFIE_PREFIX",
    "VENDOR",
    "FieldMatch",
    "HyperVergeValidationClient",
    "ImageUrl",
    "UploadFile",
    "ValidationFields",
    "ValidationOptions",
    "ValidationResult",
]
