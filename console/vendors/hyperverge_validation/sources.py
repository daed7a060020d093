"""The three ways a record comes in, each as a `ValidationRequest`: the record just
downloaded, an uploaded XML with its files, a sample from assets/."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from console.vendors.hyperverge_validation.checks import media_type_of
from console.vendors.hyperverge_validation.flow import ValidationRequest
from console.vendors.hyperverge_validation.record_xml import (
    RecordFiles,
    attach_files,
    fields_from_download,
    files_from_download,
    parse_record,
)
from console.vendors.hyperverge_validation.record_xml import samples as sample_records
from kyc_adapters.hyperverge_ckyc import CkycRecord
from kyc_adapters.hyperverge_validation import UploadFile


class Uploaded(Protocol):
    """What a file uploader hands over (Streamlit's UploadedFile)."""

    name: str

    def getvalue(self) -> bytes: ...


@dataclass(frozen=True)
class SampleRequest:
    label: str
    request: ValidationRequest


def from_download(record: CkycRecord) -> ValidationRequest:
    return _request(
        f"the record of {record.fullName or 'the download'} downloaded at {datetime.now():%H:%M}",
        fields_from_download(record),
        files_from_download(record),
    )


def from_upload(
    xml: bytes, xml_name: str, files: Sequence[Uploaded], selfie: Uploaded | None
) -> ValidationRequest:
    """The uploaded record; its listed files are matched by name among the uploads, and a
    selfie uploaded on its own goes as the selfie. Raises record_xml.RecordError."""
    parsed = parse_record(xml)
    by_name = {upload.name: upload.getvalue() for upload in files}
    attached = attach_files(parsed.documents, by_name)
    listed = {ref.file for ref in parsed.documents}
    extra = tuple(
        UploadFile(name, content, _media(content))
        for name, content in by_name.items()
        if name not in listed
    )
    own_selfie = None
    if selfie is not None:
        content = selfie.getvalue()
        own_selfie = UploadFile(selfie.name, content, _media(content))
    return _request(
        f"the uploaded record {xml_name}",
        parsed.fields,
        RecordFiles(
            documents=attached.documents + extra,
            selfie=own_selfie or attached.selfie,
            image_urls=attached.image_urls,
            missing=attached.missing,
        ),
    )


def samples() -> list[SampleRequest]:
    loaded = [sample.load() for sample in sample_records()]
    return [
        SampleRequest(s.sample.label, _request(f"the sample {s.sample.label}", s.fields, s.files))
        for s in loaded
    ]


def _request(source: str, fields, files: RecordFiles) -> ValidationRequest:
    return ValidationRequest(
        source=source,
        fields=fields,
        documents=tuple(files.documents),
        selfie=files.selfie,
        image_urls=tuple(files.image_urls),
        missing=tuple(files.missing),
    )


def _media(content: bytes) -> str:
    """By the file's first bytes, not its name; checks.py names what is neither."""
    return media_type_of(content) or "application/octet-stream"
