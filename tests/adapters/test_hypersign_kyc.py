"""The Hypersign KYC + SSI client against the real sandbox over HTTP: the whole chain (session,
DID, DID-JWT, exchange, extraction, biometrics, credentials, presentation, consent), each
service's error shape as the adapter's error, the crypto refusals, faults, and a history that
holds no token. Expected codes and keys are the document's and the contract's, as literals."""

import base64
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    KycError,
    VendorStatusError,
    VendorTimeout,
)
from kyc_adapters.hypersign_kyc import (
    PII_KEYS,
    SECRET_KEYS,
    AdminTokenRejected,
    Consent,
    DidCreated,
    DidJwt,
    HypersignKycClient,
    InvalidRequest,
    KycSession,
    Presentation,
    UserToken,
    read_credential,
    read_presentation,
)
from kyc_adapters.recorder import Exchange, RecordingTransport, journey
from kyc_adapters.redaction import REDACTED, Redactor
from ssi import did as ssi_did
from ssi import proofs

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets" / "hypersign"
PERSON = json.loads((ASSETS / "person.json").read_text())
PASSPORT = (ASSETS / "passport.jpg").read_bytes()
ID_FRONT = (ASSETS / "id-front.jpg").read_bytes()
ID_BACK = (ASSETS / "id-back.jpg").read_bytes()
SELFIE = (ASSETS / "selfie.jpg").read_bytes()
STRANGER = (ASSETS / "stranger-selfie.jpg").read_bytes()
BLANK = (ASSETS / "blank.jpg").read_bytes()

# The sandbox's published credentials (contract; GET /_sandbox/vendors).
KYC_SECRET, SSI_SECRET = "sandbox-kyc-api-secret", "sandbox-ssi-api-secret"
DOMAIN = "http://localhost:8501"  # the console's origin: the presentation's domain
EMAIL = "priya.menon@example.com"
OTHER_DID = "did:hid:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"  # not the app's
# No secret values given: the keys alone must keep every secret and token out.
REDACTOR = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS)


class Wire(httpx.BaseTransport):
    """The real HTTP transport, keeping what went over the wire for the test's eyes only."""

    def __init__(self) -> None:
        self._inner = httpx.HTTPTransport()
        self.seen: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.read()
        self.seen.append((request, response))
        return response

    def close(self) -> None:
        self._inner.close()

    def token_values(self) -> set[str]:
        """Every admin token, DID-JWT, user token and extraction token that went either way."""
        values: set[str] = set()
        for request, response in self.seen:
            for name in ("authorization", "x-kyc-access-token", "x-ssi-access-token"):
                if name in request.headers:
                    values.add(request.headers[name].removeprefix("Bearer "))
            body = _json(request.content)
            values.add(body.get("documentToken", ""))
            answer = _json(response.content)
            data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
            values |= {answer.get("access_token", ""), answer.get("accessToken", "")}
            values |= {data.get("kycServiceUserAccessToken", ""), data.get("extractionToken", "")}
        return {v for v in values if v}


def _json(content: bytes) -> dict:
    try:
        value = json.loads(content or b"{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def sandbox_clock(sandbox: httpx.Client) -> Callable[[], float]:
    return lambda: float(sandbox.get("/_sandbox/clock").json()["epoch"])


@contextmanager
def make_client(
    sandbox: httpx.Client,
    recorded: list[Exchange],
    *,
    wire: Wire | None = None,
    clock: Callable[[], float] | None = None,
    timeout: float = 120,
    kyc_secret: str = KYC_SECRET,
    ssi_secret: str = SSI_SECRET,
) -> Iterator[HypersignKycClient]:
    transport = RecordingTransport(wire or Wire(), recorded.append, REDACTOR)
    base = str(sandbox.base_url.join("/hypersign-kyc"))
    with httpx.Client(transport=transport, timeout=timeout) as http:
        yield HypersignKycClient(
            http,
            kyc_api_secret=kyc_secret,
            ssi_api_secret=ssi_secret,
            dashboard_url=f"{base}/dashboard",
            kyc_url=f"{base}/kyc",
            ssi_url=f"{base}/ssi",
            clock=clock or sandbox_clock(sandbox),
        )


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def client(
    sandbox: httpx.Client, recorded: list[Exchange], wire: Wire
) -> Iterator[HypersignKycClient]:
    with make_client(sandbox, recorded, wire=wire) as client:
        yield client


@dataclass(frozen=True)
class Issuer:
    did: str
    method: str


@pytest.fixture
def issuer(sandbox: httpx.Client) -> Issuer:
    """The app's issuer DID, as the sandbox publishes it (contract: GET /_sandbox/vendors)."""
    (vendor,) = [v for v in sandbox.get("/_sandbox/vendors").json() if v["id"] == "hypersign-kyc"]
    settings = vendor["settings"]
    return Issuer(settings["issuer_did"], settings["issuer_verification_method_id"])


@dataclass(frozen=True)
class Walk:
    """A user's journey up to the user token: what the document's backend hands its UI."""

    session_id: str
    user: DidCreated
    user_token: str


def start_walk(
    client: HypersignKycClient, issuer: Issuer, *, email: str = EMAIL, ttl_seconds: int = 3600
) -> Walk:
    session = client.create_session()
    user = client.create_did()
    token = client.user_session(
        session_id=session.sessionId,
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        claims={"name": PERSON["fullName"], "email": email, "userDid": user.did},
        ttl_seconds=ttl_seconds,
    )
    return Walk(session.sessionId, user, token.user_token)


def extract_passport(client: HypersignKycClient, walk: Walk, front: bytes = PASSPORT):
    return client.extract_document(
        user_token=walk.user_token,
        session_id=walk.session_id,
        document_type="PASSPORT",
        front=front,
    )


def verify_selfie(client: HypersignKycClient, walk: Walk, issuer: Issuer, selfie: bytes = SELFIE):
    extraction = extract_passport(client, walk)
    return client.verify_biometrics(
        user_token=walk.user_token,
        session_id=walk.session_id,
        extraction_token=extraction.extractionToken,
        selfie=selfie,
        holder_did=walk.user.did,
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
    )


def present(
    client: HypersignKycClient,
    walk: Walk,
    credentials: list[dict],
    *,
    challenge: str | None = None,
    domain: str = DOMAIN,
) -> dict:
    return client.create_presentation(
        credentials=credentials,
        holder_did=walk.user.did,
        challenge=challenge or walk.session_id,
        domain=domain,
        verification_method_id=walk.user.verification_method_id,
    ).presentation


def consent(client: HypersignKycClient, walk: Walk, presentation: dict):
    return client.submit_consent(
        user_token=walk.user_token, session_id=walk.session_id, presentation=presentation
    )


# --- the whole chain --------------------------------------------------------------------


def test_the_whole_chain_with_a_passport(
    client: HypersignKycClient, issuer: Issuer, recorded: list[Exchange]
) -> None:
    with journey("j-passport"):
        walk = start_walk(client, issuer)
        assert walk.user.did.startswith("did:hid:z6Mk")
        assert walk.user.registrationStatus == "COMPLETED"
        assert walk.user.verification_method_id == f"{walk.user.did}#key-1"
        method = walk.user.ed25519_method()
        assert method is not None and method.type == "Ed25519VerificationKey2020"

        extraction = extract_passport(client, walk)
        assert extraction.documentType == "PASSPORT"
        read = extraction.extractedData
        assert read.documentNumber == "X4820917"
        assert read.dateOfBirth == "1992-04-23"
        assert read.mrz is not None
        assert read.mrz.line2.startswith("X4820917<2IND9204236F3406094")
        assert extraction.faceDetected is True

        biometrics = client.verify_biometrics(
            user_token=walk.user_token,
            session_id=walk.session_id,
            extraction_token=extraction.extractionToken,
            selfie=SELFIE,
            holder_did=walk.user.did,
            issuer_did=issuer.did,
            issuer_verification_method_id=issuer.method,
        )
        assert biometrics.faceMatch is not None and biometrics.faceMatch.match is True
        assert len(biometrics.faceMatch.documentFace or []) == 4

        credentials = [read_credential(c) for c in biometrics.credentials]
        assert [c.types for c in credentials] == [("PassportCredential",), ("FaceMatchCredential",)]
        for credential in credentials:
            assert credential.verified, credential.problem
            assert credential.issuer == issuer.did
            assert credential.subject_id == walk.user.did
            assert credential.proof is not None
            assert credential.proof.type == "DataIntegrityProof"
            assert credential.proof.cryptosuite == "eddsa-jcs-2022"
            assert credential.proof.purpose == "assertionMethod"
            assert credential.proof.verification_method == issuer.method
            assert credential.proof.created
        assert credentials[0].claims["documentNumber"] == "X4820917"
        assert credentials[1].claims["faceMatched"] is True

        presentation = present(client, walk, biometrics.credentials)
        summary = read_presentation(presentation, challenge=walk.session_id, domain=DOMAIN)
        assert summary.verified and summary.all_verified, summary.problem
        assert summary.types == ()  # VerifiablePresentation alone
        assert summary.holder == walk.user.did
        assert summary.proof is not None and summary.proof.purpose == "authentication"
        assert summary.proof.verification_method == walk.user.verification_method_id
        assert len(summary.credentials) == 2

        done = consent(client, walk, presentation)
    assert done.status == "COMPLETED"
    assert done.sessionId == walk.session_id and done.credentials == 2
    assert [e.step for e in recorded] == [
        "oauth-kyc",
        "create-session",
        "oauth-ssi",
        "create-did",
        "issue-jwt",
        "exchange",
        "extract-document",
        "verify-biometrics",
        "create-presentation",
        "submit-consent",
    ]
    assert {e.outcome for e in recorded} == {"success"}
    assert {e.journey_id for e in recorded} == {"j-passport"}
    for model in (walk.user, extraction, biometrics, done):
        assert model.undocumented_fields() == [], type(model).__name__
    # Admin tokens were fetched once each and reused for every call.
    assert [(t.service, t.refreshed) for t in client.admin_tokens()] == [("kyc", 0), ("ssi", 0)]


def test_a_passport_sends_its_information_page_only(client, issuer, recorded) -> None:
    walk = start_walk(client, issuer)
    extract_passport(client, walk)
    sent = recorded[-1].request_body
    assert set(sent) == {"documentFront", "sessionId", "documentType"}
    assert sent["documentType"] == "PASSPORT"
    assert sent["documentFront"].startswith("<base64, ")  # recorded as a summary, not the image


def test_a_government_id_sends_front_back_and_country(client, issuer, recorded) -> None:
    walk = start_walk(client, issuer)
    extraction = client.extract_document(
        user_token=walk.user_token,
        session_id=walk.session_id,
        document_type="GOVT_ID",
        front=ID_FRONT,
        back=ID_BACK,
        country_code="ind",
    )
    sent = recorded[-1].request_body
    assert set(sent) == {
        "documentFront",
        "documentBack",
        "sessionId",
        "documentType",
        "countryCode",
    }
    assert (sent["documentType"], sent["countryCode"]) == ("GOVT_ID", "IND")
    assert extraction.documentType == "GOVT_ID" and extraction.countryCode == "IND"
    assert extraction.extractedData.dateOfBirth == "1992-04-23"
    biometrics = client.verify_biometrics(
        user_token=walk.user_token,
        session_id=walk.session_id,
        extraction_token=extraction.extractionToken,
        selfie=SELFIE,
        holder_did=walk.user.did,
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
    )
    first = read_credential(biometrics.credentials[0])
    assert first.types == ("GovernmentIdCredential",) and first.verified, first.problem
    presentation = present(client, walk, biometrics.credentials)
    assert consent(client, walk, presentation).status == "COMPLETED"


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"document_type": "PASSPORT", "back": ID_BACK}, "information page only"),
        ({"document_type": "PASSPORT", "country_code": "IND"}, "without a countryCode"),
        ({"document_type": "GOVT_ID", "country_code": "IND"}, "back image"),
        ({"document_type": "GOVT_ID", "back": ID_BACK}, "ISO alpha-3"),
        ({"document_type": "GOVT_ID", "back": ID_BACK, "country_code": "IN"}, "alpha-3"),
        ({"document_type": "GOVT_ID", "back": ID_BACK, "country_code": "XYZ"}, "alpha-3"),
        ({"document_type": "GOVT_ID", "back": b"", "country_code": "IND"}, "back image is empty"),
        ({"document_type": "DRIVING_LICENCE"}, "PASSPORT or GOVT_ID"),
        ({"document_type": "PASSPORT", "front": b""}, "front image is empty"),
    ],
    ids=[
        "passport-back",
        "passport-country",
        "id-no-back",
        "id-no-country",
        "id-alpha-2",
        "id-unknown-country",
        "id-empty-back",
        "unknown-type",
        "empty-front",
    ],
)
def test_what_the_document_requires_is_checked_before_sending(
    client: HypersignKycClient, recorded: list[Exchange], kwargs: dict, says: str
) -> None:
    args: dict[str, Any] = {"user_token": "t", "session_id": "s", "front": ID_FRONT} | kwargs
    with pytest.raises(InvalidRequest, match=says) as refused:
        client.extract_document(**args)
    assert isinstance(refused.value, KycError)
    assert recorded == []  # nothing was sent, not even for a token


# --- each service's error shape ---------------------------------------------------------


def test_dashboard_refuses_a_wrong_secret_in_its_shape(sandbox, recorded) -> None:
    with (
        make_client(sandbox, recorded, kyc_secret="not-the-secret") as client,
        pytest.raises(InvalidCredentials) as denied,
    ):
        client.create_session()
    error = denied.value
    assert (error.status_code, error.code) == (401, "Unauthorized")
    assert set(error.body) == {"statusCode", "message", "error"}
    assert isinstance(error.body["message"], str) and error.message == error.body["message"]
    assert [(e.step, e.status_code, e.outcome) for e in recorded] == [("oauth-kyc", 401, "failure")]
    assert client.admin_tokens() == []


def test_ssi_refusals_come_in_its_shape_with_every_message(client, issuer) -> None:
    with pytest.raises(VendorStatusError) as refused:
        client.create_did(namespace="mainnet")  # contract: "" or "testnet" only
    error = refused.value
    assert (error.status_code, error.code) == (400, "Bad Request")
    assert set(error.body) == {"statusCode", "message", "error"}
    assert isinstance(error.body["message"], list) and error.body["message"]
    assert error.message == "; ".join(error.body["message"])
    assert "namespace" in error.message
    assert not isinstance(error, InvalidCredentials)


@pytest.mark.parametrize(
    ("change", "names"),
    [
        ({"ttl_seconds": 59}, "ttlSeconds"),
        ({"ttl_seconds": 86401}, "ttlSeconds"),
        ({"claims": {"email": EMAIL, "userDid": "did:hid:x", "blob": "x" * 4000}}, "claims"),
        ({"issuer_did": OTHER_DID}, "did"),
        ({"issuer_verification_method_id": f"{OTHER_DID}#key-1"}, "verificationmethodId"),
    ],
    ids=["ttl-59", "ttl-86401", "claims-over-4000", "not-the-apps-did", "not-its-method"],
)
def test_issue_jwt_refusals(client, issuer, change: dict, names: str) -> None:
    """The notes' rules: ttlSeconds 60..86400, claims JSON at most 4000 characters, the app's
    own DID and its method; each refusal names the body key at fault."""
    args = {
        "issuer_did": issuer.did,
        "issuer_verification_method_id": issuer.method,
        "audience": client.kyc_url,
        "claims": {"email": EMAIL, "userDid": "did:hid:x"},
    } | change
    with pytest.raises(VendorStatusError) as refused:
        client.issue_user_jwt(**args)
    assert (refused.value.status_code, refused.value.code) == (400, "Bad Request")
    assert isinstance(refused.value.body["message"], list)
    assert names in refused.value.message


def test_issue_jwt_drops_reserved_claims(client, issuer) -> None:
    jwt = client.issue_user_jwt(
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        audience=client.kyc_url,
        claims={"email": EMAIL, "userDid": "did:hid:x", "iss": "me", "exp": 1, "sub": "you"},
        ttl_seconds=60,
    )
    header, payload = (_b64json(part) for part in jwt.accessToken.split(".")[:2])
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": issuer.method}
    assert payload["iss"] == issuer.did and payload["aud"] == client.kyc_url
    assert payload["exp"] - payload["iat"] == 60 and "sub" not in payload
    assert payload["email"] == EMAIL
    assert jwt.expiresIn == 60


def _b64json(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def kyc_refusal(error: VendorStatusError) -> tuple[int, str | None]:
    """The KYC shape: {success: false, statusCode, error: {code, message}}."""
    assert error.body["success"] is False
    assert error.body["statusCode"] == error.status_code
    assert error.message == error.body["error"]["message"] and error.message
    return error.status_code, error.code


def test_kyc_refuses_a_tampered_jwt_without_touching_admin_tokens(client, issuer, recorded) -> None:
    session = client.create_session()
    jwt = client.issue_user_jwt(
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        audience=client.kyc_url,
        claims={"email": EMAIL, "userDid": "did:hid:x"},
    )
    header, payload, signature = jwt.accessToken.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    with pytest.raises(InvalidCredentials) as refused:
        client.exchange(did_jwt=forged, session_id=session.sessionId)
    assert kyc_refusal(refused.value) == (401, "INVALID_ACCESS_TOKEN")
    # A user-side token: no admin token dropped, no retry.
    assert [e.step for e in recorded][-1] == "exchange"
    assert [t.refreshed for t in client.admin_tokens()] == [0, 0]


def test_a_jwt_expired_by_the_sandbox_clock(client, issuer, sandbox) -> None:
    session = client.create_session()
    user = client.create_did()
    jwt = client.issue_user_jwt(
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        audience=client.kyc_url,
        claims={"email": EMAIL, "userDid": user.did},
        ttl_seconds=60,
    )
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 61})
    with pytest.raises(InvalidCredentials) as refused:
        client.exchange(did_jwt=jwt.accessToken, session_id=session.sessionId)
    assert kyc_refusal(refused.value) == (401, "ACCESS_TOKEN_EXPIRED")


def test_an_unknown_session(client, issuer) -> None:
    user = client.create_did()
    jwt = client.issue_user_jwt(
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        audience=client.kyc_url,
        claims={"email": EMAIL, "userDid": user.did},
    )
    with pytest.raises(VendorStatusError) as refused:
        client.exchange(did_jwt=jwt.accessToken, session_id="no-such-session")
    assert kyc_refusal(refused.value) == (404, "SESSION_NOT_FOUND")


def test_a_user_token_of_another_session(client, issuer) -> None:
    first, second = start_walk(client, issuer), start_walk(client, issuer)
    with pytest.raises(InvalidCredentials) as refused:
        client.extract_document(
            user_token=first.user_token,
            session_id=second.session_id,
            document_type="PASSPORT",
            front=PASSPORT,
        )
    assert kyc_refusal(refused.value) == (401, "INVALID_ACCESS_TOKEN")


def test_a_session_expired_by_the_sandbox_clock(client, issuer, sandbox) -> None:
    walk = start_walk(client, issuer, ttl_seconds=86400)
    sandbox.post("/_sandbox/clock/advance", json={"seconds": 1801})
    with pytest.raises(InvalidCredentials) as refused:
        extract_passport(client, walk)
    assert kyc_refusal(refused.value) == (401, "SESSION_EXPIRED")


@pytest.mark.parametrize(
    ("email", "call", "expected"),
    [
        ("unreadable@example.com", "extract", (422, "DOCUMENT_VERIFICATION_FAILED")),
        ("no-face@example.com", "biometrics", (422, "LIVELINESS_VERIFICATION_FAILED")),
        ("mismatch@example.com", "biometrics", (422, "LIVELINESS_VERIFICATION_FAILED")),
        ("Session-Expired@example.com", "extract", (401, "SESSION_EXPIRED")),
        ("token-expired@example.com", "extract", (401, "ACCESS_TOKEN_EXPIRED")),
    ],
)
def test_magic_emails(client, issuer, email: str, call: str, expected: tuple) -> None:
    walk = start_walk(client, issuer, email=email)
    with pytest.raises(VendorStatusError) as refused:
        if call == "extract":
            extract_passport(client, walk)
        else:
            verify_selfie(client, walk, issuer)
    assert kyc_refusal(refused.value) == expected


def test_no_face_and_mismatch_say_different_things(client, issuer) -> None:
    messages = []
    for email in ("no-face@example.com", "mismatch@example.com"):
        walk = start_walk(client, issuer, email=email)
        with pytest.raises(VendorStatusError) as refused:
            verify_selfie(client, walk, issuer)
        messages.append(refused.value.message)
    assert messages[0] != messages[1]


def test_real_images_decide_without_magic(client, issuer) -> None:
    walk = start_walk(client, issuer)
    with pytest.raises(VendorStatusError) as unreadable:
        extract_passport(client, walk, front=BLANK)
    assert kyc_refusal(unreadable.value) == (422, "DOCUMENT_VERIFICATION_FAILED")
    with pytest.raises(VendorStatusError) as stranger:
        verify_selfie(client, walk, issuer, selfie=STRANGER)
    assert kyc_refusal(stranger.value) == (422, "LIVELINESS_VERIFICATION_FAILED")
    with pytest.raises(VendorStatusError) as blank:
        verify_selfie(client, walk, issuer, selfie=BLANK)
    assert kyc_refusal(blank.value) == (422, "LIVELINESS_VERIFICATION_FAILED")


# --- the presentation and the consent's crypto refusals ---------------------------------


@pytest.fixture
def verified(client: HypersignKycClient, issuer: Issuer) -> tuple[Walk, list[dict]]:
    walk = start_walk(client, issuer)
    return walk, verify_selfie(client, walk, issuer).credentials


def test_a_presentation_domain_needs_its_scheme(client, verified) -> None:
    walk, credentials = verified
    with pytest.raises(VendorStatusError) as refused:
        present(client, walk, credentials, domain="localhost:8501")
    assert (refused.value.status_code, refused.value.code) == (400, "Bad Request")
    assert isinstance(refused.value.body["message"], list)


def test_consent_refuses_a_wrong_challenge(client, verified) -> None:
    walk, credentials = verified
    presentation = present(client, walk, credentials, challenge="another-session")
    assert read_presentation(presentation).verified  # well signed, for the wrong session
    assert read_presentation(presentation, challenge=walk.session_id).problem
    with pytest.raises(VendorStatusError) as refused:
        consent(client, walk, presentation)
    assert kyc_refusal(refused.value) == (400, "CONSENT_VERIFICATION_FAILED")


def test_consent_refuses_a_tampered_credential(client, verified) -> None:
    walk, credentials = verified
    tampered = deepcopy(credentials)
    tampered[0]["credentialSubject"]["dateOfBirth"] = "1970-01-01"
    summary = read_credential(tampered[0])
    assert not summary.verified and "does not verify" in (summary.problem or "")
    presentation = present(client, walk, tampered)  # the holder signs it all the same
    assert read_presentation(presentation).verified
    assert not read_presentation(presentation).all_verified
    with pytest.raises(VendorStatusError) as refused:
        consent(client, walk, presentation)
    assert kyc_refusal(refused.value) == (400, "CONSENT_VERIFICATION_FAILED")


def test_consent_refuses_a_credential_signed_by_another_key(client, verified) -> None:
    walk, credentials = verified
    key = Ed25519PrivateKey.generate()
    other = ssi_did.did_from_public_key(key.public_key())
    unsigned = {k: v for k, v in credentials[0].items() if k != "proof"}
    forged = proofs.sign(
        unsigned,
        key,
        verification_method=ssi_did.verification_method_id(other),
        purpose="assertionMethod",
        created=credentials[0]["proof"]["created"],
    )
    proofs.verify_with_did(forged)  # a good signature ...
    summary = read_credential(forged)
    assert not summary.verified  # ... by a key that is not the issuer's
    assert summary.problem == f"it is signed by {other}, not by its issuer {summary.issuer}"
    presentation = present(client, walk, [forged, credentials[1]])
    with pytest.raises(VendorStatusError) as refused:
        consent(client, walk, presentation)
    assert kyc_refusal(refused.value) == (400, "CONSENT_VERIFICATION_FAILED")


def test_consent_refuses_a_tampered_presentation(client, verified) -> None:
    walk, credentials = verified
    presentation = present(client, walk, credentials)
    presentation["proof"]["domain"] = "https://elsewhere.example"
    assert "does not verify" in (read_presentation(presentation).problem or "")
    with pytest.raises(VendorStatusError) as refused:
        consent(client, walk, presentation)
    assert kyc_refusal(refused.value) == (400, "CONSENT_VERIFICATION_FAILED")


def test_a_credential_without_a_proof_is_read_as_unverified() -> None:
    summary = read_credential(
        {
            "type": ["VerifiableCredential", "X"],
            "issuer": {"id": "did:hid:a"},
            "credentialSubject": {"id": "did:hid:b", "k": 1},
        }
    )
    assert (summary.issuer, summary.subject_id, summary.claims) == (
        "did:hid:a",
        "did:hid:b",
        {"k": 1},
    )
    assert summary.types == ("X",)
    assert not summary.verified and summary.problem == "it carries no proof"


# --- the scenario catalog, through the client --------------------------------------------

# The seeded DIDs (fixed seeds: the same on every start): the app's issuer, and Priya's.
APP_ISSUER_DID = "did:hid:z6MkmHuwaTeMuGycZYes1mEmnPTySq9owKvf8n8LxXbgsxgP"
PRIYA_DID = "did:hid:z6Mko4fWuSnKbLTAPJyoZA4o3HknX8ofUfVEPy54i4jmmUjv"
DID_HID = re.compile(r"did:hid:z6Mk[1-9A-HJ-NP-Za-km-z]{44}")

# Catalog entries whose point is an admin token or the app secret: the client fetches its own
# admin tokens with the secrets it was given, so it cannot send these (their shapes are tested
# above and in the tokens tests).
NOT_THE_CLIENTS = {
    "admin-token-kyc",  # the client's own oauth: test_tokens_are_fetched_once_then_reused
    "admin-token-ssi",
    "wrong-api-secret",  # test_dashboard_refuses_a_wrong_secret_in_its_shape
    "unknown-grant-type",  # the client sends the document's two grants only
    "kyc-token-missing",  # the client always sends its KYC admin token
    "kyc-token-on-ssi",  # ... and its SSI one to the SSI service
}


@dataclass(frozen=True)
class Refused:
    """A refusal as the document and the contract give it: HTTP status, the service's code
    (the KYC code, or the dashboard's and SSI's status phrase) and a literal part of the
    message."""

    status: int
    code: str
    says: str

    @property
    def kind(self) -> type[VendorStatusError]:
        return InvalidCredentials if self.status == 401 else VendorStatusError


REFUSALS = {
    "ttl-out-of-range": Refused(400, "Bad Request", "ttlSeconds must be between 60 and 86400"),
    "claims-too-large": Refused(400, "Bad Request", "claims must be at most 4000 characters"),
    "foreign-did": Refused(400, "Bad Request", "issuer.did is not a DID of this app"),
    "jwt-tampered": Refused(401, "INVALID_ACCESS_TOKEN", "signature"),
    "jwt-expired": Refused(401, "ACCESS_TOKEN_EXPIRED", "expired"),
    "jwt-foreign-key": Refused(401, "INVALID_ACCESS_TOKEN", "signature"),
    "session-not-found": Refused(404, "SESSION_NOT_FOUND", "no-such-session"),
    "domain-without-scheme": Refused(
        400, "Bad Request", "domain must be an origin with its scheme"
    ),
    "document-unreadable": Refused(422, "DOCUMENT_VERIFICATION_FAILED", "nothing could be read"),
    "selfie-no-face": Refused(
        422, "LIVELINESS_VERIFICATION_FAILED", "no face was found on the selfie"
    ),
    "face-mismatch": Refused(422, "LIVELINESS_VERIFICATION_FAILED", "does not match"),
    "session-expired": Refused(401, "SESSION_EXPIRED", "the session has expired"),
    "token-expired": Refused(401, "ACCESS_TOKEN_EXPIRED", "the user access token has expired"),
    "consent-wrong-challenge": Refused(400, "CONSENT_VERIFICATION_FAILED", "challenge"),
    "consent-domain-without-scheme": Refused(400, "CONSENT_VERIFICATION_FAILED", "domain"),
    "consent-tampered-credential": Refused(400, "CONSENT_VERIFICATION_FAILED", "does not verify"),
    "consent-foreign-key": Refused(400, "CONSENT_VERIFICATION_FAILED", "does not verify"),
}


def consented(answer: Consent) -> None:
    assert (answer.sessionId, answer.status, answer.credentials) == (
        "sbx-session-priya",
        "COMPLETED",
        2,
    )


def session_created(answer: KycSession) -> None:
    assert isinstance(answer.sessionId, str) and len(answer.sessionId) >= 16
    assert not answer.sessionId.startswith("sbx-session-")  # a new one, not a seeded one


def did_created(answer: DidCreated) -> None:
    assert DID_HID.fullmatch(answer.did), answer.did
    assert answer.did not in (APP_ISSUER_DID, PRIYA_DID)
    assert answer.registrationStatus == "COMPLETED" and answer.transactionHash
    method = answer.ed25519_method()
    assert method is not None and method.type == "Ed25519VerificationKey2020"
    assert answer.verification_method_id == f"{answer.did}#key-1"


def jwt_issued(answer: DidJwt) -> None:
    assert answer.expiresIn == 3600
    header, payload = (_b64json(part) for part in answer.accessToken.split(".")[:2])
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": f"{APP_ISSUER_DID}#key-1"}
    assert payload["iss"] == APP_ISSUER_DID
    assert payload["aud"] == "https://api.cavach.hypersign.id"
    assert (payload["email"], payload["did"]) == ("priya@example.com", PRIYA_DID)
    assert payload["exp"] - payload["iat"] == 3600


def exchanged(answer: UserToken) -> None:
    assert isinstance(answer.kycServiceUserAccessToken, str) and answer.kycServiceUserAccessToken
    assert answer.expiresIn is not None and answer.expiresIn > 0


def presentation_created(answer: Presentation) -> None:
    vp = answer.presentation
    assert vp["type"] == ["VerifiablePresentation"]
    assert vp["holder"] == PRIYA_DID
    proof = vp["proof"]
    assert (proof["proofPurpose"], proof["challenge"], proof["domain"]) == (
        "authentication",
        "sbx-session-priya",
        "http://localhost:8501",
    )
    assert proof["verificationMethod"] == f"{PRIYA_DID}#key-1"
    summary = read_presentation(
        vp, challenge="sbx-session-priya", holder=PRIYA_DID, issuer=APP_ISSUER_DID
    )
    assert summary.all_verified, summary.problem
    assert [c.types for c in summary.credentials] == [
        ("PassportCredential",),
        ("FaceMatchCredential",),
    ]


@dataclass(frozen=True)
class Answered:
    """A success: the HTTP status, the model the client returns, and the check of its key
    fields."""

    status: int
    model: type
    check: Callable[[Any], None]


ANSWERS = {
    "happy-path": Answered(200, Consent, consented),
    "session-created": Answered(200, KycSession, session_created),
    "did-created": Answered(201, DidCreated, did_created),
    "jwt-issued": Answered(200, DidJwt, jwt_issued),
    "exchanged": Answered(200, UserToken, exchanged),
    "presentation-created": Answered(201, Presentation, presentation_created),
}


def catalog(sandbox: httpx.Client) -> list[dict]:
    return sandbox.get("/_sandbox/scenarios", params={"vendor": "hypersign-kyc"}).json()


def scenario_request(sandbox: httpx.Client, scenario_id: str) -> dict:
    """The entry's request: what to send. Its `expect` is not read: the expectations are the
    literals above."""
    (request,) = [s["request"] for s in catalog(sandbox) if s["id"] == scenario_id]
    return request


def _image_bytes(value: str | None) -> bytes | None:
    if value is None:
        return None
    return base64.b64decode(value.split(",", 1)[1] if value.startswith("data:") else value)


def send_as_the_client(client: HypersignKycClient, request: dict) -> object:
    """The catalog entry's call, made with the client's method and the entry's values (the
    user token or DID-JWT from its Authorization; admin tokens are the client's own)."""
    path = request["path"].split("?")[0].removeprefix("/hypersign-kyc")
    headers, body = request["headers"], request.get("json") or {}
    bearer = headers.get("Authorization", "").removeprefix("Bearer ")
    if path == "/kyc/api/v2/session":
        return client.create_session()
    if path == "/kyc/api/v2/auth/exchange":
        return client.exchange(did_jwt=bearer, session_id=body["sessionId"])
    if path == "/kyc/api/v2/documents/extract":
        return client.extract_document(
            user_token=bearer,
            session_id=body["sessionId"],
            document_type=body["documentType"],
            front=_image_bytes(body["documentFront"]) or b"",
            back=_image_bytes(body.get("documentBack")),
            country_code=body.get("countryCode"),
        )
    if path == "/kyc/api/v2/biometrics/verify":
        return client.verify_biometrics(
            user_token=bearer,
            session_id=body["sessionId"],
            extraction_token=body["documentToken"],
            selfie=_image_bytes(body["selfieImage"]) or b"",
            holder_did=body["holderDid"],
            issuer_did=headers["x-issuer-did"],
            issuer_verification_method_id=headers["x-issuer-did-ver-method"],
        )
    if path == "/kyc/api/v2/consents":
        return client.submit_consent(
            user_token=bearer, session_id=body["sessionId"], presentation=body["presentation"]
        )
    if path == "/ssi/api/v1/did/create":
        return client.create_did(namespace=body["namespace"])
    if path == "/ssi/api/v1/did/auth/issue-jwt":
        return client.issue_user_jwt(
            issuer_did=body["issuer"]["did"],
            issuer_verification_method_id=body["issuer"]["verificationmethodId"],
            audience=body["audience"],
            claims=body["claims"],
            ttl_seconds=body["ttlSeconds"],
        )
    if path == "/ssi/api/v1/presentation":
        return client.create_presentation(
            credentials=body["credentialDocuments"],
            holder_did=body["holderDid"],
            challenge=body["challenge"],
            domain=body["domain"],
            verification_method_id=body["verificationMethodId"],
        )
    raise AssertionError(f"no client method for {path}")


def test_every_catalog_scenario_has_a_literal_expectation(sandbox) -> None:
    """A scenario added to the catalog fails here until its expectation is written below."""
    ids = [s["id"] for s in catalog(sandbox)]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(ANSWERS) | set(REFUSALS) | NOT_THE_CLIENTS
    assert not set(ANSWERS) & set(REFUSALS)


@pytest.mark.parametrize("scenario_id", sorted(ANSWERS))
def test_a_catalog_scenario_answered(client, sandbox, recorded, scenario_id: str) -> None:
    expected = ANSWERS[scenario_id]
    answer = send_as_the_client(client, scenario_request(sandbox, scenario_id))
    assert type(answer) is expected.model
    expected.check(answer)
    assert (recorded[-1].status_code, recorded[-1].outcome) == (expected.status, "success")


@pytest.mark.parametrize("scenario_id", sorted(REFUSALS))
def test_a_catalog_scenario_refused(client, sandbox, recorded, scenario_id: str) -> None:
    expected = REFUSALS[scenario_id]
    with pytest.raises(VendorStatusError) as refused:
        send_as_the_client(client, scenario_request(sandbox, scenario_id))
    error = refused.value
    assert (error.status_code, error.code) == (expected.status, expected.code)
    assert expected.says in error.message, error.message
    assert isinstance(error, expected.kind)
    assert not isinstance(error, AdminTokenRejected)  # the user's side: no admin token blamed
    assert (recorded[-1].status_code, recorded[-1].outcome) == (expected.status, "failure")
    assert not [e.step for e in recorded if e.step.endswith("-retry")]


def test_the_catalogs_presentations_read_as_the_consent_judges_them(sandbox) -> None:
    by_id = {s["id"]: s["request"]["json"] for s in catalog(sandbox) if "consent" in s["id"]}
    by_id["happy-path"] = next(
        s["request"]["json"] for s in catalog(sandbox) if s["id"] == "happy-path"
    )
    happy = by_id["happy-path"]
    session, domain = happy["sessionId"], happy["presentation"]["proof"]["domain"]

    def read(scenario: str):
        return read_presentation(by_id[scenario]["presentation"], challenge=session, domain=domain)

    assert read("happy-path").all_verified
    assert "challenge" in (read("consent-wrong-challenge").problem or "")
    assert "domain" in (read("consent-domain-without-scheme").problem or "")
    for forged in ("consent-tampered-credential", "consent-foreign-key"):
        summary = read(forged)
        assert summary.verified  # the holder signed what it was given ...
        assert not summary.all_verified  # ... a credential that does not verify
        assert "does not verify" in (summary.credentials[0].problem or ""), forged


# --- faults -----------------------------------------------------------------------------


def arm(sandbox: httpx.Client, mode: str, path: str, **extra: Any) -> None:
    fault = {"vendor": "hypersign-kyc", "mode": mode, "path": path} | extra
    sandbox.post("/_sandbox/faults", json=fault).raise_for_status()


@dataclass(frozen=True)
class Call:
    """One of the client's calls, its fault path (the vendor path with its service), the step
    the history files it under, and the code a 500 comes with in that service's shape."""

    path: str
    step: str
    code_500: str
    prepare: Callable[[HypersignKycClient, Issuer], Any]  # what the call needs, made first
    make: Callable[[HypersignKycClient, Issuer, Any], object]


def _nothing(client: HypersignKycClient, issuer: Issuer) -> None:
    return None


def _jwt(client: HypersignKycClient, issuer: Issuer) -> tuple[str, str]:
    session, user = client.create_session(), client.create_did()
    jwt = client.issue_user_jwt(
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        audience=client.kyc_url,
        claims={"email": EMAIL, "userDid": user.did},
    )
    return session.sessionId, jwt.accessToken


def _extracted(client: HypersignKycClient, issuer: Issuer) -> tuple[Walk, str]:
    walk = start_walk(client, issuer)
    return walk, extract_passport(client, walk).extractionToken


def _credentials(client: HypersignKycClient, issuer: Issuer) -> tuple[Walk, list[dict]]:
    walk = start_walk(client, issuer)
    return walk, verify_selfie(client, walk, issuer).credentials


def _presented(client: HypersignKycClient, issuer: Issuer) -> tuple[Walk, dict]:
    walk, credentials = _credentials(client, issuer)
    return walk, present(client, walk, credentials)


CALLS = {
    "oauth": Call(
        "/dashboard/api/v1/app/oauth",
        "oauth-kyc",
        "Internal Server Error",
        _nothing,
        lambda client, issuer, _: client.create_session(),
    ),
    "session": Call(
        "/kyc/api/v2/session",
        "create-session",
        "INTERNAL_SERVER_ERROR",
        _nothing,
        lambda client, issuer, _: client.create_session(),
    ),
    "did": Call(
        "/ssi/api/v1/did/create",
        "create-did",
        "Internal Server Error",
        _nothing,
        lambda client, issuer, _: client.create_did(),
    ),
    "issue-jwt": Call(
        "/ssi/api/v1/did/auth/issue-jwt",
        "issue-jwt",
        "Internal Server Error",
        _nothing,
        lambda client, issuer, _: client.issue_user_jwt(
            issuer_did=issuer.did,
            issuer_verification_method_id=issuer.method,
            audience=client.kyc_url,
            claims={"email": EMAIL, "userDid": OTHER_DID},
        ),
    ),
    "exchange": Call(
        "/kyc/api/v2/auth/exchange",
        "exchange",
        "INTERNAL_SERVER_ERROR",
        _jwt,
        lambda client, issuer, made: client.exchange(did_jwt=made[1], session_id=made[0]),
    ),
    "extract": Call(
        "/kyc/api/v2/documents/extract",
        "extract-document",
        "INTERNAL_SERVER_ERROR",
        lambda client, issuer: start_walk(client, issuer),
        lambda client, issuer, walk: extract_passport(client, walk),
    ),
    "biometrics": Call(
        "/kyc/api/v2/biometrics/verify",
        "verify-biometrics",
        "INTERNAL_SERVER_ERROR",
        _extracted,
        lambda client, issuer, made: client.verify_biometrics(
            user_token=made[0].user_token,
            session_id=made[0].session_id,
            extraction_token=made[1],
            selfie=SELFIE,
            holder_did=made[0].user.did,
            issuer_did=issuer.did,
            issuer_verification_method_id=issuer.method,
        ),
    ),
    "presentation": Call(
        "/ssi/api/v1/presentation",
        "create-presentation",
        "Internal Server Error",
        _credentials,
        lambda client, issuer, made: present(client, made[0], made[1]),
    ),
    "consents": Call(
        "/kyc/api/v2/consents",
        "submit-consent",
        "INTERNAL_SERVER_ERROR",
        _presented,
        lambda client, issuer, made: consent(client, made[0], made[1]),
    ),
}


@contextmanager
def faulted_call(
    sandbox: httpx.Client, issuer: Issuer, name: str, mode: str, **fault: Any
) -> Iterator[tuple[Callable[[], object], list[Exchange]]]:
    """What the call needs, made by one client; then the fault armed and the call, ready to be
    made by another (with a short timeout for `timeout`: the reading calls take longer than
    that). Its history alone is yielded."""
    call = CALLS[name]
    with make_client(sandbox, []) as preparing:
        made = call.prepare(preparing, issuer)
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded, timeout=0.5 if mode == "timeout" else 120) as client:
        if name != "oauth":  # its admin tokens first, unfaulted
            client.create_session()
            client.create_did()
        arm(sandbox, mode, call.path, **fault)
        yield (lambda: call.make(client, issuer, made)), recorded


@pytest.mark.parametrize("name", list(CALLS))
def test_timeout(sandbox, issuer, name: str) -> None:
    with (
        faulted_call(sandbox, issuer, name, "timeout", seconds=2) as (make, recorded),
        pytest.raises(VendorTimeout),
    ):
        make()
    assert (recorded[-1].step, recorded[-1].status_code, recorded[-1].outcome) == (
        CALLS[name].step,
        None,
        "error",
    )
    assert not [e.step for e in recorded if e.step.endswith("-retry")]


@pytest.mark.parametrize("name", list(CALLS))
def test_http_500(sandbox, issuer, name: str) -> None:
    with (
        faulted_call(sandbox, issuer, name, "http_500") as (make, recorded),
        pytest.raises(VendorStatusError) as failed,
    ):
        make()
    error = failed.value
    assert (error.status_code, error.code, error.message) == (
        500,
        CALLS[name].code_500,
        "Internal server error",
    )
    assert not isinstance(error, InvalidCredentials)  # not an admin token's fault: no retry
    assert (recorded[-1].step, recorded[-1].status_code, recorded[-1].outcome) == (
        CALLS[name].step,
        500,
        "error",
    )
    assert not [e.step for e in recorded if e.step.endswith("-retry")]


@pytest.mark.parametrize("name", list(CALLS))
def test_garbage_is_a_contract_violation(sandbox, issuer, name: str) -> None:
    with (
        faulted_call(sandbox, issuer, name, "malformed_body") as (make, recorded),
        pytest.raises(ContractViolation),
    ):
        make()
    assert (recorded[-1].step, recorded[-1].status_code, recorded[-1].outcome) == (
        CALLS[name].step,
        200,
        "error",
    )


# --- the history ------------------------------------------------------------------------


def test_no_token_or_secret_in_the_history(client, issuer, recorded, wire) -> None:
    walk = start_walk(client, issuer)
    biometrics = verify_selfie(client, walk, issuer)
    consent(client, walk, present(client, walk, biometrics.credentials))
    tokens = wire.token_values()
    assert len(tokens) >= 5  # two admin tokens, the DID-JWT, the user token, the extraction's
    text = repr(recorded)
    for value in [*tokens, KYC_SECRET, SSI_SECRET]:
        assert value not in text
    oauth = recorded[0]
    assert oauth.request_headers["X-Api-Secret-Key"] == REDACTED
    assert oauth.response_body["access_token"] == REDACTED
    by_step = {e.step: e for e in recorded}
    assert by_step["issue-jwt"].response_body["accessToken"] == REDACTED
    assert by_step["exchange"].request_headers["Authorization"] == REDACTED
    assert by_step["exchange"].request_headers["x-ssi-access-token"] == REDACTED
    assert by_step["exchange"].response_body["data"]["kycServiceUserAccessToken"] == REDACTED
    assert by_step["extract-document"].response_body["data"]["extractionToken"] == REDACTED
    assert by_step["verify-biometrics"].request_body["documentToken"] == REDACTED
    # Personal data masked: the e-mail in the claims, what was read off the passport.
    claims = by_step["issue-jwt"].request_body["claims"]
    assert claims["email"] != EMAIL and claims["email"].endswith(EMAIL[-4:])
    read = by_step["extract-document"].response_body["data"]["extractedData"]
    assert read["documentNumber"] == "********"  # 8 characters: hidden whole
    assert PERSON["mrz"]["line2"] not in text and PERSON["fullName"] not in text


def test_models_never_show_a_token(client, issuer, wire) -> None:
    session = client.create_session()
    user = client.create_did()
    user_session = client.user_session(
        session_id=session.sessionId,
        issuer_did=issuer.did,
        issuer_verification_method_id=issuer.method,
        claims={"email": EMAIL, "userDid": user.did},
    )
    walk = Walk(session.sessionId, user, user_session.user_token)
    extraction = extract_passport(client, walk)
    assert user_session.user_token not in repr(user_session)
    assert extraction.extractionToken not in repr(extraction)
    statuses = repr(client.admin_tokens())
    assert "service='kyc'" in statuses and "service='ssi'" in statuses
    assert not [value for value in wire.token_values() if value in statuses]
