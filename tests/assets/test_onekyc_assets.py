"""The OneKYC SPECIMEN images (assets/make_onekyc.py) read back with the real vision module.

What the sandbox's processing will read: every printed KTP row by OCR (compared normalised: OCR
joins words), the register holding the valid card's person and not the mismatch card's NIK,
each NIK carrying its holder's date of birth, a face on the cards that matches the selfie and
not the stranger, a blank card with neither. Each image is read once per module.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from sandbox.core import vision
from tests.helpers import ROOT

ASSETS = ROOT / "assets" / "onekyc"
IMAGES = [
    "ktp-valid.jpg",
    "ktp-nik-mismatch.jpg",
    "ktp-blank.jpg",
    "selfie.jpg",
    "selfie-stranger.jpg",
]
FOOTER = "FICTIONAL PERSON - NOT A VALID DOCUMENT"
CARDS = ["ktp-valid.jpg", "ktp-nik-mismatch.jpg"]


class Reader:
    """OCR and faces of each image, computed on first use and kept for the module."""

    def __init__(self) -> None:
        self._texts: dict[str, vision.OcrText] = {}
        self._faces: dict[str, vision.FaceEmbedding | None] = {}

    def text(self, name: str) -> vision.OcrText:
        if name not in self._texts:
            self._texts[name] = vision.ocr((ASSETS / name).read_bytes())
        return self._texts[name]

    def face(self, name: str) -> vision.FaceEmbedding | None:
        if name not in self._faces:
            self._faces[name] = vision.face((ASSETS / name).read_bytes())
        return self._faces[name]

    def found(self, name: str) -> vision.FaceEmbedding:
        found = self.face(name)
        assert found is not None, f"no face on {name}"
        return found


@pytest.fixture(scope="module")
def read() -> Reader:
    return Reader()


@pytest.fixture(scope="module")
def person() -> dict:
    return json.loads((ASSETS / "person.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def citizens() -> dict:
    return json.loads((ASSETS / "registry.json").read_text(encoding="utf-8"))["citizens"]


def born(nik: str) -> tuple[str, bool]:
    """The DD-MM-YY a NIK's digits 7-12 carry, and whether its day says a woman (+40)."""
    day, month, year = int(nik[6:8]), nik[8:10], nik[10:12]
    woman = day > 40
    return f"{day - 40 if woman else day:02d}-{month}-{year}", woman


# -- the files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", IMAGES)
def test_each_image_is_a_small_jpeg(name: str) -> None:
    with Image.open(ASSETS / name) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert 500 <= max(image.size) <= 1250
    assert (ASSETS / name).stat().st_size < 200_000


def test_the_cards_are_id1_sized() -> None:
    for name in [*CARDS, "ktp-blank.jpg"]:
        with Image.open(ASSETS / name) as image:
            assert image.size == (1000, 630)


def test_the_script_redraws_every_file_to_the_byte(tmp_path: Path) -> None:
    script = ROOT / "assets" / "make_onekyc.py"
    subprocess.run([sys.executable, script, "--out", tmp_path], check=True, cwd=ROOT)
    redrawn = sorted(path.name for path in tmp_path.iterdir())
    assert redrawn == sorted([*IMAGES, "person.json", "registry.json"])
    changed = [n for n in redrawn if (tmp_path / n).read_bytes() != (ASSETS / n).read_bytes()]
    assert changed == []


def test_the_licences_name_every_file() -> None:
    licences = (ASSETS / "LICENSES.md").read_text(encoding="utf-8")
    for name in [*IMAGES, "person.json", "registry.json"]:
        assert f"`{name}`" in licences, name
    assert "public domain" in licences


def test_the_register_holds_synthetic_citizens_by_nik(citizens: dict) -> None:
    assert len(citizens) >= 4
    for nik, citizen in citizens.items():
        assert re.fullmatch(r"\d{16}", nik), nik
        assert "SPECIMEN" in citizen["name"]
        assert citizen["gender"] in ("male", "female")
        day, month, year = (int(part) for part in citizen["dateOfBirth"].split("-"))
        assert date(year, month, day).strftime("%d-%m-%Y") == citizen["dateOfBirth"]
        encoded, woman = born(nik)
        assert encoded == citizen["dateOfBirth"][:6] + citizen["dateOfBirth"][8:], nik
        assert woman == (citizen["gender"] == "female"), nik


def test_the_valid_card_is_registered_and_the_mismatch_card_is_not(
    person: dict, citizens: dict
) -> None:
    assert citizens[person["nik"]] == {
        "name": person["name"],
        "dateOfBirth": person["dateOfBirth"],
        "gender": "female",
        "placeOfBirth": person["placeOfBirth"],
    }
    assert person["gender"] == "PEREMPUAN"
    assert person["mismatchNik"] not in citizens
    assert person["mismatchNik"] != person["nik"]
    assert born(person["mismatchNik"]) == born(person["nik"])  # same person, same birth


# -- OCR ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in IMAGES if n != "ktp-blank.jpg"])
def test_every_picture_but_the_blank_says_specimen_and_fictional(read: Reader, name: str) -> None:
    text = read.text(name)
    assert text.contains("SPECIMEN") and text.contains(FOOTER), text.text


@pytest.mark.parametrize("name", CARDS)
def test_the_card_reads_every_row_label_and_value(read: Reader, person: dict, name: str) -> None:
    text = read.text(name)
    nik = person["nik"] if name == "ktp-valid.jpg" else person["mismatchNik"]
    wanted = [
        f"PROVINSI {person['province']}",
        person["city"],
        f"NIK : {nik}",
        f"Nama : {person['name']}",
        f"Tempat/Tgl Lahir : {person['placeOfBirth']}, {person['dateOfBirth']}",
        f"Jenis Kelamin : {person['gender']}",
        f"Gol. Darah : {person['bloodType']}",
        f"Alamat : {person['address']}",
        f"RT/RW : {person['rt']}/{person['rw']}",
        f"Kel/Desa : {person['village']}",
        f"Kecamatan : {person['district']}",
        f"Agama : {person['religion']}",
        f"Status Perkawinan : {person['maritalStatus']}",
        f"Pekerjaan : {person['occupation']}",
        f"Kewarganegaraan : {person['citizenship']}",
        f"Berlaku Hingga : {person['validUntil']}",
        person["issuedAt"],
        person["issuanceDate"],
    ]
    assert [value for value in wanted if not text.contains(value)] == [], text.text


def test_the_cards_differ_only_by_their_nik(read: Reader, person: dict) -> None:
    valid, mismatch = read.text("ktp-valid.jpg"), read.text("ktp-nik-mismatch.jpg")
    assert valid.contains(person["nik"]) and not valid.contains(person["mismatchNik"])
    assert mismatch.contains(person["mismatchNik"]) and not mismatch.contains(person["nik"])


def test_the_blank_card_has_no_text(read: Reader) -> None:
    assert read.text("ktp-blank.jpg").lines == ()


# -- faces ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*CARDS, "selfie.jpg", "selfie-stranger.jpg"])
def test_a_face_is_found(read: Reader, name: str) -> None:
    read.found(name)


def test_the_cards_portrait_is_on_the_right(read: Reader) -> None:
    left, _top, right, _bottom = read.found("ktp-valid.jpg").box
    assert left > 700 and right < 1000


def test_no_face_on_the_blank_card(read: Reader) -> None:
    assert read.face("ktp-blank.jpg") is None


def test_the_selfie_is_the_cards_person_and_the_stranger_is_not(read: Reader) -> None:
    card, selfie = read.found("ktp-valid.jpg"), read.found("selfie.jpg")
    stranger = read.found("selfie-stranger.jpg")
    assert vision.same_person(card, selfie)
    assert vision.same_person(read.found("ktp-nik-mismatch.jpg"), selfie)
    assert not vision.same_person(card, stranger)
    # A margin either side of dlib's 0.6, so that the scenarios do not sit on the threshold.
    assert vision.face_distance(card, selfie) < 0.45
    assert vision.face_distance(card, stranger) > 0.65


def test_the_selfies_are_pictures_of_their_own() -> None:
    """Not a copy of another vendor's selfie, nor of the photograph they are cut from."""
    others = [
        ROOT / "assets" / "ckyc" / "documents" / "asha-selfie.jpg",
        ROOT / "assets" / "ckyc" / "documents" / "ravi-selfie.jpg",
        ROOT / "assets" / "hypersign" / "selfie.jpg",
        ROOT / "assets" / "hypersign" / "stranger-selfie.jpg",
    ]
    for name in ("selfie.jpg", "selfie-stranger.jpg"):
        ours = (ASSETS / name).read_bytes()
        assert all(ours != other.read_bytes() for other in others), name
