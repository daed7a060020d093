"""Aadhaar numbers hidden by the digits actually printed: in the OCR dumps when
returnMaskedAadhaarNumber asks, and on the page image (every number on it) for mask_aadhaar.

Pages are built from OCR lines with known boxes, so no model runs here.
"""

import io

import pytest
from PIL import Image

from sandbox.core.clock import SandboxClock
from sandbox.core.vision import OcrLine, OcrText
from sandbox.hyperverge_validation import backend as validation
from sandbox.hyperverge_validation import documents as docs
from sandbox.hyperverge_validation.intake import InputFile
from sandbox.hyperverge_validation.reading import PageReading

WIDTH, HEIGHT = 1000, 630
WHITE = (255, 255, 255)
MASK = (40, 40, 40)


def line(text: str, left: float, top: float, right: float, bottom: float) -> OcrLine:
    return OcrLine(text, 0.99, ((left, top), (right, top), (right, bottom), (left, bottom)))


def page(*lines: OcrLine) -> OcrText:
    return OcrText(lines=lines, width=WIDTH, height=HEIGHT)


@pytest.mark.parametrize(
    ("printed", "hidden"),
    [
        ("9999 4105 7058", "XXXX XXXX 7058"),
        ("9999-4105-7058", "XXXX-XXXX-7058"),
        ("AadhaarNo999941057058", "AadhaarNoXXXXXXXX7058"),
        ("Aadhaar No: 999941057058.", "Aadhaar No: XXXXXXXX7058."),
        ("9999 4105 7058 / 1234-5678-9012", "XXXX XXXX 7058 / XXXX-XXXX-9012"),
    ],
)
def test_the_first_eight_digits_are_hidden_as_printed(printed: str, hidden: str) -> None:
    assert docs.hide_aadhaar(printed) == hidden


@pytest.mark.parametrize(
    "printed",
    [
        "DL No MH0120190001234",  # 13 digits
        "PIN 560034",
        "XXXX XXXX 7058",
        "15-08-1990",
    ],
)
def test_what_is_not_an_aadhaar_number_is_left_alone(printed: str) -> None:
    assert docs.hide_aadhaar(printed) == printed


def test_every_number_on_a_page_is_found_with_its_first_eight_digits() -> None:
    text = page(
        line("Asha Specimen Kumari", 300, 100, 700, 140),
        line("9999 4105 7058", 350, 500, 650, 540),
        line("AadhaarNo999941057058", 100, 580, 520, 610),
    )
    numbers = docs.aadhaar_numbers(text)
    assert [n.digits for n in numbers] == ["999941057058", "999941057058"]
    (first,) = numbers[0].first_eight
    assert first[0] == 350 and first[2] == pytest.approx(350 + 300 * 9 / 14)
    (second,) = numbers[1].first_eight
    assert second[0] == pytest.approx(100 + 420 * 9 / 21)
    assert second[2] == pytest.approx(100 + 420 * 17 / 21)
    assert docs.aadhaar_number(text) == numbers[0]


def test_mask_aadhaar_covers_every_number_on_the_page() -> None:
    blank = io.BytesIO()
    Image.new("RGB", (WIDTH, HEIGHT), WHITE).save(blank, format="PNG")
    file = InputFile("aadhaar.png", blank.getvalue(), "image/png")
    text = page(
        line("9999 4105 7058", 350, 500, 650, 540),
        line("Aadhaar No 9999-4105-7058", 100, 200, 600, 240),
    )
    document = validation.Document("aadhaar", [(file, 0, PageReading(text, None))])
    backend = validation.ValidationBackend(SandboxClock())
    (masked,) = backend._masked(document, single=False)
    image = Image.open(io.BytesIO(masked)).convert("RGB")
    for x, y in ((360, 520), (500, 520), (350 + 300 * 13 / 14, 520)):  # the bottom number
        expected = MASK if x < 350 + 300 * 9 / 14 else WHITE
        assert _close(image.getpixel((int(x), y)), expected), (x, y)
    # "Aadhaar No 9999-4105-7058": its first 8 digits are characters 11-19 of 25.
    for x in (100 + 500 * 11.5 / 25, 100 + 500 * 18 / 25):
        assert _close(image.getpixel((int(x), 220)), MASK), x
    assert _close(image.getpixel((int(100 + 500 * 23 / 25), 220)), WHITE)
    assert _close(image.getpixel((int(100 + 500 * 3 / 25), 220)), WHITE)


def test_the_ocr_dumps_hide_every_number_as_printed() -> None:
    text = page(
        line("AadhaarNo999941057058", 100, 100, 520, 140),
        line("9999-4105-7058", 350, 500, 650, 540),
    )
    file = InputFile("aadhaar.png", b"", "image/png")
    grouped = {"aadhaar": validation.Document("aadhaar", [(file, 0, PageReading(text, None))])}
    dump = validation._ocr_dump(grouped, hide=True)
    assert dump == "AadhaarNoXXXXXXXX7058\nXXXX-XXXX-7058"
    assert validation._ocr_dump(grouped, hide=False) == "AadhaarNo999941057058\n9999-4105-7058"
    facts = {"aadhaar": [docs.read_facts("aadhaar", text)]}
    standard = validation._standard_dump(grouped, facts, hide=True)
    assert "99994105" not in str(standard)


def _close(pixel: tuple[int, ...], expected: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(pixel, expected, strict=True))


def test_the_dump_reads_the_page_row_by_row() -> None:
    text = page(
        line("9999 4105 7058", 350, 500, 650, 540),
        line("15/08/1990", 170, 165, 300, 195),  # a little lower than DOB: the same row
        line("Asha Specimen Kumari", 300, 100, 700, 140),
        line("DOB", 100, 160, 150, 190),
    )
    assert docs.page_text(text) == "Asha Specimen Kumari\nDOB 15/08/1990\n9999 4105 7058"
