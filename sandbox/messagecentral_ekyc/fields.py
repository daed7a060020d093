"""A few of a document's printed fields, found by their labels on the OCR lines: the holder's
name, the document number, the date of birth. Cards print a label above its value (or beside
it); a value is the row of text just below its label, from the label's left edge up to the next
text on the label's own row (the next column's label).

Not documented by the vendor (what e-KYC Now extracts is not public): these three are what the
journey's captured data and the AML screening need.
"""

from sandbox.core import vision

LABELS = {
    "name": ("NAME", "FULLNAME", "NAMEOFHOLDER"),
    "surname": ("SURNAME", "LASTNAME"),
    "given_names": ("GIVENNAMES", "GIVENNAME", "FIRSTNAME", "FORENAMES"),
    "document_number": (
        "PASSPORTNO",
        "IDNO",
        "DLNO",
        "DOCUMENTNO",
        "DOCUMENTNUMBER",
        "CARDNO",
        "LICENCENO",
        "LICENSENO",
    ),
    "date_of_birth": ("DATEOFBIRTH", "DOB", "BIRTHDATE"),
}
_BY_LABEL = {label: name for name, labels in LABELS.items() for label in labels}
BELOW = 2.5  # how far below its label a value may start, in the label's line heights


def read(text: vision.OcrText) -> dict[str, str]:
    """name, document_number, date_of_birth: those the document shows."""
    found: dict[str, str] = {}
    lines = list(text.lines)
    labels = [(line, _BY_LABEL.get(vision.normalise(line.text))) for line in lines]
    label_lines = [line for line, name in labels if name is not None]
    for line, name in labels:
        if name is None or name in found:
            continue
        value = _value_below(line, lines, label_lines)
        if value:
            found[name] = value
    surname, given = found.pop("surname", None), found.pop("given_names", None)
    if "name" not in found and (surname or given):
        found["name"] = " ".join(part for part in (given, surname) if part)
    return {
        name: found[name] for name in ("name", "document_number", "date_of_birth") if name in found
    }


def _value_below(label: vision.OcrLine, lines, label_lines) -> str | None:
    left, top, right, bottom = label.bounds
    height = max(bottom - top, 1.0)
    beside = [
        other.bounds[0]
        for other in lines
        if abs(_middle(other) - _middle(label)) < height / 2 and other.bounds[0] > right
    ]
    limit = min(beside, default=float("inf"))
    below = [
        line
        for line in lines
        if line is not label
        and line not in label_lines
        and top + height / 2 < line.bounds[1] <= bottom + BELOW * height
        # A value starts at its label's left edge, give or take: the next column's value, at
        # that column's label's edge, is left out even when OCR puts it a pixel before it.
        and left - height <= line.bounds[0] < limit - height / 2
    ]
    if not below:
        return None
    rows = vision.reading_rows(below)
    return " ".join(line.spaced for line in rows[0]).strip() or None


def _middle(line: vision.OcrLine) -> float:
    _left, top, _right, bottom = line.bounds
    return (top + bottom) / 2
