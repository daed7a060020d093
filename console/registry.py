"""The one list of vendors: navigation, Home, Settings, History, redaction and explanations
read it. Adding a vendor = its own packages and page, plus one line here."""

from console.core.settings import settings_class
from console.core.spec import VendorSpec
from console.vendors.hypersign_kyc.spec import SPEC as HYPERSIGN_KYC
from console.vendors.hyperverge_ckyc.spec import SPEC as HYPERVERGE_CKYC
from console.vendors.hyperverge_validation.spec import SPEC as HYPERVERGE_VALIDATION
from console.vendors.messagecentral_ekyc.spec import SPEC as MESSAGECENTRAL_EKYC
from console.vendors.onekyc_siv.spec import SPEC as ONEKYC_SIV

VENDORS: tuple[VendorSpec, ...] = (
    HYPERVERGE_CKYC,
    HYPERVERGE_VALIDATION,
    HYPERSIGN_KYC,
    MESSAGECENTRAL_EKYC,
    ONEKYC_SIV,
)

VENDOR_IDS = tuple(v.id for v in VENDORS)
ConsoleSettings = settings_class({v.field: v.settings for v in VENDORS})


def vendor(vendor_id: str) -> VendorSpec:
    return next(v for v in VENDORS if v.id == vendor_id)
