"""What the vendor would refuse, said before sending: each problem as a sentence a person reads,
with the vendor's documented answer it predicts.

`check(fields, documents, selfie, image_urls)` returns a list of `Problem(field, sentence,
vendor_answer)`; `field` is the form's field name ("first_name", "dob"), "id_numbers" for the
four ID numbers together, "image_details" for a document file, or "selfie". File types are read
from the bytes (magic numbers), never from the name; PDF pages are counted without rendering.
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from kyc_adapters.hyperverge_validation import (
    ID_FIELDS,
    MAX_FILE_BYTES,
    MAX_PDF_PAGES,
    ImageUrl,
    UploadFile,
    ValidationFields,
)

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
_PDF_MAGIC_WITHIN = 1024  # PDF readers accept the %PDF- header anywhere in the first 1 KB
_DOB = re.compile(r"\d{2}-\d{2}-\d{4}")
# Among `imageDetails` URLs (the download answer's images), the record's PHOTO is the selfie.
_SELFIE_IMAGE_TYPE = "PHOTO"


@dataclass(frozen=True)
class Problem:
    field: str
    sentence: str  # what is wrong and what to do, for the page
    vendor_answer: str  # the documented refusal (status, code, message) it predicts


def media_type_of(content: bytes) -> str | None:
    """image/jpeg, image/png or application/pdf by the file's first bytes; None otherwise."""
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if b"%PDF-" in content[:_PDF_MAGIC_WITHIN]:
        return PDF
    return None


def pdf_pages(content: bytes) -> int | None:
    """The PDF's page count (nothing rendered); None when it cannot be read. pypdf, not
    pdfium: pdfium calls must never overlap across threads, and the in-process sandbox renders
    PDFs in its own threads meanwhile."""
    try:
        return len(PdfReader(io.BytesIO(content)).pages)
    except (PdfReadError, ValueError, OSError, RecursionError):
        return None


def check(
    fields: ValidationFields,
    documents: Sequence[UploadFile] = (),
    selfie: UploadFile | None = None,
    image_urls: Sequence[ImageUrl] = (),
) -> list[Problem]:
    """Every refusal the console can predict, in the form's order, then files."""
    problems = []
    if not fields.first_name.strip():
        problems.append(
            Problem(
                "first_name",
                "The first name is empty: the vendor refuses a record without one.",
                '400 ER_REQ_VALIDATE "first_name should not be null or undefined"',
            )
        )
    if fields.dob.strip():
        problem = _dob_problem(fields.dob.strip())
        if problem:
            problems.append(problem)
    if not any(getattr(fields, name).strip() for name in ID_FIELDS):
        problems.append(
            Problem(
                "id_numbers",
                "The vendor needs at least one of the Aadhaar, driving licence, voter ID or "
                "passport numbers.",
                "400 ER_REQ_VALIDATE (the document says the request should have at least one "
                "of aadhaar, driving_license, voter_id, passport; it gives no message)",
            )
        )
    if not documents and not image_urls:
        problems.append(
            Problem(
                "image_details",
                "No document files: add the record's Aadhaar, passport, driving licence or "
                "voter ID images (JPEG, PNG or PDF), so the vendor has something to check the "
                "fields against.",
                "400 ER_REQ_VALIDATE (image_details is mandatory when imageDetails is not "
                "sent; the document gives no message)",
            )
        )
    for document in documents:
        problems += _file_problems("image_details", document, f"The file {document.filename}")
    has_selfie_url = any(url.imageType.upper() == _SELFIE_IMAGE_TYPE for url in image_urls)
    if selfie is not None:
        problems += _file_problems("selfie", selfie, "The selfie")
    elif not has_selfie_url:
        problems.append(
            Problem(
                "selfie",
                "No selfie: add the record's photo or a selfie (JPEG or PNG); the vendor "
                "matches it with the faces on the documents.",
                '400 ER_REQ_VALIDATE "Selfie image not sent as part of the payload"',
            )
        )
    return problems


def _dob_problem(dob: str) -> Problem | None:
    answer = (
        'ER_DOB "The date of birth is a mismatch" on each document (the document names no '
        "refusal for a malformed date)"
    )
    if not _DOB.fullmatch(dob):
        return Problem("dob", "The date of birth is not in DD-MM-YYYY (e.g. 15-08-1990).", answer)
    try:
        datetime.strptime(dob, "%d-%m-%Y")
    except ValueError:
        return Problem("dob", "The date of birth is not a real date (DD-MM-YYYY).", answer)
    return None


def _file_problems(field: str, upload: UploadFile, named: str) -> list[Problem]:
    content = upload.content
    unreadable = 'ER_BAD_DOC "Document is not readable"'
    if not content:
        return [Problem(field, f"{named} is empty.", unreadable)]
    problems = []
    if len(content) > MAX_FILE_BYTES:
        size = len(content) / (1024 * 1024)
        problems.append(
            Problem(
                field,
                f"{named} is {size:.1f} MB: the vendor takes files up to "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB.",
                '413 ER_SERVER "File too large"',
            )
        )
    kind = media_type_of(content)
    if kind is None:
        problems.append(
            Problem(
                field,
                f"{named} is not a JPEG, PNG or PDF (judged by its content, not its name).",
                f"{unreadable} (the document names no refusal for a file type)",
            )
        )
    elif kind == PDF:
        pages = pdf_pages(content)
        if pages is None:
            problems.append(Problem(field, f"{named} is a PDF that cannot be opened.", unreadable))
        elif pages > MAX_PDF_PAGES:
            problems.append(
                Problem(
                    field,
                    f"{named} has {pages} pages: the vendor reads at most {MAX_PDF_PAGES}; "
                    "split it or send fewer pages.",
                    '400 ER_PAGE "pages exceeded the supported length of 5"',
                )
            )
    return problems
