"""AppTest of the entry point, Home and the Settings page (History: test_history_page.py)."""

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from console.registry import VENDORS
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
    shown = " ".join(texts(at.info))  # information, neither a success nor an error
    assert "is the KYC Console sandbox of every vendor (`make sandbox`)" in shown
    assert not any("KYC Console sandbox" in s for s in texts(at.success) + texts(at.error))


def test_a_password_in_the_live_base_url_never_reaches_the_page(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", "https://user:hunter22@127.0.0.1:9")
    at = page("settings").run()
    assert at.text_input(key="settings.hyperverge-ckyc.base_url").value == "https://127.0.0.1:9"
    assert not at.session_state["settings.overrides"].get("hyperverge-ckyc")  # nothing typed
    at.button(key="settings.hyperverge-ckyc.check").click().run()
    assert any("holds a user name or password" in w for w in texts(at.warning))
    assert "hunter22" not in str(at._tree)


# --- Home: the start page --------------------------------------------------------------------
FLOWS = [  # (url path, label) of the five flows, in the registry's order
    ("hyperverge_ckyc", "**HyperVerge · CKYC Individual Download**"),
    ("hyperverge_validation", "**HyperVerge · CKYC Validation**"),
    ("hypersign_kyc", "**Hypersign · KYC + SSI**"),
    ("messagecentral_ekyc", "**Message Central · e-KYC Now**"),
    ("onekyc_siv", "**OneKYC · Identity Verification**"),
]


def home(**state) -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def flows(at: AppTest) -> list[tuple[str, str, str, str]]:
    """Each flow's (page, label, one line, mode chip) as Home lists them."""
    links = [(link.proto.page, link.proto.label) for link in at.get("page_link")]
    one_liners = {line for v in VENDORS for line in (v.summary, v.pitch) if line}
    lines = [c for c in texts(at.caption) if c in one_liners]
    chips = [m for m in texts(at.markdown) if "-badge[" in m]
    assert len(links) == len(lines) == len(chips), (links, lines, chips)
    return [(*link, line, chip) for link, line, chip in zip(links, lines, chips, strict=True)]


def logo_url(at: AppTest) -> str:
    images = at.get("image")
    assert len(images) == 1
    return images[0].proto.imgs[0].url


def png(path, colour: str, size: tuple[int, int] = (120, 40)):
    Image.new("RGB", size, colour).save(path)
    return path


def test_home_lists_the_five_flows_with_one_line_and_their_mode(services, monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERSIGN_KYC__MODE", "live")  # by settings
    at = home(**{"settings.overrides": {"onekyc-siv": {"mode": "live"}}})  # by the Settings page
    listed = flows(at)
    assert [(page, label) for page, label, _, _ in listed] == FLOWS
    assert [line for _, _, line, _ in listed] == [v.summary for v in VENDORS]
    chips = [chip for _, _, _, chip in listed]
    assert chips == [
        ":violet-badge[:material/science: sandbox]",
        ":violet-badge[:material/science: sandbox]",
        ":green-badge[:material/public: live]",
        ":violet-badge[:material/science: sandbox]",
        ":green-badge[:material/public: live]",
    ]
    assert texts(at.title) == ["KYC Console"]
    assert any("Walk each KYC vendor's flow" in m for m in texts(at.markdown))


def test_presenter_home_is_the_company_and_the_flows_only(services, monkeypatch, tmp_path) -> None:
    default_logo = logo_url(home())
    logo = png(tmp_path / "acme.png", "#0a6")
    monkeypatch.setenv("KYC_PRESENTER", "1")
    monkeypatch.setenv("KYC_COMPANY_NAME", "Acme Bank")
    monkeypatch.setenv("KYC_COMPANY_LOGO", str(logo))
    at = home()
    assert texts(at.title) == ["Acme Bank"]
    assert logo_url(at) != default_logo  # the configured picture, not the default icon
    assert len(flows(at)) == 5
    summaries = {v.pitch or v.summary for v in VENDORS}  # each flow's pitch, for a prospect
    assert [c for c in texts(at.caption) if c not in summaries] == []  # no dev text
    assert [m for m in texts(at.markdown) if "-badge[" not in m] == []
    assert not any("Sandbox running at" in c for c in texts(at.caption))


def test_a_logo_under_assets_is_read_from_the_project(services, monkeypatch) -> None:
    default_logo = logo_url(home())
    monkeypatch.setenv("KYC_COMPANY_LOGO", "assets/hypersign/selfie.jpg")
    at = home()
    assert logo_url(at) != default_logo
    assert not any("could not be read" in c for c in texts(at.caption))


@pytest.mark.parametrize("broken", ["missing", "not a picture", "a folder"])
def test_a_logo_that_cannot_be_read_falls_back_with_a_caption(
    services, monkeypatch, tmp_path, broken
) -> None:
    default_logo = logo_url(home())
    path = tmp_path / "logo.png"
    if broken == "not a picture":
        path.write_text("<html>not a picture</html>")
    elif broken == "a folder":
        path.mkdir()
    monkeypatch.setenv("KYC_PRESENTER", "1")
    monkeypatch.setenv("KYC_COMPANY_LOGO", str(path))
    at = home()
    assert logo_url(at) == default_logo
    captions = [c for c in texts(at.caption) if "could not be read" in c]
    assert captions == [f"The logo {path} could not be read: the default is shown."]
    assert len(flows(at)) == 5
