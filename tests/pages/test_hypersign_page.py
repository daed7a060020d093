"""AppTest walks of the Hypersign KYC + SSI page, with uploaded photos (AppTest cannot render
the live camera; tests/e2e covers it): the whole walk to the consent, a government ID, the
refusals a QA tester forces, a token refreshed mid-walk, and what never reaches the page."""

import json

import httpx
from streamlit.testing.v1 import AppTest

from console.core import camera
from kyc_adapters.hypersign_kyc import PII_KEYS  # noqa: F401 (the redactor reads them)
from tests.pages.conftest import page, texts

ASSETS = "assets/hypersign"


def asset(name: str) -> bytes:
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / ASSETS / name).read_bytes()


def hypersign(sample: str = "Priya: every step passes", **state) -> AppTest:
    at = page("hypersign_kyc")
    at.session_state[camera.SOURCE_KEY] = "upload"
    at.session_state["hs.sample"] = sample
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    return " ".join(
        texts(at.markdown)
        + texts(at.caption)
        + texts(at.success)
        + texts(at.warning)
        + texts(at.error)
        + texts(at.info)
    )


def started(sample: str = "Priya: every step passes") -> AppTest:
    at = hypersign(sample)
    at.button(key="hs.start").click().run()
    assert not at.exception
    return at


def upload(at: AppTest, key: str, name: str) -> AppTest:
    at.file_uploader(key=f"{key}.upload").set_value((name, asset(name), "image/jpeg")).run()
    return at


def read_passport(at: AppTest) -> AppTest:
    upload(at, "hs.front", "passport.jpg")
    at.button(key="hs.read").click().run()
    assert not at.exception
    return at


def matched(at: AppTest, selfie: str = "selfie.jpg") -> AppTest:
    upload(at, "hs.selfie", selfie)
    at.button(key="hs.match").click().run()
    assert not at.exception
    return at


def journey(at: AppTest):
    return at.session_state["hs.journey"]


def test_the_whole_walk_ends_in_a_verified_consent(services, store) -> None:
    at = started()
    text = shown(at)
    assert "Verification session" in " ".join(str(df.value) for df in at.dataframe)
    assert "did:hid:" in text
    read_passport(at)
    text = shown(at)
    assert "All check digits valid" in text
    fields = " ".join(df.value.to_string() for df in at.dataframe)
    assert "X4820917" in fields and "MENON" in fields
    matched(at)
    text = shown(at)
    assert "Same person" in text and text.count("Signature verified") == 2
    at.button(key="hs.consent").click().run()
    assert not at.exception
    assert "Verification complete" in shown(at)
    assert journey(at).stage == "consented"
    assert store.journey(journey(at).journey_id)["outcome"] == "consented"


def test_no_token_value_reaches_the_page_or_the_history(services, store) -> None:
    at = started()
    read_passport(at)
    held = journey(at)
    user_token = held.user_session.user_token
    extraction_token = held.extraction.extractionToken
    page_text = json.dumps([str(e.proto) for e in at.main]) + json.dumps(
        [str(e.proto) for e in at.sidebar]
    )
    exported = store.export_json().decode()
    for secret in (
        user_token,
        extraction_token,
        "sandbox-kyc-api-secret",
        "sandbox-ssi-api-secret",
    ):
        assert secret not in page_text
        assert secret not in exported
    assert "X4820917" not in exported  # the document number is masked in history


def test_a_government_id_sends_front_back_and_the_country_picked_by_name(services) -> None:
    at = started()
    at.segmented_control(key="hs.doctype").set_value("GOVT_ID").run()
    assert at.selectbox(key="hs.country").value == "India"
    assert "Sent as IND (ISO 3166 alpha-3)" in shown(at)
    at.button(key="hs.front.sample.id-front").click().run()
    assert at.button(key="hs.read").disabled  # the back is missing
    at.button(key="hs.back.sample.id-back").click().run()
    at.button(key="hs.read").click().run()
    assert not at.exception
    extraction = journey(at).extraction
    assert extraction is not None and extraction.countryCode == "IND"
    fields = " ".join(df.value.to_string() for df in at.dataframe)
    assert "682036" in fields.replace(" ", "") or "KOCHI" in fields


def test_bad_user_details_are_refused_in_a_sentence_and_kept_in_history(services, store) -> None:
    at = hypersign()
    at.text_input(key="hs.email").set_value("not-an-email").run()
    at.button(key="hs.start").click().run()
    assert "Enter the user's email address as name@example.com." in shown(at)
    events = store.journey_exchanges(journey(at).journey_id)
    assert any(e["outcome"] == "rejected" and e["step"] == "user-details" for e in events)


def test_a_strangers_selfie_is_refused_with_what_to_do(services) -> None:
    at = matched(read_passport(started()), "stranger-selfie.jpg")
    text = shown(at)
    assert "The selfie did not pass" in text and "Retake the selfie" in text
    assert "LIVELINESS_VERIFICATION_FAILED" in text
    assert journey(at).biometrics is None


def test_an_unreadable_document_is_refused_by_magic_email(services) -> None:
    at = read_passport(started("Document unreadable"))
    text = shown(at)
    assert "The document could not be verified" in text
    assert "DOCUMENT_VERIFICATION_FAILED" in text


def test_admin_tokens_expired_mid_walk_are_refreshed_unnoticed(services, store) -> None:
    at = started()
    httpx.post(
        f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 901}
    ).raise_for_status()
    read_passport(at)
    assert journey(at).extraction is not None  # no error for the user
    steps = [e["step"] for e in store.journey_exchanges(journey(at).journey_id)]
    assert any("oauth" in step and "refresh" in step for step in steps), steps


def test_a_session_expired_on_the_sandbox_clock_says_start_over(services) -> None:
    at = started()
    httpx.post(
        f"{services.sandbox_url}/_sandbox/clock/advance", json={"seconds": 1801}
    ).raise_for_status()
    read_passport(at)
    text = shown(at)
    assert "The verification session has expired" in text and "Start over" in text


def test_the_browser_camera_fallback_takes_the_photo(services) -> None:
    at = started()
    at.session_state[camera.SOURCE_KEY] = "snapshot"
    at.run()
    at.camera_input(key="hs.front.camera").set_value(
        ("shot.jpg", asset("passport.jpg"), "image/jpeg")
    ).run()
    assert at.session_state["hs.front.photo"] == asset("passport.jpg")
    at.button(key="hs.front.retake").click().run()
    assert "hs.front.photo" not in at.session_state


def test_live_mode_without_credentials_says_what_to_set(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERSIGN_KYC__MODE", "live")
    at = page("hypersign_kyc")
    at.session_state[camera.SOURCE_KEY] = "upload"
    at.run()
    at.text_input(key="hs.name").set_value("Priya").run()
    at.text_input(key="hs.email").set_value("priya@example.com").run()
    at.button(key="hs.start").click().run()
    text = shown(at)
    assert "Live mode is not configured" in text
    assert "KYC_HYPERSIGN_KYC__KYC_API_SECRET" in text


def test_start_over_leaves_the_journey_abandoned(services, store) -> None:
    at = started()
    first = journey(at).journey_id
    at.button(key="hs.restart").click().run()
    assert "hs.journey" not in at.session_state
    assert store.journey(first)["outcome"] == "abandoned"
