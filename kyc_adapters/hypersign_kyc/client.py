"""Hypersign KYC + SSI: one client for its three services (hypersign-kyc-ssi-custom-ui.txt).

- dashboard  POST /api/v1/app/oauth?grant_type=...      admin tokens for the two others
- SSI        POST /api/v1/did/create, /did/auth/issue-jwt, /presentation   (Bearer SSI admin)
- KYC        POST /api/v2/session, /auth/exchange, /documents/extract, /biometrics/verify,
             /consents                                   (x-kyc-access-token, Bearer user token)

The three are called by ABSOLUTE URL through one long-lived `httpx.Client` (it carries the
recording transport), so the same client serves the sandbox's sub-prefixes or the live hosts.

Vendor caveats handled here:
- Three error shapes. dashboard `{statusCode, message, error}`; SSI `{statusCode, message[],
  error}`; KYC `{success: false, statusCode, error: {code, message}}` (the KYC shape is the
  contract's: the document is silent). A KYC 200 with `success: false` is a failure. For the
  dashboard and SSI shapes, `error` (the status phrase, "Unauthorized") stands as the code.
- Admin tokens are cached until they expire on the client's clock (tokens.py). A 401 to a call
  that carried an admin token, saying that ADMIN token is bad (KYC code UNAUTHORIZED; any 401
  from SSI, whose Bearer is the admin token), drops that token, fetches a new one and retries
  the call once. The history shows each exchange: the refused call (its step), the dashboard
  call (`oauth-<service>-refresh`) and the call again (`<step>-retry`).
- `did/create`: the document reads `metadata.didDocument.verificationMethods`; W3C names the
  key `verificationMethod`. Both are read; the Ed25519VerificationKey2020 method is picked.
"""

import base64
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx
import pycountry

from kyc_adapters.base import call, json_body, parse_model
from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    KycError,
    VendorStatusError,
)
from kyc_adapters.hypersign_kyc.models import (
    DOCUMENT_TYPES,
    GRANT_TYPES,
    VENDOR,
    AdminToken,
    Biometrics,
    Consent,
    DidCreated,
    DidJwt,
    Extraction,
    KycSession,
    Presentation,
    TokenStatus,
    UserSession,
    UserToken,
)
from kyc_adapters.hypersign_kyc.tokens import AdminTokenCache

T = TypeVar("T")

# The step names the history files each exchange under.
STEP_OAUTH = "oauth-{service}"  # the first admin token of a service
STEP_OAUTH_REFRESH = "oauth-{service}-refresh"  # every later one (expired, or refused)
RETRY_SUFFIX = "-retry"  # a call sent again once its refused admin token was replaced


class InvalidRequest(KycError, ValueError):
    """The request breaks a rule of the document; nothing was sent."""


class AdminTokenRejected(InvalidCredentials):
    """A 401 saying an admin token (KYC or SSI) is missing, invalid or expired. `services`:
    ("ssi",) from the SSI service (its Bearer is its admin token); None from the KYC service,
    whose UNAUTHORIZED does not say which: every admin token the call carried is replaced."""

    services: tuple[str, ...] | None = None


class HypersignKycClient:
    """Talks to the three services (or the sandbox's) through an injected `httpx.Client`."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        kyc_api_secret: str,
        ssi_api_secret: str,
        dashboard_url: str,
        kyc_url: str,
        ssi_url: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._http = http
        self._secrets = {"kyc": kyc_api_secret, "ssi": ssi_api_secret}
        self._dashboard_url = dashboard_url.rstrip("/")
        self._kyc_url = kyc_url.rstrip("/")
        self._ssi_url = ssi_url.rstrip("/")
        self._clock = clock
        self._tokens = AdminTokenCache(self._fetch_admin_token, clock)

    @property
    def kyc_url(self) -> str:
        """The KYC service's base URL: the document's `audience` for the DID-JWT."""
        return self._kyc_url

    # --- admin tokens ---------------------------------------------------------------------

    def admin_tokens(self) -> list[TokenStatus]:
        """Each cached admin token's times on the client's clock, never its value."""
        return self._tokens.status()

    def forget_admin_tokens(self) -> None:
        """Drop the cached admin tokens (new credentials, say): the next call fetches anew."""
        self._tokens.clear()

    def _fetch_admin_token(self, service: str, refresh: bool) -> AdminToken:
        step = (STEP_OAUTH_REFRESH if refresh else STEP_OAUTH).format(service=service)
        return call(
            self._http,
            VENDOR,
            step,
            "POST",
            f"{self._dashboard_url}/api/v1/app/oauth",
            lambda response: parse_model(VENDOR, AdminToken, _dashboard_body(response)),
            params={"grant_type": GRANT_TYPES[service]},
            headers={"X-Api-Secret-Key": self._secrets[service], "Accept": "application/json"},
        )

    def _with_admin(
        self,
        step: str,
        services: Sequence[str],
        send: Callable[[str, dict[str, str]], T],
    ) -> T:
        """`send(step, tokens)` with the cached admin tokens; once again with new ones if the
        vendor says an admin token is bad."""
        tokens = {service: self._tokens.get(service) for service in services}
        try:
            return send(step, tokens)
        except AdminTokenRejected as exc:
            refused = [s for s in (exc.services or services) if s in tokens] or list(services)
        for service in refused:
            self._tokens.drop(service, tokens[service])
        tokens = {service: self._tokens.get(service) for service in services}
        return send(step + RETRY_SUFFIX, tokens)

    # --- KYC: session ---------------------------------------------------------------------

    def create_session(self) -> KycSession:
        """POST /api/v2/session: a verification session for one user's journey."""

        def send(step: str, tokens: dict[str, str]) -> KycSession:
            # As the document sends it: a JSON content type and no body.
            headers = {"x-kyc-access-token": tokens["kyc"], "Content-Type": "application/json"}
            return self._kyc(step, "/api/v2/session", KycSession, headers=headers)

        return self._with_admin("create-session", ("kyc",), send)

    # --- SSI: DIDs, the DID-signed JWT, presentations --------------------------------------

    def create_did(self, *, namespace: str = "") -> DidCreated:
        """POST /api/v1/did/create; the answer's Ed25519VerificationKey2020 method is
        `.verification_method_id` (a DID without one is a contract violation)."""

        def parse(response: httpx.Response) -> DidCreated:
            created = parse_model(VENDOR, DidCreated, _ssi_body(response))
            if created.ed25519_method() is None:
                raise ContractViolation(
                    VENDOR,
                    "the DID document has no Ed25519VerificationKey2020 verification method",
                    body=created.model_dump(by_alias=True),
                )
            return created

        return self._ssi("create-did", "/api/v1/did/create", parse, {"namespace": namespace})

    def issue_user_jwt(
        self,
        *,
        issuer_did: str,
        issuer_verification_method_id: str,
        audience: str,
        claims: Mapping[str, Any],
        ttl_seconds: int = 3600,
    ) -> DidJwt:
        """POST /api/v1/did/auth/issue-jwt: a JWT carrying `claims` (the user's `email` and
        DID), signed by the app's issuer DID."""
        body = {
            "issuer": {"verificationmethodId": issuer_verification_method_id, "did": issuer_did},
            "audience": audience,
            "claims": dict(claims),
            "ttlSeconds": ttl_seconds,
        }
        return self._ssi("issue-jwt", "/api/v1/did/auth/issue-jwt", _model(DidJwt, _ssi_body), body)

    def create_presentation(
        self,
        *,
        credentials: Sequence[Mapping[str, Any]],
        holder_did: str,
        challenge: str,
        domain: str,
        verification_method_id: str,
    ) -> Presentation:
        """POST /api/v1/presentation: the credentials wrapped and signed by the holder's key,
        `challenge` the session id and `domain` an origin with its scheme."""
        body = {
            "credentialDocuments": [dict(c) for c in credentials],
            "holderDid": holder_did,
            "challenge": challenge,
            "domain": domain,
            "verificationMethodId": verification_method_id,
        }
        return self._ssi(
            "create-presentation", "/api/v1/presentation", _model(Presentation, _ssi_body), body
        )

    def _ssi(
        self, step: str, path: str, parse: Callable[[httpx.Response], T], body: dict[str, Any]
    ) -> T:
        def send(step: str, tokens: dict[str, str]) -> T:
            headers = {"Authorization": f"Bearer {tokens['ssi']}"}
            return call(
                self._http,
                VENDOR,
                step,
                "POST",
                self._ssi_url + path,
                parse,
                json=body,
                headers=headers,
            )

        return self._with_admin(step, ("ssi",), send)

    # --- KYC: the user's token ------------------------------------------------------------

    def exchange(self, *, did_jwt: str, session_id: str) -> UserToken:
        """POST /api/v2/auth/exchange: the DID-JWT for the KYC user token of `session_id`."""

        def send(step: str, tokens: dict[str, str]) -> UserToken:
            headers = {
                "x-ssi-access-token": tokens["ssi"],
                "x-kyc-access-token": tokens["kyc"],
                "Authorization": f"Bearer {did_jwt}",
            }
            body = {"provider": "client_auth", "sessionId": session_id}
            return self._kyc(step, "/api/v2/auth/exchange", UserToken, headers=headers, json=body)

        return self._with_admin("exchange", ("kyc", "ssi"), send)

    def user_session(
        self,
        *,
        session_id: str,
        issuer_did: str,
        issuer_verification_method_id: str,
        claims: Mapping[str, Any],
        audience: str | None = None,
        ttl_seconds: int = 3600,
    ) -> UserSession:
        """The document's generateKycUserSessionToken: issue-jwt, then exchange. `claims` hold
        the user's `email` and DID (`userDid` in the document's sample, `did` in the notes);
        `audience` defaults to the KYC service's URL, as in the document."""
        jwt = self.issue_user_jwt(
            issuer_did=issuer_did,
            issuer_verification_method_id=issuer_verification_method_id,
            audience=audience or self._kyc_url,
            claims=claims,
            ttl_seconds=ttl_seconds,
        )
        obtained_at = self._clock()
        token = self.exchange(did_jwt=jwt.accessToken, session_id=session_id)
        lifetime = token.expiresIn if token.expiresIn is not None else jwt.expiresIn
        return UserSession(
            session_id=session_id,
            user_token=token.kycServiceUserAccessToken,
            obtained_at=obtained_at,
            expires_at=obtained_at + lifetime if lifetime is not None else None,
        )

    # --- KYC: document, selfie, consent ---------------------------------------------------

    def extract_document(
        self,
        *,
        user_token: str,
        session_id: str,
        document_type: str,
        front: bytes,
        back: bytes | None = None,
        country_code: str | None = None,
    ) -> Extraction:
        """POST /api/v2/documents/extract. PASSPORT sends its information page only
        (`front`); GOVT_ID sends `front`, `back` and an ISO alpha-3 `country_code`."""
        body = {"documentFront": _image(front, "front"), "sessionId": session_id}
        body |= _document_fields(document_type, back, country_code)

        def send(step: str, tokens: dict[str, str]) -> Extraction:
            return self._kyc(
                step,
                "/api/v2/documents/extract",
                Extraction,
                headers=self._user_headers(tokens, user_token),
                json=body,
            )

        return self._with_admin("extract-document", ("kyc",), send)

    def verify_biometrics(
        self,
        *,
        user_token: str,
        session_id: str,
        extraction_token: str,
        selfie: bytes,
        holder_did: str,
        issuer_did: str,
        issuer_verification_method_id: str,
    ) -> Biometrics:
        """POST /api/v2/biometrics/verify: the selfie against the document's face; on a match,
        the credentials issued to `holder_did` by the app's issuer DID."""
        body = {
            "documentToken": extraction_token,
            "sessionId": session_id,
            "selfieImage": _image(selfie, "selfie"),
            "holderDid": holder_did,
        }

        def send(step: str, tokens: dict[str, str]) -> Biometrics:
            headers = self._user_headers(tokens, user_token) | {
                "x-issuer-did": issuer_did,
                "x-issuer-did-ver-method": issuer_verification_method_id,
            }
            return self._kyc(
                step, "/api/v2/biometrics/verify", Biometrics, headers=headers, json=body
            )

        return self._with_admin("verify-biometrics", ("kyc",), send)

    def submit_consent(
        self, *, user_token: str, session_id: str, presentation: Mapping[str, Any]
    ) -> Consent:
        """POST /api/v2/consents: the holder-signed presentation, as the SSI service made it."""
        body = {"sessionId": session_id, "presentation": dict(presentation)}

        def send(step: str, tokens: dict[str, str]) -> Consent:
            return self._kyc(
                step,
                "/api/v2/consents",
                Consent,
                headers=self._user_headers(tokens, user_token),
                json=body,
            )

        return self._with_admin("submit-consent", ("kyc",), send)

    @staticmethod
    def _user_headers(tokens: dict[str, str], user_token: str) -> dict[str, str]:
        return {"x-kyc-access-token": tokens["kyc"], "Authorization": f"Bearer {user_token}"}

    def _kyc(self, step: str, path: str, model: type[T], **kwargs: Any) -> T:
        return call(
            self._http,
            VENDOR,
            step,
            "POST",
            self._kyc_url + path,
            _model(model, _kyc_data),
            **kwargs,
        )


# --- local checks -----------------------------------------------------------------------


def _image(content: bytes, name: str) -> str:
    if not content:
        raise InvalidRequest(VENDOR, f"The {name} image is empty: capture or upload it again.")
    return base64.b64encode(content).decode("ascii")


def _document_fields(
    document_type: str, back: bytes | None, country_code: str | None
) -> dict[str, str]:
    """The body's fields beyond documentFront and sessionId, by the document's rules."""
    if document_type not in DOCUMENT_TYPES:
        raise InvalidRequest(
            VENDOR, f"documentType must be PASSPORT or GOVT_ID, not {document_type!r}."
        )
    if document_type == "PASSPORT":
        if back is not None:
            raise InvalidRequest(
                VENDOR, "A passport sends its information page only (documentFront), no back."
            )
        if country_code is not None:
            raise InvalidRequest(VENDOR, "A passport is sent without a countryCode.")
        return {"documentType": "PASSPORT"}
    if back is None:
        raise InvalidRequest(VENDOR, "A government ID needs its back image as well (documentBack).")
    code = (country_code or "").strip().upper()
    if not code:
        raise InvalidRequest(VENDOR, "A government ID needs its country: an ISO alpha-3 code.")
    if len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
        raise InvalidRequest(
            VENDOR, f"countryCode must be an ISO 3166 alpha-3 code (IND for India), not {code!r}."
        )
    return {"documentBack": _image(back, "back"), "documentType": "GOVT_ID", "countryCode": code}


# --- the three services' answers ------------------------------------------------------


def _model(model: type[T], body: Callable[[httpx.Response], Any]) -> Callable[[httpx.Response], T]:
    return lambda response: parse_model(VENDOR, model, body(response))


def _object(response: httpx.Response) -> dict[str, Any]:
    data = json_body(VENDOR, response)
    if not isinstance(data, dict):
        raise ContractViolation(
            VENDOR, f"The answer (HTTP {response.status_code}) is not a JSON object.", body=data
        )
    return data


def _dashboard_body(response: httpx.Response) -> dict[str, Any]:
    data = _object(response)
    if not response.is_success:
        raise _error(response.status_code, data)
    return data


def _ssi_body(response: httpx.Response) -> dict[str, Any]:
    data = _object(response)
    if not response.is_success:
        error = _error(response.status_code, data)
        if response.status_code == 401:  # SSI's Bearer is the SSI admin token: any 401 is it
            error = _admin_token_rejected(error, ("ssi",))
        raise error
    return data


def _kyc_data(response: httpx.Response) -> dict[str, Any]:
    data = _object(response)
    if response.is_success and data.get("success") is True:
        if not isinstance(data.get("data"), dict):
            raise ContractViolation(VENDOR, "success without a data object", body=data)
        return data["data"]
    if response.is_success and data.get("success") is not False:
        raise ContractViolation(
            VENDOR, f"success is {data.get('success')!r} on HTTP {response.status_code}", body=data
        )
    # Not documented by the vendor: the status of a 200 with success false; the body's own
    # statusCode when it gives one, else the HTTP status.
    status = data.get("statusCode")
    if not (isinstance(status, int) and 400 <= status <= 599) or not response.is_success:
        status = response.status_code
    error = _error(status, data)
    if status == 401 and error.code == "UNAUTHORIZED":
        # An admin token, not the user's. Which one (the exchange carries both) is told only in
        # words, so every admin token the call carried is replaced: a retry with one of them
        # still stale would fail again, and the call is retried only once.
        error = _admin_token_rejected(error, None)
    raise error


def _admin_token_rejected(
    error: VendorStatusError, services: tuple[str, ...] | None
) -> AdminTokenRejected:
    rejected = AdminTokenRejected(
        VENDOR,
        status_code=error.status_code,
        code=error.code,
        message=error.message,
        body=error.body,
    )
    rejected.services = services
    return rejected


def _error(status: int, data: dict[str, Any]) -> VendorStatusError:
    """The vendor's error in any of its three shapes (a fault or a proxy may answer one
    service in another's shape)."""
    error, message = data.get("error"), data.get("message")
    if isinstance(error, dict):  # KYC: {"error": {"code", "message"}}
        code = _text(error.get("code")) or None
        text = _text(error.get("message"))
    else:  # dashboard {"message": "...", "error"} or SSI {"message": [...], "error"}
        code = _text(error) or None
        text = _text(message)
    kind = InvalidCredentials if status == 401 else VendorStatusError
    return kind(VENDOR, status_code=status, code=code, message=text or f"HTTP {status}", body=data)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value if item is not None)
    return str(value)
