"""The hosted journey's photos read for real with the shared vision module: a document's text
(OCR), its printed fields and its photo's face; a selfie's face.

Every function here blocks for tenths of a second to seconds: call it off the event loop. What
an image holds is remembered by the SHA-256 of its bytes (the shared vision.Reader).
"""

from dataclasses import dataclass, field

from sandbox.core import vision
from sandbox.messagecentral_ekyc import fields

REMEMBERED = 32
# Not documented by the vendor: how much text makes a document readable. Chosen: ten letters
# or digits (a card's title alone has more; a blank card, a wall or a face has none).
MIN_TEXT = 10
# A face closer than this to the document's photo is that photo (a picture of the card held up
# to the camera, not a live face): measured with the Hypersign SPECIMENs, the same frame 0.00,
# an upload of the card 0.06-0.09, the person's own selfie 0.25-0.36 from her documents.
PHOTO_OF_DOCUMENT = 0.15
UnreadableImage = vision.UnreadableImage
_READER = vision.Reader(REMEMBERED)


@dataclass(frozen=True)
class DocumentReading:
    text: vision.OcrText = field(repr=False)
    face: vision.FaceEmbedding | None = field(repr=False)
    fields: dict[str, str]

    @property
    def readable(self) -> bool:
        return len(self.text.normalised) >= MIN_TEXT


def document(data: bytes) -> DocumentReading:
    """OCR, printed fields and the largest face; raises UnreadableImage for anything but a JPEG
    or PNG that decodes."""
    page = _READER.page(data)
    return DocumentReading(page.text, page.face, fields.read(page.text))


def face(data: bytes) -> vision.FaceEmbedding | None:
    """The largest face of a selfie; raises UnreadableImage as document() does."""
    return _READER.face(data)
