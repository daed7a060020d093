"""Settings sources and overrides; copy as cURL."""

import shlex

from console.core.curl import to_curl
from console.registry import ConsoleSettings


def test_defaults_are_sandbox_without_credentials() -> None:
    settings = ConsoleSettings()
    assert settings.hyperverge_ckyc.mode == "sandbox"
    assert settings.hyperverge_ckyc.missing_credentials() == ["app_id", "app_key"]


def test_environment_sets_nested_vendor_settings(monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", "very-secret")
    settings = ConsoleSettings()
    assert settings.hyperverge_ckyc.mode == "live"
    assert settings.hyperverge_ckyc.missing_credentials() == ["app_id"]
    assert "very-secret" not in repr(settings) and "very-secret" not in settings.model_dump_json()


def test_page_overrides_change_only_what_they_name() -> None:
    settings = ConsoleSettings().with_overrides(
        {"hyperverge-ckyc": {"mode": "live", "live_base_url": "https://ckyc.example"}}
    )
    assert settings.hyperverge_ckyc.mode == "live"
    assert settings.hyperverge_ckyc.live_base_url == "https://ckyc.example"
    assert settings.hyperverge_ckyc.start_path == "/api/v1/start"


def test_curl_is_a_valid_shell_command() -> None:
    command = to_curl(
        "POST",
        "http://127.0.0.1:1/hyperverge-ckyc/api/v1/start",
        {"headers": {"appKey": "[REDACTED]", "content-length": "10"}, "body": {"name": "O'Neil"}},
    )
    words = shlex.split(command.replace("\\\n", " "))
    assert words[:4] == [
        "curl",
        "--request",
        "POST",
        "http://127.0.0.1:1/hyperverge-ckyc/api/v1/start",
    ]
    assert words[words.index("--header") + 1] == "appKey: [REDACTED]"
    assert words[-1] == '{"name": "O\'Neil"}'
    assert "content-length" not in command
