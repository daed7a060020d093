"""The simulator's cryptography: DID-signed JWTs (PyJWT, EdDSA), W3C credentials and
presentations (ssi.proofs), and the checks the KYC service runs on a consent.

Times are epoch seconds on the sandbox clock; nothing here reads the wall clock.
"""

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ssi import did as dids
from ssi import proofs

CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"
RESERVED_CLAIMS = frozenset({"iss", "sub", "aud", "iat", "exp", "nbf", "jti"})
ASSERTION, AUTHENTICATION = "assertionMethod", "authentication"
# Not documented by the vendor: the clock skew allowed on a DID-JWT's iat and nbf. Chosen: 60 s.
JWT_LEEWAY_SECONDS = 60
_ORIGIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+(?:[/?#]\S*)?")


class JwtRefused(Exception):
    """A DID-JWT that does not verify; `expired` when only its time is up."""

    def __init__(self, message: str, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


class ConsentRefused(Exception):
    """A presentation the KYC service does not accept; the message is the reason."""


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _epoch(text: object) -> float | None:
    try:
        return datetime.fromisoformat(str(text)).timestamp()
    except ValueError:
        return None


# --- JWTs -------------------------------------------------------------------------------------


def issue_jwt(
    key: Ed25519PrivateKey,
    *,
    kid: str,
    audience: str,
    claims: dict,
    now: float,
    ttl: int,
    jti: str | None = None,
) -> str:
    """An EdDSA JWT signed by the DID that `kid` belongs to: the claims (reserved ones
    dropped), iss = that DID, aud, iat, exp and jti."""
    payload = {name: value for name, value in claims.items() if name not in RESERVED_CLAIMS}
    issued = int(now)
    payload |= {
        "iss": dids.did_of(kid),
        "aud": audience,
        "iat": issued,
        "exp": issued + ttl,
        "jti": jti or str(uuid.uuid4()),
    }
    return jwt.encode(payload, key, algorithm="EdDSA", headers={"kid": kid, "typ": "JWT"})


def verify_jwt(token: str, *, now: float, ours: Callable[[str], bool]) -> dict:
    """The claims of a DID-JWT signed by the key of its `kid`'s DID, a DID `ours` knows;
    raises JwtRefused. Its exp is read on the sandbox clock (`now`), not the wall clock."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise JwtRefused("the bearer token is not a JWT") from None
    kid = header.get("kid")
    if header.get("alg") != "EdDSA" or not isinstance(kid, str):
        raise JwtRefused("the JWT is not an EdDSA JWT with a kid")
    did = dids.did_of(kid)
    if kid != dids.verification_method_id(did) or not ours(did):
        raise JwtRefused("the JWT's kid is not a verification method of a DID of this app")
    try:
        claims = jwt.decode(
            token,
            dids.public_key_from_did(did),
            algorithms=["EdDSA"],
            # exp, iat and nbf on the sandbox clock, below (PyJWT reads the wall clock); the
            # document does not say the KYC service checks the audience, and the sandbox does not.
            options={
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
                "verify_aud": False,
                "require": ["iss", "exp"],
            },
        )
    except jwt.InvalidSignatureError:
        raise JwtRefused("the JWT's signature does not verify with its kid's key") from None
    except (jwt.PyJWTError, dids.DidError) as error:
        raise JwtRefused(f"the JWT does not verify: {error}") from None
    if claims["iss"] != did:
        raise JwtRefused("the JWT's iss is not the DID of its kid")
    exp = _seconds(claims, "exp")
    for name in ("iat", "nbf"):
        start = _seconds(claims, name) if name in claims else None
        if start is not None and start > now + JWT_LEEWAY_SECONDS:
            raise JwtRefused(f"the JWT is not yet valid ({name} {iso(start)})")
    if now >= exp:
        raise JwtRefused(f"the JWT expired at {iso(exp)}", expired=True)
    return claims


def _seconds(claims: dict, name: str) -> int:
    value = claims[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise JwtRefused(f"the JWT's {name} is not a number of seconds")
    return value


# --- credentials and presentations ------------------------------------------------------------


def credential(
    key: Ed25519PrivateKey,
    *,
    issuer: str,
    types: Iterable[str],
    subject: dict,
    issued: float,
    expires: float,
    id_: str | None = None,
) -> dict:
    """A W3C Verifiable Credential signed by `issuer` (proof purpose assertionMethod)."""
    document = {
        "@context": [CREDENTIALS_V1],
        "id": id_ or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", *types],
        "issuer": issuer,
        "issuanceDate": iso(issued),
        "expirationDate": iso(expires),
        "credentialSubject": subject,
    }
    return proofs.sign(
        document,
        key,
        verification_method=dids.verification_method_id(issuer),
        purpose=ASSERTION,
        created=iso(issued),
    )


def presentation(
    key: Ed25519PrivateKey,
    *,
    holder: str,
    credentials: list,
    challenge: str,
    domain: str,
    created: float,
    id_: str | None = None,
) -> dict:
    """A W3C Verifiable Presentation signed by `holder` (purpose authentication), bound to a
    challenge (the KYC session id) and a domain (the origin asking, scheme included)."""
    document = {
        "@context": [CREDENTIALS_V1],
        "id": id_ or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": credentials,
    }
    return proofs.sign(
        document,
        key,
        verification_method=dids.verification_method_id(holder),
        purpose=AUTHENTICATION,
        created=iso(created),
        challenge=challenge,
        domain=domain,
    )


def has_scheme(domain: object) -> bool:
    """Whether a presentation's domain is an origin with its scheme ("https://host")."""
    return isinstance(domain, str) and _ORIGIN.fullmatch(domain) is not None


def check_presentation(
    vp: dict,
    *,
    session_id: str,
    holder: str,
    issuer: str,
    issued: Mapping[str, bool],
    now: float,
) -> int:
    """How many credentials the presentation holds, once all of it verifies and they are
    credentials issued in this session (`issued`: id -> whether it is the identity
    document's), that one among them; raises ConsentRefused with the first reason it does
    not."""
    if vp.get("holder") != holder:
        raise ConsentRefused("the presentation's holder is not this session's user DID")
    proof = vp.get("proof")
    if not isinstance(proof, dict):
        raise ConsentRefused("the presentation has no proof")
    if proof.get("challenge") != session_id:
        raise ConsentRefused("the presentation's challenge is not this session's id")
    if not has_scheme(proof.get("domain")):
        raise ConsentRefused("the presentation's domain has no scheme (https://...)")
    if dids.did_of(str(proof.get("verificationMethod", ""))) != holder:
        raise ConsentRefused("the presentation is not signed by a key of its holder")
    try:
        proofs.verify_with_did(vp, purpose=AUTHENTICATION, challenge=session_id)
    except proofs.ProofError as error:
        raise ConsentRefused(f"the holder's proof does not verify: {error}") from None
    credentials = vp.get("verifiableCredential")
    if not isinstance(credentials, list) or not credentials:
        raise ConsentRefused("the presentation holds no credential")
    for number, vc in enumerate(credentials, start=1):
        _check_credential(vc, f"credential {number}", holder=holder, issuer=issuer, now=now)
    _check_issued_here(credentials, issued)
    return len(credentials)


def _check_issued_here(credentials: list[dict], issued: Mapping[str, bool]) -> None:
    """Each credential one of this session's, once; the identity document's among them (a
    face match says nothing on its own)."""
    seen: set[str] = set()
    for number, vc in enumerate(credentials, start=1):
        id_ = vc.get("id")
        if not isinstance(id_, str) or id_ not in issued:
            raise ConsentRefused(f"credential {number} was not issued in this session")
        if id_ in seen:
            raise ConsentRefused(f"credential {number} is presented twice")
        seen.add(id_)
    if not any(issued[id_] for id_ in seen):
        message = "the presentation holds no identity document credential issued in this session"
        raise ConsentRefused(message)


def _check_credential(vc: object, name: str, *, holder: str, issuer: str, now: float) -> None:
    if not isinstance(vc, dict):
        raise ConsentRefused(f"{name} is not a JSON object")
    if vc.get("issuer") != issuer:
        raise ConsentRefused(f"{name} was not issued by this session's issuer DID")
    proof = vc.get("proof")
    method = proof.get("verificationMethod") if isinstance(proof, dict) else None
    if method is not None and dids.did_of(str(method)) != issuer:
        raise ConsentRefused(f"{name}'s proof is not by its issuer's key")
    try:
        proofs.verify_with_did(vc, purpose=ASSERTION)
    except proofs.ProofError as error:
        raise ConsentRefused(f"{name}'s proof does not verify: {error}") from None
    subject = vc.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("id") != holder:
        raise ConsentRefused(f"{name}'s subject is not the presentation's holder")
    expires = _epoch(vc.get("expirationDate"))
    if expires is None or now >= expires:
        raise ConsentRefused(f"{name} has expired (or has no expirationDate)")
