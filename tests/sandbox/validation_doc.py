"""What the HyperVerge CKYC Validation tests expect, as literals copied from the vendor document
(shared/vendor-docs/hyperverge-ckyc-validation.txt), plus the requests they send.

Nothing here comes from the sandbox's own modules: a test that expects what the implementation
says cannot catch the implementation saying something else.
"""

import httpx

from tests.helpers import ROOT

# The sandbox's mount and credentials (GET /_sandbox/vendors; the same as CKYC Download's).
PREFIX = "/hyperverge-validation"
VALIDATE = f"{PREFIX}/api/v1/validate"
HEADERS = {"appId": "sandbox-app-id", "appKey": "sandbox-app-key", "transactionId": "t-1"}
DOCUMENTS = ROOT / "assets" / "ckyc" / "documents"
MB = 1024 * 1024

# --- the document's error bodies, verbatim ----------------------------------------------
ERROR_401 = {"status": "failure", "statusCode": "401", "error": "Missing/Invalid credentials"}
ERROR_FIRST_NAME = {
    "status": "fail",
    "statusCode": "400",
    "error": {"code": "ER_REQ_VALIDATE", "message": "first_name should not be null or undefined"},
}
ERROR_SELFIE = {
    "status": "failure",
    "statusCode": "400",
    "error": {
        "code": "ER_REQ_VALIDATE",
        "message": "Selfie image not sent as part of the payload",
    },
}
ERROR_PAGES = {
    "status": "failure",
    "statusCode": "400",
    "error": {"code": "ER_PAGE", "message": "pages exceeded the supported length of 5"},
}
ERROR_413 = {
    "status": "failure",
    "statusCode": "413",
    "error": {"code": "ER_SERVER", "message": "File too large"},
}
ERROR_500 = {
    "status": "failure",
    "statusCode": "500",
    "error": {"code": "ER_SERVER", "message": "Internal server error"},
}


def _match(found: bool, score: int) -> dict:
    return {"matchFound": found, "score": score}


# --- the document's sample answers (results), verbatim -----------------------------------
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
# The standardOcrDump sample's keys per page type.
STANDARD_FRONT_KEYS = {
    "name",
    "gender",
    "yob",
    "dob",
    "aadhaar",
    "father",
    "mother",
    "tag",
    "qr",
    "face",
}
STANDARD_BACK_KEYS = {"aadhaar", "address", "father", "husband", "pin", "tag", "qr", "face"}
STANDARD_ADDRESS_KEYS = {
    "conf",
    "value",
    "city",
    "pin",
    "line1",
    "line2",
    "care_of",
    "state",
    "locality",
    "landmark",
    "house_number",
    "street",
    "district",
}

# --- the seeded people (README), as a CKYC record fills the form ---------------------------
ASHA = {
    "first_name": "ASHA",
    "middle_name": "SPECIMEN",
    "last_name": "KUMARI",
    "dob": "15-08-1990",
    "address1": "FLAT 12, SPECIMEN HEIGHTS",
    "address2": "SANDBOX ROAD",
    "address3": "KORAMANGALA",
    "city": "BENGALURU",
    "district": "BENGALURU",
    "state": "KARNATAKA",
    "country": "IN",
    "pincode": "560034",
    "aadhaar": "999941057058",
}
RAVI = {
    "first_name": "RAVI",
    "middle_name": "TEST",
    "last_name": "SHARMA",
    "dob": "02-01-1985",
    "address1": "42 DEMO NAGAR",
    "address2": "NEAR SANDBOX PARK",
    "city": "PUNE",
    "district": "PUNE",
    "state": "MAHARASHTRA",
    "country": "IN",
    "pincode": "411001",
    "driving_license": "MH0120190001234",
    "voter_id": "XYZ1234567",
}


def part(name: str, filename: str | None = None) -> tuple[str, tuple[str, bytes, str]]:
    """An image_details part holding a SPECIMEN file (sent as `filename` when given)."""
    media = "application/pdf" if name.endswith(".pdf") else "image/jpeg"
    return ("image_details", (filename or name, (DOCUMENTS / name).read_bytes(), media))


def selfie(name: str = "asha-selfie.jpg") -> tuple[str, tuple[str, bytes, str]]:
    return part(name, "selfie.jpg")


ASHA_AADHAAR = [part("asha-aadhaar-front.jpg"), part("asha-aadhaar-back.jpg")]


def validate(
    client: httpx.Client, form: dict, files: list, headers: dict | None = None
) -> httpx.Response:
    """A multipart POST (the text fields as parts too, so that it is multipart without files)."""
    parts = [(name, (None, value)) for name, value in form.items()] + files
    return client.post(VALIDATE, headers=headers or HEADERS, files=parts, timeout=120)


def result_of(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "success" and body["statusCode"] == "200"
    return body["result"]
