"""OneKYC sandbox: a KTP photo read for real (sandbox/onekyc_siv/reading.py).

The SPECIMEN cards (assets/onekyc/) through the real OCR and face model, to the callback's
ktpData; then the parser on OCR lines as the engine gives them when it misreads (a letter for a
digit, a full-width colon, no colon, a label a letter off, words joined), built by hand.
"""

from __future__ import annotations

import io
from dataclasses import fields
from pathlib import Path

import pytest

from sandbox.core import vision
from sandbox.onekyc_siv import reading
from sandbox.onekyc_siv.reading import KtpReading
from tests.e2e.y4m import read_y4m_frame, write_y4m
from tests.helpers import ROOT

ASSETS = ROOT / "assets" / "onekyc"
# The document's ktpData keys, in the document's order (vendor-docs/onekyc-siv-integration.txt).
DOCUMENT_KEYS = [
    "nik",
    "name",
    "region",
    "dateOfBirth",
    "bloodType",
    "religion",
    "province",
    "city",
    "address",
    "district",
    "town",
    "gender",
    "rt",
    "rw",
    "occupation",
    "validUntil",
    "citizenship",
    "maritalStatus",
    "issuanceDate",
]
# What ktp-valid.jpg prints, as ktpData (literals: the card, not the script's constants).
SITI = {
    "nik": "3374036403900001",
    "name": "SITI SPECIMEN RAHAYU",
    "region": "SEMARANG",
    "dateOfBirth": "24-03-1990",
    "bloodType": "AB",
    "religion": "ISLAM",
    "province": "JAWA TENGAH",
    "city": "KOTA SEMARANG",
    "address": "JL. SPECIMEN RAYA NO. 12",
    "district": "SEMARANG SELATAN",
    "town": "PLEBURAN",
    "gender": "female",
    "rt": "008",
    "rw": "020",
    "occupation": "KARYAWAN SWASTA",
    "validUntil": "",
    "citizenship": "INDONESIA",
    "maritalStatus": "KAWIN",
    "issuanceDate": "28-12-2017",
}


@pytest.fixture(scope="module")
def valid() -> reading.Ktp:
    return reading.read_ktp((ASSETS / "ktp-valid.jpg").read_bytes())


# -- the SPECIMEN cards, read for real ------------------------------------------------------------


def test_the_reading_has_the_documents_19_keys_in_its_order() -> None:
    assert [field.name for field in fields(KtpReading)] == DOCUMENT_KEYS
    assert list(reading.KTP_DATA_KEYS) == DOCUMENT_KEYS
    assert list(KtpReading().ktp_data()) == DOCUMENT_KEYS
    assert set(KtpReading().ktp_data().values()) == {""}
    assert not KtpReading().readable


def test_the_valid_card_reads_every_field(valid: reading.Ktp) -> None:
    assert valid.reading.ktp_data() == SITI
    assert list(valid.reading.ktp_data()) == DOCUMENT_KEYS
    assert valid.reading.readable


def test_the_valid_cards_portrait_is_its_face(valid: reading.Ktp) -> None:
    assert valid.face is not None
    assert valid.face.box[0] > 700  # the portrait on the right, not another face
    selfie = reading.selfie_face((ASSETS / "selfie.jpg").read_bytes())
    assert selfie is not None and vision.same_person(valid.face, selfie)


def test_the_mismatch_card_reads_the_same_person_with_its_own_nik() -> None:
    card = reading.read_ktp((ASSETS / "ktp-nik-mismatch.jpg").read_bytes())
    assert card.reading.ktp_data() == {**SITI, "nik": "3374036403900007"}
    assert card.face is not None


def test_the_blank_card_reads_nothing() -> None:
    card = reading.read_ktp((ASSETS / "ktp-blank.jpg").read_bytes())
    assert card.reading == KtpReading()
    assert card.face is None


def test_a_selfie_is_not_a_ktp() -> None:
    """Text but no NIK (the selfie's SPECIMEN band): nothing read, all fields ""."""
    card = reading.read_ktp((ASSETS / "selfie.jpg").read_bytes())
    assert card.reading == KtpReading()
    assert card.face is not None


def test_the_card_held_up_to_a_camera_reads_the_same(tmp_path: Path) -> None:
    """The first frame Chromium's fake camera shows (tests/e2e/y4m.py), sent as a JPEG."""
    y4m = write_y4m(ASSETS / "ktp-valid.jpg", tmp_path / "ktp.y4m")
    frame = io.BytesIO()
    read_y4m_frame(y4m).save(frame, "JPEG", quality=90)
    card = reading.read_ktp(frame.getvalue())
    assert card.reading.ktp_data() == SITI
    assert card.face is not None


def test_bytes_that_are_not_an_image_are_refused() -> None:
    with pytest.raises(reading.UnreadableImage):
        reading.read_ktp(b"%PDF-1.4 not a photo")
    with pytest.raises(reading.UnreadableImage):
        reading.selfie_face(b"\xff\xd8\xff broken jpeg")


# -- the parser, on OCR lines built by hand -------------------------------------------------------


def ocr_line(text: str, left: float, top: float, height: float = 26) -> vision.OcrLine:
    right = left + 14 * len(text)
    box = ((left, top), (right, top), (right, top + height), (left, top + height))
    return vision.OcrLine(text=text, score=0.95, box=box)


def card(rows: list[list[str]], right: list[str] = ()) -> vision.OcrText:
    """Rows as OCR gives them (label and value as separate lines, or joined), the left column
    from y=110 every 32 px; `right` lines under the portrait (x=800) from y=370."""
    lines = [ocr_line("PROVINSI JAWA TENGAH", 175, 22, 32), ocr_line("KOTA SEMARANG", 237, 60, 32)]
    lines.append(ocr_line("SPECIMEN", 800, 25, 32))
    for index, row in enumerate(rows):
        for column, text in enumerate(row):
            lines.append(ocr_line(text, (34, 262, 520)[column], 110 + 32 * index))
    lines += [ocr_line(text, 802, 370 + 30 * index) for index, text in enumerate(right)]
    lines.append(ocr_line("FICTIONAL PERSON - NOT A VALID DOCUMENT", 215, 590))
    in_order = tuple(line for row in vision.reading_rows(lines) for line in row)
    return vision.OcrText(lines=in_order, width=1000, height=630)


ROWS = [
    ["NIK", ": 3374036403900001"],
    ["Nama", ": SITI SPECIMEN RAHAYU"],
    ["Tempat/Tgl Lahir", ": SEMARANG, 24-03-1990"],
    ["Jenis Kelamin", ": PEREMPUAN", "Gol. Darah : AB"],
    ["Alamat", ": JL. SPECIMEN RAYA NO. 12"],
    ["RT/RW", ": 008/020"],
    ["Kel/Desa", ": PLEBURAN"],
    ["Kecamatan", ": SEMARANG SELATAN"],
    ["Agama", ": ISLAM"],
    ["Status Perkawinan : KAwIN"],
    ["Pekerjaan", ": KARYAWAN SWASTA"],
    ["Kewarganegaraan : WNI"],
    ["Berlaku Hingga", ": SEUMUR HIDUP"],
]
ISSUED = ["SEMARANG", "28-12-2017"]


def with_row(label: str, *replacement: str) -> list[list[str]]:
    """ROWS with the row that starts with `label` replaced."""
    return [list(replacement) if row[0].startswith(label) else row for row in ROWS]


def test_the_parser_reads_the_rows_as_the_engine_gives_them() -> None:
    assert reading.parse(card(ROWS, ISSUED)).ktp_data() == SITI


@pytest.mark.parametrize(
    ("read", "nik"),
    [
        (": 33740364O39OOOO1", "3374036403900001"),  # O for 0
        (": 3374O3640390000I", "3374036403900001"),  # I for 1
        (": 3374 0364 0390 0001", "3374036403900001"),  # spaced
        ("：3374036403900001", "3374036403900001"),  # a full-width colon, joined
        (": 337403640390001", ""),  # 15 digits: no NIK
        (": 33740364039000012", ""),  # 17 digits: no NIK
        (": 3374O3640390XYZ1", ""),  # letters that are no digit's misread
    ],
)
def test_the_niks_misreads_are_repaired_within_its_16_digits(read: str, nik: str) -> None:
    parsed = reading.parse(card(with_row("NIK", "NIK", read), ISSUED))
    assert parsed.nik == nik
    assert parsed.readable == bool(nik)


def test_digits_misread_elsewhere_are_left_as_read() -> None:
    """The repair is the NIK's alone: a name with a 1 in it keeps it (and the name check,
    not the reader, decides what it is worth)."""
    parsed = reading.parse(card(with_row("Nama", "Nama", ": S1TI SPEC1MEN RAHAYU"), ISSUED))
    assert parsed.name == "S1TI SPEC1MEN RAHAYU"
    assert parsed.nik == "3374036403900001"


def test_a_nik_whose_label_was_not_read_is_found_alone_on_its_row() -> None:
    parsed = reading.parse(card(with_row("NIK", "N1K", "3374036403900001"), ISSUED))
    assert parsed.nik == "3374036403900001"
    assert parsed.name == "SITI SPECIMEN RAHAYU"


def test_labels_a_letter_off_or_without_a_colon_still_name_their_rows() -> None:
    rows = with_row("Tempat", "Tempat/Tg1 Lahir", ": SEMARANG, 24-03-1990")
    rows = [["Kewarganegaran : WNI"] if r[0].startswith("Kewarga") else r for r in rows]
    rows = [["AgamaISLAM"] if r[0] == "Agama" else r for r in rows]
    parsed = reading.parse(card(rows, ISSUED))
    assert (parsed.region, parsed.dateOfBirth) == ("SEMARANG", "24-03-1990")
    assert parsed.citizenship == "INDONESIA"
    assert parsed.religion == "ISLAM"


def test_a_man_with_blood_type_o_read_as_zero() -> None:
    rows = with_row("Jenis", "Jenis Kelamin", ": LAKI-LAKI", "Gol.Darah:0")
    parsed = reading.parse(card(rows, ISSUED))
    assert (parsed.gender, parsed.bloodType) == ("male", "O")


def test_a_blood_type_printed_as_a_dash_and_a_gender_misread() -> None:
    rows = with_row("Jenis", "Jenis Kelamin", ": PEREMPUAM", "Gol. Darah : -")
    parsed = reading.parse(card(rows, ISSUED))
    assert (parsed.gender, parsed.bloodType) == ("female", "-")
    rows = with_row("Jenis", "Jenis Kelamin", ": XYZ")
    assert (reading.parse(card(rows, ISSUED)).gender, reading.parse(card(rows)).bloodType) == (
        "",
        "",
    )


def test_an_older_card_valid_until_a_date_and_a_foreign_citizen() -> None:
    rows = with_row("Berlaku", "Berlaku Hingga", ": 24-03-2027")
    rows = [["Kewarganegaraan : WNA"] if r[0].startswith("Kewarga") else r for r in rows]
    parsed = reading.parse(card(rows, ISSUED))
    assert (parsed.validUntil, parsed.citizenship) == ("24-03-2027", "WNA")


def test_rt_rw_are_three_digits_each() -> None:
    parsed = reading.parse(card(with_row("RT/RW", "RT/RW", ": 8/2O"), ISSUED))
    assert (parsed.rt, parsed.rw) == ("008", "020")


def test_an_impossible_date_of_birth_is_not_read() -> None:
    parsed = reading.parse(card(with_row("Tempat", "Tempat/Tgl Lahir", ": SEMARANG, 31-02-1990")))
    assert (parsed.region, parsed.dateOfBirth) == ("SEMARANG", "")


def test_the_issue_date_is_the_portraits_not_a_rows() -> None:
    """Without the text under the portrait, no issuanceDate (the rows' dates are not it)."""
    parsed = reading.parse(card(ROWS))
    assert parsed.issuanceDate == ""
    assert parsed.dateOfBirth == "24-03-1990"


def test_no_text_reads_nothing() -> None:
    assert reading.parse(vision.OcrText(lines=(), width=1000, height=630)) == KtpReading()
