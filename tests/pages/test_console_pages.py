"""AppTest of the entry point, History and Settings pages."""

import json

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import page, texts
from tests.pages.test_ckyc_download_page import enter_otp, journey_id, latest_otp, started


def test_app_entry_renders_home(services) -> None:
    at = AppTest.from_file("../../app.py", default_timeout=30).run()
    assert not at.exception
    assert "KYC Console" in texts(at.title)
    assert any("Sandbox running at" in c for c in texts(at.caption))


def test_history_shows_filters_and_exports_a_walk(services) -> None:
    walk = started()
    enter_otp(walk, latest_otp(services))
    walked = journey_id(walk)

    at = page("history").run()
    assert not at.exception
    at.text_input(key="history.text").input(walked).run()
    table = at.dataframe[0].value
    assert list(table["step"]) == ["validate-otp", "start"]
    assert set(table["vendor"]) == {"hyperverge-ckyc"}
    assert at.selectbox(key="history.journey").value == walked
    assert any("outcome **downloaded**" in c for c in texts(at.caption))
    at.multiselect(key="history.outcomes").select("error").run()
    assert any("No exchanges match" in i for i in texts(at.info))


def test_history_export_is_redacted(services, store) -> None:
    walk = started()
    exported = json.loads(store.export_json())
    mine = [row for row in exported if row["journey_id"] == journey_id(walk)]
    assert mine and all(row["request"]["headers"]["appKey"] == "[REDACTED]" for row in mine)
    assert "sandbox-app-key" not in store.export_csv().decode()
    assert "ABCPK1234F" not in store.export_csv().decode()


def test_settings_shows_which_credentials_are_set_never_values(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", "top-secret-value")
    at = page("settings").run()
    assert not at.exception
    shown = " ".join(texts(at.markdown))
    assert ":material/check_circle: `app_key` set" in shown
    assert ":material/cancel: `app_id` not set" in shown
    assert "top-secret-value" not in str(at._tree)


def test_settings_switch_mode_and_check_connection(services) -> None:
    at = page("settings").run()
    at.button(key="settings.hyperverge-ckyc.check").click().run()
    assert any("The built-in sandbox answers" in s for s in texts(at.success))
    at.session_state["settings.hyperverge-ckyc.mode"] = "live"
    at.session_state["settings.hyperverge-ckyc.base_url"] = "http://127.0.0.1:9"
    at.run()
    assert at.session_state["settings.overrides"]["hyperverge-ckyc"] == {
        "mode": "live",
        "live_base_url": "http://127.0.0.1:9",
    }
    at.button(key="settings.hyperverge-ckyc.check").click().run()
    assert any("could not be reached" in e for e in texts(at.error))
