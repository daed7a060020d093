"""Draws the synthetic SPECIMEN photos and signatures the sandbox serves (run once, commit output).

python assets/make_specimens.py
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).parent / "ckyc"
PEOPLE = {
    "asha": ("ASHA S. KUMARI", (214, 170, 140), (60, 40, 30)),
    "ravi": ("RAVI T. SHARMA", (190, 140, 110), (30, 30, 30)),
    "meera": ("MEERA D. NAIR", (170, 120, 90), (20, 20, 20)),
    "vikram": ("VIKRAM S. RAO", (200, 150, 120), (50, 35, 25)),
}


def font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def photo(name: str, skin: tuple, hair: tuple) -> Image.Image:
    width, height = 240, 300
    image = Image.new("RGB", (width, height), (222, 231, 242))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 200, 200, 360), fill=(52, 84, 140))  # shoulders
    draw.ellipse((70, 60, 170, 185), fill=skin)  # face
    draw.pieslice((64, 48, 176, 150), 180, 360, fill=hair)  # hair
    draw.ellipse((96, 110, 108, 122), fill=(40, 40, 40))
    draw.ellipse((132, 110, 144, 122), fill=(40, 40, 40))
    draw.arc((100, 130, 140, 160), 20, 160, fill=(120, 40, 40), width=3)
    stamp = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(stamp).text((20, 120), "SPECIMEN", font=font(40), fill=(200, 0, 0, 150))
    image.paste(stamp.rotate(35), (0, 0), stamp.rotate(35))
    draw.rectangle((0, 270, width, height), fill=(255, 255, 255))
    draw.text((10, 276), name, font=font(16), fill=(0, 0, 0))
    return image


def signature(name: str) -> Image.Image:
    image = Image.new("RGB", (300, 90), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 50 + 18 * math.sin(x / 9) * math.cos(x / 23)) for x in range(0, 260, 2)]
    draw.line(points, fill=(20, 30, 120), width=3)
    draw.text((20, 68), f"{name} - SPECIMEN", font=font(11), fill=(150, 0, 0))
    return image


def icon() -> Image.Image:
    """The page icon (a shield with a tick), shipped so nothing is fetched from a font host."""
    size = 128
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(64, 8), (112, 26), (108, 72), (64, 120), (20, 72), (16, 26)]
    draw.polygon(shield, fill=(79, 70, 229, 255))
    draw.line([(40, 66), (58, 84), (90, 46)], fill=(255, 255, 255, 255), width=12, joint="curve")
    return image


def main() -> None:
    icon().save(Path(__file__).parent / "icon.png", optimize=True)
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, (name, skin, hair) in PEOPLE.items():
        photo(name, skin, hair).save(OUT / f"{stem}-photo.jpg", quality=80)
        signature(name).save(OUT / f"{stem}-signature.png", optimize=True)


if __name__ == "__main__":
    main()
