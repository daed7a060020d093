"""A passport's machine-readable zone (ICAO 9303 TD3: two lines of 44 characters), found among
the OCR rows and repaired the way OCR misreads it, then parsed.

OCR drops or adds filler '<' (a line of 35 or 46), reads a '<' as a guillemet, a 0 as a
full-width or a Greek one ("X482θ917"), and swaps look-alike letters and digits ("1ND" for
"IND"). The repair puts each position back in its class (a date is digits, a nationality
letters), fits the filler run to 44, and tries the look-alikes of the document number until its
check digit agrees. The lines returned are the repaired ones: what a reader hands on, with check
digits that a verifier can still refuse.

Line 2 carries check digits (the number, the dates, the whole line); line 1 (the document type,
the issuing state, the names) carries none, so what it says is only as good as the reading.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from mrz.base.functions import hash_string

LENGTH = 44
_LOOKALIKE_FILLER = str.maketrans({"‹": "<", "〈": "<", "く": "<", "«": "<<", "θ": "0", "Θ": "0"})
# Inside the document number, a filler with a character after it: the number is left-aligned and
# padded at its end, so a filler there is a misread 0 (the one character of the same check value).
_INNER_FILLER = re.compile(r"<(?=[<]*[A-Z0-9])")
_TO_DIGIT = str.maketrans("OQDILZSBG", "000112586")
_TO_LETTER = str.maketrans("0125863", "OIZSBGE")
_SWAPS = {**dict(zip("O0I1Z2S5B8G6", "0O1I2Z5S8B6G", strict=True)), "D": "0", "Q": "0"}
_DIGITS = (9, *range(13, 20), *range(21, 28), 43)
_LETTERS = (*range(10, 13), 20)
_MAX_TRIES = 256


@dataclass(frozen=True)
class Zone:
    line1: str
    line2: str
    surname: str
    given_names: str
    document_number: str
    nationality: str
    issuing_state: str
    birth: str | None  # YYYY-MM-DD
    expiry: str | None
    sex: str
    checks: dict[str, bool]  # number, birth, expiry, composite


def find(rows: list[str], year: int) -> Zone | None:
    """The zone among the page's rows of text (top to bottom), or None when there is none."""
    cleaned = [_clean(row) for row in rows]
    for first, second in itertools.pairwise(cleaned):
        if first.startswith("P") and "<<" in first and len(first) >= 20 and _zone_like(second):
            return parse(repair_line1(first), repair_line2(second), year)
    return None


def _clean(text: str) -> str:
    # NFKC: full-width forms (＜, ０) as their ASCII selves.
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(folded.translate(_LOOKALIKE_FILLER).split())


def _zone_like(text: str) -> bool:
    usable = sum(ch.isascii() and (ch.isalnum() or ch == "<") for ch in text)
    return len(text) >= 30 and usable >= 0.9 * len(text)


def repair_line1(text: str) -> str:
    """P, type, issuing state, then SURNAME<<GIVEN<NAMES, padded with filler to 44."""
    kind = text[1] if len(text) > 1 and (text[1].isalpha() or text[1] == "<") else "<"
    state = text[2:5].translate(_TO_LETTER)
    parts = text[5:].translate(_TO_LETTER).split("<<")
    surname = parts[0].strip("<")
    given = parts[1].strip("<") if len(parts) > 1 else ""
    names = surname + ("<<" + given if given else "")
    return ("P" + kind + state + names)[:LENGTH].ljust(LENGTH, "<")


def repair_line2(text: str) -> str:
    chars = list(_fit(text))
    for index in _DIGITS:
        chars[index] = chars[index].translate(_TO_DIGIT)
    for index in _LETTERS:
        chars[index] = chars[index].translate(_TO_LETTER)
    chars[42] = chars[42] if chars[42] == "<" else chars[42].translate(_TO_DIGIT)
    number = _number_that_checks("".join(chars[0:9]), chars[9])
    return number + "".join(chars[9:])


def _fit(text: str) -> str:
    """Forty-four characters: the filler run of the optional data made longer or shorter."""
    text = "".join(ch if ch.isascii() and (ch.isalnum() or ch == "<") else "<" for ch in text)
    if len(text) == LENGTH:
        return text
    start = text.find("<<", 20)
    if start < 0:
        return text[:LENGTH].ljust(LENGTH, "<")
    end = start
    while end < len(text) and text[end] == "<":
        end += 1
    run = max(0, end - start + LENGTH - len(text))
    return (text[:start] + "<" * run + text[end:])[:LENGTH].ljust(LENGTH, "<")


def _number_that_checks(number: str, digit: str) -> str:
    """The document number as read (a filler inside it read as the 0 it stands for), or the
    first of its look-alike readings whose check digit agrees (letters and digits OCR confuses:
    O/0, I/1, Z/2, S/5, B/8, G/6)."""
    number = _INNER_FILLER.sub("0", number)
    options = [(ch, _SWAPS[ch]) if ch in _SWAPS else (ch,) for ch in number]
    for tried, candidate in enumerate(itertools.product(*options)):
        if tried >= _MAX_TRIES:
            break
        if _check(candidate := "".join(candidate), digit):
            return candidate
    return number


def _check(value: str, digit: str) -> bool:
    try:
        return hash_string(value) == digit
    except ValueError:  # a character no MRZ holds
        return False


def parse(line1: str, line2: str, year: int) -> Zone:
    names = line1[5:].split("<<")
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return Zone(
        line1=line1,
        line2=line2,
        surname=names[0].replace("<", " ").strip(),
        given_names=(names[1] if len(names) > 1 else "").replace("<", " ").strip(),
        document_number=line2[0:9].rstrip("<"),
        nationality=line2[10:13].strip("<"),
        issuing_state=line1[2:5].strip("<"),
        birth=_date(line2[13:19], year, past=True),
        expiry=_date(line2[21:27], year, past=False),
        sex=line2[20],
        checks={
            "number": _check(line2[0:9], line2[9]),
            "birth": _check(line2[13:19], line2[19]),
            "expiry": _check(line2[21:27], line2[27]),
            "composite": _check(composite, line2[43]),
        },
    )


def _date(yymmdd: str, year: int, *, past: bool) -> str | None:
    """YYMMDD as YYYY-MM-DD: a birth date is not after `year`; an expiry is this century."""
    if not yymmdd.isdigit():
        return None
    yy = int(yymmdd[:2])
    century = 1900 if past and 2000 + yy > year else 2000
    try:
        return date(century + yy, int(yymmdd[2:4]), int(yymmdd[4:6])).isoformat()
    except ValueError:
        return None
