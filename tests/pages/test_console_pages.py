"""AppTest of the entry point and the Settings page (History: test_history_page.py)."""

from streamlit.testing.v1 import AppTest

from tests.pages.conftest import page, texts


def test_app_entry_renders_home(services) -> None:
    at = AppTest.from_file("../../app.py", default_timeout=30).run()
    assert not at.exception
    assert "KYC Console" in texts(at.title)
    assert any("Sandbox running at" in c for c in texts(at.caption))


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
    assert any(
        "Nothing answers at http://127.0.0.1:9: it could not be reached" in e
        for e in texts(at.error)
    )


def test_settings_tells_a_sandbox_from_the_vendor_and_warns_before_live(services) -> None:
    at = page("settings").run()
    at.session_state["settings.hyperverge-ckyc.mode"] = "live"
    at.session_state["settings.hyperverge-ckyc.base_url"] = services.sandbox_url
    at.run()
    warnings = " ".join(texts(at.warning))
    assert "Live mode cannot run until the credentials above are set and valid." in warnings
    assert any("the configured credentials are not sent to it" in i for i in texts(at.info))
    at.button(key="settings.hyperverge-ckyc.check").click().run()
    shown = " ".join(texts(at.error))
    assert "is a KYC Console sandbox (`make sandbox`), not the vendor" in shown


def test_a_password_in_the_live_base_url_never_reaches_the_page(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", "https://user:hunter22@127.0.0.1:9")
    at = page("settings").run()
    assert at.text_input(key="settings.hyperverge-ckyc.base_url").value == "https://127.0.0.1:9"
    assert not at.session_state["settings.overrides"].get("hyperverge-ckyc")  # nothing typed
    at.button(key="settings.hyperverge-ckyc.check").click().run()
    assert any("holds a user name or password" in w for w in texts(at.warning))
    assert "hunter22" not in str(at._tree)
