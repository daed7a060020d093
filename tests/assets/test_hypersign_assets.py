"""The Hypersign SPECIMEN images (assets/make_hypersign.py) read back with the real vision module.

What the sandbox's extract and biometrics routes will read: the seeded person's values by OCR
(compared normalised: OCR joins words), faces that match the selfie and not the stranger, a
blank card with neither, an MRZ whose check digits verify, and the same passport page as
Chromium's fake camera shows it (tests/e2e/y4m.py). Each image is read once per module.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from mrz.checker.td3 import TD3CodeChecker
from PIL import Image

from sandbox.core import vision
from tests.e2e.y4m import read_y4m_frame, write_y4m
from tests.helpers import ROOT

ASSETS = ROOT / "assets" / "hypersign"
IMAGES = [
    "passport.jpg",
    "id-front.jpg",
    "id-back.jpg",
    "selfie.jpg",
    "stranger-selfie.jpg",
    "blank.jpg",
]
FOOTER = "FICTIONAL PERSON - NOT A VALID DOCUMENT"
CAMERA = "camera frame"  # the first frame of the y4m written from passport.jpg


class Reader:
    """OCR and faces of each image, computed on first use and kept for the module."""

    def __init__(self, frame: Image.Image) -> None:
        self._images: dict[str, bytes | Image.Image] = {CAMERA: frame}
        self._texts: dict[str, vision.OcrText] = {}
        self._faces: dict[str, vision.FaceEmbedding | None] = {}

    def image(self, name: str) -> bytes | Image.Image:
        if name not in self._images:
            self._images[name] = (ASSETS / name).read_bytes()
        return self._images[name]

    def text(self, name: str) -> vision.OcrText:
        if name not in self._texts:
            self._texts[name] = vision.ocr(self.image(name))
        return self._texts[name]

    def face(self, name: str) -> vision.FaceEmbedding | None:
        if name not in self._faces:
            self._faces[name] = vision.face(self.image(name))
        return self._faces[name]

    def found(self, name: str) -> vision.FaceEmbedding:
        found = self.face(name)
        assert found is not None, f"no face on {name}"
        return found


@pytest.fixture(scope="module")
def person() -> dict:
    return json.loads((ASSETS / "person.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def camera_y4m(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_y4m(ASSETS / "passport.jpg", tmp_path_factory.mktemp("y4m") / "passport.y4m")


@pytest.fixture(scope="module")
def read(camera_y4m: Path) -> Reader:
    return Reader(read_y4m_frame(camera_y4m))


def mrz_read(text: vision.OcrText, line: str) -> str:
    """The line OCR read for an MRZ line (compared normalised), as read."""
    wanted = vision.normalise(line)
    read = [each.text for each in text.lines if vision.normalise(each.text) == wanted]
    assert read, f"{line} not read:\n{text.text}"
    return read[0]


# -- the files ------------------------------------------------------------------------------------


def test_person_holds_the_seeded_fields(person: dict) -> None:
    assert person["fullName"] == f"{person['firstName']} {person['lastName']}"
    assert "SPECIMEN" in person["fullName"]
    for key in ("dateOfBirth", "dateOfIssue", "dateOfExpiry"):
        assert date.fromisoformat(person[key]).isoformat() == person[key]
    assert person["gender"] == "FEMALE" and person["sex"] == "F"
    assert person["nationality"] == person["issuingCountry"] == "IND"
    assert re.fullmatch(r"[A-Z]\d{7}", person["documentNumber"])
    assert re.fullmatch(r"\d{4} \d{4} \d{4}", person["governmentIdNumber"])
    assert person["address"].endswith("682036")


def test_the_mrz_check_digits_verify_and_carry_the_person(person: dict) -> None:
    line1, line2 = person["mrz"]["line1"], person["mrz"]["line2"]
    assert len(line1) == len(line2) == 44
    checker = TD3CodeChecker(f"{line1}\n{line2}")
    assert checker, checker.report
    fields = checker.fields()
    assert (fields.surname, fields.name) == (person["lastName"], person["firstName"])
    assert fields.document_number == person["documentNumber"]
    assert fields.birth_date == person["dateOfBirth"].replace("-", "")[2:]
    assert fields.expiry_date == person["dateOfExpiry"].replace("-", "")[2:]
    assert (fields.sex, fields.nationality, fields.country) == ("F", "IND", "IND")
    tampered = line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:]
    assert not TD3CodeChecker(f"{line1}\n{tampered}")


@pytest.mark.parametrize("name", IMAGES)
def test_each_image_is_a_small_jpeg(name: str) -> None:
    with Image.open(ASSETS / name) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert 500 <= max(image.size) <= 1250
    assert (ASSETS / name).stat().st_size < 200_000


def test_the_script_redraws_every_file_to_the_byte(tmp_path: Path) -> None:
    script = ROOT / "assets" / "make_hypersign.py"
    subprocess.run([sys.executable, script, "--out", tmp_path], check=True, cwd=ROOT)
    redrawn = sorted(path.name for path in tmp_path.iterdir())
    assert redrawn == sorted([*IMAGES, "person.json"])
    changed = [n for n in redrawn if (tmp_path / n).read_bytes() != (ASSETS / n).read_bytes()]
    assert changed == []


# -- OCR ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in IMAGES if n != "blank.jpg"])
def test_every_picture_but_the_blank_says_specimen_and_fictional(read: Reader, name: str) -> None:
    text = read.text(name)
    assert text.contains("SPECIMEN") and text.contains(FOOTER), text.text


def test_the_passport_page_reads_name_number_dates_and_both_mrz_lines(
    read: Reader, person: dict
) -> None:
    text = read.text("passport.jpg")
    day, month, year = reversed(person["dateOfBirth"].split("-"))
    wanted = [
        person["lastName"],
        person["firstName"],
        person["documentNumber"],
        f"{day}/{month}/{year}",
        "INDIAN",
        person["mrz"]["line1"],
        person["mrz"]["line2"],
    ]
    assert [value for value in wanted if not text.contains(value)] == [], text.text


def test_ocr_reads_the_mrz_fillers_as_less_than_signs(read: Reader, person: dict) -> None:
    """Line 2 comes back exactly; line 1 at most short of some trailing fillers."""
    for name in ("passport.jpg", CAMERA):
        text = read.text(name)
        line1, line2 = person["mrz"]["line1"], person["mrz"]["line2"]
        first = mrz_read(text, line1)
        assert line1.startswith(first) and first.startswith(line1.rstrip("<") + "<"), first
        assert mrz_read(text, line2) == line2


def test_the_id_front_reads_name_number_birth_and_gender(read: Reader, person: dict) -> None:
    text = read.text("id-front.jpg")
    day, month, year = reversed(person["dateOfBirth"].split("-"))
    wanted = [person["fullName"], person["governmentIdNumber"], f"{day}/{month}/{year}", "FEMALE"]
    assert [value for value in wanted if not text.contains(value)] == [], text.text


def test_the_id_back_reads_the_address(read: Reader, person: dict) -> None:
    text = read.text("id-back.jpg")
    parts = [part.strip() for part in re.split(r"[,-]", person["address"])]
    assert [part for part in parts if not text.contains(part)] == [], text.text
    assert text.contains(person["governmentIdNumber"])


def test_the_blank_card_has_no_text(read: Reader) -> None:
    assert read.text("blank.jpg").lines == ()


# -- faces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["passport.jpg", "id-front.jpg", "selfie.jpg", CAMERA])
def test_a_face_is_found(read: Reader, name: str) -> None:
    read.found(name)


def test_no_face_on_the_blank_card(read: Reader) -> None:
    assert read.face("blank.jpg") is None


def test_the_selfie_is_the_documents_person_and_the_stranger_is_not(read: Reader) -> None:
    passport, selfie = read.found("passport.jpg"), read.found("selfie.jpg")
    id_front, stranger = read.found("id-front.jpg"), read.found("stranger-selfie.jpg")
    assert vision.same_person(passport, selfie)
    assert vision.same_person(id_front, selfie)
    assert not vision.same_person(passport, stranger)
    assert not vision.same_person(id_front, stranger)
    # A margin either side of dlib's 0.6, so that the scenarios do not sit on the threshold.
    assert vision.face_distance(passport, selfie) < 0.4
    assert vision.face_distance(passport, stranger) > 0.65


def test_the_selfie_is_another_picture_not_the_documents_photo() -> None:
    with Image.open(ASSETS / "selfie.jpg") as selfie, Image.open(ASSETS / "passport.jpg") as page:
        assert selfie.size != page.size
    for other in ("asha-selfie.jpg", "ravi-selfie.jpg"):
        source = ROOT / "assets" / "ckyc" / "documents" / other
        assert (ASSETS / "selfie.jpg").read_bytes() != source.read_bytes()
        assert (ASSETS / "stranger-selfie.jpg").read_bytes() != source.read_bytes()


# -- the camera (tests/e2e/y4m.py) ----------------------------------------------------------------


def test_the_camera_frame_reads_the_mrz_and_shows_the_passport_face(
    read: Reader, person: dict
) -> None:
    text = read.text(CAMERA)
    wanted = [person["mrz"]["line1"], person["mrz"]["line2"], person["documentNumber"]]
    assert [value for value in wanted if not text.contains(value)] == [], text.text
    assert vision.same_person(read.found(CAMERA), read.found("passport.jpg"))


def test_the_y4m_is_what_chromium_reads(camera_y4m: Path, tmp_path: Path) -> None:
    data = camera_y4m.read_bytes()
    header, _, _ = data.partition(b"\n")
    assert header == b"YUV4MPEG2 W1280 H720 F15:1 Ip A1:1 C420jpeg"
    assert data.find(b"FRAME") < 200  # Chromium looks for the first frame there
    frame = 1280 * 720 * 3 // 2
    assert len(data) == len(header) + 1 + 30 * (len(b"FRAME\n") + frame)

    white = Image.new("RGB", (60, 40), (255, 255, 255))
    small = write_y4m(white, tmp_path / "s.y4m", width=64, height=48, frames=2, fps=5)
    picture = read_y4m_frame(small, 1)
    assert picture.size == (64, 48)
    # The picture is centred, three quarters of the width; around it the grey of a desk.
    corner, middle = picture.getpixel((0, 0)), picture.getpixel((32, 24))
    assert all(abs(a - b) <= 2 for a, b in zip(corner, (118, 118, 114), strict=True))
    assert all(channel >= 253 for channel in middle)
    row = [picture.getpixel((x, 24))[0] for x in range(64)]
    assert sum(value > 200 for value in row) == 48


def test_write_y4m_refuses_odd_sizes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="even"):
        write_y4m(Image.new("RGB", (10, 10)), tmp_path / "odd.y4m", width=641, height=480)
