"""Secrets never survive redaction, by key or by value; personal data is masked by default."""

from hypothesis import given
from hypothesis import strategies as st

from kyc_adapters.redaction import REDACTED, Redactor, mask

REDACTOR = Redactor(secret_keys=("appKey",), pii_keys=("idNo", "mobileNumber", "otp"))


def test_secret_headers_are_redacted_whatever_their_case() -> None:
    headers = {"appKey": "k", "API_KEY": "Bearer x", "Authorization": "Bearer y", "appId": "id"}
    assert REDACTOR.headers(headers) == {
        "appKey": REDACTED,
        "API_KEY": REDACTED,
        "Authorization": REDACTED,
        "appId": "id",
    }


def test_nested_bodies() -> None:
    body = {"result": {"mobileNumber": "9876501865", "list": [{"token": "t", "otp": "123456"}]}}
    assert REDACTOR.body(body) == {
        "result": {"mobileNumber": "XXXXXX1865", "list": [{"token": REDACTED, "otp": "******"}]}
    }


def test_pii_can_be_unmasked_but_secrets_cannot() -> None:
    unmasked = Redactor(secret_keys=("appKey",), pii_keys=("idNo",), mask_pii=False)
    body = {"idNo": "ABCPK1234F", "appKey": "k"}
    assert unmasked.body(body) == {"idNo": "ABCPK1234F", "appKey": REDACTED}


def test_aadhaar_id_no_is_masked_part_by_part() -> None:
    assert mask("999941057058|Asha Kumari|15-08-1990|F") == "XXXXXXXX7058|***********|**********|*"


def test_known_values() -> None:
    assert (mask("ABCPK1234F"), mask("9876501865"), mask("246810"), mask("1234")) == (
        "XXXXXX234F",
        "XXXXXX1865",
        "******",
        "****",
    )


def test_base64_blobs_are_summarised() -> None:
    blob = "QUJD" * 300
    assert REDACTOR.body({"imageData": blob}) == {"imageData": "<base64, 1200 characters>"}


def test_configured_secrets_are_redacted_by_value_wherever_they_appear() -> None:
    redactor = Redactor(secret_values=["s3cr3t-key ", "clé-secrète"])
    text = "Illegal header value b's3cr3t-key ' and b'cl\\xc3\\xa9-secr\\xc3\\xa8te'"
    shown = redactor.text(text)
    assert "s3cr3t" not in shown and "secr" not in shown
    assert redactor.body({"note": "key=s3cr3t-key"}) == {"note": f"key={REDACTED}"}
    assert redactor.headers({"X-Echo": "s3cr3t-key"}) == {"X-Echo": REDACTED}


def test_urls_lose_user_info_and_secret_query_values() -> None:
    redactor = Redactor(secret_keys=("apiKey",), pii_keys=("mobile",))
    url = "https://user:pass@vendor.example/api?apiKey=abc&mobile=9876501865&x=1"
    assert redactor.url(url) == (
        "https://vendor.example/api?apiKey=%5BREDACTED%5D&mobile=XXXXXX1865&x=1"
    )


@given(st.text(alphabet=st.characters(exclude_characters="|"), min_size=9, max_size=40))
def test_long_values_keep_only_their_last_four(value: str) -> None:
    masked = mask(value)
    assert masked.endswith(value[-4:]) and len(masked) == len(value)
    assert set(masked[:-4]) == {"X"}


@given(st.text(alphabet=st.characters(exclude_characters="|"), max_size=8))
def test_short_values_are_hidden_whole(value: str) -> None:
    assert set(mask(value)) <= {"*"} and len(mask(value)) == len(value)


def test_a_personal_key_holding_an_object_has_every_text_inside_masked() -> None:
    redactor = Redactor(pii_keys=("aadhaar", "ocrDump"))
    body = {
        "standardOcrDump": {
            "aadhaar": [
                {"type": "x", "details": {"aadhaar": {"conf": 90, "value": "9999 4105 7058"}}}
            ]
        },
        "ocrDump": "AADHAAR 9999 4105 7058 ASHA",
    }
    shown = repr(redactor.body(body))
    assert "4105" not in shown and "999941057058" not in shown
    assert redactor.body(body)["standardOcrDump"]["aadhaar"][0]["details"]["aadhaar"]["conf"] == 90
