"""The fields printed on a document's face, found by their labels in the OCR lines.

A value is on its label's line after a colon ("Name: PRIYA"), or just below the label and left-
aligned with it; on one row, pieces closer than a line's height belong together ("9999 7312
4587"). An address runs over the rows below until a gap or another label. OCR joins words, so
labels are compared through `vision.normalise`, and a name or an address is taken with a space
wherever the print leaves a word's gap (`OcrLine.spaced`): "PRIYASPECIMENMENON" as read is
"PRIYA SPECIMEN MENON" as printed.
"""

import re
from datetime import date

from sandbox.core.vision import OcrLine, OcrText, normalise, reading_rows

LABELS = {
    "fullName": ("NAME", "FULLNAME"),
    "lastName": ("SURNAME", "LASTNAME"),
    "firstName": ("GIVENNAMES", "GIVENNAME", "FIRSTNAME"),
    "documentNumber": ("PASSPORTNO", "IDNO", "IDNUMBER", "DOCUMENTNO", "DOCUMENTNUMBER", "CARDNO"),
    "dateOfBirth": ("DATEOFBIRTH", "DOB", "BIRTHDATE"),
    "dateOfExpiry": ("DATEOFEXPIRY", "EXPIRYDATE", "DATEOFEXPIRATION", "VALIDUNTIL"),
    "gender": ("SEX", "GENDER"),
    "nationality": ("NATIONALITY",),
    "address": ("ADDRESS",),
    "countryCode": ("TYPECOUNTRYCODE", "COUNTRYCODE"),
}
_FIELD_OF = {key: name for name, keys in LABELS.items() for key in keys}
# Every label a card may print, the ones not read included: a value is never one of these.
_OTHER_LABELS = {"DATEOFISSUE", "PLACEOFBIRTH", "PLACEOFISSUE", "AUTHORITY", "SIGNATURE"}
# Read with the spaces of the print (vision.OcrLine.spaced): words, not codes or dates.
SPACED = {"fullName", "lastName", "firstName", "address"}
GENDERS = {"M": "MALE", "MALE": "MALE", "F": "FEMALE", "FEMALE": "FEMALE"}
DATE = re.compile(r"(?<!\d)(\d{2})[/\-. ](\d{2})[/\-. ](\d{4})(?!\d)")
MAX_ADDRESS_ROWS = 4


def labelled(text: OcrText) -> dict[str, str]:
    """The labelled fields on one page, normalised (dates YYYY-MM-DD, gender MALE/FEMALE)."""
    rows = reading_rows(text.lines)
    found: dict[str, str] = {}
    for index, row in enumerate(rows):
        for line in row:
            name, inline = _label(line.text)
            if name is None or name in found:
                continue
            spaced = name in SPACED
            if inline:
                raw = _label(line.spaced)[1] if spaced else inline
            elif name == "address":
                raw = ", ".join(_below(rows, index, line, MAX_ADDRESS_ROWS, spaced))
            else:
                raw = " ".join(_below(rows, index, line, 1, spaced))
            value = _normalised(name, raw)
            if value:
                found[name] = value
    return found


def title(text: OcrText) -> list[str]:
    """The rows above the page's first label (a card's title: the state that issued it, the
    kind of card), as printed; none when no label was read (the title cannot be told apart)."""
    lines: list[str] = []
    for row in reading_rows(text.lines):
        if any(_is_label(line.text) for line in row):
            return lines
        lines.extend(line.spaced for line in row)
    return []


def _label(text: str) -> tuple[str | None, str]:
    head, _, tail = text.partition(":")
    return _FIELD_OF.get(normalise(head)), tail.strip()


def _is_label(text: str) -> bool:
    key = normalise(text.partition(":")[0])
    return key in _FIELD_OF or key in _OTHER_LABELS


def _below(
    rows: list[list[OcrLine]], index: int, label: OcrLine, most: int, spaced: bool = False
) -> list[str]:
    """The text of up to `most` rows below `label`, left-aligned with it, without gaps (with
    the print's spaces when `spaced`)."""
    left, _top, _right, bottom = label.bounds
    height = bottom - _top
    texts: list[str] = []
    for row in rows[index + 1 :]:
        start = next(
            (ln for ln in row if abs(ln.bounds[0] - left) <= max(40.0, 1.5 * height)), None
        )
        if start is None:
            continue
        if start.bounds[1] - bottom > 2.5 * height or _is_label(start.text):
            break
        pieces = [start]
        for line in sorted(row, key=lambda ln: ln.bounds[0]):
            last = pieces[-1].bounds
            if line.bounds[0] > last[2] and line.bounds[0] - last[2] < last[3] - last[1]:
                pieces.append(line)
        texts.append(" ".join((piece.spaced if spaced else piece.text).strip() for piece in pieces))
        bottom = max(piece.bounds[3] for piece in pieces)
        if len(texts) >= most:
            break
    return texts


def _normalised(name: str, raw: str) -> str | None:
    value = " ".join(raw.upper().split())
    if name in ("dateOfBirth", "dateOfExpiry"):
        return iso_date(value)
    if name == "gender":
        return GENDERS.get(normalise(value))  # anything else is a misread (another label, say)
    if name == "countryCode":
        code = normalise(value)[-3:]  # "P / IND": the type, then the issuing state
        return code if len(code) == 3 and code.isalpha() else None
    if name == "address":
        return re.sub(r"\s*,\s*(?:,\s*)*", ", ", value).strip(" ,") or None
    return value or None


def iso_date(text: str) -> str | None:
    """DD/MM/YYYY (or - . space) as YYYY-MM-DD; None when there is no such date."""
    found = DATE.search(text)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
