"""Hypersign's cryptography, checked with the libraries a verifier would use (PyJWT, ssi):
the DID-JWT, its exchange, the credentials, the presentation, and everything consents refuses."""

import base64
import copy
import json

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sandbox import create_app
from sandbox.core.server import BackgroundServer
from ssi.did import did_from_public_key, public_key_from_did, verification_method_id
from ssi.proofs import ProofError, sign, verify, verify_with_did
from tests.sandbox.hypersign_doc import (
    ACCESS_TOKEN_EXPIRED,
    BAD_REQUEST,
    BIOMETRICS,
    CONSENT_VERIFICATION_FAILED,
    DOMAIN,
    INVALID_ACCESS_TOKEN,
    KYC_AUDIENCE,
    SELFIE,
    Journey,
    advance,
    b64,
    issuer,
    kyc_error,
)

RESERVED = {"iss": "evil", "sub": "x", "aud": "y", "iat": 1, "exp": 2, "nbf": 3, "jti": "j"}


def frozen_now(client: httpx.Client) -> float:
    return client.post("/_sandbox/clock/freeze", json={"frozen": True}).json()["epoch"]


# --- issue-jwt ----------------------------------------------------------------------------------


def test_the_did_jwt_is_eddsa_with_the_methods_kid_and_verifies_with_the_dids_key(
    sandbox: httpx.Client,
) -> None:
    now = frozen_now(sandbox)
    journey = Journey(sandbox).start()
    issuer_did, method = issuer(sandbox)
    token = journey.issue_jwt(ttl=600).json()["accessToken"]
    assert jwt.get_unverified_header(token) == {"alg": "EdDSA", "typ": "JWT", "kid": method}
    claims = jwt.decode(
        token,
        public_key_from_did(issuer_did),
        algorithms=["EdDSA"],
        audience=KYC_AUDIENCE,
        options={"verify_exp": False},  # the sandbox's clock, not this machine's
    )
    assert claims["iss"] == issuer_did and claims["aud"] == KYC_AUDIENCE
    assert claims["iat"] == int(now) and claims["exp"] == int(now) + 600
    assert claims["jti"]
    assert {k: claims[k] for k in ("name", "email", "userDid")} == journey.claims()


def test_reserved_claims_are_dropped(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    issuer_did, _ = issuer(sandbox)
    token = journey.issue_jwt({**journey.claims(), **RESERVED}).json()["accessToken"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert "sub" not in claims and "nbf" not in claims
    assert claims["iss"] == issuer_did and claims["aud"] == KYC_AUDIENCE
    assert claims["exp"] - claims["iat"] == 3600 and claims["jti"] != "j"


def test_a_did_the_app_created_signs_with_its_own_key(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    own = {"verificationmethodId": journey.method, "did": journey.did}
    token = journey.issue_jwt(issuer=own).json()["accessToken"]
    jwt.decode(
        token,
        public_key_from_did(journey.did),
        algorithms=["EdDSA"],
        audience=KYC_AUDIENCE,
        options={"verify_exp": False},
    )
    issuer_did, _ = issuer(sandbox)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token, public_key_from_did(issuer_did), algorithms=["EdDSA"], audience=KYC_AUDIENCE
        )


# --- exchange verifies the JWT -------------------------------------------------------------------


def b64url(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_a_tampered_jwt_is_refused(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    token = journey.issue_jwt().json()["accessToken"]
    header, _payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = f"{header}.{b64url({**claims, 'email': 'mallory@gmail.com'})}.{signature}"
    kyc_error(journey.exchange(forged), 401, INVALID_ACCESS_TOKEN)
    cut = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    kyc_error(journey.exchange(cut), 401, INVALID_ACCESS_TOKEN)
    assert journey.exchange(token).status_code == 200


def test_a_jwt_expired_by_the_sandbox_clock_is_refused(sandbox: httpx.Client) -> None:
    frozen_now(sandbox)
    journey = Journey(sandbox).start()
    token = journey.issue_jwt(ttl=60).json()["accessToken"]
    advance(sandbox, 59)
    assert journey.exchange(token).status_code == 200
    advance(sandbox, 1)
    other = Journey(sandbox).start()
    response = journey.exchange(token, session_id=other.session_id)
    assert "expired" in kyc_error(response, 401, ACCESS_TOKEN_EXPIRED)


def test_a_jwt_issued_after_the_sandbox_clock_moved_is_exchanged(sandbox: httpx.Client) -> None:
    frozen_now(sandbox)
    advance(sandbox, 2 * 3600)  # iat is on the sandbox clock, two hours past the wall clock
    journey = Journey(sandbox).start()
    response = journey.exchange(journey.issue_jwt().json()["accessToken"])
    assert response.status_code == 200, response.text
    assert response.json()["data"]["kycServiceUserAccessToken"]


def test_a_jwt_issued_in_the_sandboxs_future_is_refused(sandbox: httpx.Client) -> None:
    # Another sandbox holds the same issuer key (a fixed seed); its clock runs two hours ahead.
    journey = Journey(sandbox).start()
    ahead = BackgroundServer(create_app()).start()
    try:
        with httpx.Client(base_url=ahead.url, timeout=10) as client:
            advance(client, 2 * 3600)
            later = Journey(client).start()
            later.did = journey.did  # the user DID this sandbox knows
            token = later.issue_jwt().json()["accessToken"]
    finally:
        ahead.stop()
    message = kyc_error(journey.exchange(token), 401, INVALID_ACCESS_TOKEN)
    assert "not yet valid" in message


def test_a_jwt_signed_by_another_key_is_refused(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    _, method = issuer(sandbox)
    claims = jwt.decode(
        journey.issue_jwt().json()["accessToken"], options={"verify_signature": False}
    )
    other = Ed25519PrivateKey.generate()
    # The issuer's kid, another key's signature.
    forged = jwt.encode(claims, other, algorithm="EdDSA", headers={"kid": method})
    kyc_error(journey.exchange(forged), 401, INVALID_ACCESS_TOKEN)
    # A DID of its own that the app never created, correctly self-signed.
    own_did = did_from_public_key(other.public_key())
    own = jwt.encode(
        {**claims, "iss": own_did},
        other,
        algorithm="EdDSA",
        headers={"kid": verification_method_id(own_did)},
    )
    kyc_error(journey.exchange(own), 401, INVALID_ACCESS_TOKEN)


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b.c"])
def test_what_is_not_an_eddsa_jwt_is_refused(sandbox: httpx.Client, token: str) -> None:
    kyc_error(Journey(sandbox).start().exchange(token), 401, INVALID_ACCESS_TOKEN)


def test_an_unsigned_or_hmac_jwt_is_refused(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    _, method = issuer(sandbox)
    claims = jwt.decode(
        journey.issue_jwt().json()["accessToken"], options={"verify_signature": False}
    )
    for algorithm, key in (("none", None), ("HS256", "a-shared-secret-of-32-bytes-long!")):
        forged = jwt.encode(claims, key, algorithm=algorithm, headers={"kid": method})
        kyc_error(journey.exchange(forged), 401, INVALID_ACCESS_TOKEN)


# --- credentials and the presentation ------------------------------------------------------------


@pytest.fixture
def walked(sandbox: httpx.Client) -> tuple[Journey, list[dict]]:
    """A user with her two credentials (a passport read, her selfie matched)."""
    journey = Journey(sandbox).start().login()
    return journey, journey.credentials()


def test_the_credentials_are_w3c_vcs_signed_by_the_issuer(sandbox, walked) -> None:
    journey, credentials = walked
    issuer_did, method = issuer(sandbox)
    assert [vc["type"] for vc in credentials] == [
        ["VerifiableCredential", "PassportCredential"],
        ["VerifiableCredential", "FaceMatchCredential"],
    ]
    for vc in credentials:
        assert vc["@context"][0] == "https://www.w3.org/2018/credentials/v1"
        assert vc["id"].startswith("urn:uuid:")
        assert vc["issuer"] == issuer_did
        assert vc["issuanceDate"] < vc["expirationDate"]
        assert vc["credentialSubject"]["id"] == journey.did
        assert vc["proof"]["verificationMethod"] == method
        assert vc["proof"]["proofPurpose"] == "assertionMethod"
        verify_with_did(vc, purpose="assertionMethod")
        verify(vc, public_key_from_did(issuer_did))
    assert credentials[0]["credentialSubject"]["fullName"] == "PRIYA SPECIMEN MENON"
    assert credentials[1]["credentialSubject"]["faceMatched"] is True


def test_credentials_are_issued_only_by_the_apps_issuer_did(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    assert journey.extract_passport().status_code == 200
    body = {
        "documentToken": journey.extraction,
        "sessionId": journey.session_id,
        "selfieImage": b64(SELFIE),
        "holderDid": journey.did,
    }
    # The user's own DID (the app created it, the sandbox holds its key): self-issued.
    headers = {**journey.user_headers(), "x-issuer-did": journey.did}
    headers["x-issuer-did-ver-method"] = journey.method
    response = sandbox.post(BIOMETRICS, headers=headers, json=body, timeout=60)
    message = kyc_error(response, 400, BAD_REQUEST)
    assert message == "x-issuer-did is not this app's issuer DID"
    assert journey.biometrics().status_code == 200


def test_the_presentation_is_signed_by_the_holder_for_this_session(sandbox, walked) -> None:
    journey, credentials = walked
    response = journey.present(credentials)
    assert response.status_code == 201, response.text
    vp = response.json()["presentation"]
    assert vp["type"] == ["VerifiablePresentation"]
    assert vp["holder"] == journey.did and vp["verifiableCredential"] == credentials
    assert vp["proof"]["verificationMethod"] == journey.method
    verify_with_did(vp, purpose="authentication", challenge=journey.session_id, domain=DOMAIN)
    verify(vp, public_key_from_did(journey.did))
    with pytest.raises(ProofError, match="challenge"):
        verify_with_did(vp, challenge="another-session")


def test_consent_is_accepted(sandbox, walked) -> None:
    journey, credentials = walked
    vp = journey.present(credentials).json()["presentation"]
    response = journey.consent(vp)
    assert response.status_code == 200, response.text
    assert response.json() == {
        "success": True,
        "data": {"sessionId": journey.session_id, "status": "COMPLETED", "credentials": 2},
    }


def refused(journey: Journey, vp: dict) -> str:
    return kyc_error(journey.consent(vp), 400, CONSENT_VERIFICATION_FAILED)


def test_consent_refuses_a_wrong_challenge(sandbox, walked) -> None:
    journey, credentials = walked
    vp = journey.present(credentials, challenge="another-session").json()["presentation"]
    assert "challenge" in refused(journey, vp)


def test_consent_refuses_a_tampered_credential(sandbox, walked) -> None:
    journey, credentials = walked
    tampered = copy.deepcopy(credentials)
    tampered[0]["credentialSubject"]["dateOfBirth"] = "1982-04-23"
    vp = journey.present(tampered).json()["presentation"]
    message = refused(journey, vp)
    assert "credential 1" in message and "does not verify" in message


def test_consent_refuses_a_credential_signed_by_another_key(sandbox, walked) -> None:
    journey, credentials = walked
    _, method = issuer(sandbox)
    unsigned = {k: v for k, v in credentials[1].items() if k != "proof"}
    forged = sign(
        unsigned,
        Ed25519PrivateKey.generate(),
        verification_method=method,  # claims the issuer's key
        purpose="assertionMethod",
        created=credentials[1]["proof"]["created"],
    )
    vp = journey.present([credentials[0], forged]).json()["presentation"]
    message = refused(journey, vp)
    assert "credential 2" in message and "does not verify" in message


def test_consent_refuses_a_credential_from_another_issuer(sandbox, walked) -> None:
    journey, credentials = walked
    other = Ed25519PrivateKey.generate()
    other_did = did_from_public_key(other.public_key())
    unsigned = {k: v for k, v in credentials[0].items() if k != "proof"}
    self_issued = sign(
        {**unsigned, "issuer": other_did},
        other,
        verification_method=verification_method_id(other_did),
        purpose="assertionMethod",
        created=credentials[0]["proof"]["created"],
    )
    vp = journey.present([self_issued]).json()["presentation"]
    assert "issuer" in refused(journey, vp)


def test_consent_refuses_a_presentation_changed_after_signing(sandbox, walked) -> None:
    journey, credentials = walked
    vp = journey.present(credentials).json()["presentation"]
    vp["verifiableCredential"] = vp["verifiableCredential"][:1]
    assert "holder's proof" in refused(journey, vp)


def test_consent_refuses_another_holder(sandbox, walked) -> None:
    journey, credentials = walked
    other = Journey(sandbox).start()
    other.session_id = journey.session_id
    vp = other.present(credentials).json()["presentation"]  # signed by another DID of the app
    assert "holder" in refused(journey, vp)


def test_consent_refuses_a_face_match_credential_alone(sandbox, walked) -> None:
    journey, credentials = walked
    vp = journey.present(credentials[1:]).json()["presentation"]
    assert refused(journey, vp) == (
        "the presentation holds no identity document credential issued in this session"
    )


def test_consent_refuses_a_credential_presented_twice(sandbox, walked) -> None:
    journey, credentials = walked
    vp = journey.present([credentials[0], credentials[0]]).json()["presentation"]
    assert refused(journey, vp) == "credential 2 is presented twice"


def test_consent_refuses_credentials_issued_in_another_session(sandbox, walked) -> None:
    first, earlier = walked
    # The same user, a session of her own: her own credentials, then the first session's.
    second = Journey(sandbox).start()
    second.did, second.method = first.did, first.method
    later = second.login().credentials()
    vp = second.present(earlier).json()["presentation"]
    assert refused(second, vp) == "credential 1 was not issued in this session"
    vp = second.present([later[0], earlier[1]]).json()["presentation"]
    assert refused(second, vp) == "credential 2 was not issued in this session"
    accepted = second.consent(second.present(later).json()["presentation"])
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["data"]["credentials"] == 2


def test_consent_accepts_the_document_credential_alone(sandbox, walked) -> None:
    journey, credentials = walked
    response = journey.consent(journey.present(credentials[:1]).json()["presentation"])
    assert response.status_code == 200, response.text
    assert response.json()["data"]["credentials"] == 1


def test_consent_refuses_an_expired_user_token(sandbox: httpx.Client) -> None:
    frozen_now(sandbox)
    journey = Journey(sandbox).start().login(ttl=600)
    credentials = journey.credentials()
    vp = journey.present(credentials).json()["presentation"]
    advance(sandbox, 600)  # the admin token lives on (900 s)
    response = journey.consent(vp)
    kyc_error(response, 401, ACCESS_TOKEN_EXPIRED)


def test_consent_needs_credentials_issued_in_the_session(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    response = journey.consent({"holder": journey.did})
    assert "biometrics" in kyc_error(response, 400, CONSENT_VERIFICATION_FAILED)
