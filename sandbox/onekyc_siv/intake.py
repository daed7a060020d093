"""Requests read the way OneKYC refuses them: Initiate Flow's headers and body checked all at
once (every error in one answer), and the SDK's photos (JPEG or PNG, at most 5 MB, not blank).
"""

import io
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from PIL import Image, ImageStat, UnidentifiedImageError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from sandbox.core import vision
from sandbox.onekyc_siv import errors as err

FLOW = "STANDALONE_IDENTITY_VERIFICATION"  # documented
SOURCES = ("SDK", "WEB_SDK")  # documented: SDK; WEB_SDK from OneKYC's public docs
LOCALES = ("id_ID", "en_ID")  # documented: id_ID; en_ID from OneKYC's public docs
DEFAULT_LOCALE = "id_ID"
PARTNER_HEADERS = (
    ("x-partner-user-id", err.MISSING_PARTNER_USER_ID),
    ("x-partner-user-id-type", err.MISSING_PARTNER_USER_ID_TYPE),
    ("x-partner-session-id", err.MISSING_PARTNER_SESSION_ID),
)
# Not documented by the vendor: what a valid phone number and email are. Chosen: Indonesian
# numbers as the document writes them (62, then 8 to 13 digits); an email with one @ and a dot
# in its domain. Also chosen: the photo limit (5 MB, JPEG or PNG) and a blank photo's spread.
PHONE = re.compile(r"62[0-9]{8,13}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png"}
BLANK_SPREAD = 12  # every channel within 12 levels: one colour (processing.py agrees)
LONGEST_HEADER = 256


@dataclass(frozen=True)
class Initiation:
    user_id: str
    user_id_type: str
    session_id: str
    source: str
    locale: str
    contact: str  # the phone number, else the email
    success_url: str | None
    failure_url: str | None


async def initiation(request: Request) -> Initiation:
    """Initiate Flow's partner headers and body; a 400 naming every fault at once."""
    causes: list[str] = []
    partner = {}
    for name, cause in PARTNER_HEADERS:
        value = request.headers.get(name, "").strip()
        if not value or len(value) > LONGEST_HEADER:
            causes.append(cause)
        partner[name] = value
    try:
        body = json.loads(await request.body(), parse_constant=_no_constant)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise err.bad_request(*causes, err.INVALID_REQUEST_BODY)
    if body.get("flow") != FLOW:
        causes.append(err.INVALID_FLOW)
    source = body.get("source")
    if source not in SOURCES:
        causes.append(err.INVALID_SOURCE)
    urls = {}
    for key, missing, invalid in (
        (
            "successRedirectionUrl",
            err.MISSING_SUCCESS_REDIRECTION_URL,
            err.INVALID_SUCCESS_REDIRECTION_URL,
        ),
        (
            "failureRedirectionUrl",
            err.MISSING_FAILURE_REDIRECTION_URL,
            err.INVALID_FAILURE_REDIRECTION_URL,
        ),
    ):
        value = body.get(key)
        if value is None:
            if source == "WEB_SDK":  # from OneKYC's public docs: the web SDK redirects there
                causes.append(missing)
        elif not _absolute_http(value):
            causes.append(invalid)
        urls[key] = value
    details = body.get("additionalDetails")
    details = details if isinstance(details, dict) else {}
    contact = _contact(details, causes)
    # The document puts userLocale at the top level in its phone example and inside
    # additionalDetails in its email example: both are read (the top level first).
    locale = DEFAULT_LOCALE
    for where in (details, body):
        if "userLocale" in where:
            if where["userLocale"] in LOCALES:
                locale = where["userLocale"]
            else:
                causes.append(err.INVALID_USER_LOCALE)
    if causes:
        raise err.bad_request(*causes)
    return Initiation(
        partner["x-partner-user-id"],
        partner["x-partner-user-id-type"],
        partner["x-partner-session-id"],
        source,
        locale,
        contact,
        urls["successRedirectionUrl"],
        urls["failureRedirectionUrl"],
    )


def _contact(details: dict, causes: list[str]) -> str:
    """The verified phone number or email (the phone's when both come); faults into causes."""
    given = []
    for key, pattern, invalid, unverified in (
        ("phoneNumber", PHONE, err.INVALID_PHONE_NUMBER, err.PHONE_NUMBER_NOT_VERIFIED),
        ("email", EMAIL, err.INVALID_EMAIL, err.EMAIL_NOT_VERIFIED),
    ):
        value = details.get(key)
        if value is None or value == "":
            continue
        if not (isinstance(value, str) and pattern.fullmatch(value)):
            causes.append(invalid)
        verification = details.get("dataVerification")
        verification = verification if isinstance(verification, dict) else {}
        mine = verification.get(key)
        mine = mine if isinstance(mine, dict) else {}
        if mine.get("isVerified") is not True:
            causes.append(unverified)
        reference = mine.get("verificationReferenceId")
        if not (isinstance(reference, str) and reference.strip()):
            causes.append(err.MISSING_VERIFICATION_REFERENCE_ID)
        given.append(value if isinstance(value, str) else "")
    if not given:
        causes.append(err.MISSING_PHONE_NUMBER_OR_EMAIL)
        return ""
    return given[0]


def _absolute_http(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 2048 or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str


async def photos(request: Request, *names: str) -> dict[str, UploadFile | None]:
    """The multipart file parts `names` (None for one not sent); MISSING_IMAGE for a body that
    is not multipart at all."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "multipart/form-data":
        raise err.image(err.MISSING_IMAGE)
    try:
        form = await request.form(max_files=len(names) + 2, max_fields=20)
    except (HTTPException, ValueError, KeyError, AssertionError):
        raise err.image(err.MISSING_IMAGE) from None
    return {
        name: form.get(name) if isinstance(form.get(name), UploadFile) else None for name in names
    }


async def read(upload: UploadFile) -> bytes:
    """At most 5 MB of a file part; IMAGE_TOO_LARGE past that."""
    data = await upload.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise err.too_large()
    return data


def check(data: bytes) -> Photo:
    """A JPEG or PNG that decodes and shows something (not one colour); INVALID_IMAGE otherwise.
    Blocks for up to a few tenths of a second: call it off the event loop."""
    try:
        with Image.open(io.BytesIO(data), formats=tuple(IMAGE_TYPES)) as probe:
            kind = probe.format or ""
        image = vision.load_image(data)
    except (UnidentifiedImageError, OSError, ValueError, vision.UnreadableImage):
        raise err.image(err.INVALID_IMAGE) from None
    low, high = zip(*ImageStat.Stat(image).extrema, strict=True)  # per channel
    if all(h - lo <= BLANK_SPREAD for lo, h in zip(low, high, strict=True)):
        raise err.image(err.INVALID_IMAGE)
    return Photo(data, IMAGE_TYPES.get(kind, "image/jpeg"))
