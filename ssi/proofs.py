"""W3C Data Integrity proofs with Ed25519, cryptosuite eddsa-jcs-2022.

JCS (RFC 8785) canonical JSON, not JSON-LD: the eddsa-rdfc-2022 suite canonicalises with
URDNA2015, which expands every @context URL by fetching it from a remote host, and this code
runs offline. The canonical form is ``json.dumps(..., separators=(",", ":"),
ensure_ascii=False)`` over keys sorted by their UTF-16 code units (as JCS sorts them), which is
JCS exactly for documents without floats: floats are refused, and so are integers beyond 2^53
(JCS would write those as floats), non-string keys and lone surrogates.

Signing, as the suite says: proofConfig = the proof's options (no proofValue) with the
document's @context when it has one; hashData = SHA-256(JCS(proofConfig)) +
SHA-256(JCS(document without its proof)); proofValue = "z" + base58btc(Ed25519(hashData)).
The challenge and domain are in the proof's options, so the signature covers them too.
The signature is the suite's exactly (the W3C vc-di-eddsa test vector signs and verifies the
same: tests/ssi). The proof holds the keys the team's contract lists: not the suite's copy of
the document's @context, which is hashed all the same, and which a verifier following the
suite takes from the document when the proof has none.

A proof has one spelling: the proofValue is "z" and base58btc only (no whitespace, which the
base58 library would strip) of exactly 64 bytes, and `created` an XML Schema dateTimeStamp (its
timezone included), as Data Integrity requires; sign() and verify() refuse anything else.
"""

import hashlib
import json
import re
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ssi.did import DidError, did_of, public_key_from_did

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
MAX_SAFE_INTEGER = 2**53 - 1
SIGNATURE_BYTES = 64
# Multibase base58btc and nothing else: "z", then the bitcoin alphabet (no 0, O, I, l), no
# whitespace (base58.b58decode would strip it, so one signature would have many spellings).
_PROOF_VALUE = re.compile(r"z[1-9A-HJ-NP-Za-km-z]+")
# XML Schema 1.1 dateTimeStamp (a dateTime whose timezone is required), its lexical space.
_DATE_TIME_STAMP = re.compile(
    r"(?P<year>-?(?:[1-9][0-9]{3,}|0[0-9]{3}))-(?P<month>0[1-9]|1[0-2])"
    r"-(?P<day>0[1-9]|[12][0-9]|3[01])"
    r"T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
    r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class ProofError(ValueError):
    """A proof that cannot be made or does not verify; the message says why."""


def canonical(value: Any) -> bytes:
    """The JCS form of a JSON value without floats, as UTF-8 bytes."""
    text = json.dumps(_ordered(value, "$"), separators=(",", ":"), ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ProofError("a string holds a lone surrogate, which JCS cannot write") from error


def sign(
    document: dict,
    private_key: Ed25519PrivateKey,
    *,
    verification_method: str,
    purpose: str,
    created: str,
    challenge: str | None = None,
    domain: str | None = None,
) -> dict:
    """A copy of `document` with its `proof` (the document itself is left as it was)."""
    if not isinstance(document, dict):
        raise ProofError("only a JSON object can carry a proof")
    if "proof" in document:
        raise ProofError("the document already has a proof")
    _check_created(created)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": purpose,
    }
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    signature = private_key.sign(_hash_data(document, options))
    proof = {**options, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}
    return {**document, "proof": proof}


def verify(
    document: dict,
    public_key: Ed25519PublicKey,
    *,
    purpose: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
) -> None:
    """Raises ProofError unless `public_key` signed `document` as it is now.

    With `purpose`, `challenge` or `domain`, the proof must also say exactly that (a verifier
    reads them from the proof; the signature covers them, so they cannot be swapped).
    """
    proof = _proof(document)
    raw = proof.get("proofValue")
    if not isinstance(raw, str) or _PROOF_VALUE.fullmatch(raw) is None:
        raise ProofError("the proofValue is not a base58btc multibase string (z...)")
    signature = base58.b58decode(raw[1:])
    if len(signature) != SIGNATURE_BYTES:
        raise ProofError(
            f"the proofValue is {len(signature)} bytes, not a {SIGNATURE_BYTES}-byte "
            "Ed25519 signature"
        )
    _check_created(proof.get("created"))
    options = {key: item for key, item in proof.items() if key != "proofValue"}
    unsecured = {key: item for key, item in document.items() if key != "proof"}
    try:
        public_key.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature:
        raise ProofError(
            "the signature does not verify: the document was changed after it was signed, "
            "or another key signed it"
        ) from None
    for name, wanted in (("proofPurpose", purpose), ("challenge", challenge), ("domain", domain)):
        if wanted is not None and proof.get(name) != wanted:
            raise ProofError(f"the proof's {name} is {proof.get(name)!r}, not {wanted!r}")


def verify_with_did(document: dict, **expected: str | None) -> None:
    """verify() with the key of the DID that `proof.verificationMethod` belongs to."""
    method = _proof(document).get("verificationMethod")
    if not isinstance(method, str):
        raise ProofError("the proof names no verificationMethod")
    try:
        key = public_key_from_did(did_of(method))
    except DidError as error:
        raise ProofError(f"the proof's verificationMethod: {error}") from error
    verify(document, key, **expected)


def _proof(document: Any) -> dict:
    if not isinstance(document, dict):
        raise ProofError("the document is not a JSON object")
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("the document has no proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"the proof is not a {PROOF_TYPE} of cryptosuite {CRYPTOSUITE}")
    return proof


def _check_created(created: object) -> None:
    """Raises ProofError unless `created` is an XML Schema dateTimeStamp, as Data Integrity
    requires: a date and time of day with its timezone ("2025-01-01T00:00:00Z")."""
    found = _DATE_TIME_STAMP.fullmatch(created) if isinstance(created, str) else None
    if found is not None:
        year, month, day = (int(found[name]) for name in ("year", "month", "day"))
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if day <= _MONTH_DAYS[month - 1] + (month == 2 and leap):
            return
    raise ProofError(
        f"the proof's created {created!r} is not an XML Schema dateTimeStamp "
        "(a date and time with its timezone, e.g. 2025-01-01T00:00:00Z)"
    )


def _hash_data(unsecured: dict, options: dict) -> bytes:
    config = dict(options)
    if "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    return (
        hashlib.sha256(canonical(config)).digest() + hashlib.sha256(canonical(unsecured)).digest()
    )


def _ordered(value: Any, where: str) -> Any:
    """`value` checked for JCS, each object rebuilt with its keys in UTF-16 order."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ProofError(f"{where}: an integer beyond 2^53 cannot be canonicalised exactly")
        return value
    if isinstance(value, float):
        raise ProofError(f"{where}: floats are not signed here (write the number as a string)")
    if isinstance(value, list | tuple):
        return [_ordered(item, f"{where}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ProofError(f"{where}: object keys must be strings")
        keys = sorted(value, key=lambda key: key.encode("utf-16-be", "surrogatepass"))
        return {key: _ordered(value[key], f"{where}.{key}") for key in keys}
    raise ProofError(f"{where}: {type(value).__name__} is not a JSON value")
