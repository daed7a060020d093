"""AppTest walks of the Hypersign KYC + SSI page, with uploaded photos (AppTest cannot render
the live camera; tests/e2e covers it): the whole walk to the consent, a government ID, the
refusals a QA tester forces, a token refreshed mid-walk, and what never reaches the page."""

import json
import re

import httpx
import pytest
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
    upload(at, "hs.PASSPORT.front", "passport.jpg")
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
    fields = " ".join(df.value.to_string() for df in [*at.dataframe, *at.table])
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
    at.button(key="hs.GOVT_ID.front.sample.Specimen ID, front").click().run()
    assert at.button(key="hs.read").disabled  # the back is missing
    at.button(key="hs.GOVT_ID.back.sample.Specimen ID, back").click().run()
    at.button(key="hs.read").click().run()
    assert not at.exception
    extraction = journey(at).extraction
    assert extraction is not None and extraction.countryCode == "IND"
    fields = " ".join(df.value.to_string() for df in [*at.dataframe, *at.table])
    assert "682036" in fields.replace(" ", "") or "KOCHI" in fields


def test_bad_user_details_are_refused_in_a_sentence_and_kept_in_history(services, store) -> None:
    at = hypersign()
    at.text_input(key="hs.email").set_value("not-an-email").run()
    at.button(key="hs.start").click().run()
    assert "Enter the user's email address as name@example.com." in shown(at)
    assert at.text_input(key="hs.email").value == "not-an-email"  # the form stays, to fix
    events = store.journey_exchanges(at.session_state["hs.failed_start"].journey_id)
    assert any(e["outcome"] == "rejected" and e["step"] == "user-details" for e in events)


def test_a_strangers_selfie_is_refused_with_what_to_do(services) -> None:
    at = matched(read_passport(started()), "stranger-selfie.jpg")
    text = shown(at)
    assert "Different people: the selfie does not match the document" in text
    assert "LIVELINESS_VERIFICATION_FAILED" in text
    assert "The pictures sent: the vendor's reason is above." in text  # both faces shown
    assert journey(at).biometrics is None


def test_a_blank_upload_is_refused_before_it_is_sent(services, store) -> None:
    at = upload(started(), "hs.PASSPORT.front", "blank.jpg")
    assert "the photo is blank (one colour; was the camera ready?)" in shown(at)
    assert "hs.PASSPORT.front.photo" not in at.session_state


def test_a_name_read_that_is_not_the_users_is_flagged(services) -> None:
    at = hypersign()
    at.text_input(key="hs.name").set_value("Someone Else").run()
    at.button(key="hs.start").click().run()
    read_passport(at)
    assert "is not the user's name typed in step 1, Someone Else." in shown(at)


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
    at.camera_input(key="hs.PASSPORT.front.camera").set_value(
        ("shot.jpg", asset("passport.jpg"), "image/jpeg")
    ).run()
    assert at.session_state["hs.PASSPORT.front.photo"] == asset("passport.jpg")
    at.button(key="hs.PASSPORT.front.retake").click().run()
    assert "hs.PASSPORT.front.photo" not in at.session_state


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


def arm(services, path: str, mode: str, **extra) -> None:
    fault = {"vendor": "hypersign-kyc", "path": path, "mode": mode, "times": 1, **extra}
    httpx.post(f"{services.sandbox_url}/_sandbox/faults", json=fault).raise_for_status()


def to_consent(at: AppTest) -> AppTest:
    return matched(read_passport(at))


STEPS = {
    "/kyc/api/v2/auth/exchange": (lambda at: at, "hs.start", "tokens"),
    "/kyc/api/v2/documents/extract": (
        lambda at: upload(at, "hs.PASSPORT.front", "passport.jpg"),
        "hs.read",
        "document",
    ),
    "/kyc/api/v2/biometrics/verify": (
        lambda at: upload(read_passport(at), "hs.selfie", "selfie.jpg"),
        "hs.match",
        "selfie",
    ),
    "/ssi/api/v1/presentation": (to_consent, "hs.consent", "consent"),
    "/kyc/api/v2/consents": (to_consent, "hs.consent", "consent"),
}


@pytest.mark.parametrize("mode", ["http_500", "malformed_body"])
@pytest.mark.parametrize("path", list(STEPS))
def test_a_vendor_failure_at_any_step_is_a_sentence_and_a_history_row(
    services, store, path: str, mode: str
) -> None:
    prepare, button, step = STEPS[path]
    at = hypersign() if button == "hs.start" else prepare(started())
    arm(services, path, mode)
    at.button(key=button).click().run()
    assert not at.exception
    held = at.session_state["hs.failed_start" if button == "hs.start" else "hs.journey"]
    notice = held.notices[step]
    assert notice.title and notice.next_step
    assert "injected: " + mode in notice.code
    rows = store.journey_exchanges(held.journey_id)
    assert any(r["outcome"] != "success" and path.split("/")[-1] in (r["url"] or "") for r in rows)


def test_a_file_that_is_not_a_picture_is_refused_and_recorded(services, store) -> None:
    at = started()
    at.file_uploader(key="hs.PASSPORT.front.upload").set_value(
        ("passport.jpg", b"%PDF-1.4 not a picture", "image/jpeg")
    ).run()
    assert not at.exception
    assert "the file is not a JPEG or PNG picture" in shown(at)
    assert "hs.PASSPORT.front.photo" not in at.session_state
    rows = store.journey_exchanges(journey(at).journey_id)
    assert any(r["step"] == "document-photo" and r["outcome"] == "rejected" for r in rows)


def test_a_retake_or_another_document_type_forgets_the_last_reading(services) -> None:
    at = read_passport(started())
    assert journey(at).extraction is not None
    at.button(key="hs.PASSPORT.front.retake").click().run()
    assert journey(at).extraction is None
    assert "Machine-readable zone" not in shown(at)
    read_passport(at)
    at.segmented_control(key="hs.doctype").set_value("GOVT_ID").run()
    assert journey(at).extraction is None
    assert "hs.GOVT_ID.front.photo" not in at.session_state  # the passport is not the ID's front


def test_a_finished_walk_cannot_be_sent_again(services) -> None:
    at = to_consent(started())
    at.button(key="hs.consent").click().run()
    assert journey(at).finished
    assert at.button(key="hs.read").disabled and at.button(key="hs.match").disabled


def test_start_over_fills_the_sample_user_again(services) -> None:
    at = started()
    at.button(key="hs.restart").click().run()
    assert at.text_input(key="hs.name").value == "Priya Specimen Menon"
    at.button(key="hs.start").click().run()
    assert journey(at).stage == "ready"


def test_history_summary_and_page_hold_no_personal_data_or_token(services, store) -> None:
    at = to_consent(started())
    summary = store.journey(journey(at).journey_id)["summary"]
    assert summary == "KYC + SSI · Priya: every step passes"  # the scenario, not the user
    assert "Menon" not in summary and "priya.menon" not in summary
    page_text = json.dumps([str(e.proto) for e in at.main])
    assert not re.search(r"eyJ[\w-]{10,}\.[\w-]{10,}\.", page_text)  # no JWT


def test_the_camera_choice_outlives_the_settings_page(services) -> None:
    at = page("settings")
    at.run()
    at.radio(key="settings.camera.choice").set_value("upload").run()
    assert at.session_state[camera.SOURCE_KEY] == "upload"


def test_a_forced_outcome_says_to_pick_another_sample_not_to_retake(services) -> None:
    at = read_passport(started("Document unreadable"))
    notice = journey(at).notices["document"]
    assert "forced by the sandbox" in notice.detail
    assert notice.next_step == "Pick another sample user (or change the e-mail), then Start over."


def test_the_session_row_counts_down_the_sandboxs_lifetime(services) -> None:
    at = started()
    table = " ".join(df.value.to_string() for df in at.dataframe)
    assert "Verification session (the sandbox's lifetime)" in table
    assert "30 min 00 s" in table or "29 min" in table
