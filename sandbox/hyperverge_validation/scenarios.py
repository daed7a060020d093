"""Every documented outcome of CKYC Validation, as a multipart request QA can send.

The files are SPECIMEN documents the sandbox serves under /_sandbox/hyperverge-validation/
samples/; the forced outcomes use magic first_name values (seed.py) and need no file at all.
"""

from sandbox.core.scenarios import (
    Scenario,
    ScenarioExpect,
    ScenarioFile,
    ScenarioRequest,
    scenario_maker,
)
from sandbox.hyperverge_validation import errors as err
from sandbox.hyperverge_validation import seed
from sandbox.hyperverge_validation.routes import SANDBOX_APP_ID, SANDBOX_APP_KEY
from sandbox.hyperverge_validation.scoring import MISMATCH_WEIGHTS

VENDOR = "hyperverge-validation"
PREFIX = "/hyperverge-validation"
VALIDATE = f"{PREFIX}/api/v1/validate"
SAMPLES = f"/_sandbox/{VENDOR}/samples"
# No content-type here: the client writes multipart/form-data with its boundary itself.
HEADERS = {"appId": SANDBOX_APP_ID, "appKey": SANDBOX_APP_KEY, "transactionId": "qa-scenario-0001"}

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
WEIGHTS = ", ".join(f"{code} {weight}" for code, weight in MISMATCH_WEIGHTS.items())
RULE = (
    f"Per document the sum of its mismatch weights ({WEIGHTS}; address 2 and pincode 1 "
    "documented, the others chosen); the record's score is the lowest document's; approve "
    "when that document matched in full (score under 2), reject from 4, manual_review between."
)


def _file(sample: str, filename: str | None = None) -> ScenarioFile:
    media = seed.MEDIA_TYPES[sample[sample.rindex(".") :]]
    return ScenarioFile(
        field="image_details",
        filename=filename or sample,
        url=f"{SAMPLES}/{sample}",
        content_type=media,
    )


def _selfie(sample: str) -> ScenarioFile:
    return _file(sample, "selfie.jpg")


def _request(form: dict, *files: ScenarioFile, headers: dict | None = None) -> ScenarioRequest:
    # The document makes multipart/form-data mandatory, files or not.
    return ScenarioRequest(
        path=VALIDATE,
        headers=headers or HEADERS,
        form=form,
        files=list(files) or None,
        multipart=True,
    )


def _error(status: int, code: str, message: str, word: str = "failure") -> ScenarioExpect:
    fields = {"status": word, "statusCode": str(status)}
    return ScenarioExpect(status=status, code=code, message=message, fields=fields)


# Safe to send to the real vendor (why: sandbox/core/scenarios.py, Scenario.live_safe).
LIVE_SAFE = frozenset(
    {
        "invalid-credentials",
    }
)


_scenario = scenario_maker(VENDOR, LIVE_SAFE)


def catalog() -> list[Scenario]:
    magic = "Magic first_name {} (sandbox only): the document's {} sample, no file needed."
    aadhaar_front = _file("asha-aadhaar-front.jpg")
    aadhaar_back = _file("asha-aadhaar-back.jpg")
    return [
        _scenario(
            "approve",
            "Approve (forced)",
            magic.format(seed.MAGIC_APPROVE, "approve"),
            _request({**ASHA, "first_name": seed.MAGIC_APPROVE}),
            ScenarioExpect(status=200, fields={"result.action": "approve"}),
        ),
        _scenario(
            "manual-review",
            "Manual review (forced)",
            magic.format(seed.MAGIC_REVIEW, "manual review"),
            _request({**ASHA, "first_name": seed.MAGIC_REVIEW}),
            ScenarioExpect(
                status=200,
                fields={
                    "result.action": "manual_review",
                    "result.invalidDocs.aadhaar": ["ER_FACE_NO_MATCH"],
                },
            ),
        ),
        _scenario(
            "reject",
            "Reject (forced)",
            magic.format(seed.MAGIC_REJECT, "reject"),
            _request({**ASHA, "first_name": seed.MAGIC_REJECT}),
            ScenarioExpect(
                status=200,
                fields={
                    "result.action": "reject",
                    "result.invalidDocs.dl": ["ER_FACE_NO_MATCH", "ER_NAME"],
                },
            ),
        ),
        _scenario(
            "specimen-approve",
            "Approve: Asha's Aadhaar and selfie, read for real",
            "Her record's fields, her SPECIMEN Aadhaar front and back and her selfie: every "
            "field and the face match. OCR and face match take seconds (the same files again "
            f"are remembered). {RULE}",
            _request(ASHA, aadhaar_front, aadhaar_back, _selfie("asha-selfie.jpg")),
            ScenarioExpect(
                status=200,
                fields={
                    "result.action": "approve",
                    "result.validPOA": ["aadhaar"],
                    "result.validPOI": ["aadhaar"],
                    "result.invalidDocs": {},
                    "result.aadhaar_type": "STANDARD",
                },
            ),
        ),
        _scenario(
            "specimen-face-mismatch",
            "Manual review: another person's selfie",
            f"Asha's record and Aadhaar with Ravi's selfie: ER_FACE_NO_MATCH (2). {RULE}",
            _request(ASHA, aadhaar_front, aadhaar_back, _selfie("ravi-selfie.jpg")),
            ScenarioExpect(
                status=200,
                fields={
                    "result.action": "manual_review",
                    "result.invalidDocs.aadhaar": ["ER_FACE_NO_MATCH"],
                    "result.validPOA": ["aadhaar"],
                    "result.validPOI": [],
                },
            ),
        ),
        _scenario(
            "specimen-reject",
            "Reject: another name and another face on a driving licence",
            "Ravi's record with first_name ROHAN, his SPECIMEN driving licence, Asha's selfie: "
            f"ER_FACE_NO_MATCH (2) + ER_NAME (2) = 4. {RULE}",
            _request(
                {**RAVI, "first_name": "ROHAN"},
                _file("ravi-driving-licence.jpg"),
                _selfie("asha-selfie.jpg"),
            ),
            ScenarioExpect(
                status=200,
                fields={
                    "result.action": "reject",
                    "result.invalidDocs.dl": ["ER_FACE_NO_MATCH", "ER_NAME"],
                },
            ),
        ),
        _scenario(
            "invalid-credentials",
            "Missing or invalid appId/appKey",
            "Any appKey other than the sandbox's. The 401's error is a string, not an object.",
            _request(ASHA, headers={**HEADERS, "appKey": "wrong-key"}),
            ScenarioExpect(
                status=401,
                fields={"status": "failure", "statusCode": "401", "error": err.INVALID_CREDENTIALS},
            ),
        ),
        _scenario(
            "first-name-missing",
            "No first name in the request",
            "Not documented by the vendor: when it fires. The sandbox sends it when first_name "
            "is not sent or blank, whatever other name is (status is 'fail' here, as the "
            "document's sample shows).",
            _request({**{k: v for k, v in ASHA.items() if k != "first_name"}, "full_name": "ASHA"}),
            _error(400, err.ER_REQ_VALIDATE, err.FIRST_NAME_MISSING, word="fail"),
        ),
        _scenario(
            "id-missing",
            "None of the four ID numbers",
            "At least one of aadhaar, driving_license, voter_id, passport is required. Not "
            "documented by the vendor: this message.",
            _request({k: v for k, v in ASHA.items() if k != "aadhaar"}),
            _error(400, err.ER_REQ_VALIDATE, err.ID_MISSING),
        ),
        _scenario(
            "selfie-missing",
            "No selfie",
            "Documents but no image_details part named selfie* (nor an imageDetails PHOTO).",
            _request(ASHA, aadhaar_front),
            _error(400, err.ER_REQ_VALIDATE, err.SELFIE_MISSING),
        ),
        _scenario(
            "too-many-pages",
            "A PDF of more than 5 pages",
            "Asha's 6-page SPECIMEN PDF (or magic first_name "
            f"{seed.MAGIC_TOO_MANY_PAGES} without files). Pages are counted before any is read.",
            _request(ASHA, _file("asha-six-pages.pdf"), _selfie("asha-selfie.jpg")),
            _error(400, err.ER_PAGE, err.TOO_MANY_PAGES),
        ),
        _scenario(
            "file-too-large",
            "A file over 6 MB",
            f"Magic first_name {seed.MAGIC_FILE_TOO_LARGE} (or send any file over 6 MB).",
            _request({**ASHA, "first_name": seed.MAGIC_FILE_TOO_LARGE}),
            _error(413, err.ER_SERVER, err.FILE_TOO_LARGE),
        ),
        _scenario(
            "server-error",
            "Internal server error",
            f"Magic first_name {seed.MAGIC_SERVER_ERROR} (or arm an http_500 fault).",
            _request({**ASHA, "first_name": seed.MAGIC_SERVER_ERROR}),
            _error(500, err.ER_SERVER, err.SERVER_ERROR),
        ),
        _scenario(
            "no-document",
            "A selfie and no document",
            "Not documented by the vendor: the sandbox refuses a request with nothing to "
            "validate the fields against.",
            _request(ASHA, _selfie("asha-selfie.jpg")),
            _error(400, err.ER_REQ_VALIDATE, err.NO_DOCUMENT),
        ),
    ]
