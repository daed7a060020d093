"""did:hid DIDs on Ed25519 keys: round trips, the multibase form, the DID document, refusals."""

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ssi.did import (
    DidError,
    did_document,
    did_from_public_key,
    did_of,
    public_key_from_did,
    public_key_multibase,
    verification_method_id,
)

# The W3C vc-di-eddsa test key (TestVectors/keyPair.json): its public key's multibase.
W3C_PUBLIC_KEY_MULTIBASE = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_PRIVATE_KEY_MULTIBASE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
# The document's own issuer DID: a did:hid DID whose id is an Ed25519 multibase key.
DOCUMENT_ISSUER_DID = "did:hid:z6MkmEFC8N1AUsinEBNSszXoepHb45p38ZwidV58r1HPqCkU"


def raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def w3c_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base58.b58decode(W3C_PRIVATE_KEY_MULTIBASE[1:])[2:])


def test_the_multibase_form_is_the_w3c_one() -> None:
    assert public_key_multibase(w3c_key().public_key()) == W3C_PUBLIC_KEY_MULTIBASE


def test_a_did_names_its_key_and_gives_it_back() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    did = did_from_public_key(key)
    assert did.startswith("did:hid:z6Mk")  # like the document's did:hid:z6Mk...
    assert did == "did:hid:" + public_key_multibase(key)
    assert raw(public_key_from_did(did)) == raw(key)


def test_a_namespace_sits_between_the_method_and_the_key() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    did = did_from_public_key(key, "testnet")
    assert did == "did:hid:testnet:" + public_key_multibase(key)
    assert raw(public_key_from_did(did)) == raw(key)
    with pytest.raises(DidError):
        did_from_public_key(key, "Test Net")


def test_the_documents_issuer_did_is_read_as_an_ed25519_key() -> None:
    key = public_key_from_did(DOCUMENT_ISSUER_DID)
    assert did_from_public_key(key) == DOCUMENT_ISSUER_DID


def test_verification_method_and_its_did() -> None:
    did = did_from_public_key(Ed25519PrivateKey.generate().public_key())
    method = verification_method_id(did)
    assert method == did + "#key-1"
    assert did_of(method) == did
    assert did_of(did) == did


def test_the_did_document() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    did = did_from_public_key(key)
    document = did_document(did, key)
    method = {
        "id": did + "#key-1",
        "type": "Ed25519VerificationKey2020",
        "controller": did,
        "publicKeyMultibase": public_key_multibase(key),
    }
    assert document["id"] == did
    assert document["controller"] == [did]
    assert document["verificationMethod"] == [method]
    assert document["authentication"] == [did + "#key-1"]
    assert document["assertionMethod"] == [did + "#key-1"]
    assert "https://www.w3.org/ns/did/v1" in document["@context"]


def multibase(prefix: bytes, body: bytes) -> str:
    return "z" + base58.b58encode(prefix + body).decode()


@pytest.mark.parametrize(
    "did",
    [
        "did:key:" + W3C_PUBLIC_KEY_MULTIBASE,  # another method
        "did:hid:" + W3C_PUBLIC_KEY_MULTIBASE[1:],  # no multibase prefix
        "did:hid:m" + W3C_PUBLIC_KEY_MULTIBASE[1:],  # base64 multibase, not base58btc
        "did:hid:z0OIl",  # not base58 (0, O, I, l)
        "did:hid:" + multibase(b"\xe7\x01", b"\x02" * 33),  # a secp256k1 key
        "did:hid:" + multibase(b"\xed\x01", b"\x01" * 31),  # 31 bytes
        "did:hid:" + multibase(b"\xed\x01", b"\x01" * 33),  # 33 bytes
        "did:hid:testnet:extra:" + W3C_PUBLIC_KEY_MULTIBASE,
        DOCUMENT_ISSUER_DID + "#key-1",  # a DID URL is not a DID
        "",
    ],
)
def test_anything_but_a_did_hid_ed25519_multibase_is_refused(did: str) -> None:
    with pytest.raises(DidError):
        public_key_from_did(did)


def test_a_did_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        public_key_from_did(None)  # type: ignore[arg-type]
