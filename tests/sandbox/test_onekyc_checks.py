"""OneKYC sandbox: the four verification checks and a submission processed (checks.py,
registry.py, processing.py), on the SPECIMEN photos through the real OCR and face model.

Expected values are literals from the team's contract (the four checks, VALID iff all PASS,
certificateRegistration {true, "NEW_USER", true} / {false, "NOT_ELIGIBLE", false}) and the
vendor document's keys.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from sandbox.onekyc_siv import checks, processing, reading, registry
from sandbox.onekyc_siv.reading import KtpReading
from tests.helpers import ROOT

ASSETS = ROOT / "assets" / "onekyc"
ALL_PASS = {"nik": "PASS", "name": "PASS", "dateOfBirth": "PASS", "selfie": "PASS"}
ALL_FAIL = {"nik": "FAIL", "name": "FAIL", "dateOfBirth": "FAIL", "selfie": "FAIL"}
ELIGIBLE = {"eligibleToActivate": True, "onboardingCode": "NEW_USER", "shouldSkipActivation": True}
NOT_ELIGIBLE = {
    "eligibleToActivate": False,
    "onboardingCode": "NOT_ELIGIBLE",
    "shouldSkipActivation": False,
}


def photo(name: str) -> bytes:
    return (ASSETS / name).read_bytes()


def jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def siti() -> reading.Ktp:
    return reading.read_ktp(photo("ktp-valid.jpg"))


@pytest.fixture(scope="module")
def selfie_face():
    return reading.selfie_face(photo("selfie.jpg"))


# -- the register ---------------------------------------------------------------------------------


def test_the_register_finds_siti_by_her_nik_and_not_the_mismatch_cards() -> None:
    citizen = registry.find("3374036403900001")
    assert citizen is not None
    assert (citizen.name, citizen.dateOfBirth, citizen.gender) == (
        "SITI SPECIMEN RAHAYU",
        "24-03-1990",
        "female",
    )
    assert registry.find("3374036403900007") is None
    assert registry.find("") is None
    assert len(registry.citizens()) == 5


# -- the checks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "matches"),
    [
        ("SITI SPECIMEN RAHAYU", True),
        ("SITISPECIMENRAHAYU", True),  # OCR joined the words
        ("Siti Specimen Rahayu", True),
        ("SITI SPECIMEN RAHAYV", True),  # one letter misread: ratio 94
        ("S1TI SPEC1MEN RAHAYU", False),  # two: ratio 89, under 90
        ("SITI SPECIMEN", False),
        ("BUDI SPECIMEN SANTOSO", False),
        ("", False),
    ],
)
def test_the_name_check_compares_normalised_with_a_ratio_of_90(read: str, matches: bool) -> None:
    assert checks.name_matches("SITI SPECIMEN RAHAYU", read) is matches


def test_all_four_pass_for_the_registered_card_and_its_selfie(siti, selfie_face) -> None:
    verdict = checks.verify(siti.reading, siti.face, selfie_face)
    assert verdict.verificationResult == ALL_PASS
    assert list(verdict.verificationResult) == ["nik", "name", "dateOfBirth", "selfie"]
    assert verdict.result == "VALID"
    assert verdict.certificateRegistration == ELIGIBLE


def test_a_wrong_date_of_birth_fails_that_check_alone(siti, selfie_face) -> None:
    read = replace(siti.reading, dateOfBirth="25-03-1990")
    verdict = checks.verify(read, siti.face, selfie_face)
    assert verdict.verificationResult == {**ALL_PASS, "dateOfBirth": "FAIL"}
    assert (verdict.result, verdict.certificateRegistration) == ("INVALID", NOT_ELIGIBLE)


def test_another_name_fails_that_check_alone(siti, selfie_face) -> None:
    verdict = checks.verify(replace(siti.reading, name="SITI RAHAYU"), siti.face, selfie_face)
    assert verdict.verificationResult == {**ALL_PASS, "name": "FAIL"}
    assert verdict.result == "INVALID"


def test_a_nik_with_no_record_fails_nik_name_and_date_of_birth(siti, selfie_face) -> None:
    verdict = checks.verify(replace(siti.reading, nik="3374036403900007"), siti.face, selfie_face)
    assert verdict.verificationResult == {**ALL_FAIL, "selfie": "PASS"}
    assert verdict.result == "INVALID"


def test_no_face_on_either_side_fails_the_selfie(siti, selfie_face) -> None:
    assert checks.verify(siti.reading, siti.face, None).verificationResult == {
        **ALL_PASS,
        "selfie": "FAIL",
    }
    assert checks.verify(siti.reading, None, selfie_face).verificationResult["selfie"] == "FAIL"


def test_an_unread_ktp_fails_all_four(siti, selfie_face) -> None:
    verdict = checks.verify(KtpReading(), siti.face, selfie_face)
    assert verdict.verificationResult == ALL_FAIL
    assert (verdict.result, verdict.certificateRegistration) == ("INVALID", NOT_ELIGIBLE)


# -- a submission processed -----------------------------------------------------------------------

SITI_KTP_DATA = {
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
EMPTY_KTP_DATA = dict.fromkeys(SITI_KTP_DATA, "")


@pytest.mark.parametrize(
    ("ktp", "selfie", "result", "ktp_data"),
    [
        ("ktp-valid.jpg", "selfie.jpg", ALL_PASS, SITI_KTP_DATA),
        ("ktp-valid.jpg", "selfie-stranger.jpg", {**ALL_PASS, "selfie": "FAIL"}, SITI_KTP_DATA),
        (
            "ktp-nik-mismatch.jpg",
            "selfie.jpg",
            {**ALL_FAIL, "selfie": "PASS"},
            {**SITI_KTP_DATA, "nik": "3374036403900007"},
        ),
        ("ktp-blank.jpg", "selfie.jpg", ALL_FAIL, EMPTY_KTP_DATA),
    ],
)
def test_the_sample_photos_processed(ktp: str, selfie: str, result: dict, ktp_data: dict) -> None:
    processed = processing.process(photo(ktp), photo(selfie))
    assert processed.verificationResult == result
    assert processed.ktpData == ktp_data
    assert list(processed.ktpData) == list(SITI_KTP_DATA)  # the document's order
    valid = result == ALL_PASS
    assert processed.result == ("VALID" if valid else "INVALID")
    assert processed.certificateRegistration == (ELIGIBLE if valid else NOT_ELIGIBLE)


def test_the_submission_details_are_the_documents_block() -> None:
    processed = processing.process(photo("ktp-valid.jpg"), photo("selfie.jpg"))
    urls = {"KTP": "http://x/ktp", "SELFIE": "http://x/selfie", "ADDITIONAL_SELFIE": ""}
    details = processed.submission_details(urls)
    assert list(details) == [
        "verificationResult",
        "ktpData",
        "certificateRegistration",
        "imageUrls",
    ]
    assert details["imageUrls"] == urls
    assert details["verificationResult"] == ALL_PASS
    details["ktpData"]["nik"] = "changed"  # a copy: the processed submission stays as it was
    assert processed.ktpData["nik"] == "3374036403900001"


def test_photos_that_do_not_decode_fail_rather_than_raise() -> None:
    assert processing.process(b"not a photo", photo("selfie.jpg")).verificationResult == ALL_FAIL
    processed = processing.process(photo("ktp-valid.jpg"), b"not a photo")
    assert processed.verificationResult == {**ALL_PASS, "selfie": "FAIL"}
    assert processed.ktpData == SITI_KTP_DATA


def test_a_selfie_with_no_face_fails_the_selfie() -> None:
    processed = processing.process(photo("ktp-valid.jpg"), photo("ktp-blank.jpg"))
    assert processed.verificationResult == {**ALL_PASS, "selfie": "FAIL"}


def test_a_ktp_sent_as_the_selfie_is_its_own_face_not_a_selfie_of_another() -> None:
    """The card's portrait is the card's person: sent as the selfie too, it matches (the
    sandbox does not tell a photo of a photo; the vendor's liveness is not simulated)."""
    processed = processing.process(photo("ktp-valid.jpg"), photo("ktp-valid.jpg"))
    assert processed.verificationResult == ALL_PASS


@pytest.mark.parametrize(
    ("data", "usable"),
    [
        (photo("ktp-valid.jpg"), True),
        (photo("ktp-blank.jpg"), True),  # no text, but not one colour: the unreadable KTP
        (photo("selfie.jpg"), True),
        (jpeg(Image.new("RGB", (640, 400), (214, 232, 246))), False),  # one colour
        (jpeg(Image.new("RGB", (640, 400), (0, 0, 0))), False),
        (b"GIF89a not accepted", False),
        (b"", False),
    ],
)
def test_is_usable_image_refuses_what_is_not_a_photo(data: bytes, usable: bool) -> None:
    assert processing.is_usable_image(data) is usable
