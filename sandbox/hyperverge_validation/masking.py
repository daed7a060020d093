"""mask_aadhaar: the first 8 digits of every Aadhaar number on a page covered on the image."""

import io
from collections.abc import Iterable

from PIL import Image, ImageDraw

from sandbox.hyperverge_validation.documents import AadhaarNumber

MASK = (40, 40, 40)
PADDING = 4  # pixels around each box, so no stroke of a digit shows at the edge
JPEG_QUALITY = 85


def masked(page: Image.Image, numbers: Iterable[AadhaarNumber]) -> Image.Image:
    """A copy of the page with the boxes over each number's first 8 digits filled."""
    copy = page.copy()
    draw = ImageDraw.Draw(copy)
    for number in numbers:
        for left, top, right, bottom in number.first_eight:
            draw.rectangle(
                (left - PADDING, top - PADDING, right + PADDING, bottom + PADDING), fill=MASK
            )
    return copy


def stacked(pages: list[Image.Image]) -> Image.Image:
    """returnSingleMaskedFile: the masked pages one under another, in one image.

    Not documented by the vendor: the merged file's format; we chose one JPEG.
    """
    width = max(page.width for page in pages)
    merged = Image.new("RGB", (width, sum(page.height for page in pages)), "white")
    top = 0
    for page in pages:
        merged.paste(page, (0, top))
        top += page.height
    return merged


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
