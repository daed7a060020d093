"""Magic values that force an outcome without the right images, the documented sample answers
they return, and the SPECIMEN files the catalog's requests send."""

from pathlib import Path

DOCUMENTS = Path(__file__).resolve().parents[2] / "assets" / "ckyc" / "documents"
MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
MEDIA_TYPES |= {".pdf": "application/pdf"}


def sample_files() -> dict[str, Path]:
    """The SPECIMEN documents and selfies QA can send (assets/ckyc/documents/)."""
    return {path.name: path for path in sorted(DOCUMENTS.iterdir()) if path.suffix in MEDIA_TYPES}


# Magic first_name values (sandbox only; compared upper-cased). Checked after the request's
# own rules (a name and an ID number present, options yes or no), before any file is looked at:
# no selfie or document is needed.
MAGIC_APPROVE = "APPROVE-ME"
MAGIC_REVIEW = "REVIEW-ME"
MAGIC_REJECT = "REJECT-ME"
MAGIC_FILE_TOO_LARGE = "FILE-TOO-LARGE"
MAGIC_TOO_MANY_PAGES = "TOO-MANY-PAGES"
MAGIC_SERVER_ERROR = "SERVER-ERROR"


def _match(found: bool, score: int) -> dict:
    return {"matchFound": found, "score": score}


# The document's samples, verbatim: what the magic outcomes answer.
SAMPLE_APPROVE = {
    "action": "approve",
    "validPOA": ["aadhaar"],
    "validPOI": ["aadhaar"],
    "invalidDocs": {},
    "details": {
        "aadhaar": {
            "first_name": _match(True, 90),
            "last_name": _match(True, 100),
            "address1": _match(True, 95),
            "address2": _match(True, 96),
            "address3": _match(True, 100),
            "city": _match(True, 100),
            "dob": _match(True, 100),
            "aadhaar": _match(True, 100),
            "faceMatch": _match(True, 90),
        }
    },
    "aadhaar_type": "STANDARD",
}
SAMPLE_MANUAL_REVIEW = {
    "action": "manual_review",
    "validPOA": ["aadhaar"],
    "validPOI": [],
    "invalidDocs": {"aadhaar": ["ER_FACE_NO_MATCH"]},
    "details": {
        "aadhaar": {
            "first_name": _match(True, 100),
            "last_name": _match(True, 100),
            "address1": _match(True, 100),
            "address2": _match(True, 100),
            "address3": _match(True, 100),
            "city": _match(True, 100),
            "dob": _match(True, 100),
            "aadhaar": _match(True, 100),
            "faceMatch": _match(False, 37),
        }
    },
    "aadhaar_type": "STANDARD",
}
SAMPLE_REJECT = {
    "action": "reject",
    "validPOA": [],
    "validPOI": [],
    "invalidDocs": {"dl": ["ER_FACE_NO_MATCH", "ER_NAME"]},
    "details": {
        "dl": {
            "first_name": _match(False, 40),
            "last_name": _match(False, 60),
            "dob": _match(True, 100),
            "address1": _match(True, 100),
            "address2": _match(True, 100),
            "address3": _match(True, 100),
            "city": _match(True, 100),
            "faceMatch": _match(False, 35),
        }
    },
}
MAGIC_RESULTS = {
    MAGIC_APPROVE: SAMPLE_APPROVE,
    MAGIC_REVIEW: SAMPLE_MANUAL_REVIEW,
    MAGIC_REJECT: SAMPLE_REJECT,
}
