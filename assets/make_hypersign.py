"""Draws the synthetic SPECIMEN images of the Hypersign KYC flow (run once, commit output).

python assets/make_hypersign.py               # into assets/hypersign/
python assets/make_hypersign.py --out DIR     # elsewhere (the tests redraw and compare bytes)

One fictional person, PRIYA SPECIMEN MENON (assets/hypersign/person.json, written here too):
a TD3 passport information page whose MRZ comes from the `mrz` package (check digits valid),
the front and back of a fictional Indian government ID card, a selfie of the same face, a
stranger's selfie and a blank card (no text, no face: the "nothing readable" case). Every
picture but the blank one says SPECIMEN and "FICTIONAL PERSON - NOT A VALID DOCUMENT".

The faces are the two public domain photographs assets/make_documents.py already uses
(assets/hypersign/LICENSES.md), taken from its committed selfies, so nothing outside the
repository is read; the card drawing helpers are imported from that script, unchanged.

Deterministic: fixed fonts (DejaVu, Debian's fonts-dejavu-core), no clock, no randomness.
"""

import argparse
import json
from pathlib import Path

from make_documents import (
    CARD,
    INK,
    MUTED,
    RED,
    background,
    fields,
    font,
    place_photo,
    specimen_marks,
)
from make_documents import OUT as CKYC_DOCUMENTS
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

OUT = Path(__file__).parent / "hypersign"
PASSPORT = (1200, 844)  # ID-3 proportions (125 x 88 mm)
QUALITY = 85
FOOTER = "FICTIONAL PERSON - NOT A VALID DOCUMENT"

# The seeded person; the dates are YYYY-MM-DD here and DD/MM/YYYY on the documents.
SURNAME = "MENON"
GIVEN = "PRIYA SPECIMEN"
PASSPORT_NUMBER = "X4820917"
BIRTH, ISSUE, EXPIRY = "1992-04-23", "2024-06-10", "2034-06-09"
# 12 digits, the last a Verhoeff check digit (as on an Aadhaar number; 9999... like Asha's).
GOVT_ID_NUMBER = "9999 7312 4587"
ADDRESS = ("14 SPECIMEN LANE,", "PANAMPILLY NAGAR, ERNAKULAM,", "KOCHI, KERALA - 682036")

# Where the faces are cut from (the committed selfies of make_documents.py: Asha's is NASA's
# portrait of Eileen Collins, Ravi's the U.S. Navy's of Grace Hopper), in those files' pixels.
FACE_SOURCE = CKYC_DOCUMENTS / "asha-selfie.jpg"
STRANGER_SOURCE = CKYC_DOCUMENTS / "ravi-selfie.jpg"
PHOTO_CROP = (84, 24, 336, 339)  # head and shoulders for the documents (4:5)
SELFIE_CROP = (24, 0, 404, 462)  # wider, above the source's own "SPECIMEN SELFIE" band
STRANGER_CROP = (30, 0, 480, 548)


def mrz_lines() -> tuple[str, str]:
    code = TD3CodeGenerator(
        "P",
        "IND",
        SURNAME,
        GIVEN,
        PASSPORT_NUMBER,
        "IND",
        yymmdd(BIRTH),
        "F",
        yymmdd(EXPIRY),
    )
    line1, line2 = str(code).split("\n")
    return line1, line2


def yymmdd(date: str) -> str:
    return date[2:4] + date[5:7] + date[8:10]


def printed(date: str) -> str:
    return f"{date[8:10]}/{date[5:7]}/{date[0:4]}"


def person() -> dict:
    line1, line2 = mrz_lines()
    return {
        "fullName": f"{GIVEN} {SURNAME}",
        "firstName": GIVEN,
        "lastName": SURNAME,
        "gender": "FEMALE",
        "sex": "F",
        "dateOfBirth": BIRTH,
        "placeOfBirth": "KOCHI, KERALA",
        "nationality": "IND",
        "issuingCountry": "IND",
        "documentNumber": PASSPORT_NUMBER,
        "dateOfIssue": ISSUE,
        "dateOfExpiry": EXPIRY,
        "mrz": {"line1": line1, "line2": line2},
        "governmentIdNumber": GOVT_ID_NUMBER,
        "address": " ".join(ADDRESS),
        "note": f"SPECIMEN - {FOOTER}",
    }


# -- faces ----------------------------------------------------------------------------------------


def document_photo(size: tuple[int, int]) -> Image.Image:
    """The printed photo: flattened like a print (as make_documents.card_photo does)."""
    photo = Image.open(FACE_SOURCE).convert("RGB").crop(PHOTO_CROP)
    photo = photo.resize(size, Image.Resampling.LANCZOS)
    photo = ImageEnhance.Color(photo).enhance(0.55)
    return ImageEnhance.Contrast(photo).enhance(0.9)


def selfie_band(image: Image.Image, title: str) -> Image.Image:
    """A red band under the photo: the title and the fictional-person line."""
    band = Image.new("RGB", (image.width, 64), RED)
    draw = ImageDraw.Draw(band)
    draw.text((12, 6), title, font=font(22), fill=(255, 255, 255))
    draw.text((12, 36), FOOTER, font=font(19), fill=(255, 255, 255))
    out = Image.new("RGB", (image.width, image.height + band.height))
    out.paste(image, (0, 0))
    out.paste(band, (0, image.height))
    return out


def selfie(source: Path, crop: tuple[int, int, int, int], brightness: float) -> Image.Image:
    """Another crop of the photograph, mirrored (as a front camera shows it), other light."""
    image = Image.open(source).convert("RGB").crop(crop)
    image = ImageOps.mirror(image)
    width = 520
    image = image.resize(
        (width, round(image.height * width / image.width)), Image.Resampling.LANCZOS
    )
    image = ImageEnhance.Brightness(image).enhance(brightness)
    return selfie_band(image, "SPECIMEN SELFIE")


# -- documents ------------------------------------------------------------------------------------


def passport_page() -> Image.Image:
    width, height = PASSPORT
    image = background(PASSPORT, (238, 244, 250))
    specimen_marks(image, "PASSPORT (SPECIMEN)  REPUBLIC OF INDIA")
    place_photo(image, document_photo((272, 340)), (40, 112))
    draw = ImageDraw.Draw(image)
    left = [
        ("Type / Country Code", "P / IND"),
        ("Surname", SURNAME),
        ("Given Name(s)", GIVEN),
        ("Date of Birth", printed(BIRTH)),
        ("Place of Birth", "KOCHI, KERALA"),
    ]
    right = [
        ("Passport No.", PASSPORT_NUMBER),
        ("Nationality", "INDIAN"),
        ("Sex", "F"),
        ("Date of Issue", printed(ISSUE)),
        ("Date of Expiry", printed(EXPIRY)),
    ]
    fields(draw, 350, 104, left, step=70)
    fields(draw, 820, 104, right, step=70)
    draw.text((350, 470), "Place of Issue", font=font(20, "Sans"), fill=MUTED)
    draw.text((350, 492), "KOCHI", font=font(30), fill=INK)
    # The machine readable zone: 44 characters a line at a fixed pitch, on a plain white strip.
    # Set solid, OCR read the I of IND as 1 and lost trailing fillers; 32 px, 6 px apart (in
    # the middle of 5 to 7, which read back exactly wherever the lines sat) it does not.
    mrz_font = font(32, "SansMono")
    pitch = draw.textlength("<", font=mrz_font) + 6
    left = (width - (44 * pitch - 6)) / 2
    top = 620
    draw.rectangle((0, top, width, height - 46), fill=(252, 252, 252))
    for row, line in enumerate(mrz_lines()):
        for column, char in enumerate(line):
            at = (left + column * pitch, top + 30 + row * 62)
            draw.text(at, char, font=mrz_font, fill=INK)
    return image


def id_front() -> Image.Image:
    image = background(CARD, (246, 248, 238))
    specimen_marks(image, "INDIA ID CARD (SPECIMEN)")
    place_photo(image, document_photo((200, 250)), (40, 110))
    draw = ImageDraw.Draw(image)
    fields(
        draw,
        290,
        112,
        [
            ("Name", f"{GIVEN} {SURNAME}"),
            ("Date of Birth", printed(BIRTH)),
            ("Gender", "FEMALE"),
        ],
        step=70,
    )
    draw.line([(40, 410), (960, 410)], fill=(40, 110, 60), width=3)
    draw.text((275, 420), "ID No.", font=font(20, "Sans"), fill=MUTED)
    draw.text((275, 446), GOVT_ID_NUMBER, font=font(60, "SansMono-Bold"), fill=INK)
    return image


def id_back() -> Image.Image:
    image = background(CARD, (246, 248, 238))
    specimen_marks(image, "INDIA ID CARD (SPECIMEN)")
    draw = ImageDraw.Draw(image)
    draw.text((40, 110), "Address:", font=font(24, "Sans"), fill=MUTED)
    for index, line in enumerate(ADDRESS):
        draw.text((40, 150 + index * 48), line, font=font(32), fill=INK)
    draw.line([(40, 410), (960, 410)], fill=(40, 110, 60), width=3)
    draw.text((275, 420), "ID No.", font=font(20, "Sans"), fill=MUTED)
    draw.text((275, 446), GOVT_ID_NUMBER, font=font(60, "SansMono-Bold"), fill=INK)
    return image


def blank_card() -> Image.Image:
    """A plain card, no text, no face: the light line pattern of the others, a border."""
    image = background(CARD, (244, 242, 236))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((12, 12, CARD[0] - 13, CARD[1] - 13), radius=28, outline=(200, 196, 186))
    return image


# -- output ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    images = {
        "passport.jpg": passport_page(),
        "id-front.jpg": id_front(),
        "id-back.jpg": id_back(),
        "selfie.jpg": selfie(FACE_SOURCE, SELFIE_CROP, 1.12),
        "stranger-selfie.jpg": selfie(STRANGER_SOURCE, STRANGER_CROP, 0.96),
        "blank.jpg": blank_card(),
    }
    for name, image in images.items():
        image.save(out / name, quality=QUALITY, optimize=True)
    text = json.dumps(person(), indent=2, ensure_ascii=False) + "\n"
    (out / "person.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
