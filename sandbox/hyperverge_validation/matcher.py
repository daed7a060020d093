"""The form's fields against what a document says: a 0-100 score and a match for each, the
document's mismatch codes, and whether it stands as proof of address and of identity.

Both sides are compared through `vision.normalise` (OCR joins words). Names and address lines
are fuzzy (rapidfuzz's partial ratio: the form's value found inside the document's text); dates,
pincodes and ID numbers must be equal, their score saying how close they came.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from sandbox.core.vision import SAME_PERSON_THRESHOLD, FaceEmbedding, face_distance, normalise
from sandbox.hyperverge_validation.documents import Facts

NAME_FIELDS = ("first_name", "middle_name", "last_name", "full_name")
ADDRESS_FIELDS = ("address1", "address2", "address3", "city", "district", "state")
# The form's field that holds each document's number.
ID_FIELD = {"aadhaar": "aadhaar", "passport": "passport", "dl": "driving_license"}
ID_FIELD |= {"voter_id": "voter_id"}
# Not documented by the vendor: when a fuzzy field matches. We chose a partial ratio of 80.
TEXT_MATCH_FROM = 80
# Letters OCR and people confuse with digits in ID numbers, folded alike on both sides.
ID_FOLD = str.maketrans({"O": "0", "Q": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class Match:
    found: bool
    score: int

    def to_json(self) -> dict:
        return {"matchFound": self.found, "score": self.score}


@dataclass
class Comparison:
    """One document's details (field -> match, in the vendor's order) and mismatch codes."""

    details: dict[str, Match] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    valid_poa: bool = False
    valid_poi: bool = False


def text_match(wanted: str, text: str) -> Match:
    score = round(fuzz.partial_ratio(normalise(wanted), normalise(text)))
    return Match(score >= TEXT_MATCH_FROM, score)


def exact_match(wanted: str, found: str | None) -> Match:
    wanted, found = normalise(wanted), normalise(found or "")
    return Match(bool(found) and wanted == found, round(fuzz.ratio(wanted, found)))


def id_match(wanted: str, found: str | None) -> Match:
    """An ID number; a form value masked but for its last digits (the CKYC record's
    "XXXXXXXX7058") matches on those digits."""
    wanted, found = normalise(wanted).translate(ID_FOLD), normalise(found or "").translate(ID_FOLD)
    shown = wanted.lstrip("X")
    if shown != wanted and shown.isdigit():
        return Match(bool(found) and found.endswith(shown), 100 if found.endswith(shown) else 0)
    return Match(bool(found) and wanted == found, round(fuzz.ratio(wanted, found)))


def face_match(document: FaceEmbedding | None, selfie: FaceEmbedding | None) -> Match:
    """A 0-100 similarity: 100 at distance 0, 50 at dlib's same-person threshold (0.6), 0 from
    twice that; a match below the threshold. No face on either side: no match, score 0."""
    if document is None or selfie is None:
        return Match(False, 0)
    distance = face_distance(document, selfie)
    score = round(max(0.0, min(100.0, 100 * (1 - distance / (2 * SAME_PERSON_THRESHOLD)))))
    return Match(distance < SAME_PERSON_THRESHOLD, score)


def compare(
    kind: str,
    facts: Facts,
    text: str,
    form: Mapping[str, str],
    document_face: FaceEmbedding | None,
    selfie_face: FaceEmbedding | None,
) -> Comparison:
    """`text` is all the document's text: where a field was not found by its label, the form's
    value is looked for in it (and a name or date not found is a mismatch)."""
    result = Comparison()
    details = result.details
    for name in NAME_FIELDS:
        if form.get(name):
            details[name] = text_match(form[name], facts.name.value if facts.name else text)
    if facts.address:
        block = " ".join(facts.address)
        for name in ADDRESS_FIELDS:
            if form.get(name):
                details[name] = text_match(form[name], block)
        if form.get("pincode"):
            details["pincode"] = exact_match(form["pincode"], facts.pincode)
    if form.get("dob"):
        details["dob"] = exact_match(form["dob"], facts.dob.value if facts.dob else None)
    id_field = ID_FIELD[kind]
    if form.get(id_field):
        number = facts.aadhaar.digits if facts.aadhaar else None
        number = number if kind == "aadhaar" else (facts.id_number and facts.id_number.value)
        details[id_field] = id_match(form[id_field], number)
    face = face_match(document_face, selfie_face)
    details["faceMatch"] = face

    def failed(*names: str) -> bool:
        return any(name in details and not details[name].found for name in names)

    codes = {
        "ER_NAME": failed(*NAME_FIELDS),
        "ER_ADDRESS": failed(*ADDRESS_FIELDS),
        "ER_PINCODE": failed("pincode"),
        "ER_DOB": failed("dob"),
        "ER_ID": failed(id_field),
        # Not documented by the vendor: a selfie without a face counts as a face missing too.
        "ER_FACE_MISSING": document_face is None or selfie_face is None,
        "ER_FACE_NO_MATCH": document_face is not None
        and selfie_face is not None
        and not face.found,
    }
    result.codes = sorted(code for code, failing in codes.items() if failing)
    address_checked = any(name in details for name in (*ADDRESS_FIELDS, "pincode"))
    result.valid_poa = address_checked and not failed(*ADDRESS_FIELDS, "pincode")
    name_checked = any(name in details for name in NAME_FIELDS)
    result.valid_poi = name_checked and face.found and not failed(*NAME_FIELDS, "dob", id_field)
    return result
