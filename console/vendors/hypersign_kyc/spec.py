"""Hypersign KYC + SSI, as the console's registry knows it."""

from collections.abc import Mapping

import httpx
from pydantic import Field, SecretStr

from console.core.settings import VendorSettings, url_problem
from console.core.spec import Clock, VendorSpec
from console.vendors.hypersign_kyc.contract import CONTRACT
from console.vendors.hypersign_kyc.next_steps import ADVICE
from kyc_adapters.hypersign_kyc import PII_KEYS, SECRET_KEYS, VENDOR, HypersignKycClient

# The sandbox serves Hypersign's three services below its vendor prefix, one sub-prefix each.
SANDBOX_SERVICES = {"dashboard": "/dashboard", "kyc": "/kyc", "ssi": "/ssi"}


class HypersignKycSettings(VendorSettings):
    live_base_url: str = "https://api.cavach.hypersign.id"  # the KYC service
    live_ssi_base_url: str = "https://api.entity.hypersign.id"
    live_dashboard_base_url: str = "https://api.entity.dashboard.hypersign.id"
    kyc_api_secret: SecretStr | None = None
    ssi_api_secret: SecretStr | None = None
    # From the SSI dashboard (not secrets); in sandbox mode the sandbox publishes its own.
    issuer_did: str | None = None
    issuer_verification_method_id: str | None = None
    # The DID-signed JWT's lifetime, hence the user token's (the vendor accepts 60..86400).
    user_token_ttl_seconds: int = Field(default=3600, ge=60, le=86400)
    # Not documented by the vendor: how long a call takes. Extraction reads the document and
    # biometrics compares faces (seconds; the sandbox's first call also loads its models).
    timeout_seconds: float | None = 60.0

    def missing_credentials(self) -> list[str]:
        missing = super().missing_credentials()
        return missing + [
            name
            for name in ("issuer_did", "issuer_verification_method_id")
            if not getattr(self, name)
        ]

    def base_url_problem(self) -> str | None:
        for url in (self.live_base_url, self.live_ssi_base_url, self.live_dashboard_base_url):
            if problem := url_problem(url):
                return f"({url.split('//')[-1].split('/')[0] or url}) {problem}"
        return None


def create_client(
    http: httpx.Client,
    credentials: Mapping[str, str],
    settings: VendorSettings,
    clock: Clock,
) -> HypersignKycClient:
    assert isinstance(settings, HypersignKycSettings)
    if settings.mode == "sandbox":
        base = str(http.base_url).rstrip("/")
        urls = {service: base + path for service, path in SANDBOX_SERVICES.items()}
    else:
        urls = {
            "dashboard": settings.live_dashboard_base_url.rstrip("/"),
            "kyc": settings.live_base_url.rstrip("/"),
            "ssi": settings.live_ssi_base_url.rstrip("/"),
        }
    return HypersignKycClient(
        http,
        kyc_api_secret=credentials["kyc_api_secret"],
        ssi_api_secret=credentials["ssi_api_secret"],
        dashboard_url=urls["dashboard"],
        kyc_url=urls["kyc"],
        ssi_url=urls["ssi"],
        clock=clock,
    )


SPEC = VendorSpec(
    id=VENDOR,
    vendor="Hypersign",
    flow="KYC + SSI",
    summary="Passport or ID card and a selfie on the live camera, read and matched; verifiable "
    "credentials signed by a DID, and the user's consent as a signed presentation.",
    pitch="Verify an ID and a live selfie, and issue a reusable digital credential.",
    icon=":material/badge:",
    page="app_pages/hypersign_kyc.py",
    settings=HypersignKycSettings,
    client=create_client,
    secret_keys=SECRET_KEYS,
    pii_keys=PII_KEYS,
    advice=ADVICE,
    # X-Api-Secret-Key carries either secret (by grant type): a replay leaves it redacted.
    credential_headers={},
    contract=CONTRACT,
    # Each service's sandbox sub-prefix -> its live base URL's setting (create_client above).
    services={
        SANDBOX_SERVICES["dashboard"]: "live_dashboard_base_url",
        SANDBOX_SERVICES["kyc"]: "live_base_url",
        SANDBOX_SERVICES["ssi"]: "live_ssi_base_url",
    },
)
