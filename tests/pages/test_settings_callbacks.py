"""Settings, live mode, for a vendor that POSTs callbacks: the URL and header to give it, whether
the token is set (never its value), and that a vendor on the internet needs a tunnel."""

import pytest

from console.core import webhook_auth
from console.registry import VENDORS
from tests.pages.conftest import everything_sent, page, texts

WEBHOOK_VENDORS = [spec for spec in VENDORS if spec.webhook is not None]


@pytest.mark.skipif(not WEBHOOK_VENDORS, reason="no vendor in the registry has a webhook spec")
@pytest.mark.parametrize("spec", WEBHOOK_VENDORS, ids=lambda spec: spec.id)
def test_live_settings_show_the_callback_url_and_header_never_the_token(
    services, monkeypatch, spec
) -> None:
    at = page("settings").run()
    assert not any(spec.id in c for c in texts(at.code))  # sandbox mode: nothing to give
    at.session_state[f"settings.{spec.id}.mode"] = "live"
    at.run()
    url = f"{services.receiver_url}/webhooks/{spec.id}?mode=live"
    assert url in texts(at.code)
    shown = " ".join(texts(at.markdown))
    token_env = f"KYC_{spec.field.upper()}__CALLBACK_TOKEN"
    assert f"`{token_env}`" in shown and "not set: every callback is refused" in shown
    assert any("tunnel" in c and "127.0.0.1" in c for c in texts(at.caption))

    monkeypatch.setenv(token_env, "callback-secret-value-123")
    at = page("settings").run()
    at.session_state[f"settings.{spec.id}.mode"] = "live"
    at.run()
    shown = " ".join(texts(at.markdown))
    header = webhook_auth.default_header_name(spec)
    assert f"Header `{header}` carrying exactly the callback token: " in shown
    assert ":material/check_circle: set" in shown
    sent = everything_sent(at)
    assert header in sent  # the check below reads what the page sends
    assert "callback-secret-value-123" not in sent
