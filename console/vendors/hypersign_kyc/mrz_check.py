"""A passport's machine-readable zone checked by the console itself (ICAO 9303 TD3, with the
`mrz` package): each check digit, and whether the zone agrees with the fields the vendor read."""

import re
from dataclasses import dataclass
from datetime import date

from mrz.checker.td3 import TD3CodeChecker

# (the check digit's attribute in the mrz package, what it covers, as a person reads it)
CHECKS = (
    ("document_number_hash", "Document number"),
    ("birth_date_hash", "Date of birth"),
    ("expiry_date_hash", "Date of expiry"),
    ("optional_data_hash", "Personal number"),
    ("final_hash", "Whole zone (composite)"),
)


ZONE = re.compile(r"[A-Z0-9<]+")


@dataclass(frozen=True)
class DigitCheck:
    covers: str
    value: str
    digit: str
    ok: bool


@dataclass(frozen=True)
class MrzReading:
    readable: bool  # two lines of 44 characters
    checks: tuple[DigitCheck, ...] = ()
    fields: dict[str, str] | None = None  # what the zone says, dates as YYYY-MM-DD

    @property
    def all_valid(self) -> bool:
        return self.readable and all(check.ok for check in self.checks)


def read_mrz(line1: str, line2: str, today: date) -> MrzReading:
    """`today` (on the one clock) places two-digit birth years in the right century."""
    line1, line2 = _clean(line1), _clean(line2)
    if len(line1) != 44 or len(line2) != 44 or not ZONE.fullmatch(line1 + line2):
        return MrzReading(readable=False)
    try:
        checker = TD3CodeChecker(f"{line1}\n{line2}", check_expiry=False)
        found = checker.fields()
    except Exception:  # the mrz package raises its own errors (FieldError...) on odd zones
        return MrzReading(readable=False)
    values = {
        "document_number_hash": (found.document_number, found.document_number_hash),
        "birth_date_hash": (found.birth_date, found.birth_date_hash),
        "expiry_date_hash": (found.expiry_date, found.expiry_date_hash),
        "optional_data_hash": (found.optional_data, found.optional_data_hash),
        "final_hash": (line2[:10] + line2[13:20] + line2[21:43], found.final_hash),
    }
    checks = tuple(
        DigitCheck(
            covers, values[name][0] or "(empty)", values[name][1], bool(getattr(checker, name))
        )
        for name, covers in CHECKS
    )
    fields = {
        "surname": found.surname,
        "given_names": found.name,
        "document_number": found.document_number,
        "nationality": found.nationality,
        "date_of_birth": _date(found.birth_date, today, past=True),
        "date_of_expiry": _date(found.expiry_date, today, past=False),
        "sex": found.sex,
    }
    return MrzReading(readable=True, checks=checks, fields=fields)


def _clean(line: str) -> str:
    """OCR reads the filler `<` now and then as a guillemet or a space."""
    return line.strip().upper().replace("«", "<").replace(" ", "")


def _date(yymmdd: str, today: date, *, past: bool) -> str:
    """YYMMDD as YYYY-MM-DD: a birth date is in the past, an expiry this century."""
    try:
        yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
        this_year = today.year % 100
        century = 1900 if (past and yy > this_year) else 2000
        return date(century + yy, mm, dd).isoformat()
    except ValueError:
        return yymmdd
