"""A CKYC record, from an XML file or from the download answer, as the validation form's fields.

The vendor says to "parse the XML from a user's central KYC registry record" but gives no
schema. Not documented by the vendor: the XML shape. We chose one whose element names are the
CKYC Download answer's record keys (the ones the validation form needs), plus three ID numbers
the download does not carry, and a list of the record's document files:

    <ckycRecord>
      <ckycNo/> <firstName/> <middleName/> <lastName/> <fullName/> <dob>DD-MM-YYYY</dob>
      <address1/> <address2/> <address3/> <city/> <district/> <state/> <country/> <pincode/>
      <aadhaar/> <pan/> <passport/> <drivingLicense/> <voterId/>
      <documents>
        <document type="aadhaar" file="asha-aadhaar-front.jpg"/>
        <document type="selfie" file="asha-selfie.jpg"/>
      </documents>
    </ckycRecord>

Every element is optional; others (gender, fatherFullName, ...) are ignored. Document types:
aadhaar, passport, driving_license, voter_id, pan, selfie, other (the download's imageType
names AADHAAR, PASSPORT, DRIVING_LICENCE, VOTER_ID and PHOTO are read as the same). Samples and
their description: assets/ckyc/records/.

The parser is defusedxml with DTDs, entities and external references refused: a CKYC record
declares none, and refusing them stops the XML attacks (external entities reading local files,
billion laughs). Errors are `RecordError`, whose text is a sentence for the page that never
repeats the file's content.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from console.vendors.hyperverge_validation.checks import media_type_of
from kyc_adapters.hyperverge_ckyc import CkycRecord
from kyc_adapters.hyperverge_validation import ImageUrl, UploadFile, ValidationFields

ROOT_TAG = "ckycRecord"
MAX_RECORD_BYTES = 1024 * 1024  # a record is a few KB; anything near this is not one
ASSETS = Path(__file__).resolve().parents[3] / "assets" / "ckyc"
RECORDS_DIR = ASSETS / "records"
DOCUMENTS_DIR = ASSETS / "documents"

# Element (the download answer's key where it has one) -> the validation form's field.
ELEMENT_FIELDS: dict[str, str] = {
    "firstName": "first_name",
    "middleName": "middle_name",
    "lastName": "last_name",
    "fullName": "full_name",
    "dob": "dob",
    "address1": "address1",
    "address2": "address2",
    "address3": "address3",
    "city": "city",
    "district": "district",
    "state": "state",
    "country": "country",
    "pincode": "pincode",
    "aadhaar": "aadhaar",
    "pan": "pan",
    # Not in the download answer (it lists ID types, not their numbers): our names.
    "passport": "passport",
    "drivingLicense": "driving_license",
    "voterId": "voter_id",
}
# The download answer's keys that the form takes (the rest of ELEMENT_FIELDS it does not carry).
DOWNLOAD_FIELDS = {
    key: name for key, name in ELEMENT_FIELDS.items() if key in CkycRecord.model_fields
}

DOCUMENT_TYPES = ("aadhaar", "passport", "driving_license", "voter_id", "pan", "selfie", "other")
_TYPE_ALIASES = {
    "photo": "selfie",
    "driving_licence": "driving_license",
    "dl": "driving_license",
    "voter": "voter_id",
    "voterid": "voter_id",
}
_SELFIE_IMAGE_TYPE = "PHOTO"  # the download's imageType of the record's photo
_SKIPPED_IMAGE_TYPES = {"SIGNATURE"}  # not a document the vendor reads

REFUSED = (
    "The file declares entities or a DTD; CKYC records do not, and the console refuses them "
    "(XML attacks)."
)


class RecordError(ValueError):
    """A CKYC record file the console will not read; str() is a sentence for the page."""


@dataclass(frozen=True)
class DocumentRef:
    """One `<document>` of the record: what it is, and the file that holds it (a bare name)."""

    type: str
    file: str

    @property
    def is_selfie(self) -> bool:
        return self.type == "selfie"


@dataclass(frozen=True)
class ParsedRecord:
    fields: ValidationFields
    documents: tuple[DocumentRef, ...] = ()
    ckyc_no: str = ""


@dataclass(frozen=True)
class RecordFiles:
    """A record's files as the adapter sends them: documents, the selfie, and image URLs."""

    documents: tuple[UploadFile, ...] = ()
    selfie: UploadFile | None = None
    image_urls: tuple[ImageUrl, ...] = ()
    missing: tuple[str, ...] = ()  # files the record lists that were not given


def parse_record(content: bytes) -> ParsedRecord:
    """The record's fields and document list; `RecordError` when it is not a record we read."""
    if len(content) > MAX_RECORD_BYTES:
        raise RecordError(
            f"The file is {len(content) / (1024 * 1024):.1f} MB; a CKYC record is a few KB, "
            f"and the console reads records up to {MAX_RECORD_BYTES // 1024} KB."
        )
    try:
        root = defusedxml.ElementTree.fromstring(
            content, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException:
        raise RecordError(REFUSED) from None
    except ParseError as exc:
        line, column = exc.position
        raise RecordError(
            f"The file is not XML (unreadable at line {line}, column {column}); a CKYC record "
            f"is an XML file with a <{ROOT_TAG}> root."
        ) from None
    except (LookupError, ValueError):
        raise RecordError(
            "The file is not XML the console can read (an unknown text encoding?); save it as "
            "UTF-8."
        ) from None
    if _local(root.tag) != ROOT_TAG:
        raise RecordError(
            f"The file is XML but not a CKYC record: its root element should be <{ROOT_TAG}>."
        )
    values: dict[str, str] = {}
    ckyc_no = ""
    documents: tuple[DocumentRef, ...] = ()
    seen: set[str] = set()
    for child in root:
        name = _local(child.tag)
        if name not in ELEMENT_FIELDS and name not in ("ckycNo", "documents"):
            continue
        if name in seen:
            raise RecordError(f"The record has <{name}> more than once; keep one.")
        seen.add(name)
        if name == "documents":
            documents = _documents(child)
        elif name == "ckycNo":
            ckyc_no = _text(child)
        else:
            values[ELEMENT_FIELDS[name]] = _text(child)
    return ParsedRecord(ValidationFields(**values), documents, ckyc_no)


def fields_from_download(record: CkycRecord) -> ValidationFields:
    """The form's fields from the record just downloaded. The download carries the Aadhaar
    (masked, e.g. XXXXXXXX7058, in CERSAI's answers: kept as it comes) and the PAN, but no
    passport, driving licence or voter ID number: those stay empty for the user to fill."""
    return ValidationFields(
        **{name: " ".join(getattr(record, key).split()) for key, name in DOWNLOAD_FIELDS.items()}
    )


def files_from_download(record: CkycRecord) -> RecordFiles:
    """The download answer's images: PHOTO is the selfie, SIGNATURE is left out, the rest are
    documents; an image given as a URL (imageOutput selfurl) goes as an imageDetails URL."""
    documents: list[UploadFile] = []
    selfie = None
    urls: list[ImageUrl] = []
    for number, image in enumerate(record.imageDetails, start=1):
        kind = image.imageType.upper()
        if kind in _SKIPPED_IMAGE_TYPES:
            continue
        content = image.content()
        if content is None:
            if image.imageUrl:
                urls.append(
                    ImageUrl(image.imageType, image.imageCode, image.imageExtension, image.imageUrl)
                )
            continue
        media_type = media_type_of(content) or "application/octet-stream"
        extension = image.imageExtension.lower().lstrip(".") or "bin"
        if kind == _SELFIE_IMAGE_TYPE and selfie is None:
            selfie = UploadFile(f"selfie.{extension}", content, media_type)
        else:
            name = f"{kind.lower() or 'image'}-{number}.{extension}"
            documents.append(UploadFile(name, content, media_type))
    return RecordFiles(tuple(documents), selfie, tuple(urls))


def attach_files(documents: Sequence[DocumentRef], files: Mapping[str, bytes]) -> RecordFiles:
    """The record's listed files, taken by name from `files` (uploads, or a folder's files);
    the first selfie listed is the selfie, the rest go as documents in the record's order."""
    uploads: list[UploadFile] = []
    selfie = None
    missing: list[str] = []
    for reference in documents:
        content = files.get(reference.file)
        if content is None:
            missing.append(reference.file)
            continue
        upload = UploadFile(
            reference.file, content, media_type_of(content) or "application/octet-stream"
        )
        if reference.is_selfie and selfie is None:
            selfie = upload
        else:
            uploads.append(upload)
    return RecordFiles(tuple(uploads), selfie, missing=tuple(missing))


# --- samples ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    key: str
    label: str
    path: Path

    def load(self) -> "LoadedSample":
        record = parse_record(self.path.read_bytes())
        files = {
            ref.file: (DOCUMENTS_DIR / ref.file).read_bytes()
            for ref in record.documents
            if (DOCUMENTS_DIR / ref.file).is_file()
        }
        return LoadedSample(self, record, attach_files(record.documents, files))


@dataclass(frozen=True)
class LoadedSample:
    sample: Sample
    record: ParsedRecord
    files: RecordFiles = field(default_factory=RecordFiles)

    @property
    def fields(self) -> ValidationFields:
        return self.record.fields


_SAMPLES = (
    ("asha", "Asha · Aadhaar + passport (approves)"),
    ("ravi", "Ravi · DL + voter ID"),
    ("asha-pdf", "Asha · Aadhaar + passport in one 3-page PDF"),
    ("asha-six-pages", "Asha · a 6-page PDF (the vendor refuses: over 5 pages)"),
)


def samples() -> tuple[Sample, ...]:
    """The sample records in assets/ckyc/records/, each with a label for a picker."""
    return tuple(Sample(key, label, RECORDS_DIR / f"{key}.xml") for key, label in _SAMPLES)


# --- parsing helpers -----------------------------------------------------------------------


def _local(tag: object) -> str:
    """The element's name without a namespace ({urn:x}ckycRecord -> ckycRecord)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Element) -> str:
    if len(element):
        raise RecordError(f"<{_local(element.tag)}> holds elements; it should hold text only.")
    return " ".join((element.text or "").split())


def _documents(element: Element) -> tuple[DocumentRef, ...]:
    references = []
    for child in element:
        if _local(child.tag) != "document":
            continue
        file = (child.get("file") or "").strip()
        if not file:
            raise RecordError('A <document> has no file="..." attribute; name its file.')
        if Path(file).name != file or file.startswith(".") or "\\" in file:
            raise RecordError('A <document> names a path; give file="..." a bare file name.')
        references.append(DocumentRef(_document_type(child.get("type") or ""), file))
    return tuple(references)


def _document_type(raw: str) -> str:
    kind = "_".join(raw.strip().lower().replace("-", " ").split())
    kind = _TYPE_ALIASES.get(kind, kind)
    return kind if kind in DOCUMENT_TYPES else "other"
