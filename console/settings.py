"""Console settings: defaults < .streamlit/secrets.toml < environment (KYC_*, nested by __).

    KYC_HYPERVERGE_CKYC__MODE=live
    KYC_HYPERVERGE_CKYC__APP_ID=...        KYC_HYPERVERGE_CKYC__APP_KEY=...
    KYC_HISTORY_URL=postgresql+psycopg://user@host/db

or, in .streamlit/secrets.toml:

    [hyperverge_ckyc]
    mode = "live"
    app_id = "..."
    app_key = "..."
"""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
Mode = Literal["sandbox", "live"]


class VendorSettings(BaseModel):
    mode: Mode = "sandbox"
    live_base_url: str

    def credentials(self) -> dict[str, SecretStr | None]:
        """The vendor's credential fields (values stay secret; pages show only set / not set)."""
        return {
            name: getattr(self, name)
            for name, info in type(self).model_fields.items()
            if info.annotation == SecretStr | None
        }

    def missing_credentials(self) -> list[str]:
        return [name for name, value in self.credentials().items() if value is None]


class HyperVergeCkycSettings(VendorSettings):
    live_base_url: str = "http://localhost:8080"  # the vendor's self-hosted Docker service
    app_id: SecretStr | None = None
    app_key: SecretStr | None = None
    start_path: str = "/api/v1/start"
    validate_path: str = "/api/v1/validateOtpAndDownload"


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="KYC_", env_nested_delimiter="__", extra="ignore", toml_file=SECRETS_FILE
    )

    sandbox_host: str = "127.0.0.1"
    sandbox_port: int = Field(default=0, description="0 takes a free port")
    history_url: str = f"sqlite:///{PROJECT_ROOT / 'data' / 'history.sqlite3'}"
    mask_pii: bool = True
    timeout_seconds: float = Field(default=10.0, gt=0)
    hyperverge_ckyc: HyperVergeCkycSettings = HyperVergeCkycSettings()

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

    def with_overrides(self, overrides: dict[str, dict]) -> "ConsoleSettings":
        """A copy with per-vendor overrides from the Settings page (mode, live base URL)."""
        updates = {}
        for vendor_id, changes in overrides.items():
            field = vendor_id.replace("-", "_")
            if field in type(self).model_fields and changes:
                updates[field] = getattr(self, field).model_copy(update=changes)
        return self.model_copy(update=updates)
