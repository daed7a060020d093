"""What a document page says: its type, its template, and the fields printed on it.

Fields are found in the OCR lines by their labels ("Name", "DOB", "Address", ...) and their
place on the page (the value is the line just below its label, left-aligned with it), or by the
shape of the value (a 12-digit Aadhaar number, a passport number). OCR joins words, so labels
and values are compared through `vision.normalise`.
"""

import re
from dataclasses import dataclass, field, replace

from sandbox.core.vision import OcrLine, OcrText, normalise, reading_rows

DOCUMENT_TYPES = ("aadhaar", "passport", "dl", "voter_id")
# Words that name each document type on its face (normalised).
KEYWORDS = {
    "aadhaar": ("AADHAAR", "AADHAR", "UIDAI", "UNIQUEIDENTIFICATIONAUTHORITY"),
    "passport": ("PASSPORT", "REPUBLICOFINDIA", "GIVENNAMES"),
    "dl": ("DRIVINGLICENCE", "DRIVINGLICENSE", "DLNO", "CLASSOFVEHICLE"),
    "voter_id": ("ELECTOR", "EPICNO", "ELECTIONCOMMISSION"),
}
# Not documented by the vendor: template names other than the Aadhaar's two in its sample.
FRONT_TEMPLATE = {
    "aadhaar": "aadhaar_front_bottom",
    "passport": "passport_front",
    "dl": "dl_front",
    "voter_id": "voter_id_front",
}
# Where an imageDetails entry's imageType names a document (used when the text does not say).
IMAGE_TYPES = {
    "AADHAAR": "aadhaar",
    "PASSPORT": "passport",
    "DRIVING_LICENCE": "dl",
    "DRIVING_LICENSE": "dl",
    "VOTER_ID": "voter_id",
}

NAME_LABELS = {
    "aadhaar": ("NAME",),
    "dl": ("NAME",),
    "voter_id": ("ELECTORSNAME", "NAME"),
}
DOB_LABELS = ("DOB", "DATEOFBIRTH", "DATEOFBIRTHDOB", "YEAROFBIRTH")
FATHER_LABELS = ("FATHERSNAME", "NAMEOFFATHERLEGALGUARDIAN", "NAMEOFFATHER", "SDWOF", "SOWOF")
MOTHER_LABELS = ("NAMEOFMOTHER", "MOTHERSNAME")
GENDERS = {"MALE": "MALE", "FEMALE": "FEMALE", "TRANSGENDER": "TRANSGENDER"}
SEXES = {"M": "MALE", "F": "FEMALE", "T": "TRANSGENDER", **GENDERS}

DATE = re.compile(r"(?<!\d)(\d{2})[/\-. ](\d{2})[/\-. ](\d{4})(?!\d)")
# An Aadhaar number as printed: 12 digits in fours, joined or split by a space or a hyphen, and
# not part of a longer run of digits. Letters may touch it ("AadhaarNo999941057058": OCR joins
# words). A 16-digit VID has its first 12 digits taken for one: hidden rather than shown.
AADHAAR = re.compile(r"(?<!\d)(\d{4})[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
MASKED_AADHAAR = re.compile(r"(?<![Xx*])[Xx*]{4}[ -]?[Xx*]{4}[ -]?(\d{4})(?!\d)")
ID_SHAPES = {
    "passport": re.compile(r"[A-Z]\d{7}"),
    "dl": re.compile(r"[A-Z]{2}\d{13}"),
    "voter_id": re.compile(r"[A-Z]{3}\d{7}"),
}
PINCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
CARE_OF = re.compile(r"^\s*([SDWC])\s*/\s*O\b[\s:.,]*", re.IGNORECASE)
MAX_ADDRESS_LINES = 6


@dataclass(frozen=True)
class Found:
    """A value as read, and how sure OCR was of it (0-1)."""

    value: str
    conf: float


@dataclass(frozen=True)
class AadhaarNumber:
    digits: str  # 12 digits, or "XXXXXXXX" and the last 4 when the card is already masked
    conf: float
    masked: bool
    # Boxes (left, top, right, bottom) over the first 8 digits: what mask_aadhaar covers.
    first_eight: tuple[tuple[float, float, float, float], ...]


@dataclass(frozen=True)
class Facts:
    """The fields read on one page, or on a document's pages together."""

    name: Found | None = None
    dob: Found | None = None
    gender: Found | None = None
    id_number: Found | None = None
    aadhaar: AadhaarNumber | None = None
    address: tuple[str, ...] = ()  # the address block's lines as read, care-of first if any
    address_conf: float = 0.0
    pincode: str | None = None
    father: Found | None = None
    mother: Found | None = None
    templates: tuple[str, ...] = field(default=())

    def merged(self, other: "Facts") -> "Facts":
        """This page's fields, completed by a later page's (the front, then the back)."""
        updates = {
            name: getattr(other, name)
            for name in ("name", "dob", "gender", "id_number", "aadhaar", "father", "mother")
            if getattr(self, name) is None
        }
        if not self.address and other.address:
            updates |= {"address": other.address, "address_conf": other.address_conf}
            updates |= {"pincode": other.pincode}
        return replace(self, **updates, templates=self.templates + other.templates)


def document_type(text: OcrText) -> str | None:
    """The document type its words name, or None when they name none."""
    words = text.normalised
    hits = {kind: sum(word in words for word in KEYWORDS[kind]) for kind in DOCUMENT_TYPES}
    best = max(DOCUMENT_TYPES, key=lambda kind: hits[kind])
    return best if hits[best] else None


def read_facts(kind: str, text: OcrText) -> Facts:
    """The fields of a page of a document of type `kind`."""
    lines = text.lines
    address, address_conf = _address(lines, text.width)
    pincode = None
    if address:
        pins = PINCODE.findall(address[-1])
        pincode = pins[-1] if pins else None
    care_of = _care_of(address)
    father = _labelled(lines, FATHER_LABELS, text.width)
    if father is None and care_of is not None and care_of[0] in "SDC":
        father = care_of[1]
    dob = _dob(lines, text.width)
    facts = Facts(
        name=_name(kind, lines, text.width),
        dob=dob,
        gender=_gender(lines, text.width),
        id_number=None if kind == "aadhaar" else _id_number(kind, lines),
        aadhaar=aadhaar_number(text) if kind == "aadhaar" else None,
        address=address,
        address_conf=address_conf,
        pincode=pincode,
        father=father,
        mother=_labelled(lines, MOTHER_LABELS, text.width),
    )
    back = bool(address) and dob is None
    template = f"{kind}_back" if back else FRONT_TEMPLATE[kind]
    return replace(facts, templates=(template,))


def husband(facts: Facts) -> Found | None:
    care_of = _care_of(facts.address)
    return care_of[1] if care_of is not None and care_of[0] == "W" else None


def address_parts(facts: Facts) -> dict[str, str]:
    """The address block split the way the vendor's standardOcrDump names its parts."""
    lines = list(facts.address)
    care_of = ""
    if lines and CARE_OF.match(lines[0]):
        care_of = lines.pop(0).strip(" ,")
    last = lines[-1] if lines else ""
    place = [part.strip(" ,") for part in re.split(r"[,\-]", PINCODE.sub("", last))]
    place = [part for part in place if part]
    body = lines[:-1] if len(lines) > 1 else []
    return {
        "value": " ".join(facts.address),
        "city": place[0] if place else "",
        "pin": facts.pincode or "",
        "line1": body[0].strip(" ,") if body else "",
        "line2": " ".join(body[1:]).strip(" ,"),
        "care_of": care_of,
        "state": place[1] if len(place) > 1 else "",
        "locality": "",
        "landmark": "",
        "house_number": "",
        "street": "",
        "district": "",
    }


def page_text(text: OcrText) -> str:
    """The page's text row by row, a row's lines joined by spaces (returnOcrDump)."""
    return "\n".join(_row_text(row)[0] for row in reading_rows(text.lines))


# --- the Aadhaar number (also what mask_aadhaar covers) ------------------------------------


def aadhaar_number(text: OcrText) -> AadhaarNumber | None:
    """The first Aadhaar number on the page, row by row (printed in full, or already masked)."""
    for row in reading_rows(text.lines):
        joined, spans = _row_text(row)
        match = AADHAAR.search(joined)
        if match is not None:
            return _printed(match, joined, spans)
        match = MASKED_AADHAAR.search(joined)
        if match is not None:
            return AadhaarNumber("XXXXXXXX" + match.group(1), _conf(spans, match), True, ())
    return None


def aadhaar_numbers(text: OcrText) -> list[AadhaarNumber]:
    """Every Aadhaar number printed in full on the page (what mask_aadhaar covers), in order."""
    numbers = []
    for row in reading_rows(text.lines):
        joined, spans = _row_text(row)
        numbers += [_printed(match, joined, spans) for match in AADHAAR.finditer(joined)]
    return numbers


def hide_aadhaar(text: str) -> str:
    """The text with the first 8 digits of every Aadhaar number in it turned to X, as printed
    ("9999-4105-7058" -> "XXXX-XXXX-7058", "No999941057058" -> "NoXXXXXXXX7058")."""

    def hidden(match: re.Match) -> str:
        digits = 0
        chars = []
        for char in match.group(0):
            if char.isdigit() and digits < 8:
                digits += 1
                char = "X"
            chars.append(char)
        return "".join(chars)

    return AADHAAR.sub(hidden, text)


def _printed(match: re.Match, joined: str, spans) -> AadhaarNumber:
    positions = [i for i in range(match.start(), match.end()) if joined[i].isdigit()]
    boxes = _boxes(spans, positions[0], positions[7] + 1)
    return AadhaarNumber("".join(match.groups()), _conf(spans, match), False, boxes)


def _conf(spans, match: re.Match) -> float:
    return min(line.score for start, end, line in spans if _overlaps(start, end, match))


def _overlaps(start: int, end: int, match: re.Match) -> bool:
    return start < match.end() and match.start() < end


def _boxes(spans, start: int, end: int) -> tuple[tuple[float, float, float, float], ...]:
    """The parts of the lines' boxes under characters start..end of the row's text (a line's
    characters taken as evenly wide)."""
    boxes = []
    for line_start, line_end, line in spans:
        if line_end <= start or end <= line_start:
            continue
        left, top, right, bottom = line.bounds
        width = (right - left) / max(1, line_end - line_start)
        from_x = left + (max(start, line_start) - line_start) * width
        to_x = left + (min(end, line_end) - line_start) * width
        boxes.append((from_x, top, to_x, bottom))
    return tuple(boxes)


# --- fields by label -----------------------------------------------------------------------


def _name(kind: str, lines: tuple[OcrLine, ...], width: int) -> Found | None:
    if kind == "passport":
        surname = _labelled(lines, ("SURNAME",), width)
        given = _labelled(lines, ("GIVENNAMES", "GIVENNAME"), width)
        parts = [part for part in (given, surname) if part is not None]
        if not parts:
            return None
        return Found(" ".join(p.value for p in parts), min(p.conf for p in parts))
    return _labelled(lines, NAME_LABELS[kind], width)


def _dob(lines: tuple[OcrLine, ...], width: int) -> Found | None:
    found = _labelled(lines, DOB_LABELS, width, wanted=DATE)
    if found is not None:
        return found
    for line in lines:  # no label read: the first date on the page
        match = DATE.search(line.text)
        if match is not None:
            return Found(match.group(0), line.score)
    return None


def _gender(lines: tuple[OcrLine, ...], width: int) -> Found | None:
    labelled = _labelled(lines, ("GENDER", "SEX"), width)
    if labelled is not None and normalise(labelled.value) in SEXES:
        return Found(SEXES[normalise(labelled.value)], labelled.conf)
    for line in lines:
        for word in re.split(r"[\s/|,]+", line.text.upper()):
            if normalise(word) in GENDERS:
                return Found(GENDERS[normalise(word)], line.score)
    return None


def _id_number(kind: str, lines: tuple[OcrLine, ...]) -> Found | None:
    shape = ID_SHAPES[kind]
    for strict in (True, False):
        for line in lines:
            text = normalise(line.text)
            match = shape.fullmatch(text) if strict else shape.search(text)
            if match is not None:
                return Found(match.group(0), line.score)
    return None


def _labelled(
    lines: tuple[OcrLine, ...],
    labels: tuple[str, ...],
    width: int,
    wanted: re.Pattern | None = None,
) -> Found | None:
    """The value of the first label found: on the label's own line after it ("DOB: 15/08/1990")
    or on the line just below it, left-aligned."""
    for line in lines:
        text = normalise(line.text)
        label = next((label for label in labels if text.startswith(label)), None)
        if label is None:
            continue
        if text == label:
            below = _below(lines, line, width)
            if below is not None and (wanted is None or wanted.search(below.text)):
                return _shaped(Found(below.text.strip(" ,"), below.score), wanted)
            continue
        # The value on the label's line, when a colon or its shape says it is one (and not a
        # longer label that starts like this one: "Name of Mother" for "Name").
        rest = _after(line.text, label)
        if (wanted.search(rest) if wanted is not None else ":" in line.text) and rest:
            return _shaped(Found(rest, line.score), wanted)
    return None


def _shaped(found: Found, wanted: re.Pattern | None) -> Found:
    if wanted is None:
        return found
    match = wanted.search(found.value)
    return Found(match.group(0), found.conf) if match else found


def _after(raw: str, label: str) -> str:
    """What follows the label in the line as read (the label's letters counted, not spaced)."""
    seen = 0
    for index, char in enumerate(raw):
        if seen == len(label):
            return raw[index:].strip(" :-/,.")
        if char.isalnum():
            seen += 1
    return ""


def _below(lines: tuple[OcrLine, ...], label: OcrLine, width: int) -> OcrLine | None:
    left, top, _right, bottom = label.bounds
    height = bottom - top
    candidates = [
        line
        for line in lines
        if line is not label
        and line.bounds[1] >= top + height / 2
        and abs(line.bounds[0] - left) <= 0.05 * width
        and line.bounds[1] - bottom <= 2.5 * height
    ]
    return min(candidates, key=lambda line: line.bounds[1]) if candidates else None


def _address(lines: tuple[OcrLine, ...], width: int) -> tuple[tuple[str, ...], float]:
    """The lines below the "Address" label down to the one holding the pincode."""
    label = next((line for line in lines if normalise(line.text).startswith("ADDRESS")), None)
    if label is None:
        return (), 0.0
    left, top, _right, bottom = label.bounds
    height = bottom - top
    block: list[OcrLine] = []
    rest = _after(label.text, "ADDRESS")
    if rest:
        block.append(OcrLine(rest, label.score, label.box))
    below = sorted(
        (
            line
            for line in lines
            if line is not label
            and line.bounds[1] >= top + height / 2
            and line.bounds[0] >= left - 0.05 * width
        ),
        key=lambda line: line.bounds[1],
    )
    previous_bottom = bottom
    for line in below:
        if block and PINCODE.search(block[-1].text):
            break
        if line.bounds[1] - previous_bottom > 2.5 * height or len(block) >= MAX_ADDRESS_LINES:
            break
        block.append(line)
        previous_bottom = line.bounds[3]
    if not block:
        return (), 0.0
    return tuple(line.text for line in block), min(line.score for line in block)


def _care_of(address: tuple[str, ...]) -> tuple[str, Found] | None:
    if not address:
        return None
    match = CARE_OF.match(address[0])
    if match is None:
        return None
    return match.group(1).upper(), Found(address[0][match.end() :].strip(" ,"), 1.0)


# --- rows ----------------------------------------------------------------------------------


def _row_text(row: list[OcrLine]) -> tuple[str, list[tuple[int, int, OcrLine]]]:
    """The row's lines joined by spaces, and where each line's characters sit in it."""
    spans, parts, position = [], [], 0
    for line in row:
        if parts:
            position += 1
        spans.append((position, position + len(line.text), line))
        parts.append(line.text)
        position += len(line.text)
    return " ".join(parts), spans
