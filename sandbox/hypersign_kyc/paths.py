"""Where the simulator lives: its id, its prefix, and the three services' own paths below it.

Hypersign runs three services on three hosts (dashboard api.entity.dashboard.hypersign.id,
KYC api.cavach.hypersign.id, SSI api.entity.hypersign.id); the sandbox serves each below the
vendor's prefix on a sub-prefix of its own, so a client switches between sandbox and live by its
three base URLs alone.
"""

import re

VENDOR = "hypersign-kyc"
PREFIX = "/hypersign-kyc"
SERVICES = ("dashboard", "kyc", "ssi")

OAUTH = "/dashboard/api/v1/app/oauth"
SESSION = "/kyc/api/v2/session"
EXCHANGE = "/kyc/api/v2/auth/exchange"
EXTRACT = "/kyc/api/v2/documents/extract"
BIOMETRICS = "/kyc/api/v2/biometrics/verify"
CONSENTS = "/kyc/api/v2/consents"
DID_CREATE = "/ssi/api/v1/did/create"
ISSUE_JWT = "/ssi/api/v1/did/auth/issue-jwt"
PRESENTATION = "/ssi/api/v1/presentation"

_SERVICE = re.compile(r"/(dashboard|kyc|ssi)(?:/|$)")


def service_of(path: str) -> str:
    """The service a vendor path is for (below the prefix, its service's sub-prefix included).

    Not documented by the vendor: a path under the prefix that names no service (there is no
    such host); the sandbox answers it in the KYC service's shape.
    """
    found = _SERVICE.match(path)
    return found.group(1) if found else "kyc"
