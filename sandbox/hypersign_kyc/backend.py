"""What the three services remember, on the sandbox clock: admin tokens, DIDs and their keys
(custodial, as Hypersign's SSI service holds them), KYC sessions, user tokens, extractions.

Also who is calling: each check raises the calling service's own error. Everything here runs
on the event loop (the routes are async; vision runs in the thread pool and hands back its
result), so the state needs no lock.

Lifetimes, not documented by the vendor (chosen): admin tokens 900 s, sessions 1800 s, a user
token as long as the DID-JWT it was exchanged for.
"""

import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sandbox.core.bounded import Bounded
from sandbox.core.clock import SandboxClock
from sandbox.core.vision import FaceEmbedding
from sandbox.hypersign_kyc import errors as err
from sandbox.hypersign_kyc import seed

ADMIN_TOKEN_SECONDS = 900
SESSION_SECONDS = 1800
SEEDED_USER_TOKEN_SECONDS = 3600


@dataclass
class AdminToken:
    service: str  # "kyc" or "ssi"
    expires_at: float


@dataclass(frozen=True)
class User:
    did: str
    email: str
    claims: dict


@dataclass
class Session:
    id: str
    expires_at: float
    user: User | None = None
    issuer: str | None = None  # the DID that signed this session's credentials
    # The credentials biometrics/verify issued in this session: id -> whether it is the
    # identity document's (the face match's is not). Consent takes these and no others.
    credentials: dict[str, bool] = field(default_factory=dict)
    status: str = "PENDING"
    user_tokens: int = 0  # how many user tokens were exchanged for this session
    expired_by: str | None = None  # the magic email that expired it, if one did


@dataclass
class UserToken:
    session_id: str
    user: User
    expires_at: float
    born_expired: bool = False


@dataclass(frozen=True)
class Extraction:
    token: str
    session_id: str
    document_type: str
    country_code: str | None
    data: dict
    face: FaceEmbedding | None = field(default=None, repr=False)


class Backend:
    def __init__(self, clock: SandboxClock) -> None:
        self.clock = clock
        self.admin_tokens: Bounded[AdminToken] = Bounded()
        self.keys: Bounded[Ed25519PrivateKey] = Bounded()
        self.sessions: Bounded[Session] = Bounded()
        self.user_tokens: Bounded[UserToken] = Bounded()
        self.extractions: Bounded[Extraction] = Bounded()
        self.reset()

    def now(self) -> float:
        return self.clock.now()

    def reset(self) -> None:
        for store in (self.admin_tokens, self.keys, self.sessions, self.user_tokens):
            store.clear()
        self.extractions.clear()
        self.keys.put(seed.ISSUER_DID, seed.ISSUER_KEY)
        self.keys.put(seed.HOLDER_DID, seed.HOLDER_KEY)
        now = self.now()
        for token, service in ((seed.KYC_ADMIN_TOKEN, "kyc"), (seed.SSI_ADMIN_TOKEN, "ssi")):
            self.admin_tokens.put(token, AdminToken(service, now + ADMIN_TOKEN_SECONDS))
        for seeded in seed.SESSIONS:
            self._seed(seeded, now)

    def _seed(self, seeded: seed.SeededSession, now: float) -> None:
        session = self.sessions.put(seeded.id, Session(seeded.id, now + SESSION_SECONDS))
        if seeded.email is None or seeded.user_token is None:
            return
        claims = {"email": seeded.email, "did": seed.HOLDER_DID, "name": seed.PERSON["fullName"]}
        user = User(seed.HOLDER_DID, seeded.email, claims)
        self.bind(session, user, now + SEEDED_USER_TOKEN_SECONDS, token=seeded.user_token)
        if seeded.extraction is not None:
            self.extractions.put(
                seeded.extraction,
                Extraction(seeded.extraction, seeded.id, "PASSPORT", "IND", dict(seed.PERSON)),
            )
        if seeded.issued:
            session.issuer = seed.ISSUER_DID
            session.credentials.update(seed.ISSUED_CREDENTIALS)

    # --- admin tokens ------------------------------------------------------------------------

    def grant(self, service: str) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        self.admin_tokens.put(token, AdminToken(service, self.now() + ADMIN_TOKEN_SECONDS))
        return token, ADMIN_TOKEN_SECONDS

    def admin(self, token: str | None, service: str, where: str, refuse) -> None:
        """Raises refuse(message) unless `token` (sent in `where`) is a live admin token of
        `service`."""
        name = f"{service.upper()} access token ({where})"
        if not token:
            raise refuse(f"the {name} is missing")
        found = self.admin_tokens.get(token)
        if found is None or found.service != service:
            raise refuse(f"the {name} is not valid")
        if self.now() >= found.expires_at:
            raise refuse(f"the {name} has expired")

    # --- DIDs -------------------------------------------------------------------------------

    def holds(self, did: str) -> bool:
        """Whether the DID is the app's: its issuer, or one it created."""
        return did in self.keys

    def key(self, did: str) -> Ed25519PrivateKey | None:
        return self.keys.get(did)

    # --- sessions and user tokens ------------------------------------------------------------

    def new_session(self) -> Session:
        # Not documented by the vendor: the session id's form. Chosen: 32 hex digits.
        session_id = secrets.token_hex(16)
        return self.sessions.put(session_id, Session(session_id, self.now() + SESSION_SECONDS))

    def session(self, session_id: str) -> Session:
        """A live session; 404 SESSION_NOT_FOUND or 401 SESSION_EXPIRED otherwise."""
        found = self.sessions.get(session_id)
        if found is None:
            raise err.kyc(404, err.SESSION_NOT_FOUND, f"no session {session_id!r}")
        if self.now() >= found.expires_at:
            forced = seed.forced(found.expired_by) if found.expired_by else ""
            raise err.kyc(401, err.SESSION_EXPIRED, f"the session has expired{forced}")
        return found

    def bind(self, session: Session, user: User, expires_at: float, token: str | None = None):
        """A user token for `user` on `session` (the magic emails bend it; seed.magic)."""
        token = token or secrets.token_urlsafe(32)
        session.user = user
        session.status = "IN_PROGRESS"
        magic = seed.magic(user.email)
        if magic == seed.MAGIC_SESSION_EXPIRED:
            session.expires_at, session.expired_by = self.now(), magic
        # token-expired: the session's first user token is born expired; a renewed one lives.
        expired = magic == seed.MAGIC_TOKEN_EXPIRED and session.user_tokens == 0
        session.user_tokens += 1
        self.user_tokens.put(token, UserToken(session.id, user, expires_at, expired))
        return token

    def user_token(self, token: str | None) -> UserToken:
        """A live user token; 401 INVALID_ACCESS_TOKEN or ACCESS_TOKEN_EXPIRED otherwise."""
        if not token:
            message = "Authorization: Bearer <user access token> is missing"
            raise err.kyc(401, err.INVALID_ACCESS_TOKEN, message)
        found = self.user_tokens.get(token)
        if found is None:
            raise err.kyc(401, err.INVALID_ACCESS_TOKEN, "the user access token is not valid")
        if found.born_expired or self.now() >= found.expires_at:
            forced = seed.forced(seed.MAGIC_TOKEN_EXPIRED) if found.born_expired else ""
            message = f"the user access token has expired{forced}"
            raise err.kyc(401, err.ACCESS_TOKEN_EXPIRED, message)
        return found

    def user_session(self, token: UserToken, session_id: str) -> Session:
        """The live session the user token was issued for."""
        session = self.session(session_id)
        if token.session_id != session.id:
            message = "the user access token belongs to another session"
            raise err.kyc(401, err.INVALID_ACCESS_TOKEN, message)
        return session
