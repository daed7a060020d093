"""HyperVerge CKYC download: documented bodies, and vendor-shaped errors for bad requests."""

import base64

import httpx
import pytest

from tests.sandbox.ckyc_doc import (
    ASHA,
    DOWNLOAD_OPTIONAL_KEYS,
    DOWNLOAD_SAMPLE_KEYS,
    HEADERS,
    INVALID_CREDENTIALS,
    START,
    VALIDATE,
    assert_vendor_error,
    otp_for,
    otp_sent,
    start,
    validate,
)


def download(client: httpx.Client, **options) -> httpx.Response:
    request_id = start(client).json()["result"]["requestId"]
    return validate(client, request_id, otp_for(client, request_id), **options)


def test_start_answers_the_documented_sample(sandbox: httpx.Client) -> None:
    body = start(sandbox).json()
    assert set(body) == {"status", "statusCode", "result"}
    assert body["status"] == "success" and body["statusCode"] == "200"
    assert set(body["result"]) == {"message", "requestId"}
    assert body["result"]["message"] == otp_sent("1865")


def test_download_has_every_documented_key(sandbox: httpx.Client) -> None:
    response = download(
        sandbox,
        outputImageType="base64",
        returnRecordCountDetails="yes",
        returnckycRefNo="yes",
        returnResidentialStatus="yes",
    )
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "success" and body["statusCode"] == "200"
    assert set(body["result"]) == set(DOWNLOAD_SAMPLE_KEYS)
    photo = body["result"]["imageDetails"][0]
    assert base64.b64decode(photo["imageData"])[:3] == b"\xff\xd8\xff"  # a JPEG


def test_download_without_options_has_no_images_and_no_extras(sandbox: httpx.Client) -> None:
    result = download(sandbox).json()["result"]
    assert result["imageDetails"] == []
    assert set(result) == set(DOWNLOAD_SAMPLE_KEYS) - DOWNLOAD_OPTIONAL_KEYS


def test_selfurl_images_can_be_fetched(sandbox: httpx.Client) -> None:
    result = download(sandbox, outputImageType="selfurl").json()["result"]
    url = result["imageDetails"][0]["imageUrl"]
    image = httpx.get(url)
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"


def test_download_counts_go_up(sandbox: httpx.Client) -> None:
    first = download(sandbox, returnRecordCountDetails="yes").json()["result"]["downloadCount"]
    second = download(sandbox, returnRecordCountDetails="yes").json()["result"]["downloadCount"]
    assert int(second) == int(first) + 1


def test_start_returns_the_ref_no_only_when_asked(sandbox: httpx.Client) -> None:
    assert "ckycRefNo" not in start(sandbox).json()["result"]
    assert start(sandbox, returnckycRefNo="yes").json()["result"]["ckycRefNo"] == "CKYCREF0001"


def test_mobile_id_type_finds_the_record(sandbox: httpx.Client) -> None:
    response = start(sandbox, idType="M", idNo="9876501865")
    assert response.status_code == 200


@pytest.mark.parametrize("idno", ["999941057058|ASHA  specimen kumari|15-08-1990|f"])
def test_aadhaar_match_ignores_case_and_spacing(sandbox: httpx.Client, idno: str) -> None:
    assert start(sandbox, idType="E", idNo=idno).status_code == 200


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({"appKey": None}, 401, INVALID_CREDENTIALS),
        ({"appId": None}, 401, INVALID_CREDENTIALS),
        ({"appId": "someone-else"}, 401, INVALID_CREDENTIALS),
        ({"transactionId": None}, 400, None),
        ({"content-type": "text/plain"}, 400, None),
    ],
)
def test_header_errors(sandbox: httpx.Client, headers: dict, status: int, message) -> None:
    sent = {k: v for k, v in {**HEADERS, **headers}.items() if v is not None}
    response = sandbox.post(
        START, headers=sent, content=httpx.Request("POST", "/", json=ASHA).content
    )
    assert_vendor_error(response, status, message)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"idType": None}, '"idType" is required'),
        ({"idNo": None}, '"idNo" is required'),
        ({"entityType": None}, '"entityType" is required'),
        ({"entityType": "legal"}, '"entityType" must be [individual]'),
        ({"idType": "Q"}, None),
        ({"idType": "E", "idNo": "1234|x"}, None),
        ({"idType": "E", "idNo": "999941057058|Asha|1990-08-15|F"}, None),
        ({"idNo": 1234}, '"idNo" must be a string'),
        ({"returnOnlySearchResponse": "maybe"}, None),
        ({"outputImageType": "png"}, None),
        ({"mobileNo": None}, None),
    ],
)
def test_start_body_errors(sandbox: httpx.Client, body: dict, message: str | None) -> None:
    sent = {k: v for k, v in {**ASHA, **body}.items() if v is not None}
    assert_vendor_error(sandbox.post(START, headers=HEADERS, json=sent), 400, message)


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"", "\u00e9".encode("latin-1")])
def test_garbage_bodies_are_400(sandbox: httpx.Client, raw: bytes) -> None:
    assert_vendor_error(sandbox.post(START, headers=HEADERS, content=raw), 400)


@pytest.mark.parametrize(
    "body",
    [
        {"otp": "1", "requestId": "sbx-otp-pending"},
        {"otp": "", "requestId": "sbx-otp-pending", "entityType": "individual"},
        {"otp": "123", "requestId": "sbx-otp-pending", "entityType": "individual", "retry": "yes"},
    ],
)
def test_validate_body_errors(sandbox: httpx.Client, body: dict) -> None:
    assert_vendor_error(sandbox.post(VALIDATE, headers=HEADERS, json=body), 400)
