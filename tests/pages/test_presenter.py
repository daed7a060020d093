"""Presenter mode on each flow page after its first step: the raw exchange, raw JSON and the
sandbox tools gone, the flow's result and a discreet sandbox badge still there; with presenter
mode off, all of them back. (Home in presenter mode: test_console_pages.py.)"""

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from console.core import camera
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
