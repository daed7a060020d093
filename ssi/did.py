"""did:hid DIDs on Ed25519 keys, and their DID documents.

A DID here names its own key, as Hypersign's do (``did:hid:z6Mk...``): the method-specific id
is the key's multibase form, "z" + base58btc(multicodec ed25519-pub 0xed01 + the 32 raw bytes),
the same string as the verification method's ``publicKeyMultibase``. So the key is read back
from the DID itself; no registry is asked.
"""

import re

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

METHOD = "did:hid:"
ED25519_PREFIX = b"\xed\x01"  # multicodec ed25519-pub, as an unsigned varint
VERIFICATION_KEY_TYPE = "Ed25519VerificationKey2020"
KEY_FRAGMENT = "#key-1"
DID_CONTEXT = [
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/security/suites/ed25519-2020/v1",
]
_NAMESPACE = re.compile(r"[a-z0-9]+")
_DID = re.compile(r"did:hid:(?:([a-z0-9]+):)?(z[1-9A-HJ-NP-Za-km-z]+)")


class DidError(ValueError):
    """Not a did:hid DID whose id is an Ed25519 key in multibase; the message says why."""


def public_key_multibase(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PREFIX + raw).decode("ascii")


def did_from_public_key(key: Ed25519PublicKey, namespace: str = "") -> str:
    """``did:hid:`` [+ ``namespace:``] + the key's multibase."""
    if namespace and not _NAMESPACE.fullmatch(namespace):
        raise DidError(f"a namespace is lower-case letters and digits, not {namespace!r}")
    return METHOD + (f"{namespace}:" if namespace else "") + public_key_multibase(key)


def did_of(reference: str) -> str:
    """The DID a DID URL (a verification method id, say) belongs to: before any #, ? or /."""
    return re.split(r"[#?/]", reference, maxsplit=1)[0]


def public_key_from_did(did: str) -> Ed25519PublicKey:
    """The Ed25519 key a did:hid DID names; raises DidError for anything else."""
    if not isinstance(did, str):
        raise DidError(f"a DID is a string, not {type(did).__name__}")
    found = _DID.fullmatch(did)
    if found is None:
        raise DidError(f"not a did:hid DID with a base58btc multibase id: {did[:120]!r}")
    decoded = base58.b58decode(found.group(2)[1:])
    if len(decoded) != 34 or not decoded.startswith(ED25519_PREFIX):
        raise DidError(f"the id of {did[:120]!r} is not an Ed25519 public key (0xed01 + 32 bytes)")
    try:
        return Ed25519PublicKey.from_public_bytes(decoded[2:])
    except ValueError as error:  # pragma: no cover - any 32 bytes load; kept for safety
        raise DidError(f"not an Ed25519 public key: {error}") from error


def verification_method_id(did: str) -> str:
    return did + KEY_FRAGMENT


def did_document(did: str, key: Ed25519PublicKey) -> dict:
    """The W3C DID document: one Ed25519VerificationKey2020 method, for authentication (a
    presentation) and assertion (a credential)."""
    method_id = verification_method_id(did)
    method = {
        "id": method_id,
        "type": VERIFICATION_KEY_TYPE,
        "controller": did,
        "publicKeyMultibase": public_key_multibase(key),
    }
    return {
        "@context": list(DID_CONTEXT),
        "id": did,
        "controller": [did],
        "verificationMethod": [method],
        "authentication": [method_id],
        "assertionMethod": [method_id],
    }
