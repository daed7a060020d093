"""Files through the shared vision module: pages, their text and faces, remembered by content.

Reading a page costs about a second, and QA sends the same SPECIMEN files again and again, so
what was read is kept by the shared vision.Reader: by the file's SHA-256, for the CACHE_ENTRIES
files used last (least recently used first out); a reset does not forget it (as it does not
unload the models). Beyond the images vision.Reader reads, a file here may be a PDF.
Every function here blocks: call it off the event loop.
"""

from dataclasses import dataclass

from PIL import Image

from sandbox.core import vision

CACHE_ENTRIES = 64
PageReading = vision.PageReading


@dataclass(frozen=True)
class FileReading:
    """A file's pages as read; none when it is not a JPEG, PNG or PDF that can be opened."""

    pages: tuple[PageReading, ...]

    @property
    def readable(self) -> bool:
        return bool(self.pages)


class Reader(vision.Reader):
    """The shared reader, for files that may be PDFs (every page read)."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        super().__init__(entries)

    def page_count(self, data: bytes) -> int:
        """A PDF's pages (0 when it cannot be opened); 1 for anything else."""
        if not vision.is_pdf(data):
            return 1
        try:
            return vision.pdf_page_count(data)
        except vision.UnreadablePdf:
            return 0

    def read(self, data: bytes) -> FileReading:
        return self.remembered("file", data, lambda: self._read(data))

    def selfie_face(self, data: bytes) -> vision.FaceEmbedding | None:
        """The largest face of the file's first page; None when it has none or cannot be
        decoded (unlike vision.Reader.face, which refuses what is not a JPEG or PNG)."""
        return self.remembered("selfie", data, lambda: _face_of(data))

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


def _face_of(data: bytes) -> vision.FaceEmbedding | None:
    pages = Reader.images(data)
    return vision.face(pages[0]) if pages else None
