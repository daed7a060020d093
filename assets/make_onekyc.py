"""Draws the synthetic SPECIMEN images of the OneKYC SIV flow (run once, commit output).

python assets/make_onekyc.py               # into assets/onekyc/
python assets/make_onekyc.py --out DIR     # elsewhere (the tests redraw and compare bytes)

One fictional Indonesian person, SITI SPECIMEN RAHAYU (assets/onekyc/person.json, written here
too), on a KTP (Indonesian identity card) laid out as the real one is: the province and the city
on top, the labelled rows (NIK, Nama, Tempat/Tgl Lahir, ...), the portrait on the right with the
issuing place and date beneath it. Her NIK carries her date of birth in digits 7-12 as DDMMYY,
40 added to the day because she is a woman (as real NIKs do). Files:

- ktp-valid.jpg: her KTP; its NIK is in the synthetic population register (registry.json).
- ktp-nik-mismatch.jpg: the same person and card, a NIK the register does not hold.
- ktp-blank.jpg: the valid card photographed far out of focus: nothing on it can be read, no face
  found (the unreadable KTP; far from one colour, so the console's blank-photo check and the
  vendor's take it, as they would take a real blurred photo).
- selfie.jpg: her face, another crop of the same photograph, mirrored, other light.
- selfie-stranger.jpg: another person's face (the selfie mismatch).
- registry.json: the sandbox's register, synthetic citizens keyed by NIK; person.json.

Every picture but the blank card says SPECIMEN and "FICTIONAL PERSON - NOT A VALID DOCUMENT".
The faces are the repository's two public domain photographs (assets/onekyc/LICENSES.md), taken
through assets/make_hypersign.py from the committed selfies of assets/make_documents.py, so
nothing outside the repository is read. Since both faces are women's, the card holder is a
woman. Deterministic: DejaVu fonts, no clock, no randomness.
"""

import argparse
import json
from pathlib import Path

from make_documents import INK, RED, font, place_photo
from make_hypersign import FACE_SOURCE, STRANGER_CROP, STRANGER_SOURCE, document_photo, selfie
from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).parent / "onekyc"
KTP = (1000, 630)  # ID-1 proportions (85.6 x 54 mm)
QUALITY = 85
FOOTER = "FICTIONAL PERSON - NOT A VALID DOCUMENT"
TINT = (214, 232, 246)  # the KTP's pale blue
SELFIE_CROP = (10, 0, 420, 470)  # another crop than Hypersign's selfie of the same photograph

# The card holder, as printed (dates DD-MM-YYYY, as on a KTP and in the vendor's payload).
PERSON = {
    "nik": "3374036403900001",
    "name": "SITI SPECIMEN RAHAYU",
    "placeOfBirth": "SEMARANG",
    "dateOfBirth": "24-03-1990",
    "gender": "PEREMPUAN",
    "bloodType": "AB",
    "address": "JL. SPECIMEN RAYA NO. 12",
    "rt": "008",
    "rw": "020",
    "village": "PLEBURAN",
    "district": "SEMARANG SELATAN",
    "religion": "ISLAM",
    "maritalStatus": "KAWIN",
    "occupation": "KARYAWAN SWASTA",
    "citizenship": "WNI",
    "validUntil": "SEUMUR HIDUP",
    "province": "JAWA TENGAH",
    "city": "KOTA SEMARANG",
    "issuedAt": "SEMARANG",
    "issuanceDate": "28-12-2017",
}
# The same card with a NIK that no citizen of the register holds (the last digit changed).
MISMATCH_NIK = "3374036403900007"

# The synthetic population register: fictional people, NIKs built by the same rule (province,
# city, district codes; DDMMYY with 40 added to a woman's day; a serial). Siti first.
CITIZENS = [
    ("3374036403900001", "SITI SPECIMEN RAHAYU", "24-03-1990", "female", "SEMARANG"),
    ("3171011708850003", "BUDI SPECIMEN SANTOSO", "17-08-1985", "male", "JAKARTA"),
    ("3578024511780002", "DEWI SPECIMEN LESTARI", "05-11-1978", "female", "SURABAYA"),
    ("3273010101000004", "AGUS SPECIMEN WIBOWO", "01-01-2000", "male", "BANDUNG"),
    ("3471027006950005", "RINA SPECIMEN KUSUMA", "30-06-1995", "female", "YOGYAKARTA"),
]


def registry() -> dict:
    return {
        "note": (
            "SPECIMEN - the OneKYC sandbox's synthetic population register: fictional people, "
            "not real NIKs. Dates DD-MM-YYYY."
        ),
        "citizens": {
            nik: {"name": name, "dateOfBirth": birth, "gender": gender, "placeOfBirth": place}
            for nik, name, birth, gender, place in CITIZENS
        },
    }


def person() -> dict:
    return {
        **PERSON,
        "mismatchNik": MISMATCH_NIK,
        "note": f"SPECIMEN - {FOOTER}",
    }


# -- the card -------------------------------------------------------------------------------------


def background() -> Image.Image:
    """The pale blue card with a faint line pattern (light: it never reads as text)."""
    width, height = KTP
    image = Image.new("RGB", KTP, TINT)
    draw = ImageDraw.Draw(image)
    line = tuple(max(0, c - 8) for c in TINT)
    for x in range(-height, width, 28):
        draw.line([(x, height), (x + height, 0)], fill=line, width=1)
    draw.rounded_rectangle((8, 8, width - 9, height - 9), radius=26, outline=(150, 176, 200))
    return image


def centred(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, left: int, right: int):
    length = draw.textlength(text, font=font(size))
    draw.text((left + (right - left - length) / 2, y), text, font=font(size), fill=INK)


def ktp(nik: str) -> Image.Image:
    image = background()
    width, height = KTP
    draw = ImageDraw.Draw(image)
    # Header: the province and the city, centred over the rows.
    centred(draw, 22, f"PROVINSI {PERSON['province']}", 30, 0, 760)
    centred(draw, 60, PERSON["city"], 30, 0, 760)
    draw.rectangle((786, 22, 976, 64), fill=RED)
    draw.text((798, 27), "SPECIMEN", font=font(28), fill=(255, 255, 255))

    # The rows: label, a colon in one column, the value.
    label_x, colon_x, value_x = 34, 262, 282
    draw.text((label_x, 112), "NIK", font=font(30), fill=INK)
    draw.text((colon_x, 112), ":", font=font(30), fill=INK)
    draw.text((value_x, 110), nik, font=font(32, "SansMono-Bold"), fill=INK)
    rows = [
        ("Nama", PERSON["name"]),
        ("Tempat/Tgl Lahir", f"{PERSON['placeOfBirth']}, {PERSON['dateOfBirth']}"),
        ("Jenis Kelamin", PERSON["gender"]),
        ("Alamat", PERSON["address"]),
        ("    RT/RW", f"{PERSON['rt']}/{PERSON['rw']}"),
        ("    Kel/Desa", PERSON["village"]),
        ("    Kecamatan", PERSON["district"]),
        ("Agama", PERSON["religion"]),
        ("Status Perkawinan", PERSON["maritalStatus"]),
        ("Pekerjaan", PERSON["occupation"]),
        ("Kewarganegaraan", PERSON["citizenship"]),
        ("Berlaku Hingga", PERSON["validUntil"]),
    ]
    y = 160
    for label, value in rows:
        indent = 24 if label.startswith(" ") else 0
        draw.text((label_x + indent, y), label.strip(), font=font(21, "Sans-Bold"), fill=INK)
        draw.text((colon_x, y), ":", font=font(21, "Sans-Bold"), fill=INK)
        draw.text((value_x, y), value, font=font(21, "Sans-Bold"), fill=INK)
        if label == "Jenis Kelamin":
            draw.text((520, y), "Gol. Darah", font=font(21, "Sans-Bold"), fill=INK)
            draw.text((650, y), f": {PERSON['bloodType']}", font=font(21, "Sans-Bold"), fill=INK)
        y += 32

    # The portrait, the place and date of issue beneath it.
    place_photo(image, document_photo((176, 220)), (780, 130))
    issued_left, issued_right = 770, 970
    centred(draw, 370, PERSON["issuedAt"], 21, issued_left, issued_right)
    centred(draw, 400, PERSON["issuanceDate"], 21, issued_left, issued_right)
    draw.line([(800, 470), (940, 455)], fill=(60, 60, 90), width=2)  # a signature's stroke

    draw.rectangle((0, height - 46, width, height - 10), fill=(238, 226, 226))
    length = draw.textlength(FOOTER, font=font(22))
    draw.text(((width - length) / 2, height - 40), FOOTER, font=font(22), fill=RED)
    return image


def blank_ktp() -> Image.Image:
    """The valid card out of focus: its colours and shapes, no text and no face to be read."""
    return ktp(PERSON["nik"]).filter(ImageFilter.GaussianBlur(9))


# -- output ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    images = {
        "ktp-valid.jpg": ktp(PERSON["nik"]),
        "ktp-nik-mismatch.jpg": ktp(MISMATCH_NIK),
        "ktp-blank.jpg": blank_ktp(),
        "selfie.jpg": selfie(FACE_SOURCE, SELFIE_CROP, 1.06),
        "selfie-stranger.jpg": selfie(STRANGER_SOURCE, STRANGER_CROP, 1.04),
    }
    for name, image in images.items():
        image.save(out / name, quality=QUALITY, optimize=True)
    for name, value in (("registry.json", registry()), ("person.json", person())):
        text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
        (out / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
