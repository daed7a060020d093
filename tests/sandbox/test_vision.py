"""The shared vision module on the committed SPECIMEN documents: OCR, faces, PDFs, refusals.

The expected values are the seeded people's (sandbox/hyperverge_ckyc/seed.py), written here as
literals; OCR joins words without spaces, so both sides are compared normalised.
"""

import io
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from sandbox.core import vision
from tests.helpers import ROOT

DOCUMENTS = ROOT / "assets" / "ckyc" / "documents"

ASHA_ADDRESS = ["FLAT 12, SPECIMEN HEIGHTS", "SANDBOX ROAD", "KORAMANGALA", "BENGALURU"]
ASHA_ADDRESS += ["KARNATAKA"]
RAVI_ADDRESS = ["42 DEMO NAGAR", "NEAR SANDBOX PARK", "PUNE", "MAHARASHTRA"]

SEEDED = {
    "asha-aadhaar-front.jpg": ["Asha Specimen Kumari", "15-08-1990", "FEMALE", "999941057058"],
    "asha-aadhaar-back.jpg": [*ASHA_ADDRESS, "560034", "999941057058", "RAMESH SPECIMEN KUMAR"],
    "asha-passport.jpg": ["Z1234567", "KUMARI", "ASHA SPECIMEN", "15-08-1990", "INDIAN"],
    "asha-passport-back.jpg": [*ASHA_ADDRESS, "560034", "Z1234567", "SUNITA SPECIMEN DEVI"],
    "ravi-driving-licence.jpg": [
        "MH0120190001234",
        "RAVI TEST SHARMA",
        "02-01-1985",
        "MOHAN TEST SHARMA",
        *RAVI_ADDRESS,
        "411001",
    ],
    "ravi-voter-id.jpg": ["XYZ1234567", "RAVI TEST SHARMA", "02-01-1985", "MALE", *RAVI_ADDRESS],
}


def read(name: str) -> bytes:
    return (DOCUMENTS / name).read_bytes()


@pytest.fixture(scope="module")
def engines() -> Iterator[None]:
    """Both models loaded once for this module (about a second)."""
    vision.preload()
    yield


def test_importing_vision_or_starting_the_sandbox_loads_no_engine() -> None:
    code = (
        "import sys\n"
        "import sandbox.core.vision\n"
        "from sandbox import create_app\n"
        "create_app()\n"
        "heavy = {'dlib', 'rapidocr_onnxruntime', 'onnxruntime', 'cv2', 'pypdfium2'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_ocr_reads_the_seeded_values_on_each_specimen(engines: None, name: str) -> None:
    text = vision.ocr(read(name))
    missing = [value for value in SEEDED[name] if not text.contains(value)]
    assert missing == [], text.text
    assert text.contains("SPECIMEN")
    assert (text.width, text.height) == Image.open(DOCUMENTS / name).size


def test_ocr_lines_carry_their_boxes_for_masking(engines: None) -> None:
    text = vision.ocr(read("asha-aadhaar-front.jpg"))
    digits = [line for line in text.lines if vision.normalise(line.text) in {"9999", "4105"}]
    assert len(digits) == 2
    for line in digits:
        left, top, right, bottom = line.bounds
        assert 0 <= left < right <= text.width and 0 <= top < bottom <= text.height
        assert line.score > 0.9
    assert digits[0].bounds[0] < digits[1].bounds[0]  # reading order, left to right


def _line(text: str, left: float, top: float, right: float, bottom: float) -> vision.OcrLine:
    return vision.OcrLine(text, 0.9, ((left, top), (right, top), (right, bottom), (left, bottom)))


def test_lines_are_grouped_into_rows_top_to_bottom_and_left_to_right() -> None:
    """One grouping for every reader: the OCR's reading order is its rows, flattened."""
    name, dob = _line("Asha", 300, 100, 400, 130), _line("DOB", 100, 160, 150, 190)
    date = _line("15/08/1990", 170, 165, 300, 195)  # a little lower, the same row
    number = _line("9999", 350, 500, 420, 530)
    assert vision.reading_rows([number, date, name, dob]) == [[name], [dob, date], [number]]
    assert vision.reading_rows([]) == []


def test_decoding_an_image_leaves_the_warning_filters_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """catch_warnings swaps process-wide state (not thread-safe); the pixel cap comes first."""

    callers: list[str] = []
    real = warnings.catch_warnings

    def watched(*args, **kwargs):
        callers.append(sys._getframe(1).f_globals.get("__name__", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(warnings, "catch_warnings", watched)
    assert vision.load_image(read("asha-selfie.jpg")).mode == "RGB"
    huge = io.BytesIO()
    Image.new("1", (8000, 8000)).save(huge, format="PNG")
    with pytest.raises(vision.UnreadableImage, match="over the"):
        vision.load_image(huge.getvalue())
    assert vision.__name__ not in callers


def test_normalise_keeps_letters_and_digits_only() -> None:
    assert vision.normalise("Asha  Specimen-Kumari, 15/08/1990") == "ASHASPECIMENKUMARI15081990"
    assert vision.normalise("Ｚ１２３") == "Z123"  # full-width forms folded
    assert vision.OcrText(lines=(), width=1, height=1).contains("") is False


def test_the_face_on_ashas_aadhaar_is_ashas_selfie_and_not_ravis(engines: None) -> None:
    card = vision.face(read("asha-aadhaar-front.jpg"))
    asha = vision.face(read("asha-selfie.jpg"))
    ravi = vision.face(read("ravi-selfie.jpg"))
    assert card is not None and asha is not None and ravi is not None
    assert vision.same_person(card, asha), vision.face_distance(card, asha)
    assert not vision.same_person(card, ravi), vision.face_distance(card, ravi)
    assert vision.face_distance(card, ravi) > vision.face_distance(card, asha) + 0.2
    left, top, right, bottom = card.box
    assert 40 <= left < right <= 250 and 110 <= top < bottom <= 370  # on the printed photo


def test_ravis_licence_and_voter_id_show_ravis_face(engines: None) -> None:
    ravi = vision.face(read("ravi-selfie.jpg"))
    assert ravi is not None
    for name in ("ravi-driving-licence.jpg", "ravi-voter-id.jpg"):
        card = vision.face(read(name))
        assert card is not None and vision.same_person(card, ravi), name


def test_a_page_without_a_face_has_none(engines: None) -> None:
    assert vision.face(read("asha-aadhaar-back.jpg")) is None


def test_pdf_page_count_and_pages(engines: None) -> None:
    assert vision.pdf_page_count(read("asha-documents.pdf")) == 3
    assert vision.pdf_page_count(read("ravi-documents.pdf")) == 2
    assert vision.pdf_page_count(read("asha-six-pages.pdf")) == 6
    pages = vision.pdf_pages(read("asha-six-pages.pdf"), max_pages=5)
    assert len(pages) == 5
    assert all(page.mode == "RGB" and max(page.size) <= 2000 for page in pages)
    width, height = pages[0].size  # a card saved as a 150 dpi page, rendered back at 150 dpi
    assert abs(width - 1000) <= 1 and abs(height - 630) <= 1


def test_a_pdf_page_reads_like_its_card(engines: None) -> None:
    front, back, _passport = vision.pdf_pages(read("asha-documents.pdf"))
    text = vision.ocr(back)
    assert [v for v in SEEDED["asha-aadhaar-back.jpg"] if not text.contains(v)] == []
    card = vision.face(front)
    selfie = vision.face(read("asha-selfie.jpg"))
    assert card is not None and selfie is not None and vision.same_person(card, selfie)


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG signature with nothing behind it
    ],
    ids=["text", "empty", "truncated-png"],
)
def test_what_is_not_an_image_is_refused(data: bytes) -> None:
    with pytest.raises(vision.UnreadableImage):
        vision.ocr(data)
    with pytest.raises(vision.UnreadableImage):
        vision.face(data)


def test_other_formats_pdfs_and_huge_images_are_refused() -> None:
    gif = io.BytesIO()
    Image.new("RGB", (20, 20)).save(gif, format="GIF")
    with pytest.raises(vision.UnreadableImage, match="JPEG or PNG"):
        vision.load_image(gif.getvalue())
    with pytest.raises(vision.UnreadableImage):
        vision.load_image(read("asha-documents.pdf"))
    huge = io.BytesIO()
    Image.new("1", (8000, 8000)).save(huge, format="PNG")  # 64 MP in a few kB
    with pytest.raises(vision.UnreadableImage, match="over the"):
        vision.load_image(huge.getvalue())


def test_what_is_not_a_pdf_is_refused() -> None:
    for data in (b"%PDF-1.7 but nothing else", read("asha-selfie.jpg"), b""):
        with pytest.raises(vision.UnreadablePdf):
            vision.pdf_page_count(data)
        with pytest.raises(vision.UnreadablePdf):
            vision.pdf_pages(data)
    assert vision.is_pdf(read("asha-documents.pdf")) and not vision.is_pdf(read("asha-selfie.jpg"))


def test_errors_share_one_base() -> None:
    for error in (vision.UnreadableImage, vision.UnreadablePdf, vision.VisionUnavailable):
        assert issubclass(error, vision.VisionError)


def test_worker_threads_get_the_same_answers(engines: None) -> None:
    data = read("asha-selfie.jpg")
    expected = vision.face(data)
    results: list[vision.FaceEmbedding | None] = []
    threads = [threading.Thread(target=lambda: results.append(vision.face(data))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_first_use_from_many_threads_builds_once() -> None:
    built: list[int] = []
    gate = threading.Barrier(8)

    def build() -> object:
        built.append(1)
        return object()

    lazy = vision._Lazy(build)
    engines: list[object] = []

    def use() -> None:
        gate.wait()
        engines.append(lazy.get())

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and len({id(engine) for engine in engines}) == 1


def test_specimens_are_small() -> None:
    for path in Path(DOCUMENTS).iterdir():
        limit = 600_000 if path.suffix == ".pdf" else 150_000
        assert path.stat().st_size < limit, path.name
