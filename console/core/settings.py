"""Console settings: defaults < .streamlit/secrets.toml < environment (KYC_*, nested by __).

    KYC_<VENDOR>__MODE=live
    KYC_<VENDOR>__<CREDENTIAL>=...
    KYC_HISTORY_URL=postgresql+psycopg://user@host/db

or, in .streamlit/secrets.toml:

    [<vendor>]
    mode = "live"
    <credential> = "..."

Each vendor's own fields live in its `VendorSettings` subclass, declared in its registry entry;
`settings_class` gathers them into one settings class.
"""

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, create_model
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
Mode = Literal["sandbox", "live"]
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class VendorSettings(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    mode: Mode = "sandbox"
    live_base_url: str
    # How long to wait for this vendor; None: the console's KYC_TIMEOUT_SECONDS.
    timeout_seconds: float | None = Field(default=None, gt=0, le=600)
    # Set when the live base URL was typed in the browser rather than configured: such a URL
    # never receives the configured credentials.
    base_url_typed: bool = Field(default=False, exclude=True)

    def credentials(self) -> dict[str, SecretStr | None]:
        """The vendor's credential fields (values stay secret; pages show only set / not set)."""
        return {
            name: getattr(self, name)
            for name, info in type(self).model_fields.items()
            if info.annotation == SecretStr | None
        }

    def missing_credentials(self) -> list[str]:
        return [name for name, value in self.credentials().items() if value is None]

    def credential_problems(self) -> dict[str, str]:
        """What is wrong with each set credential, in words that never quote the value."""
        problems = {}
        for name, secret in self.credentials().items():
            if secret is None:
                continue
            value = secret.get_secret_value()
            if not value.strip():
                problems[name] = "is empty"
            elif value != value.strip():
                problems[name] = "starts or ends with a space or line break"
            elif not value.isascii():
                problems[name] = "holds a character that is not ASCII (a pasted quote or dash?)"
            elif not value.isprintable():
                problems[name] = "holds a control character"
        return problems

    @property
    def shown_base_url(self) -> str:
        """The live base URL without any user:password@ (never shown, never recorded)."""
        parts = urlsplit(self.live_base_url)
        return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))

    def base_url_problem(self) -> str | None:
        """Why the live base URL cannot be used with credentials, or None."""
        return url_problem(self.live_base_url)


def url_problem(url: str) -> str | None:
    """Why a live URL cannot be sent credentials, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL"
    if "@" in parts.netloc:
        return "holds a user name or password: put credentials in their own settings"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        return "uses plain http:// to a host other than this machine: use https://"
    return None


class CoreSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KYC_",
        env_nested_delimiter="__",
        extra="ignore",
        toml_file=SECRETS_FILE,
        hide_input_in_errors=True,
    )

    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = Field(default=0, description="0 takes a free port")
    history_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'history.sqlite3'}"
    mask_pii: bool = True
    timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # Where a page's photos come from: the live camera stream, Streamlit's camera input, or an
    # upload (console/core/camera.py). The Settings page can change it for a browser session.
    camera: Literal["live", "snapshot", "upload"] = "live"
    # Journeys older than this many days are purged from history when the console starts
    # (0 keeps everything).
    retention_days: int = Field(default=0, ge=0, le=36500)
    # Presenter mode (for demos): raw exchanges and sandbox tools hidden, larger visuals, the
    # company's name and logo (a path under assets/ or an absolute one) on the start page.
    presenter: bool = False
    company_name: str = "KYC Console"
    company_logo: str = "assets/icon.png"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    def vendor(self, vendor_id: str) -> VendorSettings:
        return getattr(self, vendor_id.replace("-", "_"))

    def with_overrides(self, overrides: dict[str, dict]) -> "CoreSettings":
        """A copy with per-vendor overrides from the Settings page (mode, live base URL)."""
        updates = {}
        for vendor_id, changes in overrides.items():
            field = vendor_id.replace("-", "_")
            if field in type(self).model_fields and changes:
                current: VendorSettings = getattr(self, field)
                typed = changes.get("live_base_url", current.live_base_url)
                updates[field] = current.model_copy(
                    update={**changes, "base_url_typed": typed != current.live_base_url}
                )
        return self.model_copy(update=updates)


def settings_class(vendors: dict[str, type[VendorSettings]]) -> type[CoreSettings]:
    """The console's settings: the shared fields plus one section per vendor."""
    fields = {name: (model, model()) for name, model in vendors.items()}
    return create_model("ConsoleSettings", __base__=CoreSettings, **fields)
