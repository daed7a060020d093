"""What the sandbox holds from the start: its credentials, its keys (from fixed seeds, so the
issuer DID is the same on every start), the magic emails, and the seeded sessions the scenario
catalog's single requests use.

Every key here is a sandbox fixture, derived from a public label: never use one for anything real.
"""

import hashlib
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ssi import did as dids

# The console's setting names -> the sandbox's secrets (GET /_sandbox/vendors).
KYC_API_SECRET = "sandbox-kyc-api-secret"
SSI_API_SECRET = "sandbox-ssi-api-secret"
GRANTS = {
    "access_service_kyc": ("kyc", KYC_API_SECRET),
    "access_service_ssi": ("ssi", SSI_API_SECRET),
}


def _key(label: str) -> Ed25519PrivateKey:
    seed = hashlib.sha256(f"kyc-console sandbox / hypersign-kyc / {label}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


# The app's issuer (the document's X_ISSUER_DID / X_ISSUER_VERMETHOD_ID).
ISSUER_KEY = _key("issuer")
ISSUER_DID = dids.did_from_public_key(ISSUER_KEY.public_key())
ISSUER_METHOD = dids.verification_method_id(ISSUER_DID)
# A user DID the app created before any call (the seeded sessions' user).
HOLDER_KEY = _key("holder")
HOLDER_DID = dids.did_from_public_key(HOLDER_KEY.public_key())
HOLDER_METHOD = dids.verification_method_id(HOLDER_DID)
# A key the app never registered: what the catalog's forgeries are signed with.
STRANGER_KEY = _key("stranger")
STRANGER_DID = dids.did_from_public_key(STRANGER_KEY.public_key())

# Magic email local parts (case-insensitive), each forcing an outcome for QA.
MAGIC_UNREADABLE = "unreadable"  # extract: DOCUMENT_VERIFICATION_FAILED
MAGIC_NO_FACE = "no-face"  # biometrics: no face on the selfie
MAGIC_MISMATCH = "mismatch"  # biometrics: the faces differ
MAGIC_SESSION_EXPIRED = "session-expired"  # the session expires right after the exchange
MAGIC_TOKEN_EXPIRED = "token-expired"  # a session's first user token: expired on first use
MAGICS = (
    MAGIC_UNREADABLE,
    MAGIC_NO_FACE,
    MAGIC_MISMATCH,
    MAGIC_SESSION_EXPIRED,
    MAGIC_TOKEN_EXPIRED,
)


def magic(email: str) -> str | None:
    local, at, _domain = email.strip().partition("@")
    found = local.lower()
    return found if at and found in MAGICS else None


def forced(magic_name: str) -> str:
    """What a refusal a magic email forced says after its reason, so that a tester never takes
    it for a real outcome (the OCR broken, the clock wrong)."""
    return f" (forced by the sandbox: the user's e-mail is {magic_name}@…)"


# Admin tokens valid from each reset (for their 900 s), so a catalog entry is one request.
KYC_ADMIN_TOKEN = "sbx-kyc-admin-token"
SSI_ADMIN_TOKEN = "sbx-ssi-admin-token"

# The SPECIMEN person of assets/hypersign/ as her passport reads (person.json).
PERSON = {
    "fullName": "PRIYA SPECIMEN MENON",
    "firstName": "PRIYA SPECIMEN",
    "lastName": "MENON",
    "documentNumber": "X4820917",
    "dateOfBirth": "1992-04-23",
    "dateOfExpiry": "2034-06-09",
    "gender": "FEMALE",
    "nationality": "IND",
    "issuingCountry": "IND",
}
PERSON_MRZ = {
    "line1": "P<INDMENON<<PRIYA<SPECIMEN<<<<<<<<<<<<<<<<<<",
    "line2": "X4820917<2IND9204236F3406094<<<<<<<<<<<<<<06",
}


def fixed_id(label: str) -> str:
    """A urn:uuid the same on every start (the signed samples' ids)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'sandbox/hypersign-kyc/' + label)}"


# Priya's two credentials (samples.credentials()), issued in her seeded session: id -> whether
# it is the identity document's.
PASSPORT_CREDENTIAL_ID = fixed_id("vc/passport")
FACE_CREDENTIAL_ID = fixed_id("vc/face")
ISSUED_CREDENTIALS = {PASSPORT_CREDENTIAL_ID: True, FACE_CREDENTIAL_ID: False}


@dataclass(frozen=True)
class SeededSession:
    """A KYC session as it stands after a reset: its user (by email) already exchanged for
    `user_token`, an extraction already made when `extraction` is set, the credentials already
    issued when `issued`."""

    id: str
    email: str | None = None
    user_token: str | None = None
    extraction: str | None = None
    issued: bool = False


SESSIONS = (
    SeededSession("sbx-session-fresh"),
    SeededSession(
        "sbx-session-priya",
        "priya@example.com",
        "sbx-user-priya",
        extraction="sbx-extraction-priya",
        issued=True,
    ),
    SeededSession("sbx-session-unreadable", "unreadable@example.com", "sbx-user-unreadable"),
    SeededSession(
        "sbx-session-no-face",
        "no-face@example.com",
        "sbx-user-no-face",
        extraction="sbx-extraction-no-face",
    ),
    SeededSession(
        "sbx-session-mismatch",
        "mismatch@example.com",
        "sbx-user-mismatch",
        extraction="sbx-extraction-mismatch",
    ),
    SeededSession("sbx-session-expired", "session-expired@example.com", "sbx-user-session-expired"),
    SeededSession(
        "sbx-session-token-expired", "token-expired@example.com", "sbx-user-token-expired"
    ),
)
