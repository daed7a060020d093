"""The multipart request as the simulator reads it: text fields, `image_details` file parts, and
`imageDetails` entries (images by URL, or base64, as the CKYC download answer gives them).

Not documented by the vendor, and chosen here (the adapter follows the same conventions):
- the selfie is the `image_details` part whose file name starts with "selfie", or the
  `imageDetails` entry whose imageType is PHOTO; SIGNATURE entries are not documents;
- `imageDetails` travels as one text field holding JSON: a list of entries (or one entry), each
  {imageType, imageCode?, imageExtension?, imageUrl or imageData};
- at most MAX_FILES files in all;
- an imageUrl is fetched only from the sandbox's own root or an origin in
  KYC_SANDBOX_FETCH_ALLOW (origin.py), anything else is a 400 before any fetch; all the
  downloads of a request share one deadline, FETCH_DEADLINE_SECONDS.
"""

import asyncio
import base64
import binascii
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from sandbox.hyperverge_validation import errors as err
from sandbox.hyperverge_validation.origin import FETCH_ALLOW_ENV, FetchPolicy

MAX_FILE_BYTES = 6 * 1024 * 1024  # documented: a file over 6 MB is "File too large"
MAX_FILES = 10
MAX_FIELDS = 100
FETCH_DEADLINE_SECONDS = 10.0  # for all the downloads of one request together
SELFIE_PREFIX = "selfie"
SELFIE_IMAGE_TYPE = "PHOTO"
NOT_DOCUMENTS = ("SIGNATURE",)
BAD_IMAGE_DETAILS = (
    '"imageDetails" must be a JSON list of objects with imageType and imageUrl or imageData'
)
# Not documented by the vendor: the refusal of an imageUrl the sandbox will not fetch.
URL_NOT_ALLOWED = (
    '"imageUrl" must be on this sandbox (as the CKYC download gives it) '
    f"or on an origin listed in {FETCH_ALLOW_ENV}"
)


@dataclass(frozen=True)
class InputFile:
    """A file to read: an uploaded part, or an imageDetails entry's image."""

    filename: str
    data: bytes
    media_type: str
    image_type: str = ""  # an imageDetails entry's imageType, a hint of the document's type


@dataclass(frozen=True)
class ImageRef:
    image_type: str
    extension: str
    url: str | None = None
    data: bytes | None = None


@dataclass
class Form:
    fields: dict[str, str]
    uploads: list[InputFile]
    refs: list[ImageRef]

    def has_selfie(self) -> bool:
        return any(_is_selfie(upload) for upload in self.uploads) or any(
            ref.image_type.upper() == SELFIE_IMAGE_TYPE for ref in self.refs
        )


async def parse(request: Request) -> Form:
    fields: dict[str, str] = {}
    uploads: list[InputFile] = []
    try:
        async with request.form(
            max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=4 * MAX_FILE_BYTES
        ) as form:
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if name == "image_details":
                        uploads.append(await _upload(value))
                else:
                    fields[name] = value.strip()
    except (MultiPartException, HTTPException) as error:
        message = error.message if isinstance(error, MultiPartException) else error.detail
        raise err.bad_request(f"Invalid multipart body: {message}") from None
    refs = _refs(fields.pop("imageDetails", ""))
    if len(uploads) + len(refs) > MAX_FILES:
        raise err.bad_request(f"At most {MAX_FILES} files (image_details and imageDetails)")
    return Form(fields, uploads, refs)


async def collect(form: Form, policy: FetchPolicy) -> tuple[list[InputFile], InputFile | None]:
    """(documents, selfie), the imageDetails URLs fetched (without blocking the event loop).

    Every URL is checked before any is fetched: one the policy refuses is a 400. A URL that
    cannot be fetched by the request's deadline is a document that cannot be read (ER_BAD_DOC),
    or a selfie without a face; one that answers more than 6 MB is the documented 413.
    """
    targets = [None if ref.url is None else policy.target(ref.url) for ref in form.refs]
    pairs = list(zip(form.refs, targets, strict=True))
    if any(ref.url is not None and target is None for ref, target in pairs):
        refused = policy.refused([ref.url for ref in form.refs if ref.url is not None])
        raise err.bad_request(f"{URL_NOT_ALLOWED}; refused: {', '.join(dict.fromkeys(refused))}")
    files = list(form.uploads)
    deadline = asyncio.get_running_loop().time() + FETCH_DEADLINE_SECONDS
    async with httpx.AsyncClient(
        timeout=FETCH_DEADLINE_SECONDS, follow_redirects=False, trust_env=False
    ) as client:
        fetched = await asyncio.gather(*(_image(client, ref, url, deadline) for ref, url in pairs))
    if any(data is None for data in fetched):
        raise err.file_too_large()
    files += [
        InputFile(f"{ref.image_type.lower() or 'image'}.{ref.extension}", data, "", ref.image_type)
        for ref, data in zip(form.refs, fetched, strict=True)
        if data is not None and ref.image_type.upper() not in NOT_DOCUMENTS
    ]
    selfie = next((f for f in files if _is_selfie(f)), None)
    documents = [f for f in files if f is not selfie and not _is_selfie(f)]
    return documents, selfie


def _is_selfie(file: InputFile) -> bool:
    if file.image_type:
        return file.image_type.upper() == SELFIE_IMAGE_TYPE
    return file.filename.lower().startswith(SELFIE_PREFIX)


async def _upload(part: UploadFile) -> InputFile:
    if (part.size or 0) > MAX_FILE_BYTES:
        raise err.file_too_large()
    data = await part.read()
    if len(data) > MAX_FILE_BYTES:
        raise err.file_too_large()
    return InputFile(part.filename or "", data, part.content_type or "")


def _refs(raw: str) -> list[ImageRef]:
    if not raw:
        return []
    try:
        entries = json.loads(raw)
    except (ValueError, RecursionError):
        raise err.bad_request(BAD_IMAGE_DETAILS) from None
    entries = [entries] if isinstance(entries, dict) else entries
    if not isinstance(entries, list):
        raise err.bad_request(BAD_IMAGE_DETAILS)
    return [_ref(entry) for entry in entries]


def _ref(entry: object) -> ImageRef:
    if not isinstance(entry, dict):
        raise err.bad_request(BAD_IMAGE_DETAILS)
    image_type, extension = entry.get("imageType", ""), entry.get("imageExtension", "")
    url, data = entry.get("imageUrl"), entry.get("imageData")
    if not isinstance(image_type, str) or not isinstance(extension, str):
        raise err.bad_request(BAD_IMAGE_DETAILS)
    if isinstance(url, str) and url:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise err.bad_request('"imageUrl" must be an http or https URL')
        return ImageRef(image_type, extension, url=url)
    if isinstance(data, str) and data:
        if len(data) > 4 * MAX_FILE_BYTES // 3 + 4:
            raise err.file_too_large()
        try:
            decoded = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            raise err.bad_request('"imageData" must be base64') from None
        return ImageRef(image_type, extension, data=decoded)
    raise err.bad_request(BAD_IMAGE_DETAILS)


async def _image(
    client: httpx.AsyncClient, ref: ImageRef, url: str | None, deadline: float
) -> bytes | None:
    """The entry's bytes: decoded, or fetched from `url` by `deadline` (b"" when it does not
    answer 200 in time; None when it answers more than MAX_FILE_BYTES)."""
    if ref.data is not None:
        return ref.data
    assert url is not None
    try:
        async with asyncio.timeout_at(deadline), client.stream("GET", url) as response:
            if response.status_code != 200:
                return b""
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > MAX_FILE_BYTES:
                    return None
                chunks.append(chunk)
            return b"".join(chunks)
    except (httpx.HTTPError, TimeoutError):
        return b""
