"""A KTP photo read for real: the shared OCR and face model (sandbox.core.vision), then the
card's labelled rows parsed into the 19 ktpData fields of the vendor's callback payload.

A KTP prints the province and the city on top, then one row per field, "Label : VALUE" (the
colons in one column), the portrait on the right with the place and date of issue beneath it.
OCR joins words without spaces and reads a colon as ":" or "：", so labels are compared through
`vision.normalise` (fuzzily, rapidfuzz), names and addresses are taken with the print's spaces
(`OcrLine.spaced`), and the NIK's obvious misreads (O for 0, I for 1, ...) are repaired, inside
that 16-digit field only.

Every function that takes bytes blocks for up to seconds: call it off the event loop. Readings
are remembered by the shared vision.Reader (by SHA-256, for the last REMEMBERED images).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import date

from rapidfuzz import fuzz, process

from sandbox.core import vision

REMEMBERED = 32
UnreadableImage = vision.UnreadableImage
_READER = vision.Reader(REMEMBERED)


@dataclass(frozen=True)
class KtpReading:
    """What a KTP says, as the callback's ktpData (the document's keys, in its order): "" for
    what was not read. Dates DD-MM-YYYY, gender "male"/"female"."""

    nik: str = ""
    name: str = ""
    region: str = ""
    dateOfBirth: str = ""
    bloodType: str = ""
    religion: str = ""
    province: str = ""
    city: str = ""
    address: str = ""
    district: str = ""
    town: str = ""
    gender: str = ""
    rt: str = ""
    rw: str = ""
    occupation: str = ""
    validUntil: str = ""
    citizenship: str = ""
    maritalStatus: str = ""
    issuanceDate: str = ""

    @property
    def readable(self) -> bool:
        """A KTP is read when its 16-digit NIK is: without it nothing can be checked."""
        return bool(self.nik)

    def ktp_data(self) -> dict[str, str]:
        """The callback's ktpData: the document's 19 keys in the document's order."""
        return asdict(self)


KTP_DATA_KEYS = tuple(field.name for field in fields(KtpReading))


@dataclass(frozen=True)
class Ktp:
    """A KTP photo as read: its fields and its portrait's face (None when none was found)."""

    reading: KtpReading
    face: vision.FaceEmbedding | None


def read_ktp(data: bytes) -> Ktp:
    """OCR and the portrait of a KTP photo; raises UnreadableImage for anything but a JPEG or
    PNG that decodes. A photo with no NIK on it gives an empty KtpReading (all "")."""
    page = _READER.page(data)
    reading = parse(page.text)
    return Ktp(reading if reading.readable else KtpReading(), page.face)


def selfie_face(data: bytes) -> vision.FaceEmbedding | None:
    """The largest face of a selfie (no OCR); raises UnreadableImage as read_ktp() does."""
    return _READER.face(data)


# -- parsing --------------------------------------------------------------------------------------

# The row labels a KTP prints, normalised, and what each row holds.
LABELS = {
    "NIK": "nik",
    "NAMA": "name",
    "TEMPATTGLLAHIR": "birth",
    "JENISKELAMIN": "gender",
    "ALAMAT": "address",
    "RTRW": "rtrw",
    "KELDESA": "town",
    "KECAMATAN": "district",
    "AGAMA": "religion",
    "STATUSPERKAWINAN": "maritalStatus",
    "PEKERJAAN": "occupation",
    "KEWARGANEGARAAN": "citizenship",
    "BERLAKUHINGGA": "validUntil",
}
LABEL_SCORE = 80  # rapidfuzz ratio (0-100) of a label as read to the printed one
# The portrait, the place and date of issue: lines starting this far right across the text.
RIGHT_COLUMN = 0.72
# Inside the 16-digit NIK only: letters OCR reads for digits in a numeric field.
NIK_REPAIRS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "U": "0", "I": "1", "i": "1", "l": "1", "L": "1",
     "|": "1", "!": "1", "Z": "2", "z": "2", "S": "5", "s": "5", "G": "6", "b": "6", "T": "7",
     "B": "8"}
)  # fmt: skip
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
DATE = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)")
BLOOD = re.compile(r"G\s*[O0]\s*[L1I]\s*[.,]?\s*D\s*A\s*R\s*A\s*H\s*[:.]?", re.IGNORECASE)
BLOOD_TYPES = {"A", "B", "AB", "O"}
GENDERS = {"LAKILAKI": "male", "PEREMPUAN": "female"}
# Not documented by the vendor: how the card's rows map to ktpData. Chosen: region is the place
# of birth (the "Tempat" of Tempat/Tgl Lahir: the document's example has region SEMARANG on a
# KOTA SURABAYA card), city the header's city line as printed ("KOTA SURABAYA"), address the
# Alamat row, town the Kel/Desa row, district the Kecamatan row, citizenship INDONESIA for WNI
# (as the example), validUntil "" for SEUMUR HIDUP (a lifetime card: the example's "") or the
# date printed, issuanceDate the date under the portrait.
CITIZENSHIP = {"WNI": "INDONESIA"}
LIFETIME = "SEUMURHIDUP"


def parse(text: vision.OcrText) -> KtpReading:
    """The fields of one KTP's OCR text (pure: no engine). Unread fields are ""."""
    lines = [line for line in text.lines if line.text.strip()]
    if not lines:
        return KtpReading()
    left_edge = min(line.bounds[0] for line in lines)
    right_edge = max(line.bounds[2] for line in lines)
    split = left_edge + RIGHT_COLUMN * (right_edge - left_edge)
    left = [line for line in lines if line.bounds[0] < split]
    right = [line for line in lines if line.bounds[0] >= split]

    values: dict[str, str] = {}
    rows: dict[str, str] = {}
    header: list[str] = []
    for row in vision.reading_rows(left):
        raw = _clean(" ".join(line.spaced for line in row))
        name, value = _split_label(raw)
        if name is None:
            if not rows:
                header.append(raw)
            continue
        rows.setdefault(name, value)

    values["nik"] = _nik(rows.get("nik", "")) or _nik_anywhere(left)
    values["name"] = _words(rows.get("name", ""))
    place, birth = _place_and_date(rows.get("birth", ""))
    values["region"], values["dateOfBirth"] = place, birth
    gender, blood = _gender_and_blood(rows.get("gender", ""))
    values["gender"], values["bloodType"] = gender, blood
    values["province"], values["city"] = _province_and_city(header)
    values["address"] = _words(rows.get("address", ""))
    values["town"] = _words(rows.get("town", ""))
    values["district"] = _words(rows.get("district", ""))
    values["rt"], values["rw"] = _rt_rw(rows.get("rtrw", ""))
    values["religion"] = _words(rows.get("religion", ""))
    values["maritalStatus"] = _words(rows.get("maritalStatus", ""))
    values["occupation"] = _words(rows.get("occupation", ""))
    citizenship = _words(rows.get("citizenship", ""))
    values["citizenship"] = CITIZENSHIP.get(vision.normalise(citizenship), citizenship)
    values["validUntil"] = _valid_until(rows.get("validUntil", ""))
    values["issuanceDate"] = _issuance_date(right)
    return KtpReading(**values)


def _clean(text: str) -> str:
    """NFKC (a full-width colon is a colon), one space between words."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _split_label(raw: str) -> tuple[str | None, str]:
    """(what the row holds, its value) for a "Label : VALUE" row; (None, "") for another row."""
    head, colon, tail = raw.partition(":")
    if colon:
        key = vision.normalise(head)
        if key in LABELS:
            return LABELS[key], tail.strip()
        if len(key) > 3:  # NIK is too short to match fuzzily: its digits are searched anyway
            found = process.extractOne(
                key, list(LABELS), scorer=fuzz.ratio, score_cutoff=LABEL_SCORE
            )
            if found is not None:
                return LABELS[found[0]], tail.strip()
    # No colon read: the label's letters first, then the value.
    normalised = vision.normalise(raw)
    for key in sorted(LABELS, key=len, reverse=True):
        if normalised.startswith(key):
            return LABELS[key], _after_alnum(raw, len(key)).lstrip(" :.;")
    return None, ""


def _after_alnum(raw: str, count: int) -> str:
    """`raw` after its first `count` letters and digits."""
    seen = 0
    for index, char in enumerate(raw):
        if vision.normalise(char):
            seen += 1
            if seen == count:
                return raw[index + 1 :]
    return ""


def _words(value: str) -> str:
    return " ".join(value.upper().split()).strip(" :")


def _nik(value: str) -> str:
    repaired = re.sub(r"[\s.\-:]", "", value.translate(NIK_REPAIRS))
    return repaired if re.fullmatch(r"\d{16}", repaired) else ""


def _nik_anywhere(lines: list[vision.OcrLine]) -> str:
    """A NIK whose label was not read: 16 digits alone on a line."""
    for line in lines:
        found = NIK.search(re.sub(r"[\s.\-]", "", line.text))
        if found is not None:
            return found.group()
    return ""


def _date(text: str) -> tuple[str, str]:
    """(DD-MM-YYYY of the first valid date in `text`, the text before it); ("", text) if none."""
    digits = text.translate(str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"}))
    for found in DATE.finditer(digits):
        day, month, year = (int(part) for part in found.groups())
        try:
            date(year, month, day)
        except ValueError:
            continue
        return f"{day:02d}-{month:02d}-{year}", text[: found.start()]
    return "", text


def _place_and_date(value: str) -> tuple[str, str]:
    """ "SEMARANG, 24-03-1990" -> ("SEMARANG", "24-03-1990")."""
    birth, before = _date(value)
    if not birth:
        return _words(value.split(",")[0]), ""
    return _words(before).strip(" ,.") if before else "", birth


def _gender_and_blood(value: str) -> tuple[str, str]:
    """ "PEREMPUAN Gol. Darah : AB" -> ("female", "AB")."""
    gender_text, blood_text = value, ""
    if (match := BLOOD.search(value)) is not None:
        gender_text, blood_text = value[: match.start()], value[match.end() :]
    key = vision.normalise(gender_text)
    gender = ""
    if key:
        found = process.extractOne(key, list(GENDERS), scorer=fuzz.ratio, score_cutoff=LABEL_SCORE)
        gender = GENDERS[found[0]] if found is not None else ""
    blood = vision.normalise(blood_text).translate(str.maketrans({"0": "O", "8": "B"}))
    if blood in BLOOD_TYPES:
        return gender, blood
    return gender, "-" if blood_text.strip(" :") == "-" else ""


def _province_and_city(header: list[str]) -> tuple[str, str]:
    """The header: "PROVINSI JAWA TENGAH", then the city ("KOTA SEMARANG", "JAKARTA SELATAN")."""
    for index, line in enumerate(header):
        if vision.normalise(line).startswith("PROVINSI"):
            province = _words(re.sub(r"^\W*P\s*R\s*O\s*V\s*I\s*N\s*S\s*I", "", line, flags=re.I))
            city = _words(header[index + 1]) if index + 1 < len(header) else ""
            return province, city
    return "", ""


def _rt_rw(value: str) -> tuple[str, str]:
    """ "008/020" -> ("008", "020")."""
    digits = value.translate(str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"}))
    found = re.search(r"(\d{1,3})\s*/\s*(\d{1,3})", digits)
    if found is None:
        return "", ""
    return found.group(1).zfill(3), found.group(2).zfill(3)


def _valid_until(value: str) -> str:
    if vision.normalise(value) == LIFETIME:
        return ""
    until, _ = _date(value)
    return until or _words(value)


def _issuance_date(right: list[vision.OcrLine]) -> str:
    """The date under the portrait: the last date in the right column."""
    found = ""
    for row in vision.reading_rows(right):
        issued, _ = _date(" ".join(line.text for line in row))
        found = issued or found
    return found
