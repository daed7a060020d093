"""A captured document or selfie read for real: the shared OCR and face model (sandbox.core.
vision), then the fields (fields.py) and a passport's machine-readable zone (mrz_zone.py).

Every function here blocks for up to seconds: call it off the event loop. What an image holds
is remembered by the shared vision.Reader (by its SHA-256, for the last REMEMBERED images: QA
sends the same SPECIMEN images again and again); a reset does not forget it.
"""

from dataclasses import dataclass, field

from sandbox.core import vision
from sandbox.hypersign_kyc import countries, fields, mrz_zone

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


def text(data: bytes) -> vision.OcrText:
    """The text on an image, without its face (a selfie's, looked at for a document's text);
    raises UnreadableImage as page() does."""
    return _READER.remembered("text", data, lambda: vision.ocr(data))


def document_values_on(shown: vision.OcrText, data: dict) -> list[str]:
    """Which of a document's read values (extractedData) appear in `shown`, each kind once: its
    number, a name, the dates (as read, YYYY-MM-DD, or as printed, DD/MM/YYYY), the address,
    a line of its zone. Values under MIN_SHOWN characters (a code, a short name) are left out:
    they turn up in any text."""
    kinds = {
        "documentNumber": ("documentNumber",),
        "name": ("fullName", "lastName", "firstName"),
        "dateOfBirth": ("dateOfBirth",),
        "dateOfExpiry": ("dateOfExpiry",),
        "address": ("address",),
    }
    found = []
    for kind, names in kinds.items():
        values = [data[name] for name in names if isinstance(data.get(name), str)]
        if kind.startswith("date"):
            values += ["".join(reversed(value.split("-"))) for value in values]
        if any(_shown(shown, value) for value in values):
            found.append(kind)
    zone = data.get("mrz") or {}
    if any(_shown(shown, line) for line in (zone.get("line1"), zone.get("line2")) if line):
        found.append("mrz")
    return found


MIN_SHOWN = 5


def _shown(shown: vision.OcrText, value: str) -> bool:
    return len(vision.normalise(value)) >= MIN_SHOWN and shown.contains(value)


def read_passport(front: bytes, year: int) -> Reading:
    """The information page: its machine-readable zone's fields where the zone vouches for them,
    the printed ones otherwise (and for what the zone does not hold)."""
    read = page(front)
    printed = fields.labelled(read.text)
    rows = ["".join(line.text for line in row) for row in vision.reading_rows(read.text.lines)]
    zone = mrz_zone.find(rows, year)
    data = _without(printed, "countryCode")
    if printed.get("countryCode") and countries.known(printed["countryCode"]):
        data["issuingCountry"] = printed["countryCode"]
    if zone is not None:
        data.update(_from_zone(zone, printed))
    data = _completed(data)
    mrz = {"line1": zone.line1, "line2": zone.line2} if zone else None
    return Reading(data, mrz, read.face, data.get("issuingCountry"))


def read_govt_id(front: bytes, back: bytes) -> Reading:
    """Front and back: the front's fields first, the back's where the front has none."""
    first, second = page(front), page(back)
    printed = {**fields.labelled(second.text), **fields.labelled(first.text)}
    return Reading(
        _completed(_without(printed, "countryCode")),
        None,
        first.face or second.face,
        _card_country(printed.get("countryCode"), first.text, second.text),
    )


def _card_country(labelled: str | None, *sides: vision.OcrText) -> str | None:
    """The state a card says issued it: a labelled country code, else a country its title
    names (the front's, then the back's); None when the card does not say."""
    if countries.known(labelled):
        return labelled
    for side in sides:
        if (named := countries.named_in(fields.title(side))) is not None:
            return named
    return None


def _from_zone(zone: mrz_zone.Zone, printed: dict[str, str]) -> dict[str, str]:
    """What the zone vouches for. The zone is what ICAO 9303 makes machine-readable (a fixed
    font, fixed places, check digits), so it is taken over the printed fields, as far as it can
    be trusted: line 2's number and dates under their own check digits (sex and nationality,
    which no check digit covers, when well-formed); line 1, which carries no check digit, when
    its issuing state is a known code and its names agree with the printed ones."""
    values = {
        "documentNumber": zone.document_number if zone.checks["number"] else None,
        "dateOfBirth": zone.birth if zone.checks["birth"] else None,
        "dateOfExpiry": zone.expiry if zone.checks["expiry"] else None,
        "gender": {"M": "MALE", "F": "FEMALE"}.get(zone.sex),
        "nationality": zone.nationality if countries.known(zone.nationality) else None,
    }
    # A state that is no country's code (a lost or added character shifted the line: "P<NDMENON"
    # for "P<INDMENON") leaves nothing of line 1 to trust.
    if countries.known(zone.issuing_state):
        values["issuingCountry"] = zone.issuing_state
        values["lastName"] = _agreed(zone.surname, printed.get("lastName"))
        values["firstName"] = _agreed(zone.given_names, printed.get("firstName"))
    return {name: value for name, value in values.items() if value}


def _agreed(zone_name: str, printed_name: str | None) -> str:
    """The zone's name, or the printed one when line 1 lost letters it has: OCR drops narrow
    glyphs ("PRYA SPECMEN" for "PRIYA SPECIMEN") and line 1 has no check digit to catch it. The
    zone's stands when the letters agree, when the printed name is the one missing letters (a
    name the zone transliterates longer, MUELLER for MÜLLER) or when they differ otherwise."""
    if not printed_name or not zone_name:
        return zone_name or printed_name or ""
    ours, theirs = vision.normalise(zone_name), vision.normalise(printed_name)
    if len(ours) < len(theirs) and _within(ours, theirs):
        return printed_name
    return zone_name


def _within(short: str, long: str) -> bool:
    """Whether `short` is `long` with some characters left out (a subsequence)."""
    rest = iter(long)
    return all(char in rest for char in short)


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
