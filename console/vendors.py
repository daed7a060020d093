"""The vendor ids used everywhere (catalog, history, settings) and how the console names them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    flow: str
    built: bool


VENDORS: tuple[Vendor, ...] = (
    Vendor("hyperverge-ckyc", "HyperVerge", "CKYC Individual Download", True),
    Vendor("hyperverge-validation", "HyperVerge", "CKYC Validation", False),
    Vendor("onekyc", "OneKYC", "Standalone Identity Verification (Indonesia)", False),
    Vendor("ekyc-now", "Message Central", "e-KYC Now", False),
    Vendor("hypersign", "Hypersign", "KYC + SSI", False),
)
VENDOR_IDS = tuple(v.id for v in VENDORS)


def vendor(vendor_id: str) -> Vendor:
    return next(v for v in VENDORS if v.id == vendor_id)
