"""Hypersign extraction of a government ID: the issuing country is the one the card shows (its
title: "INDIA ID CARD"), not whatever countryCode the client picked. When the two disagree the
card is still read, and the answer says so in `data.warnings` (the contract's choice: the key
only when there is a warning)."""

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
    card_titled,
)


def extracted(response: httpx.Response) -> dict:
    assert response.status_code == 200, response.text
    return response.json()["data"]


@pytest.mark.parametrize(("width", "height"), [*CAMERA_SIZES, (0, 0)], ids=[*CAMERA_IDS, "upload"])
def test_the_country_the_card_shows_wins_over_the_one_picked(
    sandbox: httpx.Client, width: int, height: int
) -> None:
    front, back = ID_FRONT, ID_BACK
    if width:
        front, back = camera_frame(ID_FRONT, width, height), camera_frame(ID_BACK, width, height)
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_govt_id(front, back, country="DEU"))
    assert data["countryCode"] == "DEU"  # what the client asked for, kept
    assert data["extractedData"]["issuingCountry"] == "IND"  # what the card says
    assert data["warnings"] == ["countryCode DEU differs from the country on the document, IND"]
    assert data["extractedData"]["fullName"] == "PRIYA SPECIMEN MENON"  # still read


def test_a_card_of_another_country(sandbox: httpx.Client) -> None:
    front = camera_frame(card_titled(ID_FRONT, "FEDERAL REPUBLIC OF GERMANY ID CARD"), 960, 540)
    back = camera_frame(card_titled(ID_BACK, "GERMANY ID CARD"), 960, 540)
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_govt_id(front, back, country="IND"))
    assert data["extractedData"]["issuingCountry"] == "DEU"
    assert data["warnings"] == ["countryCode IND differs from the country on the document, DEU"]


def test_agreeing_countries_warn_of_nothing(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_govt_id(country="IND"))
    assert (data["countryCode"], data["extractedData"]["issuingCountry"]) == ("IND", "IND")
    assert "warnings" not in data


def test_a_card_that_does_not_say_takes_the_country_picked(sandbox: httpx.Client) -> None:
    front = camera_frame(card_titled(ID_FRONT, None), 960, 540)
    back = camera_frame(card_titled(ID_BACK, "ID CARD (SPECIMEN)"), 960, 540)
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_govt_id(front, back, country="DEU"))
    assert data["extractedData"]["issuingCountry"] == "DEU"
    assert "warnings" not in data


def test_a_passport_warns_too_when_the_country_picked_is_not_its_own(sandbox) -> None:
    journey = Journey(sandbox).start().login()
    data = extracted(journey.extract_passport(PASSPORT, countryCode="FRA"))
    assert data["extractedData"]["issuingCountry"] == "IND"
    assert data["warnings"] == ["countryCode FRA differs from the country on the document, IND"]
    assert "warnings" not in extracted(journey.extract_passport(PASSPORT))
