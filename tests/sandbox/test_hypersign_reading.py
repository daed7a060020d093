"""Hypersign extraction and biometrics read the SPECIMEN images for real (the shared OCR and
face model), off the event loop; a passport's machine-readable zone is parsed tolerantly."""

import dataclasses
import io
import json
import subprocess
import sys
import threading

import httpx
import pytest
from mrz.checker.td3 import TD3CodeChecker
from PIL import Image

from sandbox.core import vision
from sandbox.hypersign_kyc import fields, mrz_zone, reading
from sandbox.hyperverge_validation import reading as validation_reading
from tests.helpers import ROOT
from tests.sandbox.hypersign_doc import (
    BLANK,
    DOCUMENT_VERIFICATION_FAILED,
    EXTRACT,
    ID_BACK,
    ID_FRONT,
    KYC_TOKEN_HEADER,
    LIVELINESS_VERIFICATION_FAILED,
    PERSON_JSON,
    SELFIE,
    SESSION,
    STRANGER_SELFIE,
    VENDOR,
    Journey,
    b64,
    kyc_error,
)

PERSON = json.loads(PERSON_JSON.read_text())
VISION_SOURCE = ROOT / "sandbox" / "core" / "vision.py"
READ_FIELDS = (
    "fullName",
    "firstName",
    "lastName",
    "documentNumber",
    "dateOfBirth",
    "dateOfExpiry",
    "gender",
    "nationality",
    "issuingCountry",
)


def normalised(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


# --- extraction ---------------------------------------------------------------------------------


def test_a_passport_is_read_with_its_zone(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    response = journey.extract_passport()
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["extractionToken"] and data["faceDetected"] is True
    assert data["documentType"] == "PASSPORT" and data["countryCode"] == "IND"
    read = data["extractedData"]
    assert {name: read.get(name) for name in READ_FIELDS} == {
        name: PERSON[name] for name in READ_FIELDS
    }
    # The zone as a reader hands it on: two lines of 44, every check digit right.
    assert read["mrz"] == PERSON["mrz"]
    checker = TD3CodeChecker(f"{read['mrz']['line1']}\n{read['mrz']['line2']}", check_expiry=False)
    assert bool(checker)


def test_a_government_id_is_read_front_and_back(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    body = {
        "documentFront": b64(ID_FRONT),
        "documentBack": b64(ID_BACK, data_url=True),
        "sessionId": journey.session_id,
        "documentType": "GOVT_ID",
        "countryCode": "ind",
    }
    response = sandbox.post(EXTRACT, headers=journey.user_headers(), json=body, timeout=60)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["documentType"] == "GOVT_ID" and data["countryCode"] == "IND"
    assert data["faceDetected"] is True
    read = data["extractedData"]
    for name in ("fullName", "firstName", "lastName", "dateOfBirth", "gender"):
        assert read[name] == PERSON[name], name
    assert read["documentNumber"] == PERSON["governmentIdNumber"]
    assert read["issuingCountry"] == "IND"
    assert normalised(read["address"]) == normalised(PERSON["address"])  # OCR joins words
    assert "mrz" not in read


@pytest.mark.parametrize("image", [BLANK, SELFIE], ids=["blank card", "a selfie"])
def test_nothing_readable_is_a_document_verification_failure(sandbox, image) -> None:
    journey = Journey(sandbox).start().login()
    kyc_error(journey.extract_passport(image), 422, DOCUMENT_VERIFICATION_FAILED)


# --- biometrics -----------------------------------------------------------------------------------


def test_the_same_persons_selfie_matches(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport().status_code == 200
    response = journey.biometrics(SELFIE)
    assert response.status_code == 200, response.text
    face = response.json()["data"]["faceMatch"]
    assert face["match"] is True and face["threshold"] == 0.6
    assert 0 <= face["distance"] < 0.6
    for box in (face["documentFace"], face["selfieFace"]):
        left, top, right, bottom = box
        assert left < right and top < bottom


def test_a_strangers_selfie_is_a_liveliness_failure(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport().status_code == 200
    message = kyc_error(journey.biometrics(STRANGER_SELFIE), 422, LIVELINESS_VERIFICATION_FAILED)
    assert "does not match" in message


def test_a_selfie_without_a_face_is_a_liveliness_failure(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport().status_code == 200
    message = kyc_error(journey.biometrics(BLANK), 422, LIVELINESS_VERIFICATION_FAILED)
    assert "no face" in message


def test_a_document_without_a_face_is_a_document_failure(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    body = {
        "documentFront": b64(BLANK),  # the back alone is read: its number and address
        "documentBack": b64(ID_BACK),
        "sessionId": journey.session_id,
        "documentType": "GOVT_ID",
        "countryCode": "IND",
    }
    extracted = sandbox.post(EXTRACT, headers=journey.user_headers(), json=body, timeout=60)
    assert extracted.status_code == 200, extracted.text
    assert extracted.json()["data"]["faceDetected"] is False
    journey.extraction = extracted.json()["data"]["extractionToken"]
    message = kyc_error(journey.biometrics(SELFIE), 422, DOCUMENT_VERIFICATION_FAILED)
    assert "document" in message


# --- the event loop and the models ----------------------------------------------------------------


# Only so that a broken build fails instead of hanging: nothing waits this long when it works.
HANG_GUARD = 120


class Gate:
    """Holds one of the sandbox's readings where it runs (the sandbox serves in this process)
    until the test releases it: while it is held, the reading is in progress, however fast or
    loaded the machine is."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.entered, self.released = threading.Event(), threading.Event()
        original = getattr(reading, name)

        def held(*args):
            self.entered.set()
            self.released.wait(HANG_GUARD)
            return original(*args)

        monkeypatch.setattr(reading, name, held)


@pytest.mark.parametrize(("step", "reader"), [("extract", "read_passport"), ("biometrics", "face")])
def test_other_routes_answer_while_a_reading_is_in_progress(
    sandbox: httpx.Client, monkeypatch: pytest.MonkeyPatch, step: str, reader: str
) -> None:
    journey = Journey(sandbox).start().login()
    if step == "biometrics":
        assert journey.extract_passport().status_code == 200
    gate = Gate(monkeypatch, reader)
    events: list[str] = []
    outcome: list[httpx.Response] = []

    def call() -> None:
        with httpx.Client(base_url=sandbox.base_url, timeout=HANG_GUARD) as other:
            walker = dataclasses.replace(journey, client=other)
            outcome.append(walker.extract_passport() if step == "extract" else walker.biometrics())
        events.append(f"{step} answered")

    worker = threading.Thread(target=call)
    worker.start()
    try:
        assert gate.entered.wait(HANG_GUARD), "the reading never started"
        events.append("reading held")
        # Were the reading on the event loop, it would hold the loop and these would not answer.
        assert sandbox.get("/_sandbox/clock").status_code == 200
        created = sandbox.post(SESSION, headers={KYC_TOKEN_HEADER: journey.kyc})
        assert created.status_code == 200, created.text
        events.append("other routes answered")
        assert outcome == []
    finally:
        gate.released.set()
        worker.join(HANG_GUARD)
    assert outcome[0].status_code == 200, outcome[0].text
    assert events == ["reading held", "other routes answered", f"{step} answered"]


def test_both_vendors_remember_readings_with_the_one_shared_reader(monkeypatch) -> None:
    assert isinstance(validation_reading.Reader(), vision.Reader)
    assert reading.Page is vision.PageReading is validation_reading.PageReading
    assert "hyperverge" not in VISION_SOURCE.read_text().lower()
    assert "hypersign" not in VISION_SOURCE.read_text().lower()
    calls: list[str] = []

    def counted(name: str):
        original = getattr(vision, name)

        def call(image):
            calls.append(name)
            return original(image)

        return call

    for name in ("ocr", "face"):
        monkeypatch.setattr(vision, name, counted(name))
    unseen = io.BytesIO()  # bytes no test has read before
    Image.new("RGB", (64, 40), (250, 250, 250)).save(unseen, "PNG")
    data = unseen.getvalue()
    assert reading.page(data) is reading.page(data)
    assert reading.face(data) is None and reading.face(data) is None
    assert calls == ["ocr", "face", "face"]  # each kind of reading once


def test_warm_loads_the_models(sandbox: httpx.Client) -> None:
    response = sandbox.post(f"/_sandbox/{VENDOR}/warm", timeout=60)
    assert response.status_code == 200
    loaded = response.json()["loaded"]
    assert loaded["ocr"] is True and loaded["faces"] is True


def test_the_models_are_not_loaded_until_used() -> None:
    script = (
        "from sandbox import create_app; from sandbox.core import vision; "
        "create_app(); print(vision.loaded()['ocr'], vision.loaded()['faces'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["False", "False"], done.stderr


# --- the machine-readable zone, as OCR misreads it -----------------------------------------------

LINE1, LINE2 = PERSON["mrz"]["line1"], PERSON["mrz"]["line2"]


@pytest.mark.parametrize(
    ("line1", "line2"),
    [
        (LINE1, LINE2),
        (LINE1[:35], LINE2),  # the filler's end not read
        (LINE1 + "<<", LINE2),
        (LINE1.replace("<<<<", "«<<", 1), LINE2),  # a guillemet for <<
        (LINE1, LINE2.replace("IND", "1ND")),  # a 1 for an I
        (LINE1, LINE2.replace("9204236", "92O4236")),  # an O in a date
        (LINE1, LINE2.replace("X4820917", "X482O917")),  # an O in the number: its check digit
        (LINE1, LINE2.replace("X4820917", "X482θ917")),  # a Greek theta (Chromium's camera)
        (LINE1, LINE2.replace("X4820917", "X482０917")),  # a full-width zero
        # A filler inside the number counts 0 in its check digit, as 0 does: it is a misread 0.
        (LINE1, LINE2.replace("X4820917", "X482<917")),
        (LINE1, LINE2.replace("<<<<<<", "<<<<<<<", 1)),  # one filler too many
        (LINE1, LINE2.replace("<<<<<<", "<<<<<", 1)),  # one filler too few
        (LINE1.replace("<", " < "), " ".join(LINE2)),  # spaces
    ],
    ids=[
        "as printed",
        "line 1 short",
        "line 1 long",
        "guillemet",
        "1ND",
        "O in a date",
        "O in the number",
        "theta in the number",
        "full-width zero",
        "filler in the number",
        "45 characters",
        "43 characters",
        "spaced",
    ],
)
def test_the_zone_is_repaired_to_what_was_printed(line1: str, line2: str) -> None:
    rows = ["PASSPORT (SPECIMEN)", "KOCHI", line1, line2, "FICTIONAL PERSON"]
    zone = mrz_zone.find(rows, year=2026)
    assert zone is not None
    assert (zone.line1, zone.line2) == (LINE1, LINE2)
    assert all(zone.checks.values())
    assert (zone.surname, zone.given_names) == ("MENON", "PRIYA SPECIMEN")
    assert zone.document_number == PERSON["documentNumber"]
    assert zone.birth == PERSON["dateOfBirth"] and zone.expiry == PERSON["dateOfExpiry"]
    assert (zone.sex, zone.nationality, zone.issuing_state) == ("F", "IND", "IND")


def test_no_zone_among_ordinary_text() -> None:
    assert mrz_zone.find(["PASSPORT", "Surname", "MENON", "P<IND"], year=2026) is None


def test_a_wrong_check_digit_is_kept_and_reported() -> None:
    line2 = LINE2[:19] + "0" + LINE2[20:]  # the birth date's check digit
    zone = mrz_zone.find([LINE1, line2], year=2026)
    assert zone is not None and zone.line2 == line2
    assert zone.checks["birth"] is False and zone.checks["number"] is True


def test_a_printed_sex_that_is_no_gender_is_not_answered() -> None:
    """On a camera frame OCR misses the Sex value and misreads the label beside it ("Date of
    lssue"): that is not the person's gender."""

    def line(text: str, left: float, top: float) -> vision.OcrLine:
        box = ((left, top), (left + 120, top), (left + 120, top + 20), (left, top + 20))
        return vision.OcrLine(text, 0.9, box)

    page = vision.OcrText((line("Sex", 400, 100), line("Date of lssue", 400, 124)), 640, 360)
    assert fields.labelled(page) == {}
    page = vision.OcrText((line("Sex", 400, 100), line("F", 400, 124)), 640, 360)
    assert fields.labelled(page) == {"gender": "FEMALE"}
