"""Self-sovereign identity primitives shared by the sandbox and the adapters: did:hid DIDs on
Ed25519 keys (ssi.did) and W3C Data Integrity proofs, cryptosuite eddsa-jcs-2022 (ssi.proofs).

This package imports neither the sandbox nor the adapters: both import it.
"""

from ssi.did import (
    DidError,
    did_document,
    did_from_public_key,
    did_of,
    public_key_from_did,
    public_key_multibase,
    verification_method_id,
)
from ssi.proofs import ProofError, canonical, sign, verify, verify_with_did

__all__ = [
    "DidError",
    "ProofError",
    "canonical",
    "did_document",
    "did_from_public_key",
    "did_of",
    "public_key_from_did",
    "public_key_multibase",
    "sign",
    "verification_method_id",
    "verify",
    "verify_with_did",
]
