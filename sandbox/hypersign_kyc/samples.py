"""The signed things the scenario catalog sends: DID-JWTs and presentations, good and forged.

Ed25519 signatures are deterministic and every time and id here is fixed, so these are the
same bytes on every start: the catalog is a constant. They are dated 2025-01-01 and valid until
2100 (longer than issue-jwt's 86400 s would allow: they are seeds, not issued), except the
expired JWT.
"""

from functools import cache

from sandbox.hypersign_kyc import crypto, seed

SIGNED_AT = 1735689600  # 2025-01-01T00:00:00Z
VALID_UNTIL = 4102444800  # 2100-01-01T00:00:00Z
ORIGIN = "http://localhost:8501"  # the console's own origin, as window.location.origin
KYC_AUDIENCE = "https://api.cavach.hypersign.id"
PRIYA_SESSION = "sbx-session-priya"
_id = seed.fixed_id


def _jwt(key, email: str, ttl: int = VALID_UNTIL - SIGNED_AT) -> str:
    claims = {"name": seed.PERSON["fullName"], "email": email, "userDid": seed.HOLDER_DID}
    return crypto.issue_jwt(
        key,
        kid=seed.ISSUER_METHOD,
        audience=KYC_AUDIENCE,
        claims=claims,
        now=SIGNED_AT,
        ttl=ttl,
        jti=_id(f"jwt/{email}/{ttl}"),
    )


@cache
def did_jwt() -> str:
    """Priya's DID-JWT, signed by the app's issuer DID (claims as the document sends them)."""
    return _jwt(seed.ISSUER_KEY, "priya@example.com")


@cache
def expired_jwt() -> str:
    return _jwt(seed.ISSUER_KEY, "priya@example.com", ttl=3600)


@cache
def tampered_jwt() -> str:
    """did_jwt() with another payload (another email) under the same signature."""
    header, _payload, signature = did_jwt().split(".")
    _h, other, _s = _jwt(seed.ISSUER_KEY, "someone-else@example.com").split(".")
    return f"{header}.{other}.{signature}"


@cache
def foreign_jwt() -> str:
    """Claims the issuer's kid, signed by a key the app never registered."""
    return _jwt(seed.STRANGER_KEY, "priya@example.com")


def _credentials(issuer_key=seed.ISSUER_KEY, tampered: bool = False) -> list[dict]:
    passport = crypto.credential(
        issuer_key,
        issuer=seed.ISSUER_DID,
        types=["PassportCredential"],
        subject={"id": seed.HOLDER_DID, "documentType": "PASSPORT", **seed.PERSON},
        issued=SIGNED_AT,
        expires=VALID_UNTIL,
        id_=seed.PASSPORT_CREDENTIAL_ID,
    )
    if tampered:
        subject = {**passport["credentialSubject"], "dateOfBirth": "1982-04-23"}
        passport = {**passport, "credentialSubject": subject}
    face = crypto.credential(
        seed.ISSUER_KEY,
        issuer=seed.ISSUER_DID,
        types=["FaceMatchCredential"],
        subject={"id": seed.HOLDER_DID, "faceMatched": True, "distance": "0.3100"},
        issued=SIGNED_AT,
        expires=VALID_UNTIL,
        id_=seed.FACE_CREDENTIAL_ID,
    )
    return [passport, face]


def _presentation(credentials: list[dict], challenge=PRIYA_SESSION, domain=ORIGIN) -> dict:
    return crypto.presentation(
        seed.HOLDER_KEY,
        holder=seed.HOLDER_DID,
        credentials=credentials,
        challenge=challenge,
        domain=domain,
        created=SIGNED_AT,
        id_=_id(f"vp/{challenge}/{domain}"),
    )


@cache
def credentials() -> list[dict]:
    """Priya's two credentials, as biometrics/verify issued them."""
    return _credentials()


@cache
def presentation() -> dict:
    """Priya's consent for the seeded session sbx-session-priya."""
    return _presentation(credentials())


@cache
def wrong_challenge_presentation() -> dict:
    return _presentation(credentials(), challenge="sbx-session-fresh")


@cache
def schemeless_presentation() -> dict:
    return _presentation(credentials(), domain="localhost:8501")


@cache
def tampered_presentation() -> dict:
    """The passport credential's date of birth changed after the issuer signed it (the
    holder's own proof, made over the changed credential, verifies)."""
    return _presentation(_credentials(tampered=True))


@cache
def foreign_key_presentation() -> dict:
    """A passport credential naming the app's issuer, signed by a key the app never had."""
    return _presentation(_credentials(issuer_key=seed.STRANGER_KEY))
