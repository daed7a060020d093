"""Data Integrity proofs, eddsa-jcs-2022: the W3C test vector, round trips, and every refusal."""

import copy
import hashlib

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ssi.did import did_from_public_key, verification_method_id
from ssi.proofs import ProofError, canonical, sign, verify, verify_with_did

# W3C vc-di-eddsa, TestVectors/eddsa-jcs-2022/signedJCS.json and TestVectors/keyPair.json.
W3C_PRIVATE_KEY_MULTIBASE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/ns/credentials/examples/v2",
]
W3C_UNSIGNED = {
    "@context": W3C_CONTEXT,
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": "https://vc.example/issuers/5678#"
    "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "proofPurpose": "assertionMethod",
    "@context": W3C_CONTEXT,
    "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5sr"
    "BowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
}


def w3c_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base58.b58decode(W3C_PRIVATE_KEY_MULTIBASE[1:])[2:])


def test_the_w3c_test_vector_verifies() -> None:
    verify({**W3C_UNSIGNED, "proof": W3C_PROOF}, w3c_key().public_key(), purpose="assertionMethod")


def test_signing_the_w3c_document_gives_the_w3c_signature() -> None:
    signed = sign(
        W3C_UNSIGNED,
        w3c_key(),
        verification_method=W3C_PROOF["verificationMethod"],
        purpose="assertionMethod",
        created=W3C_PROOF["created"],
    )
    assert signed["proof"]["proofValue"] == W3C_PROOF["proofValue"]


# --- our own documents -------------------------------------------------------------------------

KEY = Ed25519PrivateKey.generate()
DID = did_from_public_key(KEY.public_key())
OTHER = Ed25519PrivateKey.generate()
CREDENTIAL = {
    "@context": ["https://www.w3.org/2018/credentials/v1"],
    "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
    "type": ["VerifiableCredential", "PassportCredential"],
    "issuer": DID,
    "issuanceDate": "2025-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:hid:z6Mkholder", "fullName": "PRIYA SPECIMEN MENON"},
}


def signed(document=CREDENTIAL, key=KEY, **options) -> dict:
    options = {
        "verification_method": verification_method_id(DID),
        "purpose": "assertionMethod",
        "created": "2025-01-01T00:00:00Z",
        **options,
    }
    return sign(document, key, **options)


def test_a_signed_document_verifies_by_key_and_by_did() -> None:
    document = signed()
    assert set(document["proof"]) == {
        "type",
        "cryptosuite",
        "created",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
    }
    assert document["proof"]["type"] == "DataIntegrityProof"
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert document["proof"]["proofValue"].startswith("z")
    verify(document, KEY.public_key())
    verify_with_did(document, purpose="assertionMethod")


def test_signing_leaves_the_document_as_it_was() -> None:
    before = copy.deepcopy(CREDENTIAL)
    signed()
    assert before == CREDENTIAL


def test_key_order_does_not_matter() -> None:
    document = signed()
    reordered = dict(reversed(list(document.items())))
    verify(reordered, KEY.public_key())


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["credentialSubject"].update(fullName="SOMEONE ELSE"),
        lambda d: d.update(issuanceDate="2024-01-01T00:00:00Z"),
        lambda d: d.update(extra="added"),
        lambda d: d["@context"].append("https://example.com/other"),
        lambda d: d["proof"].update(created="2026-01-01T00:00:00Z"),
        lambda d: d["proof"].update(proofPurpose="authentication"),
    ],
    ids=["subject", "date", "added key", "context", "proof created", "proof purpose"],
)
def test_a_tampered_document_is_refused(tamper) -> None:
    document = copy.deepcopy(signed())
    tamper(document)
    with pytest.raises(ProofError, match="signature does not verify"):
        verify(document, KEY.public_key())


def test_a_proof_signed_by_another_key_is_refused() -> None:
    forged = signed(key=OTHER)  # names DID's verification method, signed by another key
    with pytest.raises(ProofError, match="signature does not verify"):
        verify(forged, KEY.public_key())
    with pytest.raises(ProofError, match="signature does not verify"):
        verify_with_did(forged)
    with pytest.raises(ProofError, match="signature does not verify"):
        verify(signed(), OTHER.public_key())


def test_challenge_and_domain_are_signed_and_visible_to_the_verifier() -> None:
    presentation = {"type": ["VerifiablePresentation"], "holder": DID}
    vp = signed(
        presentation, purpose="authentication", challenge="session-1", domain="https://a.example"
    )
    assert vp["proof"]["challenge"] == "session-1"
    assert vp["proof"]["domain"] == "https://a.example"
    verify_with_did(vp, purpose="authentication", challenge="session-1", domain="https://a.example")
    with pytest.raises(ProofError, match="challenge is 'session-1', not 'session-2'"):
        verify_with_did(vp, challenge="session-2")
    with pytest.raises(ProofError, match="domain"):
        verify_with_did(vp, domain="https://b.example")
    with pytest.raises(ProofError, match="proofPurpose"):
        verify_with_did(vp, purpose="assertionMethod")
    swapped = copy.deepcopy(vp)
    swapped["proof"]["challenge"] = "session-2"  # the signature covers it
    with pytest.raises(ProofError, match="signature does not verify"):
        verify_with_did(swapped, challenge="session-2")


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({"a": 1}, "no proof"),
        ({"a": 1, "proof": "z123"}, "no proof"),
        ("not an object", "not a JSON object"),
    ],
)
def test_what_is_not_a_signed_document(document, reason: str) -> None:
    with pytest.raises(ProofError, match=reason):
        verify(document, KEY.public_key())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"cryptosuite": "eddsa-rdfc-2022"}, "eddsa-jcs-2022"),
        ({"type": "Ed25519Signature2020"}, "DataIntegrityProof"),
        ({"proofValue": "u" + "A" * 86}, "base58btc"),
        ({"proofValue": "z0OIl"}, "base58btc"),
        ({"proofValue": "z" + base58.b58encode(b"\x01" * 63).decode()}, "signature"),
    ],
)
def test_a_proof_of_another_kind_is_refused(change: dict, reason: str) -> None:
    document = signed()
    document = {**document, "proof": {**document["proof"], **change}}
    with pytest.raises(ProofError, match=reason):
        verify(document, KEY.public_key())


def test_a_did_that_is_not_did_hid_is_refused_by_verify_with_did() -> None:
    document = signed(verification_method="did:key:z6Mkx#key-1")
    with pytest.raises(ProofError, match="verificationMethod"):
        verify_with_did(document)


def test_a_document_already_signed_is_not_signed_again() -> None:
    with pytest.raises(ProofError, match="already has a proof"):
        signed(signed())


# --- canonical JSON ----------------------------------------------------------------------------


def test_canonical_json_is_jcs_for_documents_without_floats() -> None:
    assert canonical({"b": 1, "a": [True, None, "é"], "c": {"y": "\n", "x": -2}}) == (
        '{"a":[true,null,"é"],"b":1,"c":{"x":-2,"y":"\\n"}}'.encode()
    )
    # JCS sorts keys by UTF-16 code units: U+1F600 (D83D DE00) before U+E000.
    assert canonical({"\ue000": 1, "\U0001f600": 2}) == '{"😀":2,"\ue000":1}'.encode()


@pytest.mark.parametrize(
    "value",
    [{"distance": 0.41}, {"n": 2**53}, {1: "int key"}, {"s": "\ud800"}, {"b": b"bytes"}],
    ids=["float", "integer past 2^53", "non-string key", "lone surrogate", "bytes"],
)
def test_what_jcs_cannot_write_exactly_is_refused(value) -> None:
    with pytest.raises(ProofError):
        canonical(value)
    with pytest.raises(ProofError):
        signed({**CREDENTIAL, "x": value})


def test_a_float_slipped_into_a_signed_document_is_refused_not_crashed() -> None:
    document = signed()
    document["credentialSubject"] = {**document["credentialSubject"], "score": 0.5}
    with pytest.raises(ProofError, match="float"):
        verify(document, KEY.public_key())


# --- one spelling of a proof: its proofValue and its created ------------------------------------


def signed_value() -> str:
    return signed()["proof"]["proofValue"]


@pytest.mark.parametrize(
    "spell",
    [
        lambda value: value + " ",
        lambda value: value + "\n",
        lambda value: value + "\t",
        lambda value: " " + value,
        lambda value: value[:20] + " " + value[20:],
        lambda value: "z1" + value[1:],  # a leading zero byte: 65 bytes
        lambda value: "Z" + value[1:],
        lambda value: "z",
    ],
    ids=[
        "trailing space",
        "trailing newline",
        "trailing tab",
        "leading space",
        "inner space",
        "leading 1",
        "capital Z",
        "empty",
    ],
)
def test_a_proof_value_spelt_otherwise_is_refused(spell) -> None:
    document = signed()
    document["proof"]["proofValue"] = spell(document["proof"]["proofValue"])
    with pytest.raises(ProofError, match="proofValue"):
        verify(document, KEY.public_key())


@pytest.mark.parametrize("size", [0, 1, 32, 63, 65, 128])
def test_a_proof_value_that_is_not_64_bytes_is_refused(size: int) -> None:
    document = signed()
    document["proof"]["proofValue"] = "z" + base58.b58encode(b"\x07" * size).decode()
    with pytest.raises(ProofError) as refused:
        verify(document, KEY.public_key())
    if size:
        assert str(refused.value) == (
            f"the proofValue is {size} bytes, not a 64-byte Ed25519 signature"
        )
    else:
        assert str(refused.value) == ("the proofValue is not a base58btc multibase string (z...)")


def signed_by_hand(created: object) -> dict:
    """CREDENTIAL signed as the suite says, whatever `created` is (sign() refuses a bad one)."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": created,
        "verificationMethod": verification_method_id(DID),
        "proofPurpose": "assertionMethod",
    }
    config = {**options, "@context": CREDENTIAL["@context"]}
    hash_data = hashlib.sha256(canonical(config)).digest()
    hash_data += hashlib.sha256(canonical(CREDENTIAL)).digest()
    value = "z" + base58.b58encode(KEY.sign(hash_data)).decode()
    return {**CREDENTIAL, "proof": {**options, "proofValue": value}}


def test_a_proof_signed_by_hand_verifies() -> None:
    document = signed_by_hand("2025-01-01T00:00:00Z")
    assert document == signed()
    verify(document, KEY.public_key())


@pytest.mark.parametrize(
    "created",
    [
        "2025-01-01T00:00:00Z",
        "2024-02-29T23:59:59.123+05:30",
        "2025-12-31T24:00:00-14:00",
        "0001-01-01T00:00:00+00:00",
        "12025-06-01T12:00:00Z",
        "-0044-03-15T12:00:00Z",
    ],
)
def test_a_date_time_stamp_is_a_created(created: str) -> None:
    verify(signed(created=created), KEY.public_key())
    verify(signed_by_hand(created), KEY.public_key())


@pytest.mark.parametrize(
    "created",
    [
        "2025-01-01T00:00:00",
        "2025-01-01",
        "2025-01-01 00:00:00Z",
        "20250101T000000Z",
        "2025-01-01T00:00Z",
        "2025-01-01T00:00:00z",
        "2025-01-01T00:00:00Z\n",
        " 2025-01-01T00:00:00Z",
        "2025-01-01T00:00:00+15:00",
        "2025-01-01T00:00:00+0000",
        "2025-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-01-01T25:00:00Z",
        "2025-01-01T24:00:01Z",
        "2025-01-01T00:00:60Z",
        "2025-01-01T00:00:00.Z",
        "٢٠٢٥-01-01T00:00:00Z",
        "",
        1735689600,
        None,
    ],
)
def test_created_must_be_a_date_time_stamp(created: object) -> None:
    expected = (
        f"the proof's created {created!r} is not an XML Schema dateTimeStamp "
        "(a date and time with its timezone, e.g. 2025-01-01T00:00:00Z)"
    )
    with pytest.raises(ProofError) as by_verify:
        verify(signed_by_hand(created), KEY.public_key())
    assert str(by_verify.value) == expected
    with pytest.raises(ProofError) as by_sign:
        signed(created=created)
    assert str(by_sign.value) == expected
