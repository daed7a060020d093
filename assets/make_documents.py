"""Draws the synthetic SPECIMEN identity documents the sandbox reads (run once, commit output).

python assets/make_documents.py            # cards, PDFs, selfies into assets/ckyc/documents/

Fictional people of the CKYC seed (sandbox/hyperverge_ckyc/seed.py), on cards that say SPECIMEN
on every side: Asha's Aadhaar front and back and passport (information and address pages),
Ravi's driving licence and voter ID; PDFs of several pages (one of 6, over the documented 5).
The values are copied here as literals (this script never imports the sandbox) and the tests
OCR every card back to them.

Faces are two public domain photographs that ship inside PyPI wheels (assets/ckyc/documents/
LICENSES.md): scikit-image's astronaut.png (Eileen Collins, NASA) for Asha and matplotlib's
grace_hopper.jpg (U.S. Navy) for Ravi. The selfies are cut from them when those packages are
installed (`pip install --no-deps scikit-image matplotlib` in a throwaway venv, and run this
script with that venv's Python); otherwise the committed selfies are the source, so the cards
redraw without them, the same to the byte.

Deterministic: fixed fonts (DejaVu, Debian's fonts-dejavu-core), no clock, no randomness.
"""

import io
import time
from importlib.util import find_spec
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps

OUT = Path(__file__).parent / "ckyc" / "documents"
CARD = (1000, 630)  # ID-1 proportions (85.6 x 54 mm)
PASSPORT = (1000, 700)  # ID-3 proportions (125 x 88 mm)
QUALITY = 80
PDF_DPI = 150  # a 1000 px card is a 6.7 inch page
PDF_DATE = time.gmtime(1552348800)  # 2019-03-12 UTC, fixed: reproducible PDFs

INK = (20, 24, 32)
MUTED = (70, 76, 90)
RED = (190, 20, 30)

# Where each face comes from: the file inside its package, the selfie's crop (left, top, right,
# bottom) and the tighter crop printed on the cards.
FACES = {
    "asha": ("skimage", "data/astronaut.png", (80, 0, 360, 330), (140, 28, 300, 228)),
    "ravi": (
        "matplotlib",
        "mpl-data/sample_data/grace_hopper.jpg",
        (110, 20, 440, 440),
        (143, 60, 403, 382),
    ),
}

# The seeded values (sandbox/hyperverge_ckyc/seed.py), as literals.
ASHA = {
    "name": "Asha Specimen Kumari",
    "surname": "KUMARI",
    "given": "ASHA SPECIMEN",
    "dob": "15/08/1990",
    "gender": "FEMALE",
    "aadhaar": "9999 4105 7058",
    "passport": "Z1234567",
    "father": "RAMESH SPECIMEN KUMAR",
    "mother": "SUNITA SPECIMEN DEVI",
    "address": ("FLAT 12, SPECIMEN HEIGHTS,", "SANDBOX ROAD, KORAMANGALA,", "BENGALURU, KARNATAKA"),
    "pincode": "560034",
}
RAVI = {
    "name": "RAVI TEST SHARMA",
    "dob": "02-01-1985",
    "gender": "MALE",
    "dl": "MH01 20190001234",
    "voter_id": "XYZ1234567",
    "father": "MOHAN TEST SHARMA",
    "address": ("42 DEMO NAGAR,", "NEAR SANDBOX PARK,", "PUNE, MAHARASHTRA"),
    "pincode": "411001",
}


def font(size: int, style: str = "Sans-Bold") -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(f"DejaVu{style}.ttf", size)
    except OSError as error:
        raise SystemExit("DejaVu fonts needed: apt-get install fonts-dejavu-core") from error


# -- faces ---------------------------------------------------------------------------------------


def package_file(package: str, relative: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    return path if path.is_file() else None


def selfie(stem: str) -> Image.Image:
    """The person's selfie, cut from the package's photo when it is installed, as committed.

    The cards' photos are cut from the selfie file as written, so that they come out the same
    whether or not the package is installed.
    """
    package, relative, crop, _card_crop = FACES[stem]
    source = package_file(package, relative)
    committed = OUT / f"{stem}-selfie.jpg"
    if source is not None:
        image = Image.open(source).convert("RGB").crop(crop)
        size = (image.width * 3 // 2, image.height * 3 // 2)
        image = image.resize(size, Image.Resampling.LANCZOS)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, image.height - 30, image.width, image.height), fill=RED)
        draw.text((10, image.height - 26), "SPECIMEN SELFIE", font=font(20), fill=(255, 255, 255))
        image.save(committed, quality=QUALITY, optimize=True)
    elif not committed.is_file():
        raise SystemExit(f"{committed} missing: install {package} to cut it from {relative}")
    return Image.open(committed).convert("RGB")


def card_photo(stem: str, source: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The printed photo: a tighter crop of the same photograph, flattened like a print."""
    _package, _relative, (sx, sy, _r, _b), card_crop = FACES[stem]
    left, top, right, bottom = card_crop  # in the package photo's pixels
    scale = source.width / (_r - sx)  # the selfie is that photo's crop, enlarged
    box = tuple(
        round(v)
        for v in (
            (left - sx) * scale,
            (top - sy) * scale,
            (right - sx) * scale,
            (bottom - sy) * scale,
        )
    )
    photo = source.crop(box).resize(size, Image.Resampling.LANCZOS)
    photo = ImageEnhance.Color(photo).enhance(0.55)
    return ImageEnhance.Contrast(photo).enhance(0.9)


# -- drawing helpers -------------------------------------------------------------------------------


def background(size: tuple[int, int], tint: tuple[int, int, int]) -> Image.Image:
    """A pale card with a faint line pattern (kept light so that it never reads as text)."""
    image = Image.new("RGB", size, tint)
    draw = ImageDraw.Draw(image)
    width, height = size
    line = tuple(max(0, c - 8) for c in tint)
    for x in range(-height, width, 28):
        draw.line([(x, height), (x + height, 0)], fill=line, width=1)
    return image


def specimen_marks(image: Image.Image, title: str) -> None:
    """The header band with the title, the SPECIMEN banner and the footer every card carries."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    draw.rectangle((0, 0, width, 78), fill=(28, 46, 92))
    draw.text((28, 18), title, font=font(34), fill=(255, 255, 255))
    draw.rectangle((width - 250, 14, width - 22, 64), fill=RED)
    draw.text((width - 236, 20), "SPECIMEN", font=font(34), fill=(255, 255, 255))
    draw.rectangle((0, height - 46, width, height), fill=(238, 226, 226))
    footer = "FICTIONAL PERSON - NOT A VALID DOCUMENT"
    length = draw.textlength(footer, font=font(22))
    draw.text(((width - length) / 2, height - 38), footer, font=font(22), fill=RED)


def stamp_over(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """A translucent diagonal SPECIMEN across the lower half of a photo (below the eyes)."""
    left, _top, right, bottom = box
    text = Image.new("RGBA", (right - left, 44), (0, 0, 0, 0))
    draw = ImageDraw.Draw(text)
    length = draw.textlength("SPECIMEN", font=font(34))
    draw.text(((text.width - length) / 2, 2), "SPECIMEN", font=font(34), fill=(*RED, 150))
    text = text.rotate(28, resample=Image.Resampling.BICUBIC, expand=True)
    x = left + (right - left - text.width) // 2
    y = bottom - text.height - 12
    image.paste(text, (x, y), text)


def place_photo(image: Image.Image, photo: Image.Image, at: tuple[int, int]) -> None:
    framed = ImageOps.expand(photo, border=3, fill=(90, 90, 90))
    image.paste(framed, at)
    stamp_over(image, (at[0], at[1], at[0] + framed.width, at[1] + framed.height))


def fields(
    draw: ImageDraw.ImageDraw, x: int, y: int, rows: list[tuple[str, str]], step: int = 62
) -> None:
    """Label above value, as on Indian ID cards."""
    for label, value in rows:
        draw.text((x, y), label, font=font(20, "Sans"), fill=MUTED)
        draw.text((x, y + 22), value, font=font(30), fill=INK)
        y += step


# -- the documents --------------------------------------------------------------------------------


def aadhaar_front(photo: Image.Image) -> Image.Image:
    image = background(CARD, (250, 246, 236))
    specimen_marks(image, "AADHAAR (SPECIMEN)")
    place_photo(image, photo.resize((200, 250)), (40, 110))
    draw = ImageDraw.Draw(image)
    fields(
        draw,
        290,
        112,
        [("Name", ASHA["name"]), ("DOB", ASHA["dob"]), ("Gender", ASHA["gender"])],
        step=70,
    )
    draw.line([(40, 420), (960, 420)], fill=(200, 60, 40), width=3)
    draw.text((275, 440), ASHA["aadhaar"], font=font(64, "SansMono-Bold"), fill=INK)
    return image


def aadhaar_back() -> Image.Image:
    image = background(CARD, (250, 246, 236))
    specimen_marks(image, "AADHAAR (SPECIMEN)")
    draw = ImageDraw.Draw(image)
    draw.text((40, 110), "Address:", font=font(24, "Sans"), fill=MUTED)
    lines = [
        f"D/O {ASHA['father']},",
        *ASHA["address"][:-1],
        f"{ASHA['address'][-1]} - {ASHA['pincode']}",
    ]
    for index, line in enumerate(lines):
        draw.text((40, 146 + index * 44), line, font=font(30), fill=INK)
    draw.line([(40, 420), (960, 420)], fill=(200, 60, 40), width=3)
    draw.text((275, 440), ASHA["aadhaar"], font=font(64, "SansMono-Bold"), fill=INK)
    return image


def mrz_check(value: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 over digits, letters A=10..Z=35, filler 0."""
    total = 0
    for index, char in enumerate(value):
        if char.isdigit():
            number = int(char)
        elif char.isalpha():
            number = ord(char) - ord("A") + 10
        else:
            number = 0
        total += number * (7, 3, 1)[index % 3]
    return str(total % 10)


def passport_mrz() -> tuple[str, str]:
    names = f"{ASHA['surname']}<<{ASHA['given'].replace(' ', '<')}"
    line1 = f"P<IND{names}".ljust(44, "<")
    number, birth, expiry = ASHA["passport"] + "<", "900815", "290311"
    line2 = f"{number}{mrz_check(number)}IND{birth}{mrz_check(birth)}F{expiry}{mrz_check(expiry)}"
    personal = "<" * 14
    line2 += personal + mrz_check(personal)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    return line1, line2 + mrz_check(composite)


def passport_info(photo: Image.Image) -> Image.Image:
    image = background(PASSPORT, (238, 244, 250))
    specimen_marks(image, "PASSPORT (SPECIMEN)")
    place_photo(image, photo.resize((210, 262)), (36, 106))
    draw = ImageDraw.Draw(image)
    left = [
        ("Type / Country Code", "P / IND"),
        ("Surname", ASHA["surname"]),
        ("Given Name(s)", ASHA["given"]),
        ("Date of Birth", ASHA["dob"]),
        ("Place of Birth", "BENGALURU"),
    ]
    right = [
        ("Passport No.", ASHA["passport"]),
        ("Nationality", "INDIAN"),
        ("Sex", "F"),
        ("Date of Issue", "12/03/2019"),
        ("Date of Expiry", "11/03/2029"),
    ]
    fields(draw, 280, 100, left, step=64)
    fields(draw, 700, 100, right, step=64)
    draw.rectangle((0, 560, PASSPORT[0], 654), fill=(250, 250, 250))
    for index, line in enumerate(passport_mrz()):
        draw.text((54, 566 + index * 42), line, font=font(32, "SansMono"), fill=INK)
    return image


def passport_address() -> Image.Image:
    image = background(PASSPORT, (238, 244, 250))
    specimen_marks(image, "PASSPORT (SPECIMEN)")
    draw = ImageDraw.Draw(image)
    fields(
        draw,
        40,
        100,
        [
            ("Name of Father / Legal Guardian", ASHA["father"]),
            ("Name of Mother", ASHA["mother"]),
            ("Passport No.", ASHA["passport"]),
        ],
        step=70,
    )
    draw.text((40, 318), "Address", font=font(20, "Sans"), fill=MUTED)
    lines = [*ASHA["address"][:-1], f"{ASHA['address'][-1]} - {ASHA['pincode']}"]
    for index, line in enumerate(lines):
        draw.text((40, 344 + index * 44), line, font=font(30), fill=INK)
    return image


def driving_licence(photo: Image.Image) -> Image.Image:
    image = background(CARD, (240, 248, 240))
    specimen_marks(image, "DRIVING LICENCE (SPECIMEN)")
    place_photo(image, photo.resize((200, 248)), (40, 106))
    draw = ImageDraw.Draw(image)
    draw.text((290, 96), "DL No.", font=font(20, "Sans"), fill=MUTED)
    draw.text((290, 118), RAVI["dl"], font=font(36, "SansMono-Bold"), fill=INK)
    fields(
        draw,
        290,
        166,
        [("Name", RAVI["name"]), ("S/D/W of", RAVI["father"])],
        step=60,
    )
    fields(draw, 290, 286, [("Date of Birth", RAVI["dob"])], step=60)
    fields(draw, 620, 286, [("Valid Till", "01-01-2035")], step=60)
    draw.text((40, 372), "Address", font=font(20, "Sans"), fill=MUTED)
    address = [
        " ".join(RAVI["address"][:2]),
        f"{RAVI['address'][2]} {RAVI['pincode']}",
    ]
    for index, line in enumerate(address):
        draw.text((40, 396 + index * 40), line, font=font(28), fill=INK)
    draw.text(
        (40, 490),
        "Issued 12-03-2019  Class of vehicle: MCWG, LMV",
        font=font(22, "Sans"),
        fill=MUTED,
    )
    return image


def voter_id(photo: Image.Image) -> Image.Image:
    image = background(CARD, (246, 240, 250))
    specimen_marks(image, "ELECTOR PHOTO ID (SPECIMEN)")
    place_photo(image, photo.resize((190, 236)), (40, 106))
    draw = ImageDraw.Draw(image)
    draw.text((280, 96), "EPIC No.", font=font(20, "Sans"), fill=MUTED)
    draw.text((280, 118), RAVI["voter_id"], font=font(36, "SansMono-Bold"), fill=INK)
    fields(
        draw,
        280,
        166,
        [("Elector's Name", RAVI["name"]), ("Father's Name", RAVI["father"])],
        step=60,
    )
    fields(draw, 280, 286, [("Gender", RAVI["gender"])], step=60)
    fields(draw, 560, 286, [("Date of Birth", RAVI["dob"])], step=60)
    draw.text((40, 372), "Address", font=font(20, "Sans"), fill=MUTED)
    address = [" ".join(RAVI["address"][:2]), f"{RAVI['address'][2]} - {RAVI['pincode']}"]
    for index, line in enumerate(address):
        draw.text((40, 396 + index * 40), line, font=font(28), fill=INK)
    return image


# -- output ---------------------------------------------------------------------------------------


def save_jpeg(image: Image.Image, name: str) -> None:
    image.save(OUT / name, quality=QUALITY, optimize=True)


def save_pdf(pages: list[Image.Image], name: str, title: str) -> None:
    buffer = io.BytesIO()
    pages[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=PDF_DPI,
        quality=QUALITY,
        title=title,
        author="KYC Console sandbox (fictional SPECIMEN)",
        producer="assets/make_documents.py",
        creator="assets/make_documents.py",
        creationDate=PDF_DATE,
        modDate=PDF_DATE,
    )
    (OUT / name).write_bytes(buffer.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    faces = {stem: selfie(stem) for stem in FACES}
    asha = card_photo("asha", faces["asha"], (200, 250))
    ravi = card_photo("ravi", faces["ravi"], (200, 248))
    cards = {
        "asha-aadhaar-front.jpg": aadhaar_front(asha),
        "asha-aadhaar-back.jpg": aadhaar_back(),
        "asha-passport.jpg": passport_info(asha),
        "asha-passport-back.jpg": passport_address(),
        "ravi-driving-licence.jpg": driving_licence(ravi),
        "ravi-voter-id.jpg": voter_id(ravi),
    }
    for name, image in cards.items():
        save_jpeg(image, name)
    # The PDF pages are the JPEGs as written, so that a page reads exactly like its card.
    read = {name: Image.open(OUT / name).convert("RGB") for name in cards}
    aadhaar = [read["asha-aadhaar-front.jpg"], read["asha-aadhaar-back.jpg"]]
    passport = [read["asha-passport.jpg"], read["asha-passport-back.jpg"]]
    save_pdf([*aadhaar, read["asha-passport.jpg"]], "asha-documents.pdf", "Asha: Aadhaar, passport")
    save_pdf(
        [read["ravi-driving-licence.jpg"], read["ravi-voter-id.jpg"]],
        "ravi-documents.pdf",
        "Ravi: driving licence, voter ID",
    )
    save_pdf([*aadhaar, *passport, *aadhaar], "asha-six-pages.pdf", "Six pages (over 5)")


if __name__ == "__main__":
    main()
