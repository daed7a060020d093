"""Draws the e-KYC Now sandbox's one picture of its own (run once, commit the output).

python assets/messagecentral/draw.py             # into assets/messagecentral/
python assets/messagecentral/draw.py --out DIR   # elsewhere (to compare bytes)

`watchlisted-id.jpg`: a fictional ID card of MORGAN SPECIMEN BLACKWOOD, the first entry of
`watchlist.json`, so that a journey reaches an AML hit by its own reading (OCR) rather than by a
forced outcome. The face is the second of the repository's two public domain faces (Grace
Hopper's portrait, cut from assets/ckyc/documents/ravi-selfie.jpg as the Hypersign stranger's
selfie is), so assets/hypersign/stranger-selfie.jpg is the same person's selfie. The card
drawing helpers come from assets/make_documents.py, unchanged. Deterministic: DejaVu fonts, no
clock, no randomness.
"""

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ASSETS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ASSETS))

from make_documents import (  # noqa: E402
    CARD,
    INK,
    MUTED,
    OUT,
    background,
    card_photo,
    fields,
    font,
    place_photo,
    specimen_marks,
)

HERE = Path(__file__).resolve().parent
QUALITY = 85
NAME = "MORGAN SPECIMEN BLACKWOOD"
BIRTH = "14/03/1971"
NUMBER = "ZZ 0417 2253 9"


def watchlisted_card() -> Image.Image:
    image = background(CARD, (244, 246, 250))
    specimen_marks(image, "NATIONAL ID CARD (SPECIMEN)")
    selfie = Image.open(OUT / "ravi-selfie.jpg").convert("RGB")
    place_photo(image, card_photo("ravi", selfie, (200, 250)), (40, 110))
    draw = ImageDraw.Draw(image)
    fields(
        draw,
        290,
        112,
        [("Name", NAME), ("Date of Birth", BIRTH), ("Sex", "F")],
        step=70,
    )
    draw.line([(40, 410), (960, 410)], fill=(40, 60, 110), width=3)
    draw.text((275, 420), "ID No.", font=font(20, "Sans"), fill=MUTED)
    draw.text((275, 446), NUMBER, font=font(56, "SansMono-Bold"), fill=INK)
    return image


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    watchlisted_card().save(out / "watchlisted-id.jpg", quality=QUALITY, optimize=True)


if __name__ == "__main__":
    main()
