"""CKYC Validation's contract without reading pixels: headers, each documented error body, the
magic outcomes (the document's own samples), the request's rules, the catalog, OpenAPI."""

import httpx
import pytest

from tests.helpers import dotted
from tests.sandbox.validation_doc import (
    ASHA,
    ASHA_AADHAAR,
    ERROR_401,
    ERROR_413,
    ERROR_500,
    ERROR_FIRST_NAME,
    ERROR_PAGES,
    ERROR_SELFIE,
    HEADERS,
    MB,
    PREFIX,
    SAMPLE_APPROVE,
    SAMPLE_MANUAL_REVIEW,
    SAMPLE_REJECT,
    VALIDATE,
    part,
    result_of,
    selfie,
    validate,
)

ER_REQ_VALIDATE = "ER_REQ_VALIDATE"


def refusal(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["statusCode"] == str(status)
    return body


@pytest.mark.parametrize(
    "headers",
    [
        {**HEADERS, "appKey": "wrong-key"},
        {**HEADERS, "appId": "someone-else"},
        {"transactionId": "t-1"},
        {**HEADERS, "appKey": b"sandbox-app-k\xe9y"},
    ],
    ids=["wrong key", "wrong id", "none", "non-ASCII"],
)
def test_credentials_are_checked_first(sandbox: httpx.Client, headers: dict) -> None:
    response = validate(sandbox, {}, [], headers=headers)
    assert refusal(response, 401) == ERROR_401  # "error" is the message itself, a string


def test_no_first_name_is_the_first_name_error(sandbox: httpx.Client) -> None:
    form = {k: v for k, v in ASHA.items() if k != "first_name"}
    assert refusal(validate(sandbox, form, []), 400) == ERROR_FIRST_NAME
    only_full = {**form, "full_name": "ASHA SPECIMEN KUMARI"}  # the message names first_name
    assert refusal(validate(sandbox, only_full, []), 400) == ERROR_FIRST_NAME
    assert refusal(validate(sandbox, {**form, "first_name": "  "}, []), 400) == ERROR_FIRST_NAME
    assert refusal(validate(sandbox, {**form, "first_name": "A"}, []), 400) == ERROR_SELFIE


def test_without_a_selfie(sandbox: httpx.Client) -> None:
    assert refusal(validate(sandbox, ASHA, ASHA_AADHAAR), 400) == ERROR_SELFIE
    # A file is the selfie by its name; "asha-selfie.jpg" is a document like any other.
    named = [*ASHA_AADHAAR, part("asha-selfie.jpg")]
    assert refusal(validate(sandbox, ASHA, named), 400) == ERROR_SELFIE


def test_at_least_one_of_the_four_id_numbers(sandbox: httpx.Client) -> None:
    form = {k: v for k, v in ASHA.items() if k != "aadhaar"}
    body = refusal(validate(sandbox, {**form, "pan": "ABCPK1234F"}, []), 400)
    assert body["status"] == "failure" and body["error"]["code"] == ER_REQ_VALIDATE
    for id_field in ("driving_license", "voter_id", "passport"):
        response = validate(sandbox, {**form, id_field: "X1"}, [])
        assert refusal(response, 400) == ERROR_SELFIE  # past the ID rule


def test_a_pdf_over_5_pages(sandbox: httpx.Client) -> None:
    files = [part("asha-six-pages.pdf"), selfie()]
    assert refusal(validate(sandbox, ASHA, files), 400) == ERROR_PAGES


def test_a_file_over_6_mb_is_too_large(sandbox: httpx.Client) -> None:
    big = ("image_details", ("scan.jpg", b"\xff\xd8\xff" + b"\0" * (6 * MB - 2), "image/jpeg"))
    assert refusal(validate(sandbox, ASHA, [big, selfie()]), 413) == ERROR_413


def test_a_file_of_exactly_6_mb_is_read_and_found_unreadable(sandbox: httpx.Client) -> None:
    junk = ("image_details", ("scan.jpg", b"\0" * (6 * MB), "image/jpeg"))
    result = result_of(validate(sandbox, ASHA, [junk, selfie()]))
    assert result["invalidDocs"] == {"other": ["ER_BAD_DOC"]}
    assert result["action"] == "reject"


def test_a_body_over_the_cap_is_the_same_413(sandbox: httpx.Client) -> None:
    headers = {**HEADERS, "content-type": "multipart/form-data; boundary=x"}
    response = sandbox.post(VALIDATE, headers=headers, content=b"x" * (40 * MB + 1))
    assert refusal(response, 413) == ERROR_413


def test_an_injected_500_and_the_magic_one(sandbox: httpx.Client) -> None:
    sandbox.post(
        "/_sandbox/faults", json={"vendor": "hyperverge-validation", "mode": "http_500"}
    ).raise_for_status()
    assert refusal(validate(sandbox, ASHA, []), 500) == ERROR_500
    magic = {**ASHA, "first_name": "SERVER-ERROR"}
    assert refusal(validate(sandbox, magic, []), 500) == ERROR_500


@pytest.mark.parametrize(
    ("first_name", "sample"),
    [
        ("APPROVE-ME", SAMPLE_APPROVE),
        ("REVIEW-ME", SAMPLE_MANUAL_REVIEW),
        ("REJECT-ME", SAMPLE_REJECT),
    ],
)
def test_magic_names_answer_the_documents_samples(
    sandbox: httpx.Client, first_name: str, sample: dict
) -> None:
    assert result_of(validate(sandbox, {**ASHA, "first_name": first_name}, [])) == sample


@pytest.mark.parametrize(
    ("first_name", "status", "body"),
    [("FILE-TOO-LARGE", 413, ERROR_413), ("TOO-MANY-PAGES", 400, ERROR_PAGES)],
)
def test_magic_names_force_the_file_errors(
    sandbox: httpx.Client, first_name: str, status: int, body: dict
) -> None:
    assert refusal(validate(sandbox, {**ASHA, "first_name": first_name}, []), status) == body


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"mask_aadhaar": "true"}, '"mask_aadhaar" must be one of [yes, no]'),
        ({"imageDetails": "not json"}, None),
        ({"imageDetails": '[{"imageType": "PHOTO", "imageUrl": "file:///etc/passwd"}]'}, None),
        ({"imageDetails": '[{"imageType": "PHOTO", "imageData": "%%%"}]'}, None),
    ],
    ids=["option", "details not json", "file url", "bad base64"],
)
def test_the_sandboxs_own_rules_answer_in_the_vendor_shape(
    sandbox: httpx.Client, form: dict, message: str | None
) -> None:
    body = refusal(validate(sandbox, {**ASHA, **form}, []), 400)
    assert body["status"] == "failure" and body["error"]["code"] == ER_REQ_VALIDATE
    if message is not None:
        assert body["error"]["message"] == message


def test_headers_and_body_type(sandbox: httpx.Client) -> None:
    no_transaction = {k: v for k, v in HEADERS.items() if k != "transactionId"}
    body = refusal(validate(sandbox, ASHA, [], headers=no_transaction), 400)
    assert body["error"]["code"] == ER_REQ_VALIDATE
    body = refusal(sandbox.post(VALIDATE, headers=HEADERS, json=ASHA), 400)
    assert body["error"]["code"] == ER_REQ_VALIDATE
    # The same fields url-encoded (what a client sends when no file is attached) are read.
    response = sandbox.post(VALIDATE, headers=HEADERS, data={**ASHA, "first_name": "APPROVE-ME"})
    assert result_of(response)["action"] == "approve"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", VALIDATE, 405), ("POST", f"{PREFIX}/api/v1/nothing", 404), ("GET", PREFIX, 404)],
)
def test_unknown_paths_and_methods_keep_the_vendor_shape(
    sandbox: httpx.Client, method: str, path: str, status: int
) -> None:
    body = refusal(sandbox.request(method, path, headers=HEADERS), status)
    assert body["status"] == "failure" and set(body["error"]) == {"code", "message"}


def test_the_vendor_list_names_the_simulator(sandbox: httpx.Client) -> None:
    vendors = {v["id"]: v for v in sandbox.get("/_sandbox/vendors").json()}
    entry = vendors["hyperverge-validation"]
    assert entry["prefix"] == PREFIX
    assert entry["credentials"] == {"app_id": "sandbox-app-id", "app_key": "sandbox-app-key"}
    assert entry["docs"] == "docs/vendor-docs/hyperverge-ckyc-validation.txt"


def test_openapi_lists_the_multipart_route(sandbox: httpx.Client) -> None:
    operation = sandbox.get("/openapi.json").json()["paths"][VALIDATE]["post"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header" and p["required"]}
    assert headers == {"appId", "appKey", "transactionId"}
    schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    documented = (
        "first_name middle_name last_name full_name dob address1 address2 address3 city "
        "district state country pincode aadhaar driving_license voter_id passport pan "
        "validate_pan mask_aadhaar image_details imageDetails returnOcrDump standardOcrDump "
        "returnMaskedAadhaarNumber returnInputImage returnSingleMaskedFile"
    ).split()
    assert set(schema["properties"]) == set(documented)


# --- the catalog ---------------------------------------------------------------------------

# Scenario id -> (HTTP status, the body or result's key values the document gives).
EXPECTED = {
    "approve": (200, {"result": SAMPLE_APPROVE}),
    "manual-review": (200, {"result": SAMPLE_MANUAL_REVIEW}),
    "reject": (200, {"result": SAMPLE_REJECT}),
    "specimen-approve": (200, {"result.action": "approve", "result.invalidDocs": {}}),
    "specimen-face-mismatch": (
        200,
        {"result.action": "manual_review", "result.invalidDocs": {"aadhaar": ["ER_FACE_NO_MATCH"]}},
    ),
    "specimen-reject": (
        200,
        {"result.action": "reject", "result.invalidDocs.dl": ["ER_FACE_NO_MATCH", "ER_NAME"]},
    ),
    "invalid-credentials": (401, ERROR_401),
    "first-name-missing": (400, ERROR_FIRST_NAME),
    "selfie-missing": (400, ERROR_SELFIE),
    "too-many-pages": (400, ERROR_PAGES),
    "file-too-large": (413, ERROR_413),
    "server-error": (500, ERROR_500),
    # Not in the document: the sandbox's own refusals, named in the catalog as such.
    "id-missing": (400, {"error.code": ER_REQ_VALIDATE}),
    "no-document": (400, {"error.code": ER_REQ_VALIDATE}),
}


def catalog(client: httpx.Client) -> dict[str, dict]:
    entries = client.get("/_sandbox/scenarios", params={"vendor": "hyperverge-validation"}).json()
    return {entry["id"]: entry for entry in entries}


def replay(client: httpx.Client, request: dict) -> httpx.Response:
    parts = [(name, (None, value)) for name, value in (request.get("form") or {}).items()]
    for file in request.get("files") or []:
        data = client.get(file["url"])
        data.raise_for_status()
        parts.append((file["field"], (file["filename"], data.content, file["contentType"])))
    return client.request(
        request["method"], request["path"], headers=request["headers"], files=parts, timeout=120
    )


def test_every_documented_outcome_is_in_the_catalog(sandbox: httpx.Client) -> None:
    entries = catalog(sandbox)
    assert set(entries) == set(EXPECTED)
    assert all(entry["vendor"] == "hyperverge-validation" for entry in entries.values())
    # The weights table is named where QA reads the verdicts.
    assert "ER_ID 3" in entries["specimen-approve"]["description"]


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_scenario_produces_the_documented_outcome(sandbox: httpx.Client, scenario_id: str) -> None:
    scenario = catalog(sandbox)[scenario_id]
    response = replay(sandbox, scenario["request"])
    status, expected = EXPECTED[scenario_id]
    assert response.status_code == status == scenario["expect"]["status"], response.text
    body = response.json()
    for path, value in expected.items():
        assert dotted(body, path) == value
    promised = scenario["expect"]
    if "code" in promised:
        assert body["error"]["code"] == promised["code"]
    if "message" in promised:
        assert body["error"]["message"] == promised["message"]
    for path, value in promised.get("fields", {}).items():
        assert dotted(body, path) == value


def test_warm_loads_the_models_ahead_of_the_first_validation(sandbox) -> None:
    reply = sandbox.post("/_sandbox/hyperverge-validation/warm", timeout=120)
    assert reply.status_code == 200
    assert reply.json()["loaded"]["ocr"] and reply.json()["loaded"]["faces"]
