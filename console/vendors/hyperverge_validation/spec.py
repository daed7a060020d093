"""HyperVerge CKYC Validation, as the console's registry knows it."""

from collections.abc import Mapping

import httpx
from pydantic import SecretStr

from console.core.settings import VendorSettings
from console.core.spec import Clock, VendorSpec
from console.vendors.hyperverge_validation.contract import CONTRACT
from console.vendors.hyperverge_validation.next_steps import ADVICE
from kyc_adapters.hyperverge_validation import (
    PII_KEYS,
    SECRET_KEYS,
    VENDOR,
    HyperVergeValidationClient,
)


class HyperVergeValidationSettings(VendorSettings):
    live_base_url: str = "https://ind-ckyc.hyperverge.co"
    app_id: SecretStr | None = None
    app_key: SecretStr | None = None
    validate_path: str = "/api/v1/validate"
    # Not documented by the vendor: how long a validation takes. It reads every page and
    # compares faces (seconds; the sandbox's first call also loads its models).
    timeout_seconds: float | None = 90.0


def create_client(
    http: httpx.Client,
    credentials: Mapping[str, str],
    settings: VendorSettings,
    clock: Clock,  # this vendor's calls keep no time
) -> HyperVergeValidationClient:
    assert isinstance(settings, HyperVergeValidationSettings)
    return HyperVergeValidationClient(
        http,
        app_id=credentials["app_id"],
        app_key=credentials["app_key"],
        validate_path=settings.validate_path,
    )


SPEC = VendorSpec(
    id=VENDOR,
    vendor="HyperVerge",
    flow="CKYC Validation",
    summary="Check a CKYC record against its own documents and selfie: approve, manual review "
    "or reject, and why, field by field.",
    pitch="Check a KYC record against the customer's documents and selfie in seconds.",
    icon=":material/fact_check:",
    page="app_pages/hyperverge_validation.py",
    settings=HyperVergeValidationSettings,
    client=create_client,
    secret_keys=SECRET_KEYS,
    pii_keys=PII_KEYS,
    advice=ADVICE,
    credential_headers={"appId": "app_id", "appKey": "app_key"},
    contract=CONTRACT,
)
