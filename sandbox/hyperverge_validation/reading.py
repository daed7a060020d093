"""Files through the shared vision module: pages, their text and faces, remembered by content.

Reading a page costs about a second, and QA sends the same SPECIMEN files again and again, so
what was read is kept by the file's SHA-256, for the CACHE_ENTRIES files used last: a file is
read again only once that many others have been read or looked up since (least recently used
first out). It is a pure function of the bytes, so a reset does not forget it (as it does not
unload the models).
Every function here blocks: call it off the event loop.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PIL import Image

from sandbox.core import vision

T = TypeVar("T")
CACHE_ENTRIES = 64


@dataclass(frozen=True)
class PageReading:
    text: vision.OcrText
    face: vision.FaceEmbedding | None


@dataclass(frozen=True)
class FileReading:
    """A file's pages as read; none when it is not a JPEG, PNG or PDF that can be opened."""

    pages: tuple[PageReading, ...]

    @property
    def readable(self) -> bool:
        return bool(self.pages)


class Reader:
    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self._entries = entries
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], object] = OrderedDict()

    def page_count(self, data: bytes) -> int:
        """A PDF's pages (0 when it cannot be opened); 1 for anything else."""
        if not vision.is_pdf(data):
            return 1
        try:
            return vision.pdf_page_count(data)
        except vision.UnreadablePdf:
            return 0

    def read(self, data: bytes) -> FileReading:
        return self._remembered("file", data, lambda: self._read(data))

    def selfie_face(self, data: bytes) -> vision.FaceEmbedding | None:
        return self._remembered("face", data, lambda: _face_of(data))

    def media_type(self, data: bytes) -> str | None:
        """The file's type when it decodes as a JPEG, PNG or PDF; None otherwise."""
        if vision.is_pdf(data):
            return "application/pdf" if self.page_count(data) > 0 else None
        try:
            vision.load_image(data)
        except vision.UnreadableImage:
            return None
        return "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"

    @staticmethod
    def images(data: bytes) -> list[Image.Image]:
        """The file's pages as images (none when it cannot be decoded)."""
        try:
            if vision.is_pdf(data):
                return vision.pdf_pages(data)
            return [vision.load_image(data)]
        except (vision.UnreadableImage, vision.UnreadablePdf):
            return []

    def _read(self, data: bytes) -> FileReading:
        return FileReading(
            tuple(PageReading(vision.ocr(page), vision.face(page)) for page in self.images(data))
        )

    def _remembered(self, kind: str, data: bytes, compute: Callable[[], T]) -> T:
        key = (kind, hashlib.sha256(data).hexdigest())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._entries:
                self._cache.popitem(last=False)
        return value


def _face_of(data: bytes) -> vision.FaceEmbedding | None:
    pages = Reader.images(data)
    return vision.face(pages[0]) if pages else None
