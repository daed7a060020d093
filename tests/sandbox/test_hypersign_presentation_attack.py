"""Hypersign biometrics refuses a presentation attack: the document shown as the selfie (the walk
uploaded the passport as the selfie: "Same person", distance 0.08; then pointed the browser's
camera at it: 0.00). The contract's rule: a selfie whose face is under 0.15 from the document's,
or whose text holds at least two of the document's read values, is 422
LIVELINESS_VERIFICATION_FAILED. The selfie is read (OCR) only when its face did not decide."""

import httpx
import pytest

from sandbox.hypersign_kyc import reading
from tests.sandbox.hypersign_doc import (
    ID_BACK,
    ID_FRONT,
    LIVELINESS_VERIFICATION_FAILED,
    PASSPORT,
    SELFIE,
    STRANGER_SELFIE,
    Journey,
    camera_frame,
    kyc_error,
)

PHOTO_OF_DOCUMENT = "the selfie looks like a photo of the document, not a live face"


@pytest.fixture
def selfie_readings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the sandbox (serving in this process) read a selfie's text."""
    calls: list[int] = []
    original = reading.text

    def counted(data: bytes):
        calls.append(len(data))
        return original(data)

    monkeypatch.setattr(reading, "text", counted)
    return calls


def test_the_passport_uploaded_as_the_selfie_is_refused_by_its_face(
    sandbox: httpx.Client, selfie_readings: list[int]
) -> None:
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport().status_code == 200
    message = kyc_error(journey.biometrics(PASSPORT), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message == f"{PHOTO_OF_DOCUMENT} (distance 0.00, a live face 0.15 or more)"
    assert selfie_readings == []  # the face decided: no OCR


def test_the_camera_pointed_at_the_passport_is_refused_by_its_face(
    sandbox: httpx.Client, selfie_readings: list[int]
) -> None:
    frame = camera_frame(PASSPORT, 960, 540)
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport(frame).status_code == 200
    # The passport's photo from an upload of it, shown to the camera: 0.06 from the frame's.
    message = kyc_error(journey.biometrics(PASSPORT), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message == f"{PHOTO_OF_DOCUMENT} (distance 0.06, a live face 0.15 or more)"
    message = kyc_error(journey.biometrics(frame), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message == f"{PHOTO_OF_DOCUMENT} (distance 0.00, a live face 0.15 or more)"
    assert selfie_readings == []


def test_the_passport_from_further_away_is_refused_by_its_text(
    sandbox: httpx.Client, selfie_readings: list[int]
) -> None:
    """Read at 960x540, shown at 640x360: the faces are 0.16 apart, as far as a live face may
    be, but the selfie shows the passport's number, name and dates."""
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport(camera_frame(PASSPORT, 960, 540)).status_code == 200
    selfie = camera_frame(PASSPORT, 640, 360)
    message = kyc_error(journey.biometrics(selfie), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message == (
        f"{PHOTO_OF_DOCUMENT} (distance 0.16; the document's documentNumber, name, "
        "dateOfBirth, dateOfExpiry, mrz on it)"
    )
    assert selfie_readings == [len(selfie)]


def test_the_government_id_shown_as_the_selfie_is_refused_by_its_text(
    sandbox: httpx.Client, selfie_readings: list[int]
) -> None:
    journey = Journey(sandbox).start().login()
    front, back = camera_frame(ID_FRONT, 640, 360), camera_frame(ID_BACK, 640, 360)
    assert journey.extract_govt_id(front, back).status_code == 200
    message = kyc_error(journey.biometrics(ID_FRONT), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message == (
        f"{PHOTO_OF_DOCUMENT} (distance 0.18; the document's documentNumber, name, "
        "dateOfBirth on it)"
    )
    assert len(selfie_readings) == 1


@pytest.mark.parametrize(
    ("width", "height", "distance"),
    [(960, 540, 0.26), (640, 360, 0.29)],
    ids=["960x540", "640x360"],
)
def test_the_persons_own_selfie_on_camera_still_matches(
    sandbox: httpx.Client, selfie_readings: list[int], width: int, height: int, distance: float
) -> None:
    """Her selfie is 0.25-0.36 from her documents' faces on every camera frame measured: 0.10
    clear of the 0.15 rule; and no document value is on it."""
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport(camera_frame(PASSPORT, width, height)).status_code == 200
    selfie = camera_frame(SELFIE, width, height, fill=0.5)  # as the camera walk films her
    response = journey.biometrics(selfie)
    assert response.status_code == 200, response.text
    face = response.json()["data"]["faceMatch"]
    assert face["match"] is True
    assert face["distance"] == pytest.approx(distance, abs=0.01)
    assert selfie_readings == [len(selfie)]  # the face did not decide: her selfie was read


def test_a_strangers_selfie_is_refused_by_its_face_without_reading_it(
    sandbox: httpx.Client, selfie_readings: list[int]
) -> None:
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport().status_code == 200
    message = kyc_error(journey.biometrics(STRANGER_SELFIE), 422, LIVELINESS_VERIFICATION_FAILED)
    assert message.startswith("the selfie's face does not match the document's (distance 0.")
    assert selfie_readings == []
