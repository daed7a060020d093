"""Presenter mode on each flow page after its first step: the raw exchange, raw JSON, the
sandbox tools, QA's controls, samples and raw identifiers gone, the flow's result and a discreet
sandbox badge still there; with presenter mode off, all of them back. Also the larger visuals
(text scoped away from the root and the grid, larger pictures), Home's pitches and Settings'
presenter box. (Home in presenter mode: test_console_pages.py; the browser:
tests/e2e/test_presenter_browser.py.)"""

from collections.abc import Callable

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.core import camera
from console.registry import VENDORS
from tests.pages.conftest import everything_sent, page, texts

VALIDATION_SAMPLE = "Asha · Aadhaar + passport (approves)"


def shown(at: AppTest) -> str:
    return " ".join(
        texts(at.markdown)
        + texts(at.caption)
        + texts(at.success)
        + texts(at.warning)
        + texts(at.error)
        + texts(at.info)
    )


def ckyc(at: AppTest) -> tuple[str, str]:
    at.run()
    at.button(key="ckyc.sample.Asha · PAN").click().run()
    at.button(key="ckyc.start").click().run()
    assert "OTP has been sent to the registered mobile number XXXXXX1865" in texts(at.success)
    assert "Sandbox phone" in shown(at)  # the demo needs the OTP it shows
    return "hyperverge-ckyc", at.session_state["ckyc.journey"].journey_id


def validation(at: AppTest) -> tuple[str, str]:
    at.session_state["val.way"] = "sample"
    at.session_state["val.sample"] = VALIDATION_SAMPLE
    at.session_state["val.o.returnOcrDump"] = True
    at.run()
    at.button(key="val.validate").click().run()
    assert "Approved" in shown(at)
    return "hyperverge-validation", at.session_state["val.journey"].journey_id


def hypersign(at: AppTest) -> tuple[str, str]:
    at.session_state[camera.SOURCE_KEY] = "upload"
    at.session_state["hs.sample"] = "Priya: every step passes"
    at.run()
    at.button(key="hs.start").click().run()
    assert "Verification session" in " ".join(str(df.value) for df in at.dataframe)
    assert "did:hid:" in shown(at)
    return "hypersign-kyc", at.session_state["hs.journey"].journey_id


def ekyc(at: AppTest) -> tuple[str, str]:
    at.session_state["ekyc.flow"] = "basic"
    at.run()
    at.button(key="ekyc.generate").click().run()
    generated = at.session_state["ekyc.journey"].generated
    frames = at.get("iframe")
    assert frames and generated.url in str(frames[0].proto)
    return "messagecentral-ekyc", at.session_state["ekyc.journey"].journey_id


def onekyc(at: AppTest) -> tuple[str, str]:
    at.session_state[camera.SOURCE_KEY] = "upload"
    at.session_state["siv.sample"] = "Siti: the callback arrives"
    at.run()
    at.button(key="siv.initiate").click().run()
    assert at.session_state["siv.journey"].submission_id in shown(at)
    return "onekyc-siv", at.session_state["siv.journey"].journey_id


FIRST_STEPS: dict[str, Callable[[AppTest], tuple[str, str]]] = {
    "hyperverge_ckyc": ckyc,
    "hyperverge_validation": validation,
    "hypersign_kyc": hypersign,
    "messagecentral_ekyc": ekyc,
    "onekyc_siv": onekyc,
}
SANDBOX_TOOLS = ("fault", "arm_fault", "advance", "advance_clock", "reset")


def walked(at: AppTest, name: str) -> str:
    """The page after its first step, its raw exchange asked open (as a click would)."""
    vendor, journey_id = FIRST_STEPS[name](at)
    at.session_state[f"raw-exchange.{journey_id}"] = True
    at.run()
    assert not at.exception
    return vendor


def raw_exchange_expanders(at: AppTest) -> list[str]:
    return [e.label for e in at.expander if e.label.startswith("Raw exchange")]


def sandbox_tool_keys(at: AppTest, vendor: str) -> list[str]:
    sent = everything_sent(at)
    return [tool for tool in SANDBOX_TOOLS if f"-{vendor}.{tool}" in sent]


@pytest.mark.parametrize("name", FIRST_STEPS)
def test_presenter_mode_hides_the_qa_parts_and_keeps_the_result(services, name) -> None:
    at = page(name)
    at.session_state["presenter.on"] = True
    vendor = walked(at, name)
    assert at.toggle(key="presenter.toggle").value is True
    assert raw_exchange_expanders(at) == []
    assert len(at.json) == 0
    assert "cURL" not in everything_sent(at)
    assert sandbox_tool_keys(at, vendor) == []
    assert "Sandbox tools" not in [e.label for e in at.expander]
    assert "No fault armed: calls answer normally." not in texts(at.caption)
    badges = [m for m in texts(at.markdown) if "-badge[" in m]
    assert ":gray-badge[:material/science: Sandbox]" in badges
    assert not any("simulated vendor, synthetic data" in b for b in badges)
    assert any("font-size" in str(h.proto) for h in at.get("html"))  # the larger visuals


@pytest.mark.parametrize("name", FIRST_STEPS)
def test_without_presenter_mode_the_qa_parts_are_there(services, name) -> None:
    at = page(name)
    vendor = walked(at, name)
    assert at.toggle(key="presenter.toggle").value is False
    assert len(raw_exchange_expanders(at)) == 1
    assert len(at.json) >= 2  # the recorded request and the response
    assert "cURL" in everything_sent(at)
    assert sandbox_tool_keys(at, vendor) == list(SANDBOX_TOOLS)
    assert "Sandbox tools" in [e.label for e in at.expander]
    badges = [m for m in texts(at.markdown) if "-badge[" in m]
    assert any("Sandbox: simulated vendor, synthetic data" in b for b in badges)
    assert not any("font-size" in str(h.proto) for h in at.get("html"))


def test_the_ocr_dump_asked_for_is_raw_text_hidden_in_presenter_mode(services) -> None:
    at = page("hyperverge_validation")
    validation(at)
    assert "OCR dump" in [e.label for e in at.expander]
    at.toggle(key="presenter.toggle").set_value(True).run()
    assert at.session_state["presenter.on"] is True
    assert "OCR dump" not in [e.label for e in at.expander]
    assert "Approved" in shown(at)


def test_the_setting_turns_presenter_mode_on_and_the_toggle_off_again(
    services, monkeypatch
) -> None:
    monkeypatch.setenv("KYC_PRESENTER", "true")
    at = page("hyperverge_ckyc")
    ckyc(at)
    assert at.toggle(key="presenter.toggle").value is True
    assert raw_exchange_expanders(at) == []
    at.toggle(key="presenter.toggle").set_value(False).run()
    assert at.session_state["presenter.on"] is False
    assert len(raw_exchange_expanders(at)) == 1
    assert sandbox_tool_keys(at, "hyperverge-ckyc") == list(SANDBOX_TOOLS)
    assert "Sandbox phone" in shown(at)


def test_the_choice_outlives_a_page_change(services) -> None:
    at = AppTest.from_file("../../app.py", default_timeout=30).run()
    at.toggle(key="presenter.toggle").set_value(True).run()
    at.switch_page("app_pages/hyperverge_validation.py").run()
    assert not at.exception
    assert at.toggle(key="presenter.toggle").value is True
    assert "Sandbox tools" not in [e.label for e in at.expander]
    at.switch_page("app_pages/home.py").run()
    assert at.toggle(key="presenter.toggle").value is True
    assert not any("Sandbox running at" in c for c in texts(at.caption))


# --- what presenter mode hides on each flow, and shows again when off -------------------------
def ckyc_with(presenter_on: bool) -> AppTest:
    at = page("hyperverge_ckyc")
    at.session_state["presenter.on"] = presenter_on
    ckyc(at)
    return at


def record_with(services, presenter_on: bool, at: AppTest | None = None) -> AppTest:
    if at is None:
        at = ckyc_with(presenter_on)
    else:
        ckyc(at)
    inbox = httpx.get(
        f"{services.sandbox_url}/_sandbox/inbox", params={"mobile": "9876501865"}
    ).json()
    at.text_input(key="ckyc.otp").input(inbox["messages"][-1]["otp"])
    at.button(key="ckyc.verify").click().run()
    assert not at.exception
    return at


def widget_keys(at: AppTest) -> set[str]:
    return {w.key for kind in ("button", "checkbox", "radio") for w in at.get(kind) if w.key}


@pytest.mark.parametrize("presenter_on", [True, False])
def test_ckyc_qa_controls_and_raw_identifiers(services, presenter_on) -> None:
    at = ckyc_with(presenter_on)
    keys = widget_keys(at)
    qa = not presenter_on
    assert ("ckyc.allow_early" in keys) is qa
    assert ("ckyc.skip" in keys) is qa  # the 90 s cooldown runs: Skip is on screen for QA
    assert any(c.startswith("requestId ") for c in texts(at.caption)) is qa
    assert ("PAN (C)" in shown(at)) is qa  # step 1's summary: "PAN ABCPK1234F · mobile …"
    assert "ABCPK1234F" in shown(at)
    at.button(key="ckyc.start_over").click().run()
    keys = widget_keys(at)
    assert ("ckyc.images" in keys) is qa
    assert ("ckyc.sample.Meera · no mobile" in keys) is qa
    assert ("ckyc.sample.Vikram · wrong mobile" in keys) is qa
    assert {"ckyc.sample.Asha · PAN", "ckyc.sample.Ravi · Voter ID"} <= keys
    options = at.selectbox(key="ckyc.id_type").options
    assert ("PAN (C)" in options) is qa
    assert ("PAN" in options) is presenter_on
    at.button(key="ckyc.sample.Asha · Aadhaar").click().run()
    assert ("Sent as idNo" in shown(at)) is qa


def test_ckyc_images_stay_base64_when_their_radio_is_hidden(services) -> None:
    at = page("hyperverge_ckyc")
    at.session_state["presenter.on"] = False
    at.run()
    at.radio(key="ckyc.images").set_value("none").run()  # QA's pick
    at.toggle(key="presenter.toggle").set_value(True).run()
    at = record_with(services, True, at)
    assert "No images (outputImageType not set)." not in texts(at.caption)
    assert len(at.get("image")) == 5  # photo, signature, Aadhaar front and back, passport


@pytest.mark.parametrize("presenter_on", [True, False])
def test_the_ckyc_record_keeps_every_field(services, presenter_on) -> None:
    """Point 1 in the browser is tests/e2e/test_presenter_browser.py; here: the same values."""
    at = record_with(services, presenter_on)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Date of birth"] == "15\\-08\\-1990"  # escaped as vendor text, whole
    assert {"Gender", "Age", "Downloads", "Updates", "IDs"} <= set(metrics)
    ids = at.dataframe[0].value["ID type"].tolist()
    assert ("PAN (C)" in ids) is not presenter_on
    assert ("PAN" in ids) is presenter_on
    assert any(c.startswith("requestId ") for c in texts(at.caption)) is not presenter_on


@pytest.mark.parametrize("presenter_on", [True, False])
def test_ekyc_token_and_journey_id(services, presenter_on) -> None:
    at = page("messagecentral_ekyc")
    at.session_state["presenter.on"] = presenter_on
    ekyc(at)
    generated = at.session_state["ekyc.journey"].generated
    assert (generated.token in shown(at)) is not presenter_on
    assert ("Journey id" in shown(at)) is not presenter_on
    assert [m.label for m in at.metric] == ["Expires in"]  # the countdown stays


@pytest.mark.parametrize(
    ("name", "key", "happy", "qa_sample"),
    [
        ("hypersign_kyc", "hs.sample", "Priya: every step passes", "Faces differ"),
        ("onekyc_siv", "siv.sample", "Siti: the callback arrives", "Duplicate callback"),
    ],
)
def test_sample_users_named_for_qa_outcomes(services, name, key, happy, qa_sample) -> None:
    at = page(name)
    at.session_state[camera.SOURCE_KEY] = "upload"
    at.run()
    assert qa_sample in at.selectbox(key=key).options
    at.selectbox(key=key).set_value(qa_sample).run()
    at.toggle(key="presenter.toggle").set_value(True).run()
    assert at.selectbox(key=key).options == [happy]
    assert at.selectbox(key=key).value == happy  # the QA pick falls back to the happy path
    at.toggle(key="presenter.toggle").set_value(False).run()
    assert qa_sample in at.selectbox(key=key).options


@pytest.mark.parametrize("presenter_on", [True, False])
def test_specimen_pictures_named_for_qa_outcomes(services, presenter_on) -> None:
    at = page("onekyc_siv")
    at.session_state["presenter.on"] = presenter_on
    onekyc(at)
    keys = widget_keys(at)
    assert {"siv.ktp.sample.Siti's KTP", "siv.selfie.sample.Siti"} <= keys
    assert ("siv.ktp.sample.Unknown NIK" in keys) is not presenter_on
    assert ("siv.selfie.sample.A stranger" in keys) is not presenter_on


# --- the larger visuals ------------------------------------------------------------------------
def larger_css(at: AppTest) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html") if "font-size" in h.proto.body)


def test_the_larger_text_leaves_the_root_and_the_grid_alone(services) -> None:
    """st.dataframe's grid scales its rows by the root's rem: a larger root clipped its rows
    (the browser check: tests/e2e/test_presenter_browser.py)."""
    at = page("hyperverge_ckyc")
    at.session_state["presenter.on"] = True
    at.run()
    css = larger_css(at)
    assert "stMetricValue" in css and "stMarkdownContainer" in css
    assert "html" not in css and ":root" not in css
    assert "stDataFrame" not in css and "dvn-" not in css and "gdg-" not in css
    at.toggle(key="presenter.toggle").set_value(False).run()
    assert larger_css(at) == ""  # gone in the rerun that turned it off


def _widths_script() -> None:
    import streamlit as st

    from console.core import presenter

    st.text(" ".join(str(presenter.image_width(w)) for w in (140, 200, 420)))


@pytest.mark.parametrize(
    ("presenter_on", "widths"), [(True, "210 300 630"), (False, "140 200 420")]
)
def test_pictures_drawn_at_a_fixed_width_are_larger_in_presenter_mode(presenter_on, widths) -> None:
    """The widths the views pass to st.image (validation thumbnails and masked Aadhaar,
    Hypersign's faces)."""
    at = AppTest.from_function(_widths_script)
    at.session_state["presenter.on"] = presenter_on
    at.run()
    assert at.text[0].value == widths


def test_home_shows_each_flow_s_plain_pitch_in_presenter_mode(services) -> None:
    at = AppTest.from_file("../../app.py", default_timeout=30)
    at.session_state["presenter.on"] = True
    at.run()
    pitches = [v.pitch for v in VENDORS]
    assert all(pitches) and len(set(pitches)) == len(VENDORS)
    assert all(len(pitch) <= 90 for pitch in pitches)  # one line at 1440 px
    captions = texts(at.caption)
    assert pitches == [c for c in captions if c in pitches]
    assert not any(v.summary in captions for v in VENDORS)
    at.session_state["presenter.on"] = False
    at.run()
    assert [v.summary for v in VENDORS] == [c for c in texts(at.caption) if c != ""][: len(VENDORS)]


# --- Settings' presenter box ---------------------------------------------------------------------
def settings_box(at: AppTest) -> list[str]:
    return [m for m in texts(at.markdown) if m.startswith(("Company name:", "Logo:"))]


def test_settings_shows_the_presenter_settings_and_the_logo(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_COMPANY_NAME", "Acme Bank")
    monkeypatch.setenv("KYC_COMPANY_LOGO", "assets/hypersign/selfie.jpg")
    monkeypatch.setenv("KYC_PRESENTER", "true")
    at = page("settings").run()
    assert not at.exception
    assert settings_box(at) == ["Company name: Acme Bank", "Logo: assets/hypersign/selfie.jpg"]
    assert "**Presenter mode** for demos" in [m.value for m in at.markdown]
    assert any(c.startswith("On by default: yes") for c in texts(at.caption))
    assert not any("could not be read" in c for c in texts(at.caption))
    assert len(at.get("image")) == 1  # the logo's preview


def test_settings_falls_back_to_the_default_logo_with_home_s_caption(
    services, monkeypatch, tmp_path
) -> None:
    missing = tmp_path / "missing.png"
    monkeypatch.setenv("KYC_COMPANY_LOGO", str(missing))
    at = page("settings").run()
    assert not at.exception
    assert f"The logo {missing} could not be read: the default is shown." in texts(at.caption)
    assert any(c.startswith("On by default: no") for c in texts(at.caption))
    assert len(at.get("image")) == 1  # the default logo instead
