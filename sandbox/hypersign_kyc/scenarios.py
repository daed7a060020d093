"""Every documented outcome of Hypersign KYC + SSI, as one request QA can send after a reset.

A journey is nine calls; each entry here is one of them, made on the seeded state (seed.py): the
admin tokens sbx-kyc-admin-token and sbx-ssi-admin-token (valid 900 s from the reset), the
seeded sessions and their user tokens, and the signed samples (samples.py). The magic emails
force an outcome in a journey of your own; their entries use a seeded session whose user
exchanged with that email.
"""

from functools import cache

from sandbox.core.scenarios import Scenario, ScenarioExpect, ScenarioRequest, scenario_maker
from sandbox.hypersign_kyc import errors as err
from sandbox.hypersign_kyc import kyc_service, paths, samples, seed
from sandbox.hypersign_kyc.paths import PREFIX, VENDOR

JSON = {"content-type": "application/json"}
KYC = {**JSON, "x-kyc-access-token": seed.KYC_ADMIN_TOKEN}
SSI = {**JSON, "Authorization": f"Bearer {seed.SSI_ADMIN_TOKEN}"}
# A white pixel: enough for the entries whose outcome a magic email forces before any reading.
PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
DATA_PIXEL = f"data:image/png;base64,{PIXEL}"
STRANGER = seed.STRANGER_DID


def _user(name: str) -> dict:
    return {**KYC, "Authorization": f"Bearer sbx-user-{name}"}


def _post(path: str, headers: dict, body=None) -> ScenarioRequest:
    return ScenarioRequest(path=PREFIX + path, headers=headers, json=body)


def _kyc_error(status: int, code: str, message: str | None = None) -> ScenarioExpect:
    fields = {"success": False, "statusCode": status, "error.code": code}
    if message is not None:
        fields["error.message"] = message
    return ScenarioExpect(status=status, code=code, message=message, fields=fields)


def _error(status: int, message: str, ssi: bool = False) -> ScenarioExpect:
    fields = {"statusCode": status, "message": [message] if ssi else message}
    return ScenarioExpect(status=status, message=message, fields=fields)


# Safe to send to the real vendor (why: sandbox/core/scenarios.py, Scenario.live_safe).
LIVE_SAFE = frozenset(
    {
        "wrong-api-secret",
        "kyc-token-missing",
        "kyc-token-on-ssi",
    }
)


_scenario = scenario_maker(VENDOR, LIVE_SAFE)


def _oauth(grant: str, secret: str) -> ScenarioRequest:
    return ScenarioRequest(
        path=f"{PREFIX}{paths.OAUTH}?grant_type={grant}", headers={"X-Api-Secret-Key": secret}
    )


def _issue(**changes) -> dict:
    body = {
        "issuer": {"verificationmethodId": seed.ISSUER_METHOD, "did": seed.ISSUER_DID},
        "audience": samples.KYC_AUDIENCE,
        "claims": {"name": "Priya", "email": "priya@example.com", "did": seed.HOLDER_DID},
        "ttlSeconds": 3600,
    }
    return {**body, **changes}


def _exchange(did_jwt: str, session: str = "sbx-session-fresh") -> ScenarioRequest:
    headers = {
        **KYC,
        "x-ssi-access-token": seed.SSI_ADMIN_TOKEN,
        "Authorization": f"Bearer {did_jwt}",
    }
    return _post(paths.EXCHANGE, headers, {"provider": "client_auth", "sessionId": session})


def _biometrics(name: str) -> ScenarioRequest:
    headers = {
        **_user(name),
        "x-issuer-did": seed.ISSUER_DID,
        "x-issuer-did-ver-method": seed.ISSUER_METHOD,
    }
    body = {
        "documentToken": f"sbx-extraction-{name}",
        "sessionId": f"sbx-session-{name}",
        "selfieImage": DATA_PIXEL,
        "holderDid": seed.HOLDER_DID,
    }
    return _post(paths.BIOMETRICS, headers, body)


def _extract(name: str, session: str) -> ScenarioRequest:
    body = {"documentFront": PIXEL, "sessionId": session, "documentType": "PASSPORT"}
    return _post(paths.EXTRACT, _user(name), body)


def _consent(presentation: dict) -> ScenarioRequest:
    body = {"sessionId": samples.PRIYA_SESSION, "presentation": presentation}
    return _post(paths.CONSENTS, _user("priya"), body)


def _present(domain: str) -> ScenarioRequest:
    body = {
        "credentialDocuments": samples.credentials(),
        "holderDid": seed.HOLDER_DID,
        "challenge": samples.PRIYA_SESSION,
        "domain": domain,
        "verificationMethodId": seed.HOLDER_METHOD,
    }
    return _post(paths.PRESENTATION, SSI, body)


def _refused_consent(id_: str, title: str, description: str, vp: dict, reason: str) -> Scenario:
    expect = _kyc_error(400, err.CONSENT_VERIFICATION_FAILED, reason)
    return _scenario(id_, title, description, _consent(vp), expect)


@cache
def catalog() -> tuple[Scenario, ...]:
    return (*_journey(), *_refusals(), *_magic(), *_consents())


def _journey() -> list[Scenario]:
    return [
        _scenario(
            "happy-path",
            "Consent accepted: the journey's last call",
            "Priya's seeded session has its credentials issued (PASSPORT, face match); she "
            "presents them, signed by her DID with challenge = the session id and the "
            "console's origin as domain. A whole journey: oauth (both grants), session, "
            "did/create, issue-jwt, exchange, extract, biometrics/verify, presentation, consents.",
            _consent(samples.presentation()),
            ScenarioExpect(
                status=200,
                fields={
                    "success": True,
                    "data.sessionId": samples.PRIYA_SESSION,
                    "data.status": "COMPLETED",
                    "data.credentials": 2,
                },
            ),
        ),
        _scenario(
            "admin-token-kyc",
            "Admin token for the KYC service",
            f"grant_type=access_service_kyc with the KYC API secret {seed.KYC_API_SECRET}.",
            _oauth("access_service_kyc", seed.KYC_API_SECRET),
            ScenarioExpect(status=200, fields={"tokenType": "Bearer", "expiresIn": 900}),
        ),
        _scenario(
            "admin-token-ssi",
            "Admin token for the SSI service",
            f"grant_type=access_service_ssi with the SSI API secret {seed.SSI_API_SECRET}.",
            _oauth("access_service_ssi", seed.SSI_API_SECRET),
            ScenarioExpect(status=200, fields={"tokenType": "Bearer", "expiresIn": 900}),
        ),
        _scenario(
            "session-created",
            "A verification session",
            "x-kyc-access-token: a KYC admin token. The session lives 1800 s (chosen).",
            _post(paths.SESSION, KYC),
            ScenarioExpect(status=200, fields={"success": True}),
        ),
        _scenario(
            "did-created",
            "A user DID",
            "did:hid + the Ed25519 key's multibase; the key is held by the service.",
            _post(paths.DID_CREATE, SSI, {"namespace": ""}),
            ScenarioExpect(status=201, fields={"registrationStatus": "COMPLETED"}),
        ),
        _scenario(
            "jwt-issued",
            "A DID-signed JWT",
            "EdDSA, kid = the issuer's verification method; iss, aud, iat, exp, jti added.",
            _post(paths.ISSUE_JWT, SSI, _issue()),
            ScenarioExpect(status=200, fields={"expiresIn": 3600}),
        ),
        _scenario(
            "exchanged",
            "DID-JWT exchanged for a user token",
            "Priya's DID-JWT (signed by the issuer DID, valid until 2100) on the fresh seeded "
            "session sbx-session-fresh.",
            _exchange(samples.did_jwt()),
            ScenarioExpect(status=200, fields={"success": True}),
        ),
        _scenario(
            "presentation-created",
            "A presentation signed by the holder",
            "Priya's credentials, challenge = her session id, domain with its scheme.",
            _present(samples.ORIGIN),
            ScenarioExpect(status=201, fields={"presentation.holder": seed.HOLDER_DID}),
        ),
    ]


def _refusals() -> list[Scenario]:
    wrong = "the X-Api-Secret-Key is not this app's secret for access_service_kyc"
    return [
        _scenario(
            "wrong-api-secret",
            "Wrong API secret",
            "The SSI secret sent for the KYC grant: the dashboard's 401 (message a string).",
            _oauth("access_service_kyc", seed.SSI_API_SECRET),
            _error(401, wrong),
        ),
        _scenario(
            "unknown-grant-type",
            "Unknown grant_type",
            "Only access_service_kyc and access_service_ssi exist.",
            _oauth("access_service_everything", seed.KYC_API_SECRET),
            _error(400, "grant_type must be access_service_kyc or access_service_ssi"),
        ),
        _scenario(
            "kyc-token-missing",
            "No x-kyc-access-token",
            "Every KYC call needs the KYC admin token.",
            _post(paths.SESSION, JSON),
            _kyc_error(
                401, err.UNAUTHORIZED, "the KYC access token (x-kyc-access-token) is missing"
            ),
        ),
        _scenario(
            "kyc-token-on-ssi",
            "A KYC admin token sent to the SSI service",
            "An admin token is for its own service only: the SSI 401 (message a list).",
            _post(paths.DID_CREATE, {**JSON, "Authorization": f"Bearer {seed.KYC_ADMIN_TOKEN}"}),
            _error(401, "the SSI access token (Authorization: Bearer) is not valid", ssi=True),
        ),
        _scenario(
            "ttl-out-of-range",
            "issue-jwt: ttlSeconds out of range",
            "ttlSeconds is 60..86400.",
            _post(paths.ISSUE_JWT, SSI, _issue(ttlSeconds=86401)),
            _error(400, "ttlSeconds must be between 60 and 86400", ssi=True),
        ),
        _scenario(
            "claims-too-large",
            "issue-jwt: claims over 4000 characters",
            "The claims as JSON may hold 4000 characters.",
            _post(paths.ISSUE_JWT, SSI, _issue(claims={"email": "p@example.com", "x": "y" * 4000})),
            _error(400, "claims must be at most 4000 characters as JSON", ssi=True),
        ),
        _scenario(
            "foreign-did",
            "issue-jwt: a DID that is not the app's",
            "A well-formed did:hid the app never created.",
            _post(
                paths.ISSUE_JWT,
                SSI,
                _issue(issuer={"verificationmethodId": STRANGER + "#key-1", "did": STRANGER}),
            ),
            _error(400, "issuer.did is not a DID of this app", ssi=True),
        ),
        _scenario(
            "jwt-tampered",
            "exchange: a tampered DID-JWT",
            "Another payload under the signature of Priya's JWT.",
            _exchange(samples.tampered_jwt()),
            _kyc_error(401, err.INVALID_ACCESS_TOKEN),
        ),
        _scenario(
            "jwt-expired",
            "exchange: an expired DID-JWT",
            "Priya's JWT with a ttl of 3600 s from 2025-01-01 (exp is read on the sandbox clock).",
            _exchange(samples.expired_jwt()),
            _kyc_error(401, err.ACCESS_TOKEN_EXPIRED),
        ),
        _scenario(
            "jwt-foreign-key",
            "exchange: a DID-JWT signed by another key",
            "kid names the issuer's method; a key the app never held signed it.",
            _exchange(samples.foreign_jwt()),
            _kyc_error(401, err.INVALID_ACCESS_TOKEN),
        ),
        _scenario(
            "session-not-found",
            "A session that does not exist",
            "Any call naming an unknown sessionId.",
            _exchange(samples.did_jwt(), session="no-such-session"),
            _kyc_error(404, err.SESSION_NOT_FOUND),
        ),
        _scenario(
            "domain-without-scheme",
            "presentation: a domain without its scheme",
            "domain is an origin with its scheme (window.location.origin).",
            _present("localhost:8501"),
            _error(
                400, "domain must be an origin with its scheme, e.g. https://example.com", ssi=True
            ),
        ),
    ]


def _magic() -> list[Scenario]:
    email = "Magic email {}@… (any domain): {}"
    return [
        _scenario(
            "document-unreadable",
            "extract: document unreadable",
            email.format(seed.MAGIC_UNREADABLE, "extract answers before reading the image."),
            _extract("unreadable", "sbx-session-unreadable"),
            _kyc_error(
                422,
                err.DOCUMENT_VERIFICATION_FAILED,
                kyc_service.NOTHING_READ + seed.forced(seed.MAGIC_UNREADABLE),
            ),
        ),
        _scenario(
            "selfie-no-face",
            "biometrics: no face on the selfie",
            email.format(seed.MAGIC_NO_FACE, "biometrics/verify finds no face on the selfie."),
            _biometrics("no-face"),
            _kyc_error(
                422,
                err.LIVELINESS_VERIFICATION_FAILED,
                kyc_service.NO_FACE_ON_SELFIE + seed.forced(seed.MAGIC_NO_FACE),
            ),
        ),
        _scenario(
            "face-mismatch",
            "biometrics: the faces differ",
            email.format(seed.MAGIC_MISMATCH, "biometrics/verify finds another person."),
            _biometrics("mismatch"),
            _kyc_error(
                422,
                err.LIVELINESS_VERIFICATION_FAILED,
                kyc_service.FACES_DIFFER + seed.forced(seed.MAGIC_MISMATCH),
            ),
        ),
        _scenario(
            "session-expired",
            "The session has expired",
            email.format(
                seed.MAGIC_SESSION_EXPIRED,
                "the session expires right after the exchange (or advance the clock 1800 s).",
            ),
            _extract("session-expired", "sbx-session-expired"),
            _kyc_error(
                401,
                err.SESSION_EXPIRED,
                "the session has expired" + seed.forced(seed.MAGIC_SESSION_EXPIRED),
            ),
        ),
        _scenario(
            "token-expired",
            "The user token has expired",
            email.format(
                seed.MAGIC_TOKEN_EXPIRED,
                "the session's first user token is expired on its first use; renew it "
                "(issue-jwt + exchange) and the next one lives "
                "(or advance the clock past the DID-JWT's ttl).",
            ),
            _extract("token-expired", "sbx-session-token-expired"),
            _kyc_error(
                401,
                err.ACCESS_TOKEN_EXPIRED,
                "the user access token has expired" + seed.forced(seed.MAGIC_TOKEN_EXPIRED),
            ),
        ),
    ]


def _consents() -> list[Scenario]:
    return [
        _refused_consent(
            "consent-wrong-challenge",
            "consents: a presentation for another session",
            "Signed with challenge sbx-session-fresh, sent for sbx-session-priya.",
            samples.wrong_challenge_presentation(),
            "the presentation's challenge is not this session's id",
        ),
        _refused_consent(
            "consent-domain-without-scheme",
            "consents: a domain without its scheme",
            "The holder signed domain localhost:8501.",
            samples.schemeless_presentation(),
            "the presentation's domain has no scheme (https://...)",
        ),
        _refused_consent(
            "consent-tampered-credential",
            "consents: a credential changed after issuance",
            "The passport credential's date of birth changed; the holder signed it so.",
            samples.tampered_presentation(),
            "credential 1's proof does not verify: the signature does not verify: the document "
            "was changed after it was signed, or another key signed it",
        ),
        _refused_consent(
            "consent-foreign-key",
            "consents: a credential signed by another key",
            "Names the app's issuer; a key the app never held signed it.",
            samples.foreign_key_presentation(),
            "credential 1's proof does not verify: the signature does not verify: the document "
            "was changed after it was signed, or another key signed it",
        ),
    ]
