"""Secrets never survive redaction; personal data is masked by default."""

from hypothesis import given
from hypothesis import strategies as st

from kyc_adapters.redaction import REDACTED, mask, redact_body, redact_headers


def test_secret_headers_are_redacted_whatever_their_case() -> None:
    headers = {"appKey": "k", "API_KEY": "Bearer x", "Authorization": "Bearer y", "appId": "id"}
    assert redact_headers(headers) == {
        "appKey": REDACTED,
        "API_KEY": REDACTED,
        "Authorization": REDACTED,
        "appId": "id",
    }


def test_nested_bodies() -> None:
    body = {"result": {"mobileNumber": "9876501865", "list": [{"token": "t", "otp": "123456"}]}}
    assert redact_body(body) == {
        "result": {"mobileNumber": "XXXXXX1865", "list": [{"token": REDACTED, "otp": "XX3456"}]}
    }


def test_pii_can_be_unmasked_but_secrets_cannot() -> None:
    body = {"idNo": "ABCPK1234F", "appKey": "k"}
    assert redact_body(body, mask_pii=False) == {"idNo": "ABCPK1234F", "appKey": REDACTED}


def test_aadhaar_id_no_is_masked_part_by_part() -> None:
    assert mask("999941057058|Asha Kumari|15-08-1990|F") == "XXXXXXXX7058|***********|**********|*"


def test_base64_blobs_are_summarised() -> None:
    blob = "QUJD" * 300
    assert redact_body({"imageData": blob}) == {"imageData": "<base64, 1200 characters>"}


@given(st.text(alphabet=st.characters(exclude_characters="|"), min_size=5, max_size=40))
def test_mask_keeps_only_the_last_four(value: str) -> None:
    assert mask(value) == "X" * (len(value) - 4) + value[-4:]


@given(st.text(alphabet=st.characters(exclude_characters="|"), max_size=4))
def test_short_values_are_hidden_whole(value: str) -> None:
    assert mask(value) == "*" * len(value)
