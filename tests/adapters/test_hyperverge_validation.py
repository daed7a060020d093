"""The CKYC Validation client against the real sandbox over HTTP: uploads, a downloaded record's
image URLs, every catalog scenario, and each documented refusal as the adapter's error."""

from collections.abc import Iterator

import httpx
import pytest

from kyc_adapters.errors import InvalidCredentials, VendorStatusError
from kyc_adapters.hyperverge_ckyc import HyperVergeCkycClient
from kyc_adapters.hyperverge_validation import (
    PII_KEYS,
    SECRET_KEYS,
    HyperVergeValidationClient,
    ImageUrl,
    UploadFile,
    ValidationFields,
    ValidationOptions,
)
from kyc_adapters.recorder import Exchange, RecordingTransport
from kyc_adapters.redaction import REDACTED, Redactor
from tests.sandbox.validation_doc import ASHA, DOCUMENTS, MB

SANDBOX_APP_ID, SANDBOX_APP_KEY = "sandbox-app-id", "sandbox-app-key"
REDACTOR = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS)


def upload(name: str) -> UploadFile:
    media = "application/pdf" if name.endswith(".pdf") else "image/jpeg"
    return UploadFile(name, (DOCUMENTS / name).read_bytes(), media)


ASHA_FIELDS = ValidationFields(**ASHA)
AADHAAR = [upload("asha-aadhaar-front.jpg"), upload("asha-aadhaar-back.jpg")]
SELFIE = upload("asha-selfie.jpg")  # the client sends it as the selfie part


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def client(sandbox: httpx.Client, recorded: list[Exchange]) -> Iterator[HyperVergeValidationClient]:
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR)
    base = f"{sandbox.base_url.join('/hyperverge-validation')}"
    with httpx.Client(base_url=base, transport=transport, timeout=120) as http:
        yield HyperVergeValidationClient(http, app_id=SANDBOX_APP_ID, app_key=SANDBOX_APP_KEY)


def test_ashas_documents_and_selfie_are_approved(
    client: HyperVergeValidationClient, recorded: list[Exchange]
) -> None:
    result = client.validate(
        fields=ASHA_FIELDS, documents=AADHAAR, selfie=SELFIE, transaction_id="t-1"
    )
    (exchange,) = recorded
    assert exchange.request_headers["appKey"] == REDACTED
    assert exchange.status_code == 200 and exchange.outcome == "success"
    assert result.action == "approve"
    assert result.validPOA == ["aadhaar"] and result.validPOI == ["aadhaar"]
    assert result.score() == 0 and result.document_scores() == {"aadhaar": 0}
    assert result.fields("aadhaar")["faceMatch"].matchFound
    assert result.details["aadhaar"]["doc_template"] == ["aadhaar_front_bottom", "aadhaar_back"]
    assert result.aadhaar_type == "STANDARD"
    assert result.undocumented_fields() == []


def test_the_options_extras_are_parsed(client: HyperVergeValidationClient) -> None:
    options = ValidationOptions(
        mask_aadhaar="yes",
        returnSingleMaskedFile="yes",
        returnOcrDump="yes",
        standardOcrDump="yes",
        returnInputImage="yes",
    )
    result = client.validate(
        fields=ASHA_FIELDS,
        documents=AADHAAR,
        selfie=SELFIE,
        options=options,
        transaction_id="t-2",
    )
    assert isinstance(result.masked_aadhaar_url, list) and len(result.masked_aadhaar_url) == 1
    assert httpx.get(result.masked_aadhaar_url[0]).headers["content-type"] == "image/jpeg"
    assert isinstance(result.ocrDump, str) and "7058" in result.ocrDump
    assert [page["type"] for page in result.standardOcrDump["aadhaar"]] == [
        "aadhaar_front_bottom",
        "aadhaar_back",
    ]
    assert len(result.inputImageUrls) == 3
    assert result.undocumented_fields() == []


def test_a_downloaded_record_validates_by_its_image_urls(
    client: HyperVergeValidationClient, sandbox: httpx.Client
) -> None:
    with httpx.Client(base_url=f"{sandbox.base_url.join('/hyperverge-ckyc')}") as http:
        ckyc = HyperVergeCkycClient(http, app_id=SANDBOX_APP_ID, app_key=SANDBOX_APP_KEY)
        sent = ckyc.start(
            id_type="C", id_no="ABCPK1234F", mobile_no="9876501865", transaction_id="t"
        )
        otp = sandbox.get("/_sandbox/inbox", params={"mobile": "9876501865"}).json()["messages"]
        record = ckyc.download(
            request_id=sent.requestId,
            otp=otp[-1]["otp"],
            transaction_id="t",
            output_image_type="selfurl",
        )
    fields = ValidationFields(
        first_name=record.firstName,
        middle_name=record.middleName,
        last_name=record.lastName,
        dob=record.dob,
        address1=record.address1,
        address2=record.address2,
        address3=record.address3,
        city=record.city,
        district=record.district,
        state=record.state,
        pincode=record.pincode,
        aadhaar=record.aadhaar,  # XXXXXXXX7058, as CKYC holds it
        passport="Z1234567",
    )
    urls = [
        ImageUrl(i.imageType, i.imageCode, i.imageExtension, i.imageUrl or "")
        for i in record.imageDetails
    ]
    result = client.validate(fields=fields, image_urls=urls, transaction_id="t-3")
    assert result.action == "approve"
    assert set(result.details) == {"aadhaar", "passport"}
    assert result.fields("passport")["passport"].matchFound


@pytest.mark.parametrize(
    ("change", "code", "status"),
    [
        ({"appKey": "wrong-key"}, None, 401),
        ({"first_name": ""}, "ER_REQ_VALIDATE", 400),
        ({"selfie": None}, "ER_REQ_VALIDATE", 400),
        ({"documents": [upload("asha-six-pages.pdf")]}, "ER_PAGE", 400),
        (
            {"documents": [UploadFile("big.jpg", b"\xff" * (6 * MB + 1), "image/jpeg")]},
            "ER_SERVER",
            413,
        ),
        ({"first_name": "SERVER-ERROR"}, "ER_SERVER", 500),
    ],
    ids=["401", "first_name", "selfie", "pages", "413", "500"],
)
def test_each_documented_refusal_is_the_adapters_error(
    sandbox: httpx.Client, change: dict, code: str | None, status: int
) -> None:
    messages = {
        401: "Missing/Invalid credentials",
        500: "Internal server error",
        413: "File too large",
    }
    messages[400] = {
        "ER_PAGE": "pages exceeded the supported length of 5",
        "ER_REQ_VALIDATE": (
            "Selfie image not sent as part of the payload"
            if "selfie" in change
            else "first_name should not be null or undefined"
        ),
    }.get(code)
    base = f"{sandbox.base_url.join('/hyperverge-validation')}"
    with httpx.Client(base_url=base, timeout=60) as http:
        client = HyperVergeValidationClient(
            http, app_id=SANDBOX_APP_ID, app_key=change.get("appKey", SANDBOX_APP_KEY)
        )
        fields = ASHA_FIELDS.model_copy(update={"first_name": change.get("first_name", "ASHA")})
        with pytest.raises(VendorStatusError) as raised:
            client.validate(
                fields=fields,
                documents=change.get("documents", AADHAAR),
                selfie=change.get("selfie", SELFIE),
                transaction_id="t-4",
            )
    error = raised.value
    assert error.status_code == status and error.code == code
    assert error.message == messages[status]
    assert isinstance(error, InvalidCredentials) == (status == 401)


def catalog(sandbox: httpx.Client) -> list[dict]:
    return sandbox.get("/_sandbox/scenarios", params={"vendor": "hyperverge-validation"}).json()


def test_every_catalog_scenario_through_the_client(sandbox: httpx.Client) -> None:
    """Each entry sent as the adapter sends it: its form as fields and options, its files as
    documents and the selfie; the answer is the entry's promise, parsed or raised."""
    base = f"{sandbox.base_url.join('/hyperverge-validation')}"
    for scenario in catalog(sandbox):
        request, expect = scenario["request"], scenario["expect"]
        form = request.get("form") or {}
        files = [
            UploadFile(f["filename"], sandbox.get(f["url"]).content, f["contentType"])
            for f in request.get("files") or []
        ]
        selfie = next((f for f in files if f.filename.startswith("selfie")), None)
        with httpx.Client(base_url=base, timeout=120) as http:
            client = HyperVergeValidationClient(
                http, app_id=request["headers"]["appId"], app_key=request["headers"]["appKey"]
            )
            call = {
                "fields": ValidationFields(**{k: v for k, v in form.items() if k in ASHA_KEYS}),
                "documents": [f for f in files if f is not selfie],
                "selfie": selfie,
                "transaction_id": request["headers"]["transactionId"],
            }
            if expect["status"] == 200:
                result = client.validate(**call)
                assert result.action == expect["fields"]["result.action"], scenario["id"]
                assert result.undocumented_fields() == []
            else:
                with pytest.raises(VendorStatusError) as raised:
                    client.validate(**call)
                assert raised.value.status_code == expect["status"], scenario["id"]
                assert raised.value.code == expect.get("code"), scenario["id"]


ASHA_KEYS = set(ValidationFields.model_fields)
