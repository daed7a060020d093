"""Hypersign extraction of what a laptop camera sees (the new-user walk in Chromium): frames of
960x540 and 640x360 of the SPECIMEN documents, read over HTTP. A misread is never answered as
the person's data: a passport's zone is taken where it vouches for itself, the print otherwise;
a name or an address comes with the spaces of the print, not the ones OCR kept."""

import httpx
import pytest

from tests.sandbox.hypersign_doc import (
    CAMERA_IDS,
    CAMERA_SIZES,
    ID_BACK,
    ID_FRONT,
    PASSPORT,
    Journey,
    camera_frame,
    passport_losing,
)

SPECIMEN_MRZ = (
    "P<INDMENON<<PRIYA<SPECIMEN<<<<<<<<<<<<<<<<<<",
    "X4820917<2IND9204236F3406094<<<<<<<<<<<<<<06",
)
# The person as the SPECIMEN passport prints her (assets/hypersign/person.json).
PASSPORT_READ = {
    "fullName": "PRIYA SPECIMEN MENON",
    "firstName": "PRIYA SPECIMEN",
    "lastName": "MENON",
    "documentNumber": "X4820917",
    "dateOfBirth": "1992-04-23",
    "dateOfExpiry": "2034-06-09",
    "gender": "FEMALE",
    "nationality": "IND",
    "issuingCountry": "IND",
}


def extracted(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()["data"]


@pytest.mark.parametrize(("width", "height"), CAMERA_SIZES, ids=CAMERA_IDS)
def test_a_passport_on_camera_is_read_whole(sandbox: httpx.Client, width, height) -> None:
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_passport(camera_frame(PASSPORT, width, height)))
    assert data["countryCode"] == "IND"
    read = data["extractedData"]
    assert {name: value for name, value in read.items() if name != "mrz"} == PASSPORT_READ
    assert (read["mrz"]["line1"], read["mrz"]["line2"]) == SPECIMEN_MRZ


@pytest.mark.parametrize(("width", "height"), CAMERA_SIZES, ids=CAMERA_IDS)
def test_a_zone_line_1_shifted_by_a_lost_letter_is_not_the_persons_data(
    sandbox: httpx.Client, width: int, height: int
) -> None:
    """The walk's misread: OCR dropped the I's of line 1, so its issuing state read NDM and the
    names PRYA SPECMEN / ENON, while line 2 and its check digits were right. Line 1 has no check
    digit: the printed names and country code are answered instead."""
    page = passport_losing(2, 14, 22)  # the I of IND, PRIYA and SPECIMEN
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_passport(camera_frame(page, width, height)))
    assert data["countryCode"] == "IND"
    read = data["extractedData"]
    assert {name: value for name, value in read.items() if name != "mrz"} == PASSPORT_READ
    # The zone itself is handed on as read: a verifier sees line 1 is not what was printed.
    assert read["mrz"] == {
        "line1": "P<NDMENON<<PRYA<SPECMEN<<<<<<<<<<<<<<<<<<<<<",
        "line2": SPECIMEN_MRZ[1],
    }


@pytest.mark.parametrize(("width", "height"), CAMERA_SIZES, ids=CAMERA_IDS)
def test_names_a_zone_line_1_lost_letters_of_are_the_printed_ones(
    sandbox: httpx.Client, width: int, height: int
) -> None:
    page = passport_losing(14, 22)  # the I of PRIYA and SPECIMEN; IND stays
    journey = Journey(sandbox).start().login()
    read = extracted(journey.extract_passport(camera_frame(page, width, height)))["extractedData"]
    assert read["mrz"]["line1"] == "P<INDMENON<<PRYA<SPECMEN<<<<<<<<<<<<<<<<<<<<"
    assert (read["firstName"], read["lastName"]) == ("PRIYA SPECIMEN", "MENON")
    assert read["fullName"] == "PRIYA SPECIMEN MENON"
    assert read["issuingCountry"] == "IND"


@pytest.mark.parametrize(("width", "height"), CAMERA_SIZES, ids=CAMERA_IDS)
def test_a_government_id_on_camera_keeps_the_words_of_its_print(
    sandbox: httpx.Client, width: int, height: int
) -> None:
    """OCR reads the name as PRIYASPECIMENMENON and the address as 14SPECIMENLANE, ...: the
    spaces come back from the gaps in the print (the line's own pixels), not from knowing the
    person."""
    journey = Journey(sandbox).start().login()
    front, back = camera_frame(ID_FRONT, width, height), camera_frame(ID_BACK, width, height)
    read = extracted(journey.extract_govt_id(front, back))["extractedData"]
    assert read["fullName"] == "PRIYA SPECIMEN MENON"
    assert (read["firstName"], read["lastName"]) == ("PRIYA SPECIMEN", "MENON")
    assert read["address"] == (
        "14 SPECIMEN LANE, PANAMPILLY NAGAR, ERNAKULAM, KOCHI, KERALA - 682036"
    )
    assert (read["dateOfBirth"], read["gender"]) == ("1992-04-23", "FEMALE")
