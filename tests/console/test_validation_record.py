"""CKYC record XML (our shape, read with defusedxml), the download -> form mapping, the samples,
and the pre-send checks that predict the vendor's documented refusals."""

import base64
import dataclasses
from pathlib import Path

import pytest

from console.vendors.hyperverge_validation.checks import Problem, check, media_type_of, pdf_pages
from console.vendors.hyperverge_validation.record_xml import (
    DocumentRef,
    RecordError,
    attach_files,
    fields_from_download,
    files_from_download,
    parse_record,
    samples,
)
from kyc_adapters.hyperverge_ckyc import CkycRecord
from kyc_adapters.hyperverge_validation import ImageUrl, UploadFile, ValidationFields
from tests.helpers import ROOT

DOCUMENTS = ROOT / "assets" / "ckyc" / "documents"
REFUSED = (
    "The file declares entities or a DTD; CKYC records do not, and the console refuses them "
    "(XML attacks)."
)
ASHA = ValidationFields(
    first_name="ASHA",
    middle_name="SPECIMEN",
    last_name="KUMARI",
    full_name="ASHA SPECIMEN KUMARI",
    dob="15-08-1990",
    address1="FLAT 12, SPECIMEN HEIGHTS",
    address2="SANDBOX ROAD",
    address3="KORAMANGALA",
    city="BENGALURU",
    district="BENGALURU",
    state="KARNATAKA",
    country="IN",
    pincode="560034",
    aadhaar="999941057058",
    passport="Z1234567",
    pan="ABCPK1234F",
)
RAVI = ValidationFields(
    first_name="RAVI",
    middle_name="TEST",
    last_name="SHARMA",
    full_name="RAVI TEST SHARMA",
    dob="02-01-1985",
    address1="42 DEMO NAGAR",
    address2="NEAR SANDBOX PARK",
    city="PUNE",
    district="PUNE",
    state="MAHARASHTRA",
    country="IN",
    pincode="411001",
    driving_license="MH0120190001234",
    voter_id="XYZ1234567",
)


def loaded(key: str):
    return next(sample for sample in samples() if sample.key == key).load()


def jpeg(name: str, size: int = 0) -> UploadFile:
    content = b"\xff\xd8\xff\xe0" + b"\0" * max(0, size - 4)
    return UploadFile(name, content, "image/jpeg")


def selfie() -> UploadFile:
    return UploadFile("asha-selfie.jpg", (DOCUMENTS / "asha-selfie.jpg").read_bytes(), "image/jpeg")


# --- samples --------------------------------------------------------------------------------


def test_asha_sample_parses_to_the_seeded_person_with_her_files() -> None:
    sample = loaded("asha")
    assert sample.sample.label == "Asha · Aadhaar + passport (approves)"
    assert sample.fields == ASHA
    assert sample.record.ckyc_no == "30012345678901"
    assert sample.record.documents == (
        DocumentRef("aadhaar", "asha-aadhaar-front.jpg"),
        DocumentRef("aadhaar", "asha-aadhaar-back.jpg"),
        DocumentRef("passport", "asha-passport.jpg"),
        DocumentRef("selfie", "asha-selfie.jpg"),
    )
    files = sample.files
    assert [d.filename for d in files.documents] == [
        "asha-aadhaar-front.jpg",
        "asha-aadhaar-back.jpg",
        "asha-passport.jpg",
    ]
    assert {d.media_type for d in files.documents} == {"image/jpeg"}
    assert files.documents[0].content == (DOCUMENTS / "asha-aadhaar-front.jpg").read_bytes()
    assert files.selfie is not None and files.selfie.filename == "asha-selfie.jpg"
    assert files.missing == ()


def test_ravi_sample_parses_to_the_seeded_person() -> None:
    sample = loaded("ravi")
    assert sample.sample.label == "Ravi · DL + voter ID"
    assert sample.fields == RAVI
    assert sample.record.ckyc_no == "30098765432109"
    assert [(d.type, d.file) for d in sample.record.documents] == [
        ("driving_license", "ravi-driving-licence.jpg"),
        ("voter_id", "ravi-voter-id.jpg"),
        ("selfie", "ravi-selfie.jpg"),
    ]
    assert sample.files.selfie is not None and sample.files.selfie.filename == "ravi-selfie.jpg"


def test_every_sample_loads_all_its_files() -> None:
    keys = [sample.key for sample in samples()]
    assert keys == ["asha", "ravi", "asha-pdf", "asha-six-pages"]
    for sample in samples():
        files = sample.load().files
        assert files.missing == (), sample.key
        assert files.documents and files.selfie is not None, sample.key
    pdf = loaded("asha-pdf")
    assert pdf.fields == ASHA
    assert pdf.files.documents[0].media_type == "application/pdf"


# --- refused XML --------------------------------------------------------------------------


def test_external_entity_is_refused_and_nothing_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("MARKER-7d1e-NEVER-SHOWN")
    for target in ("file:///etc/passwd", secret.as_uri()):
        xml = (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE ckycRecord [<!ENTITY xxe SYSTEM "{target}">]>\n'
            "<ckycRecord><firstName>&xxe;</firstName><aadhaar>1</aadhaar></ckycRecord>"
        ).encode()
        with pytest.raises(RecordError) as refused:
            parse_record(xml)
        assert str(refused.value) == REFUSED
        assert "MARKER" not in str(refused.value) and "root:" not in str(refused.value)


def test_billion_laughs_is_refused() -> None:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE ckycRecord [{"".join(entities)}]>'
        "<ckycRecord><firstName>&lol9;</firstName></ckycRecord>"
    ).encode()
    with pytest.raises(RecordError) as refused:
        parse_record(xml)
    assert str(refused.value) == REFUSED


def test_a_bare_doctype_is_refused_too() -> None:
    with pytest.raises(RecordError, match="declares entities or a DTD"):
        parse_record(b"<!DOCTYPE ckycRecord><ckycRecord/>")


@pytest.mark.parametrize(
    "content",
    [
        (DOCUMENTS / "asha-selfie.jpg").read_bytes(),
        b"",
        b"firstName=ASHA",
        b"<ckycRecord><firstName>ASHA</ckycRecord>",
    ],
    ids=["jpeg", "empty", "text", "unclosed"],
)
def test_a_file_that_is_not_xml_is_refused_in_a_sentence(content: bytes) -> None:
    with pytest.raises(RecordError) as refused:
        parse_record(content)
    message = str(refused.value)
    assert message.startswith("The file is not XML (unreadable at line ")
    assert message.endswith("a CKYC record is an XML file with a <ckycRecord> root.")
    assert "ASHA" not in message


def test_wrong_root_too_big_and_paths_are_refused_without_echoing_content() -> None:
    with pytest.raises(RecordError) as refused:
        parse_record(b"<html><firstName>ASHA</firstName></html>")
    assert str(refused.value) == (
        "The file is XML but not a CKYC record: its root element should be <ckycRecord>."
    )
    big = b"<ckycRecord><address1>" + b"A" * (1024 * 1024) + b"</address1></ckycRecord>"
    with pytest.raises(RecordError, match=r"up to 1024 KB\.$"):
        parse_record(big)
    escape = b'<ckycRecord><documents><document file="../../etc/passwd"/></documents></ckycRecord>'
    with pytest.raises(RecordError) as refused:
        parse_record(escape)
    assert str(refused.value) == 'A <document> names a path; give file="..." a bare file name.'
    assert "passwd" not in str(refused.value)
    with pytest.raises(RecordError, match=r"^The record has <dob> more than once; keep one\.$"):
        parse_record(b"<ckycRecord><dob>15-08-1990</dob><dob>01-01-2000</dob></ckycRecord>")


def test_namespaces_whitespace_unknown_elements_and_type_aliases() -> None:
    xml = b"""<r:ckycRecord xmlns:r="urn:example:ckyc">
      <r:firstName>  ASHA </r:firstName>
      <r:address1>FLAT 12,
          SPECIMEN HEIGHTS</r:address1>
      <r:fatherFullName>RAMESH SPECIMEN KUMAR</r:fatherFullName>
      <r:documents>
        <r:document type="PHOTO" file="a.jpg"/>
        <r:document type="DRIVING_LICENCE" file="b.jpg"/>
        <r:document type="birth certificate" file="c.pdf"/>
        <r:document file="d.png"/>
      </r:documents>
    </r:ckycRecord>"""
    record = parse_record(xml)
    assert record.fields == ValidationFields(
        first_name="ASHA", address1="FLAT 12, SPECIMEN HEIGHTS"
    )
    assert [d.type for d in record.documents] == ["selfie", "driving_license", "other", "other"]


def test_attach_files_takes_listed_files_by_name_and_reports_the_missing() -> None:
    references = (
        DocumentRef("aadhaar", "front.jpg"),
        DocumentRef("selfie", "me.png"),
        DocumentRef("passport", "gone.jpg"),
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 8
    files = attach_files(references, {"front.jpg": b"\xff\xd8\xff\xe0", "me.png": png, "x": b""})
    assert [d.filename for d in files.documents] == ["front.jpg"]
    assert files.selfie == UploadFile("me.png", png, "image/png")
    assert files.missing == ("gone.jpg",)


# --- the record just downloaded -----------------------------------------------------------


def test_download_record_maps_to_the_form_keeping_the_masked_aadhaar() -> None:
    record = CkycRecord(
        ckycNo="30012345678901",
        firstName="ASHA",
        middleName="SPECIMEN",
        lastName="KUMARI",
        fullName="ASHA SPECIMEN KUMARI",
        dob="15-08-1990",
        gender="F",
        address1="FLAT 12, SPECIMEN HEIGHTS",
        address2="SANDBOX ROAD",
        address3="KORAMANGALA",
        city="BENGALURU",
        district="BENGALURU",
        state="KARNATAKA",
        country="IN",
        pincode="560034",
        aadhaar="XXXXXXXX7058",
        pan="ABCPK1234F",
        idList=[{"type": "A", "status": "Verified"}],
    )
    assert fields_from_download(record) == ASHA.model_copy(
        update={"aadhaar": "XXXXXXXX7058", "passport": ""}
    )


def test_download_images_become_documents_a_selfie_and_urls() -> None:
    def image(kind: str, code: str, extension: str, **source: str) -> dict:
        return {"imageType": kind, "imageCode": code, "imageExtension": extension, **source}

    def data(name: str) -> str:
        return base64.b64encode((DOCUMENTS / name).read_bytes()).decode()

    record = CkycRecord(
        imageDetails=[
            image("PHOTO", "02", "jpg", imageData=data("asha-selfie.jpg")),
            image("SIGNATURE", "04", "png", imageData=data("../asha-signature.png")),
            image("AADHAAR", "07", "jpg", imageData=data("asha-aadhaar-front.jpg")),
            image("PASSPORT", "05", "jpg", imageUrl="http://127.0.0.1:1/images/passport.jpg"),
        ]
    )
    files = files_from_download(record)
    assert files.selfie is not None
    assert files.selfie.filename == "selfie.jpg"
    assert files.selfie.content == (DOCUMENTS / "asha-selfie.jpg").read_bytes()
    assert [(d.filename, d.media_type) for d in files.documents] == [
        ("aadhaar-3.jpg", "image/jpeg")
    ]
    assert files.image_urls == (
        ImageUrl("PASSPORT", "05", "jpg", "http://127.0.0.1:1/images/passport.jpg"),
    )


# --- pre-send checks ----------------------------------------------------------------------


def test_no_check_fires_on_the_samples() -> None:
    for key in ("asha", "ravi", "asha-pdf"):
        sample = loaded(key)
        assert check(sample.fields, sample.files.documents, sample.files.selfie) == [], key


def test_six_page_sample_predicts_the_page_refusal() -> None:
    sample = loaded("asha-six-pages")
    problems = check(sample.fields, sample.files.documents, sample.files.selfie)
    assert problems == [
        Problem(
            "image_details",
            "The file asha-six-pages.pdf has 6 pages: the vendor reads at most 5; split it or "
            "send fewer pages.",
            '400 ER_PAGE "pages exceeded the supported length of 5"',
        )
    ]
    assert pdf_pages((DOCUMENTS / "asha-documents.pdf").read_bytes()) == 3


def test_no_id_number_fires() -> None:
    fields = ASHA.model_copy(update={"aadhaar": "", "passport": " "})  # PAN alone is not enough
    problems = check(fields, [jpeg("a.jpg")], selfie())
    assert [(p.field, p.sentence) for p in problems] == [
        (
            "id_numbers",
            "The vendor needs at least one of the Aadhaar, driving licence, voter ID or "
            "passport numbers.",
        )
    ]
    assert "at least one" in problems[0].vendor_answer
    for name in ("aadhaar", "driving_license", "voter_id", "passport"):
        only = ValidationFields(first_name="A", **{name: "X1"})
        assert check(only, [jpeg("a.jpg")], selfie()) == []


def test_no_selfie_fires_unless_the_photo_comes_as_a_url() -> None:
    problems = check(ASHA, [jpeg("a.jpg")], None)
    assert [p.field for p in problems] == ["selfie"]
    assert "Selfie image not sent as part of the payload" in problems[0].vendor_answer
    photo = ImageUrl("PHOTO", "02", "jpg", "http://127.0.0.1:1/photo.jpg")
    assert check(ASHA, [jpeg("a.jpg")], None, image_urls=[photo]) == []


def test_a_file_over_6_mb_fires_and_6_mb_exactly_does_not() -> None:
    six_mb = 6 * 1024 * 1024
    assert check(ASHA, [jpeg("a.jpg", six_mb)], selfie()) == []
    problems = check(ASHA, [jpeg("a.jpg", six_mb + 1)], selfie())
    assert [p.field for p in problems] == ["image_details"]
    assert problems[0].sentence.startswith("The file a.jpg is 6.0 MB")
    assert "413" in problems[0].vendor_answer and "File too large" in problems[0].vendor_answer
    big_selfie = check(ASHA, [jpeg("a.jpg")], jpeg("selfie.jpg", six_mb + 1))
    assert [p.field for p in big_selfie] == ["selfie"]


@pytest.mark.parametrize("dob", ["1990-08-15", "15/08/1990", "15-8-1990", "31-02-1990"])
def test_a_dob_not_in_dd_mm_yyyy_or_not_a_date_fires(dob: str) -> None:
    problems = check(ASHA.model_copy(update={"dob": dob}), [jpeg("a.jpg")], selfie())
    assert [p.field for p in problems] == ["dob"]
    assert "DD-MM-YYYY" in problems[0].sentence
    assert check(ASHA.model_copy(update={"dob": ""}), [jpeg("a.jpg")], selfie()) == []


def test_file_type_is_judged_by_content_not_name() -> None:
    gif = UploadFile("looks-like.jpg", b"GIF89a" + b"\0" * 10, "image/jpeg")
    problems = check(ASHA, [gif], selfie())
    assert [(p.field, p.sentence) for p in problems] == [
        (
            "image_details",
            "The file looks-like.jpg is not a JPEG, PNG or PDF (judged by its content, not its "
            "name).",
        )
    ]
    jpeg_named_pdf = dataclasses.replace(jpeg("scan.pdf"), media_type="application/pdf")
    assert check(ASHA, [jpeg_named_pdf], selfie()) == []
    assert media_type_of((DOCUMENTS / "ravi-documents.pdf").read_bytes()) == "application/pdf"
    assert media_type_of(b"") is None
    broken = UploadFile("broken.pdf", b"%PDF-1.7\nnot really", "application/pdf")
    assert [p.sentence for p in check(ASHA, [broken], selfie())] == [
        "The file broken.pdf is a PDF that cannot be opened."
    ]


def test_empty_first_name_and_no_documents_fire() -> None:
    problems = check(ASHA.model_copy(update={"first_name": ""}), [], selfie())
    assert [p.field for p in problems] == ["first_name", "image_details"]
    assert "first_name should not be null or undefined" in problems[0].vendor_answer
