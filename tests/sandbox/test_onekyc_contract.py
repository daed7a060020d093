"""OneKYC SIV's calls over HTTP, each documented request and each error of the contract: the
partner token, Initiate Flow, the SDK's capture calls, Get Submission Details, the image URLs.
Every expected key, code and cause is a literal from the document or the team's contract."""

import io

import httpx
import pytest
from PIL import Image

from tests.sandbox import onekyc_doc
from tests.sandbox.onekyc_doc import (
    CONTROL,
    CREDENTIALS,
    EMAIL_BODY,
    INITIATE,
    KTP,
    PARTNER,
    PHONE_BODY,
    SELFIE,
    TOKEN,
    OneKycSandbox,
    errors,
    photo,
)

onekyc, kyc = onekyc_doc.onekyc, onekyc_doc.kyc  # fixtures


def initiate_with(kyc: OneKycSandbox, body, headers: dict | None = None) -> httpx.Response:
    headers = {**PARTNER, "x-onekyc-token": kyc.partner_token()} if headers is None else headers
    if isinstance(body, bytes):
        return kyc.client.post(INITIATE, headers=headers, content=body)
    return kyc.client.post(INITIATE, headers=headers, json=body)


def png(color=(255, 255, 255), size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


# --- Getting Authentication Token -----------------------------------------------------------


def test_the_token_host_issues_a_partner_token_for_1800_seconds(kyc: OneKycSandbox) -> None:
    now = kyc.client.get("/_sandbox/clock").json()["epoch"]
    answer = kyc.client.get(TOKEN, headers=CREDENTIALS)
    assert answer.status_code == 200
    body = answer.json()
    assert body["success"] is True
    assert set(body["data"]) == {"token", "expiry_seconds", "expires_at"}
    assert body["data"]["expiry_seconds"] == "1800"
    assert body["data"]["expires_at"] == str(int(now + 1800))
    assert isinstance(body["data"]["token"], str) and len(body["data"]["token"]) >= 20


@pytest.mark.parametrize(
    ("headers", "causes"),
    [
        ({}, ["MISSING_CLIENT_ID", "MISSING_PASS_KEY"]),
        ({"client-id": "5f0c4c1e-7d1a-4b8e-9c3f-0a6b2d9e8f17"}, ["MISSING_PASS_KEY"]),
        ({"pass-key": "c2a9e4b0-1f3d-4c6a-8e7b-5d9f0a1b2c3d"}, ["MISSING_CLIENT_ID"]),
    ],
)
def test_a_missing_credential_header_is_400_1650(kyc: OneKycSandbox, headers, causes) -> None:
    answer = kyc.client.get(TOKEN, headers=headers)
    errors(400, answer, *(("1650", cause) for cause in causes))


@pytest.mark.parametrize(
    "headers",
    [
        {**CREDENTIALS, "pass-key": "c2a9e4b0-1f3d-4c6a-8e7b-000000000000"},
        {**CREDENTIALS, "client-id": "someone-else"},
    ],
)
def test_a_wrong_pair_is_401_110(kyc: OneKycSandbox, headers) -> None:
    errors(401, kyc.client.get(TOKEN, headers=headers), ("110", "UNAUTHORIZED"))


def test_the_partner_token_expires_after_1800_seconds_of_the_sandbox_clock(
    kyc: OneKycSandbox,
) -> None:
    token = kyc.partner_token()
    headers = {**PARTNER, "x-onekyc-token": token}
    kyc.advance(1799)
    assert initiate_with(kyc, PHONE_BODY, headers).status_code == 200
    kyc.advance(1)
    errors(401, initiate_with(kyc, PHONE_BODY, headers), ("110", "UNAUTHORIZED"))


# --- Initiate Flow ----------------------------------------------------------------------------


@pytest.mark.parametrize("body", [PHONE_BODY, EMAIL_BODY], ids=["phone", "email"])
def test_the_documents_bodies_get_an_sdk_token(kyc: OneKycSandbox, body: dict) -> None:
    answer = initiate_with(kyc, body)
    assert answer.status_code == 200, answer.text
    data = answer.json()["data"]
    assert answer.json()["success"] is True
    assert set(data) == {"sdkToken", "submissionId", "expiresIn"}
    assert data["expiresIn"] == 1800
    assert len(data["submissionId"]) == 36 and data["submissionId"][14] == "4"  # a uuid4


@pytest.mark.parametrize(
    "headers",
    [
        PARTNER,
        {**PARTNER, "x-onekyc-token": "not-a-token"},
    ],
    ids=["missing", "unknown"],
)
def test_initiate_flow_without_a_partner_token_is_401_110(kyc: OneKycSandbox, headers) -> None:
    errors(401, initiate_with(kyc, PHONE_BODY, headers), ("110", "UNAUTHORIZED"))


def test_the_partner_headers_are_required_all_named_at_once(kyc: OneKycSandbox) -> None:
    headers = {"x-onekyc-token": kyc.partner_token()}
    errors(
        400,
        initiate_with(kyc, PHONE_BODY, headers),
        ("1600", "MISSING_PARTNER_USER_ID"),
        ("1600", "MISSING_PARTNER_USER_ID_TYPE"),
        ("1600", "MISSING_PARTNER_SESSION_ID"),
    )


def phone_details(number="628188888889", verified=True, reference="ref-1") -> dict:
    return {
        "phoneNumber": number,
        "dataVerification": {
            "phoneNumber": {"isVerified": verified, "verificationReferenceId": reference}
        },
    }


def email_details(address="budi@example.com", verified=True, reference="ref-2") -> dict:
    return {
        "email": address,
        "dataVerification": {
            "email": {"isVerified": verified, "verificationReferenceId": reference}
        },
    }


def body_with(**changes) -> dict:
    body = {**PHONE_BODY, **changes}
    return {key: value for key, value in body.items() if value is not None}


REFUSED = {
    "flow": (body_with(flow="KYC_FLOW"), ["INVALID_FLOW"]),
    "no-flow": (body_with(flow=None), ["INVALID_FLOW"]),
    "source": (body_with(source="APP"), ["INVALID_SOURCE"]),
    "web-sdk-no-redirects": (
        body_with(source="WEB_SDK", successRedirectionUrl=None, failureRedirectionUrl=None),
        ["MISSING_SUCCESS_REDIRECTION_URL", "MISSING_FAILURE_REDIRECTION_URL"],
    ),
    "relative-success-url": (
        body_with(successRedirectionUrl="/success-page"),
        ["INVALID_SUCCESS_REDIRECTION_URL"],
    ),
    "ftp-failure-url": (
        body_with(failureRedirectionUrl="ftp://myserver.com/failure-page"),
        ["INVALID_FAILURE_REDIRECTION_URL"],
    ),
    "local-phone": (
        body_with(additionalDetails=phone_details("08188888889")),
        ["INVALID_PHONE_NUMBER"],
    ),
    "short-phone": (
        body_with(additionalDetails=phone_details("6281234")),
        ["INVALID_PHONE_NUMBER"],
    ),
    "email": (body_with(additionalDetails=email_details("budi@")), ["INVALID_EMAIL"]),
    "no-contact": (body_with(additionalDetails={}), ["MISSING_PHONE_NUMBER_OR_EMAIL"]),
    "no-details": (body_with(additionalDetails=None), ["MISSING_PHONE_NUMBER_OR_EMAIL"]),
    "phone-unverified": (
        body_with(additionalDetails=phone_details(verified=False)),
        ["PHONE_NUMBER_NOT_VERIFIED"],
    ),
    "phone-verified-as-string": (
        body_with(additionalDetails=phone_details(verified="true")),
        ["PHONE_NUMBER_NOT_VERIFIED"],
    ),
    "email-unverified": (
        body_with(additionalDetails=email_details(verified=False)),
        ["EMAIL_NOT_VERIFIED"],
    ),
    "no-reference": (
        body_with(additionalDetails=phone_details(reference="")),
        ["MISSING_VERIFICATION_REFERENCE_ID"],
    ),
    "locale": (body_with(userLocale="fr_FR"), ["INVALID_USER_LOCALE"]),
    "locale-inside": (
        body_with(additionalDetails={**phone_details(), "userLocale": "en_US"}),
        ["INVALID_USER_LOCALE"],
    ),
    "everything": (
        {"flow": "X", "source": "Y", "additionalDetails": {}},
        ["INVALID_FLOW", "INVALID_SOURCE", "MISSING_PHONE_NUMBER_OR_EMAIL"],
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_initiate_flow_refuses_with_every_cause_at_once(kyc: OneKycSandbox, case: str) -> None:
    body, causes = REFUSED[case]
    errors(400, initiate_with(kyc, body), *(("1600", cause) for cause in causes))


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b"NaN"])
def test_a_body_that_is_not_a_json_object_is_invalid_request_body(
    kyc: OneKycSandbox, body: bytes
) -> None:
    errors(400, initiate_with(kyc, body), ("1600", "INVALID_REQUEST_BODY"))


def test_header_faults_and_a_bad_body_come_together(kyc: OneKycSandbox) -> None:
    headers = {"x-onekyc-token": kyc.partner_token(), "x-partner-user-id": "u1"}
    errors(
        400,
        initiate_with(kyc, b"{", headers),
        ("1600", "MISSING_PARTNER_USER_ID_TYPE"),
        ("1600", "MISSING_PARTNER_SESSION_ID"),
        ("1600", "INVALID_REQUEST_BODY"),
    )


@pytest.mark.parametrize(
    ("body", "locale"),
    [
        (PHONE_BODY, "id_ID"),
        (body_with(userLocale="en_ID"), "en_ID"),
        (
            {
                **EMAIL_BODY,
                "additionalDetails": {**EMAIL_BODY["additionalDetails"], "userLocale": "en_ID"},
            },
            "en_ID",
        ),
        (body_with(userLocale=None), "id_ID"),
    ],
    ids=["top-level", "top-level-en", "inside-details", "absent"],
)
def test_the_locale_is_read_in_both_places_the_document_puts_it(
    kyc: OneKycSandbox, body: dict, locale: str
) -> None:
    answer = initiate_with(kyc, body)
    assert answer.status_code == 200, answer.text
    assert kyc.control(answer.json()["data"]["submissionId"])["userLocale"] == locale


def test_web_sdk_with_its_redirects_is_accepted(kyc: OneKycSandbox) -> None:
    assert initiate_with(kyc, body_with(source="WEB_SDK")).status_code == 200


# --- the SDK's capture calls ------------------------------------------------------------------


def test_the_ktp_then_the_selfie_statuses(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    first = kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    assert first.status_code == 200
    assert first.json() == {
        "success": True,
        "data": {"submissionId": flow["submissionId"], "status": "KTP_RECEIVED"},
    }
    second = kyc.capture(SELFIE, flow["sdkToken"], "selfie.jpg")
    assert second.json()["data"] == {"submissionId": flow["submissionId"], "status": "PROCESSING"}


def test_the_selfie_first_says_selfie_received(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    answer = kyc.capture(SELFIE, flow["sdkToken"], "selfie.jpg")
    assert answer.json()["data"]["status"] == "SELFIE_RECEIVED"


def test_sending_the_ktp_again_before_the_selfie_replaces_it(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    kyc.capture(KTP, flow["sdkToken"], "ktp-nik-mismatch.jpg")
    again = kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    assert again.json()["data"]["status"] == "KTP_RECEIVED"
    assert kyc.submission(flow["submissionId"]).ktp.data == photo("ktp-valid.jpg")


@pytest.mark.parametrize("token", [None, "not-an-sdk-token"], ids=["missing", "unknown"])
def test_a_capture_without_a_known_sdk_token_is_401_110(kyc: OneKycSandbox, token) -> None:
    headers = {} if token is None else {"x-sdk-token": token}
    files = {"image": ("ktp.jpg", photo("ktp-valid.jpg"), "image/jpeg")}
    errors(401, kyc.client.post(KTP, headers=headers, files=files), ("110", "UNAUTHORIZED"))


def test_an_sdk_token_expires_after_1800_seconds(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    kyc.advance(1800)
    answer = kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    errors(401, answer, ("111", "SDK_TOKEN_EXPIRED"))


def test_a_partner_token_is_not_an_sdk_token(kyc: OneKycSandbox) -> None:
    answer = kyc.capture(KTP, kyc.partner_token(), "ktp-valid.jpg")
    errors(401, answer, ("110", "UNAUTHORIZED"))


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7 not a photo", "ktp.pdf"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "ktp.jpg"),
        (png(), "white.png"),
        (png((30, 30, 30)), "dark.png"),
        (b"", "empty.jpg"),
    ],
    ids=["pdf", "broken-jpeg", "white", "uniform-dark", "empty"],
)
def test_not_a_photo_or_a_blank_one_is_400_1700_invalid_image(
    kyc: OneKycSandbox, data: bytes, name: str
) -> None:
    flow = kyc.initiate()
    files = {"image": (name, data, "image/jpeg")}
    answer = kyc.client.post(KTP, headers={"x-sdk-token": flow["sdkToken"]}, files=files)
    errors(400, answer, ("1700", "INVALID_IMAGE"))


def test_a_png_is_a_photo(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    picture = Image.open(io.BytesIO(photo("ktp-valid.jpg")))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    files = {"image": ("ktp.png", buffer.getvalue(), "image/png")}
    answer = kyc.client.post(KTP, headers={"x-sdk-token": flow["sdkToken"]}, files=files)
    assert answer.json()["data"]["status"] == "KTP_RECEIVED"


@pytest.mark.parametrize(
    ("files", "data"),
    [
        ({"photo": ("ktp.jpg", b"\xff\xd8", "image/jpeg")}, None),
        (None, {"image": "not a file"}),
        (None, None),
    ],
    ids=["other-field", "text-field", "no-body"],
)
def test_no_image_part_is_400_1700_missing_image(kyc: OneKycSandbox, files, data) -> None:
    flow = kyc.initiate()
    headers = {"x-sdk-token": flow["sdkToken"]}
    answer = kyc.client.post(KTP, headers=headers, files=files, data=data)
    errors(400, answer, ("1700", "MISSING_IMAGE"))


def test_a_photo_over_5_mb_is_413_1701(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    big = photo("ktp-valid.jpg") + b"\0" * (5 * 1024 * 1024)
    files = {"image": ("ktp.jpg", big, "image/jpeg")}
    answer = kyc.client.post(KTP, headers={"x-sdk-token": flow["sdkToken"]}, files=files)
    errors(413, answer, ("1701", "IMAGE_TOO_LARGE"))


def test_a_body_over_the_sandbox_cap_is_still_image_too_large(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    files = {"image": ("ktp.jpg", b"\xff" * (17 * 1024 * 1024), "image/jpeg")}
    answer = kyc.client.post(KTP, headers={"x-sdk-token": flow["sdkToken"]}, files=files)
    errors(413, answer, ("1701", "IMAGE_TOO_LARGE"))


def test_a_photo_after_processing_started_is_409_1702(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    kyc.capture(SELFIE, flow["sdkToken"], "selfie.jpg")
    for path, name in ((KTP, "ktp-valid.jpg"), (SELFIE, "selfie.jpg")):
        answer = kyc.capture(path, flow["sdkToken"], name)
        errors(409, answer, ("1702", "SUBMISSION_ALREADY_PROCESSING"))


def test_the_selfie_takes_an_additional_selfie(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    kyc.capture(KTP, flow["sdkToken"], "ktp-valid.jpg")
    answer = kyc.capture(
        SELFIE, flow["sdkToken"], "selfie.jpg", additionalSelfie=photo("selfie-stranger.jpg")
    )
    assert answer.json()["data"]["status"] == "PROCESSING"
    assert kyc.control(flow["submissionId"])["additional_selfie"] is True


def test_a_bad_additional_selfie_is_refused_and_nothing_kept(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    answer = kyc.capture(SELFIE, flow["sdkToken"], "selfie.jpg", additionalSelfie=png())
    errors(400, answer, ("1700", "INVALID_IMAGE"))
    assert kyc.control(flow["submissionId"])["selfie_received_at"] is None


# --- Get Submission Details, and what no route answers ----------------------------------------


def test_get_submission_details_of_an_unknown_id_is_404_1800(kyc: OneKycSandbox) -> None:
    errors(
        404,
        kyc.details("00000000-0000-4000-8000-000000000000"),
        ("1800", "SUBMISSION_NOT_FOUND"),
    )


def test_get_submission_details_needs_the_partner_token(kyc: OneKycSandbox) -> None:
    flow = kyc.initiate()
    path = f"/onekyc-siv/api/coe-partner/v1/submissions/{flow['submissionId']}"
    errors(401, kyc.client.get(path), ("110", "UNAUTHORIZED"))
    sdk = {"x-onekyc-token": flow["sdkToken"]}  # the SDK token is not the partner's
    errors(401, kyc.client.get(path, headers=sdk), ("110", "UNAUTHORIZED"))


@pytest.mark.parametrize(
    ("method", "path", "status", "cause"),
    [
        ("GET", "/onekyc-siv/api/no-such-call", 404, "NOT_FOUND"),
        ("GET", "/onekyc-siv/token/v1/nothing", 404, "NOT_FOUND"),
        ("POST", TOKEN, 405, "METHOD_NOT_ALLOWED"),
        ("GET", INITIATE, 405, "METHOD_NOT_ALLOWED"),
    ],
)
def test_what_no_route_answers_comes_in_the_vendor_shape(
    kyc: OneKycSandbox, method: str, path: str, status: int, cause: str
) -> None:
    errors(status, kyc.client.request(method, path), (str(status), cause))


def test_faults_answer_in_the_vendor_shape(kyc: OneKycSandbox) -> None:
    arm = {
        "vendor": "onekyc-siv",
        "mode": "http_500",
        "path": "/token/v1/esign/partner/authentication",
    }
    assert kyc.client.post("/_sandbox/faults", json=arm).status_code == 201
    answer = kyc.client.get(TOKEN, headers=CREDENTIALS)
    errors(500, answer, ("500", "INTERNAL_SERVER_ERROR"))
    assert answer.headers["x-sandbox-fault"] == "http_500"
    kyc.client.post("/_sandbox/faults", json={"vendor": "onekyc-siv", "mode": "malformed_body"})
    garbled = kyc.client.get(TOKEN, headers=CREDENTIALS)
    assert garbled.status_code == 200
    with pytest.raises(ValueError):
        garbled.json()


def test_the_vendors_list_publishes_the_sandbox_credentials(kyc: OneKycSandbox) -> None:
    vendors = {v["id"]: v for v in kyc.client.get("/_sandbox/vendors").json()}
    listed = vendors["onekyc-siv"]
    assert listed["prefix"] == "/onekyc-siv"
    assert listed["credentials"] == {
        "client_id": "5f0c4c1e-7d1a-4b8e-9c3f-0a6b2d9e8f17",
        "pass_key": "c2a9e4b0-1f3d-4c6a-8e7b-5d9f0a1b2c3d",
    }
    assert listed["settings"] == {}
    assert listed["docs"] == "docs/vendor-docs/onekyc-siv-integration.txt"


def test_samples_are_served_and_unknown_ones_are_404(kyc: OneKycSandbox) -> None:
    for name in ("ktp-valid.jpg", "ktp-nik-mismatch.jpg", "ktp-blank.jpg", "selfie.jpg"):
        answer = kyc.client.get(f"{CONTROL}/samples/{name}")
        assert answer.status_code == 200 and answer.content == photo(name)
        assert answer.headers["content-type"] == "image/jpeg"
    assert kyc.client.get(f"{CONTROL}/samples/../seed.py").status_code == 404
    assert kyc.client.get(f"{CONTROL}/samples/nothing.jpg").status_code == 404
