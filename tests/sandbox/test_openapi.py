"""Every vendor route is in /openapi.json with its headers and body, so Postman and schemathesis
can import the vendor calls, not only the control plane."""

import httpx
import pytest

from tests.sandbox.ckyc_doc import START, VALIDATE

# From the document's Headers and Inputs tables: the mandatory rows, and every row.
DOCUMENTED = {
    START: {
        "required": {"idNo", "idType", "entityType"},
        "fields": {
            "idNo",
            "idType",
            "entityType",
            "mobileNo",
            "returnOnlySearchResponse",
            "returnckycRefNo",
            "outputImageType",
        },
    },
    VALIDATE: {
        "required": {"otp", "requestId", "entityType"},
        "fields": {
            "otp",
            "requestId",
            "entityType",
            "retry",
            "returnRecordCountDetails",
            "returnckycRefNo",
            "outputImageType",
            "returnResidentialStatus",
        },
    },
}
HEADERS = {"appId", "appKey", "transactionId"}


@pytest.fixture(scope="module")
def openapi(sandbox_url: str) -> dict:
    return httpx.get(f"{sandbox_url}/openapi.json").json()


def resolve(openapi: dict, schema: dict) -> dict:
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = openapi["components"]["schemas"][name]
    return schema


def test_the_vendor_paths_are_all_there(openapi: dict) -> None:
    vendors = [p for p in openapi["paths"] if not p.startswith(("/_sandbox", "/docs", "/redoc"))]
    multipart = ["/hyperverge-validation/api/v1/validate"]  # test_validation_contract.py
    hypersign = [  # hypersign-kyc-ssi-custom-ui.txt: three services, one sub-prefix each
        "/hypersign-kyc/dashboard/api/v1/app/oauth",
        "/hypersign-kyc/kyc/api/v2/session",
        "/hypersign-kyc/kyc/api/v2/auth/exchange",
        "/hypersign-kyc/kyc/api/v2/documents/extract",
        "/hypersign-kyc/kyc/api/v2/biometrics/verify",
        "/hypersign-kyc/kyc/api/v2/consents",
        "/hypersign-kyc/ssi/api/v1/did/create",
        "/hypersign-kyc/ssi/api/v1/did/auth/issue-jwt",
        "/hypersign-kyc/ssi/api/v1/presentation",
    ]
    ekyc = [  # messagecentral-ekyc-now.txt's call, then the hosted journey it opens
        "/messagecentral-ekyc/ekyc/api/v1/redirection/generate-url",
        "/messagecentral-ekyc/kyc/flow/{token}",
        "/messagecentral-ekyc/kyc/journey/{session}",
        *(
            f"/messagecentral-ekyc/kyc/journey/{{session}}/{step}"
            for step in ("consent", "document", "selfie", "liveness", "screening", "cancel")
        ),
    ]
    onekyc = [  # onekyc-siv-integration.txt's calls on the token and API hosts (contract paths)
        "/onekyc-siv/token/v1/esign/partner/authentication",
        "/onekyc-siv/api/coe-partner/v1/initiate-flow",
        "/onekyc-siv/api/coe-partner/v1/submissions/{submissionId}",
        "/onekyc-siv/api/coe-sdk/v1/submissions/ktp",
        "/onekyc-siv/api/coe-sdk/v1/submissions/selfie",
        "/onekyc-siv/api/coe-sdk/v1/images/{submissionId}/{kind}",
    ]
    assert sorted(vendors) == sorted([*DOCUMENTED, *multipart, *hypersign, *ekyc, *onekyc])


@pytest.mark.parametrize("path", sorted(DOCUMENTED))
def test_a_vendor_route_lists_its_headers_and_body(openapi: dict, path: str) -> None:
    operation = openapi["paths"][path]["post"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header" and p["required"]}
    assert headers == HEADERS
    body = operation["requestBody"]
    assert body["required"] is True
    schema = resolve(openapi, body["content"]["application/json"]["schema"])
    assert set(schema["properties"]) == DOCUMENTED[path]["fields"]
    assert set(schema["required"]) == DOCUMENTED[path]["required"]


def test_every_vendor_route_the_app_serves_is_documented(openapi: dict, sandbox_url: str) -> None:
    vendors = httpx.get(f"{sandbox_url}/_sandbox/vendors").json()
    for path in DOCUMENTED:
        assert any(path.startswith(v["prefix"] + "/") for v in vendors)
    # Each documented path answers as a vendor route (not FastAPI's {"detail": "Not Found"}).
    for path in DOCUMENTED:
        assert "error" in httpx.post(f"{sandbox_url}{path}", json={}).json()
