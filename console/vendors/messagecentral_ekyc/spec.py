"""Message Central e-KYC Now, as the console's registry knows it."""

from collections.abc import Mapping

import httpx
from pydantic import SecretStr

from console.core.settings import VendorSettings
from console.core.spec import Clock, VendorSpec
from console.vendors.messagecentral_ekyc.contract import CONTRACT
from console.vendors.messagecentral_ekyc.next_steps import ADVICE
from kyc_adapters.messagecentral_ekyc import (
    LIVE_URL,
    PII_KEYS,
    SECRET_KEYS,
    VENDOR,
    MessageCentralEkycClient,
)


class MessageCentralEkycSettings(VendorSettings):
    live_base_url: str = LIVE_URL
    api_key: SecretStr | None = None
    trial_api_key: SecretStr | None = None  # the Trial flow's own key (Developer Guide)
    # From the e-KYC console (not secrets); in sandbox mode the sandbox publishes its own.
    basic_flow_id: str | None = None
    premium_flow_id: str | None = None
    trial_flow_id: str | None = None
    company_name: str = ""

    def missing_credentials(self) -> list[str]:
        """The API key is needed; the trial key only for the Trial flow (checked there)."""
        return [name for name in ("api_key",) if getattr(self, name) is None]


def create_client(
    http: httpx.Client,
    credentials: Mapping[str, str],
    settings: VendorSettings,
    clock: Clock,  # this vendor's call keeps no time; the page counts the URL down
) -> MessageCentralEkycClient:
    return MessageCentralEkycClient(http, api_key=credentials["api_key"])


SPEC = VendorSpec(
    id=VENDOR,
    vendor="Message Central",
    flow="e-KYC Now",
    summary="A single-use, 30-minute URL to the vendor's hosted journey (documents; Premium adds "
    "liveness and AML screening), embedded here, and how it ended.",
    pitch="Send one secure link; the customer verifies themselves in minutes.",
    icon=":material/link:",
    page="app_pages/messagecentral_ekyc.py",
    settings=MessageCentralEkycSettings,
    client=create_client,
    secret_keys=SECRET_KEYS,
    pii_keys=PII_KEYS,
    advice=ADVICE,
    credential_headers={},  # api_key travels as "Bearer <key>": a replay leaves it redacted
    contract=CONTRACT,
)
