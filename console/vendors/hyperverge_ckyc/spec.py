"""HyperVerge CKYC Individual Download, as the console's registry knows it."""

from collections.abc import Mapping

import httpx
from pydantic import SecretStr

from console.core.settings import VendorSettings
from console.core.spec import Clock, VendorSpec
from console.vendors.hyperverge_ckyc.contract import CONTRACT
from console.vendors.hyperverge_ckyc.next_steps import ADVICE
from kyc_adapters.hyperverge_ckyc import PII_KEYS, SECRET_KEYS, VENDOR, HyperVergeCkycClient


class HyperVergeCkycSettings(VendorSettings):
    live_base_url: str = "http://localhost:8080"  # the vendor's self-hosted Docker service
    app_id: SecretStr | None = None
    app_key: SecretStr | None = None
    start_path: str = "/api/v1/start"
    validate_path: str = "/api/v1/validateOtpAndDownload"


def create_client(
    http: httpx.Client,
    credentials: Mapping[str, str],
    settings: VendorSettings,
    clock: Clock,  # this vendor's calls keep no time
) -> HyperVergeCkycClient:
    assert isinstance(settings, HyperVergeCkycSettings)
    return HyperVergeCkycClient(
        http,
        app_id=credentials["app_id"],
        app_key=credentials["app_key"],
        start_path=settings.start_path,
        validate_path=settings.validate_path,
    )


SPEC = VendorSpec(
    id=VENDOR,
    vendor="HyperVerge",
    flow="CKYC Individual Download",
    summary="Search CKYC, consent by OTP to the registered mobile, download the record.",
    pitch="Fetch a customer's KYC record from India's central registry, with their OTP consent.",
    icon=":material/download:",
    page="app_pages/hyperverge_ckyc.py",
    settings=HyperVergeCkycSettings,
    client=create_client,
    secret_keys=SECRET_KEYS,
    pii_keys=PII_KEYS,
    advice=ADVICE,
    credential_headers={"appId": "app_id", "appKey": "app_key"},
    contract=CONTRACT,
)
