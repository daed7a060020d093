"""Vision for the simulators: OCR of document images, face embeddings, PDF pages. Sandbox only.

Every simulator that reads pixels shares this one module; the console and the adapters never
import it. The engines ship their models inside their PyPI wheels, so it works offline:

- OCR: ``rapidocr-onnxruntime`` (PP-OCRv4 detection and recognition on ONNX Runtime). It reads
  words but often joins them without spaces, so compare with :func:`normalise` on both sides;
  :attr:`OcrLine.spaced` puts a space back wherever the print itself leaves a word's gap.
- Faces: ``dlib-bin`` with the model files of ``face_recognition_models`` (HOG face detector,
  the 5-point landmark model, the ResNet face-descriptor model; all released into the public
  domain by dlib's author; the 68-point model, whose training data forbids commercial use, is
  never loaded).
- PDF: ``pypdfium2`` (page count, pages rendered to images).

Nothing loads at import or at sandbox start: each engine loads on its first use, under a
lock, once per process (on this 2-core machine: OCR 0.3 s, faces 0.4 s; about 180 MB resident
between them, and about 250 MB more while an image is read, handed back after each one).
Inference is serialised per engine by a lock too (RapidOCR's pipeline object, dlib's networks
and PDFium are not safe to share between threads; ONNX Runtime already uses every core for one
image), so the functions may be called from any thread. Measured here (``python -m bench
vision``): OCR of a 1000x630 card 0.6-1.2 s, a face 0.1-0.2 s, a PDF page rendered in 10 ms.

They block for tenths of a second to seconds: an ASGI route must call them off the event loop,
``await starlette.concurrency.run_in_threadpool(vision.ocr, data)``, so that the other sandbox
routes stay responsive while a document is read. dlib keeps the GIL while it detects or
describes a face, so the event loop still pauses up to about 0.15 s at a time meanwhile.

Readings remembered: a :class:`Reader` keeps what it read (a page's text and face, a selfie's
face, or any reading a simulator computes from bytes) by the SHA-256 of the bytes, for the files
used last, since QA sends the same SPECIMEN files again and again.

Exceptions, all :class:`VisionError`:

- :class:`UnreadableImage`: bytes that are not a JPEG or PNG image PIL can decode, or one over
  :data:`MAX_IMAGE_PIXELS`.
- :class:`UnreadablePdf`: bytes PDFium cannot open (not a PDF, damaged, password protected).
- :class:`VisionUnavailable`: an engine's package or model file is missing from this install.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import itertools
import math
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PIL import Image, ImageOps

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "MAX_IMAGE_PIXELS",
    "SAME_PERSON_THRESHOLD",
    "WORD_GAP",
    "FaceEmbedding",
    "ImageInput",
    "OcrLine",
    "OcrText",
    "PageReading",
    "Reader",
    "UnreadableImage",
    "UnreadablePdf",
    "VisionError",
    "VisionUnavailable",
    "face",
    "face_distance",
    "is_pdf",
    "load_image",
    "loaded",
    "normalise",
    "ocr",
    "pdf_page_count",
    "pdf_pages",
    "preload",
    "reading_rows",
    "same_person",
]

# dlib's face-descriptor model: two faces closer than 0.6 (Euclidean distance between 128-d
# descriptors) are the same person; at that threshold the model is 99.38% accurate on the LFW
# benchmark (Davis King, dlib's dnn_face_recognition_ex.cpp and the dlib-models README).
SAME_PERSON_THRESHOLD = 0.6

# A blank run of print at least this share of its line's height, between two characters OCR read
# with no space between them, is a space between words. Measured on cards in DejaVu Sans, as
# uploaded and as camera frames of 640x360 to 1280x720: between the letters of a word at most
# 0.21, between words (and around a comma or a dash) at least 0.30.
WORD_GAP = 0.25

# Larger images are refused rather than decoded: 40 MP covers any phone photo or scan, and a
# 6 MB file could otherwise decompress to gigabytes.
MAX_IMAGE_PIXELS = 40_000_000

ACCEPTED_FORMATS = ("JPEG", "PNG")

# Faces are looked for on a copy whose longer side is at most this (HOG time grows with the
# area; a face on a document photo stays well above the detector's 80 px minimum).
_FACE_SIDE = 1024
# The detector finds faces from about 80 px wide; when it finds none on an image this small, it
# looks again on a copy twice the size (on a larger image that would cost 0.3-0.4 s, with the
# GIL held, for faces too small to compare well).
_UPSAMPLE_SIDE = 640
# PDF pages are rendered at this resolution (a card-sized page 1000 px wide, an A4 page 1240 px;
# text is found at 960 px anyway, and 200 dpi cost 110 MB more at the peak of each OCR for the
# same text), the longer side capped where RapidOCR would shrink the image (its max_side_len).
PDF_DPI = 150
_PDF_MAX_SIDE = 2000

ImageInput = bytes | Image.Image
T = TypeVar("T")


class VisionError(Exception):
    """Base of this module's errors."""


class UnreadableImage(VisionError):
    """Not a JPEG or PNG image that can be decoded, or too large to decode."""


class UnreadablePdf(VisionError):
    """Not a PDF that PDFium can open."""


class VisionUnavailable(VisionError):
    """An engine or its model file is not installed."""


# -- text ---------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Upper case letters and digits only: what OCR output and a form value are compared on.

    >>> normalise("Asha Specimen-Kumari, 15/08/1990")
    'ASHASPECIMENKUMARI15081990'
    """
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded.upper() if ch.isascii() and ch.isalnum())


@dataclass(frozen=True)
class OcrLine:
    """One line of text as read, its confidence (0-1) and its box in image pixels."""

    text: str
    score: float
    box: tuple[tuple[float, float], ...]  # four corners, clockwise from top left
    # After each character of `text` but the last: the longest blank run of print between its
    # middle and the next one's, as a share of the line's height. Empty when unknown (the
    # engine placed no characters, or the line is not level).
    gaps: tuple[float, ...] = ()

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom)."""
        xs = [x for x, _ in self.box]
        ys = [y for _, y in self.box]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def spaced(self) -> str:
        """The text with a space wherever the print leaves a word's gap (:data:`WORD_GAP`) that
        OCR read no space in: "PRIYASPECIMENMENON" printed as three words is "PRIYA SPECIMEN
        MENON". The text as read when the gaps are unknown."""
        if len(self.gaps) != len(self.text) - 1:
            return self.text
        out: list[str] = []
        for index, char in enumerate(self.text[:-1]):
            out.append(char)
            following = self.text[index + 1]
            if self.gaps[index] >= WORD_GAP and not (char.isspace() or following.isspace()):
                out.append(" ")
        out.append(self.text[-1:])
        return "".join(out)


@dataclass(frozen=True)
class OcrText:
    """What OCR read on one image: lines top to bottom, left to right."""

    lines: tuple[OcrLine, ...]
    width: int
    height: int

    @property
    def text(self) -> str:
        """The lines as read, one per line."""
        return "\n".join(line.text for line in self.lines)

    @property
    def normalised(self) -> str:
        """All the text through :func:`normalise`, lines joined with nothing between them."""
        return normalise("".join(line.text for line in self.lines))

    def contains(self, value: str) -> bool:
        """Whether ``value`` appears in the text, both sides normalised (empty never does)."""
        wanted = normalise(value)
        return bool(wanted) and wanted in self.normalised


# -- faces --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FaceEmbedding:
    """dlib's 128-d descriptor of a face and the face's box in the image's pixels."""

    vector: tuple[float, ...]
    box: tuple[int, int, int, int]  # left, top, right, bottom

    def __post_init__(self) -> None:
        if len(self.vector) != 128:
            raise ValueError(f"a face descriptor has 128 values, not {len(self.vector)}")


def face_distance(a: FaceEmbedding, b: FaceEmbedding) -> float:
    """Euclidean distance between two descriptors: 0 same image, under 0.6 same person."""
    return math.dist(a.vector, b.vector)


def same_person(
    a: FaceEmbedding, b: FaceEmbedding, threshold: float = SAME_PERSON_THRESHOLD
) -> bool:
    """dlib's rule: the same person when the descriptors are closer than ``threshold``."""
    return face_distance(a, b) < threshold


# -- images -------------------------------------------------------------------------------------


def load_image(data: ImageInput) -> Image.Image:
    """Decode JPEG or PNG bytes to an RGB image, upright by its EXIF orientation.

    An image already decoded (a PDF page) is converted to RGB and returned.
    """
    if isinstance(data, Image.Image):
        return data if data.mode == "RGB" else data.convert("RGB")
    if not isinstance(data, bytes | bytearray | memoryview):
        raise UnreadableImage(f"expected image bytes, got {type(data).__name__}")
    try:
        # open() reads the header only (PIL itself warns from 89 MP and refuses from 179 MP);
        # the sandbox's lower cap is checked next, before any pixel is decoded.
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise UnreadableImage(
                f"image of {image.width}x{image.height} pixels is over the "
                f"{MAX_IMAGE_PIXELS:,} this sandbox decodes"
            )
        image.load()
        image = ImageOps.exif_transpose(image)
    except UnreadableImage:
        raise
    # Warning: PIL's DecompressionBombWarning, raised when warnings are errors (python -W error).
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning) as error:
        raise UnreadableImage(f"not a JPEG or PNG image that can be decoded ({error})") from error
    return image if image.mode == "RGB" else image.convert("RGB")


def is_pdf(data: bytes) -> bool:
    """Whether the bytes start like a PDF (PDFium itself tolerates up to 1 KB before %PDF-)."""
    return b"%PDF-" in bytes(data[:1024])


# -- engines ------------------------------------------------------------------------------------


class _Lazy:
    """One engine, built on first use under a lock; its use serialised by another lock."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._engine: Any = None
        self._loading = threading.Lock()
        self.using = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def get(self) -> Any:
        if self._engine is None:
            with self._loading:
                if self._engine is None:
                    self._engine = self._build()
        return self._engine


def _build_ocr() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise VisionUnavailable(f"OCR needs rapidocr-onnxruntime ({error})") from error
    # Documents arrive upright: no 180-degree text classifier. Text is found on a copy whose
    # longer side is 960 px (the default enlarges the shorter side to 736 px: a 1000x630 card
    # became 1168x736, a rendered page stayed 1334x840): half the memory and time, and the
    # cards here read as well or better. Small print on a full A4 page may be missed.
    return RapidOCR(use_cls=False, det_limit_type="max", det_limit_side_len=960)


@dataclass(frozen=True)
class _FaceModels:
    detector: Any
    landmarks: Any
    descriptor: Any


def _face_model_dir() -> Path:
    # Found without importing face_recognition_models: its __init__ imports pkg_resources.
    spec = find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise VisionUnavailable("face match needs the face-recognition-models package")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _build_faces() -> _FaceModels:
    try:
        import dlib
    except ImportError as error:
        raise VisionUnavailable(f"face match needs dlib-bin ({error})") from error
    models = _face_model_dir()
    landmarks = models / "shape_predictor_5_face_landmarks.dat"
    descriptor = models / "dlib_face_recognition_resnet_model_v1.dat"
    for path in (landmarks, descriptor):
        if not path.is_file():
            raise VisionUnavailable(f"face model file missing: {path}")
    return _FaceModels(
        detector=dlib.get_frontal_face_detector(),
        landmarks=dlib.shape_predictor(str(landmarks)),
        descriptor=dlib.face_recognition_model_v1(str(descriptor)),
    )


def _build_pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError as error:
        raise VisionUnavailable(f"PDF pages need pypdfium2 ({error})") from error
    return pypdfium2


_OCR = _Lazy(_build_ocr)
_FACES = _Lazy(_build_faces)
_PDFIUM = _Lazy(_build_pdfium)  # PDFium is not thread-safe: one call at a time, process-wide


def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _libc_malloc_trim()


def _release_freed_memory() -> None:
    """Hand freed heap back to the OS after an inference (glibc keeps it otherwise).

    ONNX Runtime frees a few hundred MB of feature maps after each image, in several malloc
    arenas; without this the console's resident size stays that much higher for good.
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def preload() -> None:
    """Load both models now (a benchmark or a warm-up); normally they load on first use."""
    _OCR.get()
    _FACES.get()


def loaded() -> dict[str, bool]:
    """Which engines are loaded in this process (for tests and the bench)."""
    return {"ocr": _OCR.loaded, "faces": _FACES.loaded, "pdf": _PDFIUM.loaded}


# -- OCR ----------------------------------------------------------------------------------------


def ocr(image: ImageInput) -> OcrText:
    """Read the text on an image (JPEG or PNG bytes, or a page from :func:`pdf_pages`)."""
    import numpy as np

    picture = load_image(image)
    engine = _OCR.get()
    pixels = np.asarray(picture)[:, :, ::-1]  # RGB to the BGR that OpenCV-based code expects
    with _OCR.using:
        try:
            # return_word_box: each character's place along its line too (the recogniser's own
            # decoding positions; the text read is the same).
            result, _elapsed = engine(np.ascontiguousarray(pixels), return_word_box=True)
        finally:
            _release_freed_memory()
    grey = np.asarray(picture.convert("L"))
    lines = []
    for box, text, score, *placed in result or []:
        corners = tuple((float(x), float(y)) for x, y in box)
        chars = placed[0] if placed else []
        lines.append(OcrLine(str(text), float(score), corners, _gaps(grey, corners, chars, text)))
    in_order = tuple(line for row in reading_rows(lines) for line in row)
    return OcrText(lines=in_order, width=picture.width, height=picture.height)


def _gaps(grey: Any, corners: tuple, chars: list, text: str) -> tuple[float, ...]:
    """OcrLine.gaps: between the middles of each two characters, the longest run of columns
    of the line's box without ink (ink: the darker side of halfway between the box's light and
    dark, or the lighter side when that is the smaller part, as print is)."""
    import numpy as np

    if len(chars) != len(text) or len(text) < 2:
        return ()
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    left, top, right, bottom = min(xs), min(ys), max(xs), max(ys)
    height = bottom - top
    # A level line (its top edge within a quarter of its height from flat), not a slanted one.
    if height < 4 or abs(corners[0][1] - corners[1][1]) > height / 4:
        return ()
    crop = grey[max(0, int(top)) : math.ceil(bottom), max(0, int(left)) : math.ceil(right)]
    if crop.size == 0:
        return ()
    light, dark = np.percentile(crop, (95, 5))
    if light - dark < 32:  # no contrast to tell ink from paper
        return ()
    dark_pixels = crop < (light + dark) / 2
    if dark_pixels.mean() > 0.5:  # light print on a dark band: the ink is the light part
        dark_pixels = ~dark_pixels
    inked = dark_pixels.any(axis=0)
    middles = [sum(x for x, _ in char) / len(char) - max(0, int(left)) for char in chars]
    gaps = []
    for start, end in itertools.pairwise(middles):
        longest = run = 0
        for ink in inked[max(0, round(start)) : max(0, round(end))]:
            run = 0 if ink else run + 1
            longest = max(longest, run)
        gaps.append(round(longest / height, 3))
    return tuple(gaps)


def reading_rows(lines: Iterable[OcrLine]) -> list[list[OcrLine]]:
    """Lines grouped into rows, top to bottom (a line joins a row when its middle is within
    half the height of the row's first line from that line's middle), each row left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=_middle):
        if rows:
            first = rows[-1][0]
            _l, top, _r, bottom = first.bounds
            if abs(_middle(line) - _middle(first)) <= (bottom - top) / 2:
                rows[-1].append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda line: line.bounds[0]) for row in rows]


def _middle(line: OcrLine) -> float:
    _left, top, _right, bottom = line.bounds
    return (top + bottom) / 2


# -- faces --------------------------------------------------------------------------------------


def face(image: ImageInput) -> FaceEmbedding | None:
    """The descriptor of the largest face on the image, or None when no face is found."""
    import numpy as np

    picture = load_image(image)
    models: _FaceModels = _FACES.get()
    scale = min(1.0, _FACE_SIDE / max(picture.width, picture.height))
    small = picture
    if scale < 1.0:
        small = picture.resize(
            (round(picture.width * scale), round(picture.height * scale)), Image.Resampling.BILINEAR
        )
    pixels = np.ascontiguousarray(np.asarray(small))
    with _FACES.using:
        found = models.detector(pixels, 0)
        if not found and max(small.size) <= _UPSAMPLE_SIDE:
            found = models.detector(pixels, 1)  # a small image: look again, enlarged once
        if not found:
            return None
        largest = max(found, key=lambda rect: rect.area())
        shape = models.landmarks(pixels, largest)
        vector = models.descriptor.compute_face_descriptor(pixels, shape)
    box = (largest.left(), largest.top(), largest.right(), largest.bottom())
    return FaceEmbedding(
        vector=tuple(float(v) for v in vector),
        box=tuple(round(v / scale) for v in box),  # type: ignore[arg-type]
    )


# -- readings remembered ------------------------------------------------------------------------


@dataclass(frozen=True)
class PageReading:
    """An image as read: its text and its largest face."""

    text: OcrText
    face: FaceEmbedding | None


class Reader:
    """Readings of files, remembered by the SHA-256 of their bytes for the ``entries`` files used
    last (the least recently used goes first).

    A reading is a pure function of the bytes, so it is never stale: a sandbox reset need not
    forget it (as it does not unload the models). Each kind of reading is remembered apart, so
    one file's page and face do not mix. An error (:class:`UnreadableImage`, say) is raised, not
    remembered. Safe from any thread; a reading blocks, so call it off the event loop.
    """

    def __init__(self, entries: int = 64) -> None:
        self.entries = entries
        self._lock = threading.Lock()
        self._readings: OrderedDict[tuple[str, str], Any] = OrderedDict()

    def page(self, data: bytes) -> PageReading:
        """The text and the largest face of a JPEG or PNG; raises UnreadableImage."""

        def read() -> PageReading:
            picture = load_image(data)
            return PageReading(ocr(picture), face(picture))

        return self.remembered("page", data, read)

    def face(self, data: bytes) -> FaceEmbedding | None:
        """The largest face of a JPEG or PNG, without OCR (a selfie); raises UnreadableImage."""
        return self.remembered("face", data, lambda: face(load_image(data)))

    def remembered(self, kind: str, data: bytes, compute: Callable[[], T]) -> T:
        """``compute()``, or what it gave for these bytes and this kind of reading when it is
        still remembered. Two threads reading the same new file may both compute it."""
        key = (kind, hashlib.sha256(data).hexdigest())
        with self._lock:
            if key in self._readings:
                self._readings.move_to_end(key)
                return self._readings[key]
        value = compute()
        with self._lock:
            self._readings[key] = value
            self._readings.move_to_end(key)
            while len(self._readings) > self.entries:
                self._readings.popitem(last=False)
        return value


# -- PDF ----------------------------------------------------------------------------------------


def pdf_page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    pdfium = _PDFIUM.get()
    with _PDFIUM.using:
        document = _open_pdf(pdfium, pdf)
        try:
            return len(document)
        finally:
            document.close()


def pdf_pages(pdf: bytes, max_pages: int | None = None, dpi: int = PDF_DPI) -> list[Image.Image]:
    """The first ``max_pages`` pages (all by default) rendered to RGB images for OCR.

    Rendered at ``dpi``, the longer side capped at 2000 px (where OCR would shrink it anyway).
    """
    pdfium = _PDFIUM.get()
    pages: list[Image.Image] = []
    with _PDFIUM.using:
        document = _open_pdf(pdfium, pdf)
        try:
            count = len(document) if max_pages is None else min(len(document), max_pages)
            for index in range(count):
                page = document[index]
                try:
                    width, height = page.get_size()  # points, 1/72 inch
                    scale = min(dpi / 72, _PDF_MAX_SIDE / max(width, height, 1))
                    bitmap = page.render(scale=scale)
                    try:
                        pages.append(bitmap.to_pil().convert("RGB"))
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        finally:
            document.close()
    return pages


def _open_pdf(pdfium: Any, pdf: bytes) -> Any:
    if not isinstance(pdf, bytes | bytearray):
        raise UnreadablePdf(f"expected PDF bytes, got {type(pdf).__name__}")
    try:
        return pdfium.PdfDocument(bytes(pdf))
    except pdfium.PdfiumError as error:
        raise UnreadablePdf(f"not a PDF that can be opened ({error})") from error
