"""The scoring mechanism as the document states it, and the sandbox's match rules, without
pixels."""

import pytest

from kyc_adapters.hyperverge_validation import APPROVE_UNDER, MISMATCH_WEIGHTS, REJECT_FROM
from sandbox.core.vision import FaceEmbedding
from sandbox.hyperverge_validation import matcher, scoring


def test_the_documented_weights_and_one_table_for_adapter_and_sandbox() -> None:
    assert scoring.MISMATCH_WEIGHTS["ER_ADDRESS"] == 2
    assert scoring.MISMATCH_WEIGHTS["ER_PINCODE"] == 1
    assert scoring.MISMATCH_WEIGHTS == MISMATCH_WEIGHTS
    assert (scoring.REJECT_FROM, scoring.APPROVE_UNDER) == (REJECT_FROM, APPROVE_UNDER)


def test_the_documents_worked_example() -> None:
    """Aadhaar with an address error (2), a licence with pincode and address errors (3):
    the record's score is 2, the Aadhaar's."""
    codes = {"aadhaar": ["ER_ADDRESS"], "dl": ["ER_PINCODE", "ER_ADDRESS"]}
    assert scoring.verdict(codes) == ("manual_review", 2)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ({"aadhaar": []}, ("approve", 0)),
        ({"aadhaar": ["ER_PINCODE"]}, ("manual_review", 1)),  # under 2, but not all validated
        ({"aadhaar": ["ER_FACE_NO_MATCH"]}, ("manual_review", 2)),  # the manual review sample
        ({"dl": ["ER_FACE_NO_MATCH", "ER_NAME"]}, ("reject", 4)),  # the reject sample
        ({"aadhaar": ["ER_ID"]}, ("manual_review", 3)),
        ({"other": ["ER_BAD_DOC"]}, ("reject", 4)),
        ({"aadhaar": ["ER_ADDRESS"], "passport": []}, ("approve", 0)),
    ],
)
def test_verdicts(codes: dict, expected: tuple) -> None:
    assert scoring.verdict(codes) == expected


def test_id_numbers_masked_on_the_form_match_on_their_last_digits() -> None:
    assert matcher.id_match("XXXXXXXX7058", "999941057058") == matcher.Match(True, 100)
    assert matcher.id_match("XXXXXXXX7059", "999941057058").found is False
    assert matcher.id_match("Z1234567", "Z1234567").found
    assert matcher.id_match("MH01 20190001234", "MHO120190001234").found  # O read for 0


def test_names_are_fuzzy_and_dates_exact() -> None:
    assert matcher.text_match("Asha", "ASHASPECIMENKUMARI") == matcher.Match(True, 100)
    assert matcher.text_match("PRIYA", "ASHASPECIMENKUMARI").found is False
    assert matcher.exact_match("15-08-1990", "15/08/1990") == matcher.Match(True, 100)
    assert matcher.exact_match("16-08-1990", "15/08/1990").found is False
    assert matcher.exact_match("15-08-1990", None) == matcher.Match(False, 0)


def test_face_score_is_50_at_the_same_person_threshold() -> None:
    origin = FaceEmbedding((0.0,) * 128, (0, 0, 1, 1))

    def at(distance: float) -> FaceEmbedding:
        return FaceEmbedding((distance,) + (0.0,) * 127, (0, 0, 1, 1))

    assert matcher.face_match(origin, at(0.0)) == matcher.Match(True, 100)
    assert matcher.face_match(origin, at(0.3)) == matcher.Match(True, 75)
    assert matcher.face_match(origin, at(0.6)) == matcher.Match(False, 50)
    assert matcher.face_match(origin, at(1.5)) == matcher.Match(False, 0)
    assert matcher.face_match(None, origin) == matcher.Match(False, 0)
