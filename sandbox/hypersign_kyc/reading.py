"""A captured document or selfie read for real: the shared OCR and face model (sandbox.core.
vision), then the fields (fields.py) and a passport's machine-readable zone (mrz_zone.py).

Every function here blocks for up to seconds: call it off the event loop. What an image holds
is remembered by the shared vision.Reader (by its SHA-256, for the last REMEMBERED images: QA
sends the same SPECIMEN images again and again); a reset does not forget it.
"""

from dataclasses import dataclass, field

from sandbox.core import vision
from sandbox.hypersign_kyc import fields, mrz_zone

REMEMBERED = 32
UnreadableImage = vision.UnreadableImage
Page = vision.PageReading
_READER = vision.Reader(REMEMBERED)


@dataclass(frozen=True)
class Reading:
    """What a document says (the extractedData keys that were read), its zone, its face."""

    data: dict[str, str] = field(default_factory=dict)
    mrz: dict[str, str] | None = None
    face: vision.FaceEmbedding | None = None
    country: str | None = None  # the issuing state the document itself names

    @property
    def readable(self) -> bool:
        return bool(self.data.get("fullName") or self.data.get("documentNumber"))


def page(data: bytes) -> Page:
    """OCR and the largest face of a document's image; raises UnreadableImage for anything
    but a JPEG or PNG that decodes."""
    return _READER.page(data)


def face(data: bytes) -> vision.FaceEmbedding | None:
    """The largest face of a selfie (no OCR); raises UnreadableImage as page() does."""
    return _READER.face(data)


def read_passport(front: bytes, year: int) -> Reading:
    """The information page: its zone's fields where their check digits agree, the printed
    ones otherwise (and for what the zone does not hold)."""
    read = page(front)
    printed = fields.labelled(read.text)
    rows = ["".join(line.text for line in row) for row in vision.reading_rows(read.text.lines)]
    zone = mrz_zone.find(rows, year)
    data: dict[str, str] = {}
    if zone is not None:
        data = _from_zone(zone)
        if not zone.checks["number"] and printed.get("documentNumber"):
            data["documentNumber"] = printed["documentNumber"]
    data = _completed({**_without(printed, "countryCode"), **data})
    mrz = {"line1": zone.line1, "line2": zone.line2} if zone else None
    country = data.get("issuingCountry") or printed.get("countryCode")
    if country and "issuingCountry" not in data:
        data["issuingCountry"] = country
    return Reading(data, mrz, read.face, country)


def read_govt_id(front: bytes, back: bytes) -> Reading:
    """Front and back: the front's fields first, the back's where the front has none."""
    first, second = page(front), page(back)
    printed = {**fields.labelled(second.text), **fields.labelled(first.text)}
    country = printed.get("countryCode")
    return Reading(
        _completed(_without(printed, "countryCode")), None, first.face or second.face, country
    )


def _from_zone(zone: mrz_zone.Zone) -> dict[str, str]:
    values = {
        "lastName": zone.surname,
        "firstName": zone.given_names,
        "documentNumber": zone.document_number,
        "dateOfBirth": zone.birth if zone.checks["birth"] else None,
        "dateOfExpiry": zone.expiry if zone.checks["expiry"] else None,
        "gender": {"M": "MALE", "F": "FEMALE"}.get(zone.sex),
        "nationality": zone.nationality,
        "issuingCountry": zone.issuing_state,
    }
    return {name: value for name, value in values.items() if value}


def _completed(data: dict[str, str]) -> dict[str, str]:
    """fullName from the first and last names, or those from fullName (its last word the
    last name): not documented by the vendor, chosen."""
    first, last = data.get("firstName"), data.get("lastName")
    if first and last:
        data["fullName"] = f"{first} {last}"
    elif data.get("fullName") and " " in data["fullName"]:
        given, _, family = data["fullName"].rpartition(" ")
        data.setdefault("firstName", given)
        data.setdefault("lastName", family)
    return data


def _without(data: dict[str, str], name: str) -> dict[str, str]:
    return {key: value for key, value in data.items() if key != name}
