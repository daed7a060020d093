"""CKYC Validation on the SPECIMEN documents, read for real: the verdicts, the mismatch codes,
the options' extras, the masked Aadhaar and its 15 minutes, and a sandbox that stays responsive.

The sandbox remembers what it read by the files' bytes, so the same SPECIMEN files cost their
OCR and face match once per test session; the models load once (this process serves the
sandbox). Expected values are the seeded people's and the document's, written as literals.
"""

import io
import json
import threading
import time

import httpx
import pytest
from PIL import Image

from sandbox.core import vision
from tests.sandbox.validation_doc import (
    ASHA,
    ASHA_AADHAAR,
    DOCUMENTS,
    RAVI,
    STANDARD_ADDRESS_KEYS,
    STANDARD_BACK_KEYS,
    STANDARD_FRONT_KEYS,
    part,
    result_of,
    selfie,
    validate,
)

JSON_HEADERS = {
    "appId": "sandbox-app-id",
    "appKey": "sandbox-app-key",
    "transactionId": "t-1",
    "content-type": "application/json",
}
ASHA_FIELDS = {
    "first_name",
    "middle_name",
    "last_name",
    "address1",
    "address2",
    "address3",
    "city",
    "district",
    "state",
    "pincode",
    "dob",
    "aadhaar",
    "faceMatch",
}


def asha(sandbox: httpx.Client, form: dict | None = None, face: str = "asha-selfie.jpg", **opts):
    files = [*ASHA_AADHAAR, selfie(face)]
    return result_of(validate(sandbox, {**ASHA, **(form or {}), **opts}, files))


def test_ashas_record_with_her_aadhaar_and_selfie_is_approved(sandbox: httpx.Client) -> None:
    result = asha(sandbox)
    assert result["action"] == "approve"
    assert result["validPOA"] == ["aadhaar"] and result["validPOI"] == ["aadhaar"]
    assert result["invalidDocs"] == {}
    assert result["aadhaar_type"] == "STANDARD"
    details = result["details"]["aadhaar"]
    assert details["doc_template"] == ["aadhaar_front_bottom", "aadhaar_back"]
    fields = {name: match for name, match in details.items() if name != "doc_template"}
    assert set(fields) == ASHA_FIELDS
    assert all(m["matchFound"] and 0 <= m["score"] <= 100 for m in fields.values()), fields
    assert fields["faceMatch"]["score"] > 50
    for extra in ("masked_aadhaar_url", "ocrDump", "standardOcrDump", "inputImageUrls"):
        assert extra not in result  # only when asked for


@pytest.mark.parametrize(
    ("change", "action", "codes"),
    [
        (
            {"address1": "221B BAKER STREET", "address2": "MARYLEBONE"},
            "manual_review",
            ["ER_ADDRESS"],
        ),
        ({"pincode": "110001"}, "manual_review", ["ER_PINCODE"]),
        ({"first_name": "PRIYA"}, "manual_review", ["ER_NAME"]),
        ({"dob": "16-08-1991"}, "manual_review", ["ER_DOB"]),
        ({"dob": "1990-08-15"}, "manual_review", ["ER_DOB"]),  # not DD-MM-YYYY: matches nothing
        ({"aadhaar": "999941057059"}, "manual_review", ["ER_ID"]),
        ({"city": "MYSURU", "pincode": "570001"}, "manual_review", ["ER_ADDRESS", "ER_PINCODE"]),
        ({"first_name": "PRIYA", "dob": "01-01-2000"}, "reject", ["ER_DOB", "ER_NAME"]),
    ],
    ids=["address", "pincode", "name", "dob", "dob format", "aadhaar", "city+pin", "name+dob"],
)
def test_a_changed_field_is_named_and_weighed(
    sandbox: httpx.Client, change: dict, action: str, codes: list[str]
) -> None:
    result = asha(sandbox, change)
    assert result["invalidDocs"] == {"aadhaar": codes}
    assert result["action"] == action
    details = result["details"]["aadhaar"]
    for name in change:
        assert details[name]["matchFound"] is False, (name, details[name])
    unchanged = set(ASHA_FIELDS) - set(change)
    assert all(details[name]["matchFound"] for name in unchanged), details
    if "ER_ADDRESS" in codes or "ER_PINCODE" in codes:
        assert result["validPOA"] == []


def test_another_persons_selfie_is_a_face_mismatch(sandbox: httpx.Client) -> None:
    result = asha(sandbox, face="ravi-selfie.jpg")
    assert result["action"] == "manual_review"  # as the document's manual review sample
    assert result["invalidDocs"] == {"aadhaar": ["ER_FACE_NO_MATCH"]}
    assert result["validPOA"] == ["aadhaar"] and result["validPOI"] == []
    face = result["details"]["aadhaar"]["faceMatch"]
    assert face["matchFound"] is False and face["score"] < 50


def test_another_name_and_face_reject(sandbox: httpx.Client) -> None:
    result = asha(sandbox, {"first_name": "PRIYA"}, face="ravi-selfie.jpg")
    assert result["action"] == "reject"  # as the document's reject sample: 2 + 2
    assert result["invalidDocs"] == {"aadhaar": ["ER_FACE_NO_MATCH", "ER_NAME"]}


def test_ravis_pdf_holds_two_documents_and_both_validate(sandbox: httpx.Client) -> None:
    files = [part("ravi-documents.pdf"), selfie("ravi-selfie.jpg")]
    result = result_of(validate(sandbox, RAVI, files))
    assert result["action"] == "approve"
    assert result["validPOA"] == ["dl", "voter_id"] and result["validPOI"] == ["dl", "voter_id"]
    assert result["details"]["dl"]["doc_template"] == ["dl_front"]
    assert result["details"]["dl"]["driving_license"] == {"matchFound": True, "score": 100}
    assert result["details"]["voter_id"]["voter_id"] == {"matchFound": True, "score": 100}
    assert "aadhaar_type" not in result


def test_the_best_document_sets_the_score(sandbox: httpx.Client) -> None:
    """The document's example: the record's score is the lowest document score."""
    files = [*ASHA_AADHAAR, part("asha-passport.jpg"), selfie()]
    form = {**ASHA, "passport": "Z1234567", "address1": "221B BAKER STREET"}
    result = result_of(validate(sandbox, form, files))
    # The passport's information page shows no address, so it cannot contradict it.
    assert result["invalidDocs"] == {"aadhaar": ["ER_ADDRESS"]}
    assert result["action"] == "approve"
    assert result["validPOA"] == [] and result["validPOI"] == ["aadhaar", "passport"]
    assert "address1" not in result["details"]["passport"]


def test_an_unreadable_file_is_a_bad_document(sandbox: httpx.Client) -> None:
    junk = ("image_details", ("scan.jpg", b"not a picture", "image/jpeg"))
    result = result_of(validate(sandbox, ASHA, [junk, selfie()]))
    assert result["invalidDocs"] == {"other": ["ER_BAD_DOC"]} and result["action"] == "reject"
    result = result_of(validate(sandbox, ASHA, [junk, *ASHA_AADHAAR, selfie()]))
    assert result["invalidDocs"] == {"other": ["ER_BAD_DOC"]} and result["action"] == "approve"


def test_a_selfie_without_a_face(sandbox: httpx.Client) -> None:
    files = [*ASHA_AADHAAR, part("asha-aadhaar-back.jpg", "selfie.jpg")]
    result = result_of(validate(sandbox, ASHA, files))
    assert result["invalidDocs"] == {"aadhaar": ["ER_FACE_MISSING"]}
    assert result["details"]["aadhaar"]["faceMatch"] == {"matchFound": False, "score": 0}


def test_ocr_dumps_in_the_samples_shape(sandbox: httpx.Client) -> None:
    result = asha(sandbox, returnOcrDump="yes", standardOcrDump="yes")
    assert "Asha Specimen Kumari" in result["ocrDump"]
    assert "9999 4105 7058" in result["ocrDump"]
    front, back = result["standardOcrDump"]["aadhaar"]
    assert front["type"] == "aadhaar_front_bottom" and back["type"] == "aadhaar_back"
    assert set(front["details"]) == STANDARD_FRONT_KEYS
    assert set(back["details"]) == STANDARD_BACK_KEYS
    assert set(back["details"]["address"]) == STANDARD_ADDRESS_KEYS
    assert vision.normalise(front["details"]["name"]["value"]) == "ASHASPECIMENKUMARI"
    assert front["details"]["aadhaar"] == {"conf": 100, "value": "999941057058", "ismasked": "no"}
    assert back["details"]["pin"]["value"] == "560034"
    assert back["details"]["address"]["city"] == "BENGALURU"
    assert front["details"]["face"]["present"] == "yes"


def test_return_masked_aadhaar_number_hides_it_in_the_answer(sandbox: httpx.Client) -> None:
    result = asha(
        sandbox, returnOcrDump="yes", standardOcrDump="yes", returnMaskedAadhaarNumber="yes"
    )
    assert "99994105" not in result["ocrDump"].replace(" ", "")
    assert "XXXX XXXX 7058" in result["ocrDump"]
    front = result["standardOcrDump"]["aadhaar"][0]["details"]["aadhaar"]
    assert front["value"] == "XXXXXXXX7058" and front["ismasked"] == "yes"


def test_input_images_are_served_back(sandbox: httpx.Client) -> None:
    urls = asha(sandbox, returnInputImage="yes")["inputImageUrls"]
    assert len(urls) == 3
    sent = ["asha-aadhaar-front.jpg", "asha-aadhaar-back.jpg", "asha-selfie.jpg"]
    assert [httpx.get(url).content for url in urls] == [(DOCUMENTS / n).read_bytes() for n in sent]


def test_validate_pan_lists_a_well_formed_pan(sandbox: httpx.Client) -> None:
    result = asha(sandbox, {"pan": "ABCPK1234F"}, validate_pan="yes")
    assert result["validPOI"] == ["aadhaar", "pan"] and result["action"] == "approve"


def test_the_masked_aadhaar_hides_8_digits_and_lives_15_minutes(sandbox: httpx.Client) -> None:
    sandbox.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()
    urls = asha(sandbox, mask_aadhaar="yes")["masked_aadhaar_url"]
    assert len(urls) == 2  # front and back, each with the number
    (single,) = asha(sandbox, mask_aadhaar="yes", returnSingleMaskedFile="yes")[
        "masked_aadhaar_url"
    ]
    merged = Image.open(io.BytesIO(httpx.get(single).content))
    assert merged.size == (1000, 2 * 630)  # both sides, one under the other
    front = httpx.get(urls[0])
    assert front.status_code == 200 and front.headers["content-type"] == "image/jpeg"
    text = vision.ocr(front.content)
    assert text.contains("7058") and text.contains("Asha Specimen Kumari")
    assert not text.contains("9999") and not text.contains("4105")

    sandbox.post("/_sandbox/clock/advance", json={"seconds": 15 * 60 - 1}).raise_for_status()
    assert httpx.get(urls[0]).status_code == 200
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 1}).raise_for_status()
    expired = httpx.get(urls[0])
    assert expired.status_code == 403 and "<Code>AccessDenied</Code>" in expired.text
    unknown = httpx.get(urls[0].rsplit("/", 1)[0] + "/no-such-file")
    assert unknown.status_code == 404 and "<Code>NoSuchKey</Code>" in unknown.text


def test_a_downloaded_records_image_urls_validate(sandbox: httpx.Client) -> None:
    """The download-then-validate walk over plain HTTP: imageDetails as the download gives it."""
    start = sandbox.post(
        "/hyperverge-ckyc/api/v1/start",
        headers=JSON_HEADERS,
        json={"entityType": "individual", "idType": "C", "idNo": "ABCPK1234F"}
        | {"mobileNo": "9876501865"},
    ).json()["result"]
    otp = sandbox.get("/_sandbox/inbox", params={"mobile": "9876501865"}).json()["messages"]
    record = sandbox.post(
        "/hyperverge-ckyc/api/v1/validateOtpAndDownload",
        headers=JSON_HEADERS,
        json={"entityType": "individual", "otp": otp[-1]["otp"], "requestId": start["requestId"]}
        | {"outputImageType": "selfurl"},
    ).json()["result"]
    form = {
        **ASHA,
        "aadhaar": record["aadhaar"],  # as the record holds it: XXXXXXXX7058
        "passport": "Z1234567",
        "imageDetails": json.dumps(record["imageDetails"]),
    }
    result = result_of(validate(sandbox, form, []))
    assert result["action"] == "approve", result
    assert set(result["details"]) == {"aadhaar", "passport"}
    assert result["details"]["aadhaar"]["aadhaar"] == {"matchFound": True, "score": 100}


def test_the_sandbox_answers_while_a_validation_runs(sandbox: httpx.Client) -> None:
    # Bytes the sandbox has not read yet (a re-encoded card), so the vision really runs.
    fresh = io.BytesIO()
    Image.open(DOCUMENTS / "asha-aadhaar-back.jpg").save(fresh, format="JPEG", quality=77)
    files = [
        part("asha-aadhaar-front.jpg"),
        ("image_details", ("back.jpg", fresh.getvalue(), "image/jpeg")),
        selfie(),
    ]
    done = threading.Event()
    outcome: list[httpx.Response] = []

    def run() -> None:
        with httpx.Client(base_url=sandbox.base_url, timeout=120) as other:
            outcome.append(validate(other, ASHA, files))
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    waits = []
    while not done.is_set():
        began = time.perf_counter()
        assert sandbox.get("/_sandbox/clock").status_code == 200
        waits.append(time.perf_counter() - began)
    worker.join()
    assert result_of(outcome[0])["action"] == "approve"
    assert len(waits) >= 3, waits  # answered again and again while the card was read
    assert max(waits) < 1.0, max(waits)
