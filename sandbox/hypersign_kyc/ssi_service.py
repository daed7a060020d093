"""The SSI service's rules: DIDs created (and held) for the app, DID-signed JWTs issued, and
presentations signed for a holder. Every refusal is the SSI shape's 400."""

import json
import secrets

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sandbox.hypersign_kyc import bodies, crypto
from sandbox.hypersign_kyc import errors as err
from sandbox.hypersign_kyc.backend import Backend
from ssi import did as dids
from ssi.proofs import ProofError

NAMESPACES = ("", "testnet")
TTL_RANGE = (60, 86400)
MAX_CLAIMS_CHARS = 4000


def create_did(backend: Backend, body: bodies.DidCreate) -> dict:
    if body.namespace not in NAMESPACES:
        raise err.ssi(400, 'namespace must be "" or "testnet"')
    key = Ed25519PrivateKey.generate()
    did = dids.did_from_public_key(key.public_key(), body.namespace)
    backend.keys.put(did, key)
    document = dids.did_document(did, key.public_key())
    # The document's code reads metadata.didDocument.verificationMethods (plural); W3C names
    # it verificationMethod. Both are served.
    document["verificationMethods"] = document["verificationMethod"]
    return {
        "did": did,
        "registrationStatus": "COMPLETED",
        # Not documented by the vendor: the transaction's form (a Cosmos hash: 64 hex digits).
        "transactionHash": secrets.token_hex(32).upper(),
        "metadata": {"didDocument": document},
    }


def issue_jwt(backend: Backend, body: bodies.IssueJwt) -> dict:
    low, high = TTL_RANGE
    if not low <= body.ttlSeconds <= high:
        raise err.ssi(400, f"ttlSeconds must be between {low} and {high}")
    # Measured as JSON.stringify would write the claims as sent (compact), in characters.
    if len(json.dumps(body.claims, separators=(",", ":"), ensure_ascii=False)) > MAX_CLAIMS_CHARS:
        raise err.ssi(400, f"claims must be at most {MAX_CLAIMS_CHARS} characters as JSON")
    if not body.audience.strip():
        raise err.ssi(400, "audience must not be empty")
    did, method = body.issuer.did, body.issuer.verificationmethodId
    key = backend.key(did)
    if key is None:
        raise err.ssi(400, "issuer.did is not a DID of this app")
    if method != dids.verification_method_id(did):
        raise err.ssi(400, "issuer.verificationmethodId is not a verification method of issuer.did")
    token = crypto.issue_jwt(
        key,
        kid=method,
        audience=body.audience,
        claims=body.claims,
        now=backend.now(),
        ttl=body.ttlSeconds,
    )
    return {"accessToken": token, "expiresIn": body.ttlSeconds}


def present(backend: Backend, body: bodies.Presentation) -> dict:
    if not body.credentialDocuments:
        raise err.ssi(400, "credentialDocuments must not be empty")
    if not body.challenge:
        raise err.ssi(400, "challenge must not be empty")
    if not crypto.has_scheme(body.domain):
        raise err.ssi(400, "domain must be an origin with its scheme, e.g. https://example.com")
    key = backend.key(body.holderDid)
    if key is None:
        raise err.ssi(400, "holderDid is not a DID of this app")
    if body.verificationMethodId != dids.verification_method_id(body.holderDid):
        raise err.ssi(400, "verificationMethodId is not a verification method of holderDid")
    try:
        vp = crypto.presentation(
            key,
            holder=body.holderDid,
            credentials=body.credentialDocuments,
            challenge=body.challenge,
            domain=body.domain,
            created=backend.now(),
        )
    except ProofError as error:  # a credential JCS cannot write (a float)
        raise err.ssi(400, f"credentialDocuments cannot be signed: {error}") from None
    return {"presentation": vp}
