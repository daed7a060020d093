"""OneKYC Standalone Identity Verification, as the console's registry knows it."""

from collections.abc import Mapping

import httpx
from pydantic import Field, SecretStr

from console.core.settings import VendorSettings, url_problem
from console.core.spec import Clock, VendorSpec, WebhookSpec
from console.vendors.onekyc_siv.contract import CONTRACT
from console.vendors.onekyc_siv.next_steps import ADVICE
from kyc_adapters.onekyc_siv import (
    LIVE_API_URL,
    LIVE_TOKEN_URL,
    PII_KEYS,
    SECRET_KEYS,
    VENDOR,
    OneKycSivClient,
)

# The sandbox serves OneKYC's two hosts below its vendor prefix, one sub-prefix each.
SANDBOX_SERVICES = {"token": "/token", "api": "/api"}


class OneKycSivSettings(VendorSettings):
    live_base_url: str = LIVE_API_URL  # Initiate Flow, the SDK's calls, Get Submission Details
    live_token_base_url: str = LIVE_TOKEN_URL  # Getting Authentication Token
    client_id: SecretStr | None = None
    pass_key: SecretStr | None = None
    # What OneKYC sends with each callback, as agreed with it (the document: "required headers
    # (key and value) in case your API is protected"); the receiver refuses any other value.
    callback_header: str = "Authorization"
    callback_token: SecretStr | None = None
    # Not documented by the vendor: how long a page waits for the callback before it falls
    # back to Get Submission Details (the sandbox processes in 8 s).
    processing_wait_seconds: float = Field(default=60.0, gt=0, le=3600)
    # Photos are read and faces compared while the call waits (the sandbox's first call also
    # loads its models).
    timeout_seconds: float | None = 60.0

    def missing_credentials(self) -> list[str]:
        """The client id and pass key; without a callback token, results come by polling."""
        return [name for name in ("client_id", "pass_key") if getattr(self, name) is None]

    def base_url_problem(self) -> str | None:
        for url in (self.live_base_url, self.live_token_base_url):
            if problem := url_problem(url):
                return f"({url.split('//')[-1].split('/')[0] or url}) {problem}"
        return None


def create_client(
    http: httpx.Client,
    credentials: Mapping[str, str],
    settings: VendorSettings,
    clock: Clock,
) -> OneKycSivClient:
    assert isinstance(settings, OneKycSivSettings)
    if settings.mode == "sandbox":
        base = str(http.base_url).rstrip("/")
        token_url, api_url = (base + SANDBOX_SERVICES[s] for s in ("token", "api"))
    else:
        token_url = settings.live_token_base_url.rstrip("/")
        api_url = settings.live_base_url.rstrip("/")
    return OneKycSivClient(
        http,
        client_id=credentials["client_id"],
        pass_key=credentials["pass_key"],
        token_url=token_url,
        api_url=api_url,
        clock=clock,
    )


def _text(body: Mapping, key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) and value else None


SPEC = VendorSpec(
    id=VENDOR,
    vendor="OneKYC",
    flow="Identity Verification",
    summary="Indonesia: KTP and selfie, processed by the vendor in the background; the result "
    "arrives by callback at the console's receiver, with Get Submission Details as fallback.",
    pitch="Verify an Indonesian ID card and selfie; the result arrives by itself.",
    icon=":material/id_card:",
    page="app_pages/onekyc_siv.py",
    settings=OneKycSivSettings,
    client=create_client,
    secret_keys=SECRET_KEYS,
    pii_keys=PII_KEYS,
    advice=ADVICE,
    credential_headers={"client-id": "client_id", "pass-key": "pass_key"},
    webhook=WebhookSpec(
        header_setting="callback_header",
        token_setting="callback_token",
        # The document's payload: one callback per submission, the partner's session id echoed.
        key=lambda body: _text(body, "submissionId"),
        journey=lambda body: _text(body, "partnerSessionId"),
    ),
    contract=CONTRACT,
    # Each host's sandbox sub-prefix -> its live base URL's setting (create_client above).
    services={
        SANDBOX_SERVICES["token"]: "live_token_base_url",
        SANDBOX_SERVICES["api"]: "live_base_url",
    },
)
