"""Hypersign KYC + SSI without reading pixels: every route, its documented headers, each
service's error shape, tokens and sessions on the sandbox clock, the request rules."""

import json
from types import SimpleNamespace

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox import create_app
from sandbox.core.clock import SandboxClock
from sandbox.core.inbox import Inbox
from sandbox.core.registry import create_simulators
from sandbox.core.server import BackgroundServer
from sandbox.core.simulator import Simulator, SimulatorContext
from ssi.did import did_from_public_key
from tests.sandbox.hypersign_doc import (
    ADMIN_TOKEN_SECONDS,
    BAD_REQUEST,
    BIOMETRICS,
    CONSENTS,
    DID_CREATE,
    ED25519_METHOD,
    EXCHANGE,
    EXTRACT,
    GRANT_KYC,
    GRANT_SSI,
    INVALID_ACCESS_TOKEN,
    ISSUE_JWT,
    KYC_API_SECRET,
    KYC_TOKEN_HEADER,
    OAUTH,
    PREFIX,
    PRESENTATION,
    SESSION,
    SESSION_EXPIRED,
    SESSION_NOT_FOUND,
    SESSION_SECONDS,
    SSI_API_SECRET,
    SSI_TOKEN_HEADER,
    UNAUTHORIZED,
    VENDOR,
    Journey,
    admin_token,
    advance,
    dashboard_error,
    issuer,
    kyc_error,
    oauth,
    ssi_error,
)

KYC_ROUTES = [SESSION, EXCHANGE, EXTRACT, BIOMETRICS, CONSENTS]
SSI_ROUTES = [DID_CREATE, ISSUE_JWT, PRESENTATION]
USER_ROUTES = [EXTRACT, BIOMETRICS, CONSENTS]
JSON = {"Content-Type": "application/json"}


def freeze(client: httpx.Client) -> None:
    client.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()


# --- the control plane's view ---------------------------------------------------------------


def test_vendors_lists_the_credentials_and_the_issuer(sandbox: httpx.Client) -> None:
    vendors = {v["id"]: v for v in sandbox.get("/_sandbox/vendors").json()}
    listed = vendors[VENDOR]
    assert listed["prefix"] == PREFIX
    assert listed["credentials"] == {
        "kyc_api_secret": KYC_API_SECRET,
        "ssi_api_secret": SSI_API_SECRET,
    }
    did, method = (
        listed["settings"]["issuer_did"],
        listed["settings"]["issuer_verification_method_id"],
    )
    assert did.startswith("did:hid:z6Mk") and method == did + "#key-1"
    others = {name: v["settings"] for name, v in vendors.items() if name != VENDOR}
    assert others == {
        "hyperverge-ckyc": {},
        "hyperverge-validation": {},
        "messagecentral-ekyc": {
            "basic_flow_id": "sbx-basic-flow",
            "premium_flow_id": "sbx-premium-flow",
            "trial_flow_id": "sbx-trial-flow",
            "company_name": "KYC Console Demo",
        },
        "onekyc-siv": {},
    }


# The members of sandbox.core.simulator.Simulator, settings among them.
SIMULATOR_MEMBERS = (
    "vendor_id",
    "title",
    "prefix",
    "credentials",
    "settings",
    "docs",
    "max_body_bytes",
    "router",
    "exception_handlers",
    "control_router",
    "scenarios",
    "server_error",
    "error_response",
    "malformed_body",
    "reset",
)


def test_every_simulator_declares_its_settings() -> None:
    simulators = create_simulators(SimulatorContext(SandboxClock(), Inbox()))
    declared = {s.vendor_id: type(s).__dict__.get("settings") for s in simulators}
    assert {vendor: settings for vendor, settings in declared.items() if vendor != VENDOR} == {
        "hyperverge-ckyc": {},
        "hyperverge-validation": {},
        "messagecentral-ekyc": {
            "basic_flow_id": "sbx-basic-flow",
            "premium_flow_id": "sbx-premium-flow",
            "trial_flow_id": "sbx-trial-flow",
            "company_name": "KYC Console Demo",
        },
        "onekyc-siv": {},
    }
    hypersign = next(s for s in simulators if s.vendor_id == VENDOR)
    members = {name: getattr(hypersign, name) for name in SIMULATOR_MEMBERS}
    assert isinstance(SimpleNamespace(**members), Simulator)
    del members["settings"]
    assert not isinstance(SimpleNamespace(**members), Simulator)  # the registry refuses it


def test_the_issuer_did_is_the_same_on_every_start(sandbox: httpx.Client) -> None:
    other = BackgroundServer(create_app()).start()
    try:
        with httpx.Client(base_url=other.url) as client:
            assert issuer(client) == issuer(sandbox)
    finally:
        other.stop()


# --- dashboard: admin tokens ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grant", "secret"), [(GRANT_KYC, KYC_API_SECRET), (GRANT_SSI, SSI_API_SECRET)]
)
def test_an_admin_token_for_each_service(sandbox: httpx.Client, grant: str, secret: str) -> None:
    response = oauth(sandbox, grant, secret)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "tokenType", "expiresIn"}
    assert body["tokenType"] == "Bearer" and body["expiresIn"] == ADMIN_TOKEN_SECONDS
    assert body["access_token"]


@pytest.mark.parametrize(
    ("grant", "secret"),
    [
        (GRANT_KYC, None),
        (GRANT_KYC, "wrong"),
        (GRANT_KYC, SSI_API_SECRET),
        (GRANT_SSI, KYC_API_SECRET),
    ],
    ids=["missing", "wrong", "the SSI secret for KYC", "the KYC secret for SSI"],
)
def test_a_missing_or_wrong_secret_is_the_dashboards_401(sandbox, grant, secret) -> None:
    assert dashboard_error(oauth(sandbox, grant, secret), 401)


@pytest.mark.parametrize("grant", ["access_service_all", ""])
def test_an_unknown_grant_type_is_the_dashboards_400(sandbox: httpx.Client, grant: str) -> None:
    message = dashboard_error(oauth(sandbox, grant, KYC_API_SECRET), 400)
    assert GRANT_KYC in message and GRANT_SSI in message
    no_grant = sandbox.post(OAUTH, headers={"X-Api-Secret-Key": KYC_API_SECRET})
    assert dashboard_error(no_grant, 400) == message


# --- each service's admin token -------------------------------------------------------------


@pytest.mark.parametrize("path", KYC_ROUTES)
def test_kyc_routes_need_the_kyc_admin_token(sandbox: httpx.Client, path: str) -> None:
    ssi = admin_token(sandbox, "ssi")
    for token in (None, "not-a-token", ssi):
        headers = {**JSON, **({KYC_TOKEN_HEADER: token} if token else {})}
        kyc_error(sandbox.post(path, headers=headers, json={}), 401, UNAUTHORIZED)


@pytest.mark.parametrize("path", SSI_ROUTES)
def test_ssi_routes_need_the_ssi_admin_token(sandbox: httpx.Client, path: str) -> None:
    kyc = admin_token(sandbox, "kyc")
    for authorization in (None, "Bearer not-a-token", f"Bearer {kyc}", kyc):
        headers = {**JSON, **({"Authorization": authorization} if authorization else {})}
        ssi_error(sandbox.post(path, headers=headers, json={}), 401)


def test_exchange_needs_the_ssi_admin_token_as_x_ssi_access_token(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    did_jwt = journey.issue_jwt().json()["accessToken"]
    for value in ("", "not-a-token", journey.kyc):
        response = journey.exchange(did_jwt, **{SSI_TOKEN_HEADER: value})
        kyc_error(response, 401, UNAUTHORIZED)
    assert journey.exchange(did_jwt).status_code == 200


def test_admin_tokens_expire_on_the_sandbox_clock(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    journey = Journey(sandbox).start()
    advance(sandbox, ADMIN_TOKEN_SECONDS - 1)
    assert sandbox.post(SESSION, headers={KYC_TOKEN_HEADER: journey.kyc}).status_code == 200
    made = sandbox.post(DID_CREATE, headers=journey.ssi_headers(), json={"namespace": ""})
    assert made.status_code == 201
    advance(sandbox, 1)
    message = kyc_error(sandbox.post(SESSION, headers={KYC_TOKEN_HEADER: journey.kyc}), 401)
    assert "expired" in message
    made = sandbox.post(DID_CREATE, headers=journey.ssi_headers(), json={"namespace": ""})
    assert "expired" in ssi_error(made, 401)


# --- sessions and user tokens ---------------------------------------------------------------


@pytest.mark.parametrize("path", USER_ROUTES)
def test_user_routes_need_the_user_token(sandbox: httpx.Client, path: str) -> None:
    journey = Journey(sandbox).start()
    for authorization in (None, "Bearer not-a-token", f"Bearer {journey.kyc}"):
        headers = {**JSON, KYC_TOKEN_HEADER: journey.kyc}
        if authorization:
            headers["Authorization"] = authorization
        body = {"sessionId": journey.session_id}
        kyc_error(sandbox.post(path, headers=headers, json=body), 401, INVALID_ACCESS_TOKEN)


def test_a_user_token_works_for_its_own_session_only(sandbox: httpx.Client) -> None:
    first = Journey(sandbox).start().login()
    second = Journey(sandbox).start().login()
    body = {"documentFront": "AAAA", "sessionId": second.session_id, "documentType": "PASSPORT"}
    response = sandbox.post(EXTRACT, headers=first.user_headers(), json=body)
    assert "another session" in kyc_error(response, 401, INVALID_ACCESS_TOKEN)


def test_an_unknown_session(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    did_jwt = journey.issue_jwt().json()["accessToken"]
    kyc_error(journey.exchange(did_jwt, session_id="no-such-session"), 404, SESSION_NOT_FOUND)


def test_a_session_expires_on_the_sandbox_clock(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    journey = Journey(sandbox).start().login(ttl=86400)
    advance(sandbox, SESSION_SECONDS)
    journey.kyc = admin_token(sandbox, "kyc")  # the first has expired meanwhile (900 s)
    body = {"documentFront": "AAAA", "sessionId": journey.session_id, "documentType": "PASSPORT"}
    response = sandbox.post(EXTRACT, headers=journey.user_headers(), json=body)
    kyc_error(response, 401, SESSION_EXPIRED)


def test_the_user_token_lives_as_long_as_its_did_jwt(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    journey = Journey(sandbox).start()
    did_jwt = journey.issue_jwt(ttl=120).json()["accessToken"]
    exchanged = journey.exchange(did_jwt).json()["data"]
    assert exchanged["expiresIn"] in (119, 120)  # exp is whole seconds; the clock is not
    journey.user_token = exchanged["kycServiceUserAccessToken"]
    body = {"documentFront": "AAAA", "sessionId": journey.session_id, "documentType": "PASSPORT"}
    advance(sandbox, 119)
    kyc_error(sandbox.post(EXTRACT, headers=journey.user_headers(), json=body), 400, BAD_REQUEST)
    advance(sandbox, 1)
    response = sandbox.post(EXTRACT, headers=journey.user_headers(), json=body)
    kyc_error(response, 401, "ACCESS_TOKEN_EXPIRED")


# --- did/create -------------------------------------------------------------------------------


def test_did_create_answers_the_documented_shape(sandbox: httpx.Client) -> None:
    ssi = admin_token(sandbox, "ssi")
    headers = {**JSON, "Authorization": f"Bearer {ssi}"}
    response = sandbox.post(DID_CREATE, headers=headers, json={"namespace": ""})
    assert response.status_code == 201, response.text
    body = response.json()
    did = body["did"]
    assert did.startswith("did:hid:z6Mk")
    assert body["registrationStatus"] == "COMPLETED" and body["transactionHash"]
    document = body["metadata"]["didDocument"]
    # The document reads verificationMethods (plural); W3C's name is served too.
    method = next(m for m in document["verificationMethods"] if m["type"] == ED25519_METHOD)
    assert method == {
        "id": did + "#key-1",
        "type": ED25519_METHOD,
        "controller": did,
        "publicKeyMultibase": did.removeprefix("did:hid:"),
    }
    assert document["verificationMethod"] == document["verificationMethods"]
    assert document["id"] == did


def test_did_create_namespaces(sandbox: httpx.Client) -> None:
    headers = {**JSON, "Authorization": f"Bearer {admin_token(sandbox, 'ssi')}"}
    testnet = sandbox.post(DID_CREATE, headers=headers, json={"namespace": "testnet"})
    assert testnet.json()["did"].startswith("did:hid:testnet:z6Mk")
    for namespace in ("mainnet", 1, None):
        ssi_error(sandbox.post(DID_CREATE, headers=headers, json={"namespace": namespace}), 400)


# --- issue-jwt ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("ttl", "status"), [(59, 400), (60, 200), (86400, 200), (86401, 400)])
def test_issue_jwt_ttl_range(sandbox: httpx.Client, ttl: int, status: int) -> None:
    response = Journey(sandbox).start().issue_jwt(ttl=ttl)
    assert response.status_code == status, response.text
    if status == 400:
        assert "ttlSeconds" in ssi_error(response, 400)
    else:
        assert response.json()["expiresIn"] == ttl


@pytest.mark.parametrize("ttl", ["3600", 3600.5, True, None])
def test_issue_jwt_ttl_is_an_integer(sandbox: httpx.Client, ttl) -> None:
    assert "ttlSeconds" in ssi_error(Journey(sandbox).start().issue_jwt(ttl=ttl), 400)


def claims_of_length(length: int) -> dict:
    claims = {"email": "john@gmail.com", "x": ""}
    padding = length - len(json.dumps(claims, separators=(",", ":")))
    return {**claims, "x": "y" * padding}


def test_issue_jwt_claims_up_to_4000_characters(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    assert journey.issue_jwt(claims_of_length(4000)).status_code == 200
    message = ssi_error(journey.issue_jwt(claims_of_length(4001)), 400)
    assert "4000" in message


def test_issue_jwt_refuses_a_did_that_is_not_the_apps(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    stranger = did_from_public_key(Ed25519PrivateKey.generate().public_key())
    issuer_did, _method = issuer(sandbox)
    for did, vm in [
        (stranger, stranger + "#key-1"),
        (issuer_did, issuer_did + "#key-2"),
        (issuer_did, journey.method),
        ("not-a-did", "not-a-did#key-1"),
    ]:
        response = journey.issue_jwt(issuer={"verificationmethodId": vm, "did": did})
        ssi_error(response, 400)
    # A DID the app created may sign too (the contract: created by it, or its issuer).
    own = journey.issue_jwt(issuer={"verificationmethodId": journey.method, "did": journey.did})
    assert own.status_code == 200, own.text


@pytest.mark.parametrize("missing", ["issuer", "audience"])
def test_issue_jwt_needs_issuer_and_audience(sandbox: httpx.Client, missing: str) -> None:
    journey = Journey(sandbox).start()
    issuer_did, method = issuer(sandbox)
    body = {
        "issuer": {"verificationmethodId": method, "did": issuer_did},
        "audience": "https://api.cavach.hypersign.id",
        "claims": {},
    }
    del body[missing]
    response = sandbox.post(ISSUE_JWT, headers=journey.ssi_headers(), json=body)
    assert missing in ssi_error(response, 400)


# --- exchange -----------------------------------------------------------------------------------


def test_exchange_accepts_did_as_well_as_user_did(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    claims = {"email": "john@gmail.com", "did": journey.did}
    response = journey.exchange(journey.issue_jwt(claims).json()["accessToken"])
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["kycServiceUserAccessToken"] and data["expiresIn"] > 0


@pytest.mark.parametrize(
    "claims",
    [
        {"name": "John"},  # no email
        {"email": "john@gmail.com"},  # no DID
        {"email": "not-an-email", "did": "x"},
    ],
    ids=["no email", "no DID", "no @"],
)
def test_exchange_needs_the_users_email_and_did(sandbox: httpx.Client, claims: dict) -> None:
    journey = Journey(sandbox).start()
    response = journey.exchange(journey.issue_jwt(claims).json()["accessToken"])
    kyc_error(response, 400, BAD_REQUEST)


def test_exchange_refuses_a_user_did_that_is_not_the_apps(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    stranger = did_from_public_key(Ed25519PrivateKey.generate().public_key())
    claims = {"email": "john@gmail.com", "userDid": stranger}
    response = journey.exchange(journey.issue_jwt(claims).json()["accessToken"])
    kyc_error(response, 400, BAD_REQUEST)


def test_exchange_provider_is_client_auth(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    did_jwt = journey.issue_jwt().json()["accessToken"]
    headers = {
        **JSON,
        KYC_TOKEN_HEADER: journey.kyc,
        SSI_TOKEN_HEADER: journey.ssi,
        "Authorization": f"Bearer {did_jwt}",
    }
    body = {"provider": "password", "sessionId": journey.session_id}
    assert "client_auth" in kyc_error(sandbox.post(EXCHANGE, headers=headers, json=body), 400)


def test_a_session_stays_with_its_first_user(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start().login()
    other = Journey(sandbox).start()
    claims = other.claims("jane@gmail.com")
    response = journey.exchange(journey.issue_jwt(claims).json()["accessToken"])
    kyc_error(response, 401, INVALID_ACCESS_TOKEN)


# --- extract, biometrics, presentation: the request rules ---------------------------------------


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"documentType": "DRIVING_LICENCE"}, "documentType"),
        ({"documentType": "GOVT_ID", "countryCode": "IND"}, "documentBack"),
        ({"documentType": "GOVT_ID", "documentBack": "AAAA"}, "countryCode"),
        ({"documentType": "GOVT_ID", "documentBack": "AAAA", "countryCode": "IN"}, "countryCode"),
        ({"documentType": "GOVT_ID", "documentBack": "AAAA", "countryCode": "ZZZ"}, "countryCode"),
        ({"documentFront": "not base64!"}, "documentFront"),
        ({"documentFront": "data:image/jpeg;base64,"}, "documentFront"),
        ({"documentFront": "aGVsbG8gd29ybGQ="}, "JPEG or PNG"),  # "hello world"
        ({"documentFront": 12}, "documentFront"),
        ({"sessionId": None}, "sessionId"),
    ],
)
def test_extract_refuses_a_bad_request(sandbox: httpx.Client, changes: dict, says: str) -> None:
    journey = Journey(sandbox).start().login()
    body = {"documentFront": "AAAA", "sessionId": journey.session_id, "documentType": "PASSPORT"}
    response = sandbox.post(EXTRACT, headers=journey.user_headers(), json={**body, **changes})
    assert says in kyc_error(response, 400, BAD_REQUEST)


def test_biometrics_needs_the_issuer_headers_and_this_sessions_documents(sandbox) -> None:
    journey = Journey(sandbox).start().login()
    journey.extraction = "no-such-extraction"
    issuer_did, method = issuer(sandbox)
    for name in ("x-issuer-did", "x-issuer-did-ver-method"):
        headers = {**journey.user_headers(), "x-issuer-did": issuer_did}
        headers["x-issuer-did-ver-method"] = method
        del headers[name]
        body = {"documentToken": "x", "sessionId": journey.session_id, "selfieImage": "AAAA"}
        body["holderDid"] = journey.did
        response = sandbox.post(BIOMETRICS, headers=headers, json=body)
        assert name in kyc_error(response, 400, BAD_REQUEST)
    stranger = did_from_public_key(Ed25519PrivateKey.generate().public_key())
    headers = {**journey.user_headers(), "x-issuer-did": stranger}
    headers["x-issuer-did-ver-method"] = stranger + "#key-1"
    body = {"documentToken": "x", "sessionId": journey.session_id, "selfieImage": "AAAA"}
    body["holderDid"] = journey.did
    assert "x-issuer-did" in kyc_error(sandbox.post(BIOMETRICS, headers=headers, json=body), 400)
    assert "documentToken" in kyc_error(journey.biometrics(), 400, BAD_REQUEST)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"domain": "localhost:8501"}, "domain"),
        ({"domain": "//localhost:8501"}, "domain"),
        ({"credentialDocuments": []}, "credentialDocuments"),
        ({"verificationMethodId": "did:hid:z6Mkx#key-1"}, "verificationMethodId"),
        ({"challenge": ""}, "challenge"),
    ],
)
def test_presentation_refuses_a_bad_request(sandbox: httpx.Client, changes: dict, says: str):
    journey = Journey(sandbox).start()
    response = journey.present([{"id": "urn:uuid:1"}], **changes)
    assert says in ssi_error(response, 400)


def test_presentation_refuses_a_holder_that_is_not_the_apps(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    stranger = did_from_public_key(Ed25519PrivateKey.generate().public_key())
    response = journey.present(
        [{"id": "urn:uuid:1"}], holderDid=stranger, verificationMethodId=stranger + "#key-1"
    )
    assert "holderDid" in ssi_error(response, 400)


# --- bodies, paths and methods nobody serves ----------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[1, 2]", b'{"namespace": NaN}', b"[" * 5000, b"\xff\xfe{}"],
    ids=["not JSON", "an array", "NaN", "5000 [", "not UTF-8"],
)
def test_bodies_json_cannot_hold_are_each_services_400(sandbox: httpx.Client, raw: bytes) -> None:
    journey = Journey(sandbox).start().login()
    ssi_error(sandbox.post(DID_CREATE, headers=journey.ssi_headers(), content=raw), 400)
    kyc_error(sandbox.post(EXTRACT, headers=journey.user_headers(), content=raw), 400, BAD_REQUEST)


def test_json_bodies_need_the_json_content_type(sandbox: httpx.Client) -> None:
    journey = Journey(sandbox).start()
    headers = {**journey.ssi_headers(), "Content-Type": "text/plain"}
    response = sandbox.post(DID_CREATE, headers=headers, content=b'{"namespace": ""}')
    assert "Content-Type" in ssi_error(response, 400)


def test_no_such_path_or_method_keeps_the_services_shape(sandbox: httpx.Client) -> None:
    kyc_error(sandbox.post(f"{PREFIX}/kyc/api/v2/nothing"), 404)
    kyc_error(sandbox.get(SESSION), 405)
    ssi_error(sandbox.post(f"{PREFIX}/ssi/api/v1/nothing"), 404)
    ssi_error(sandbox.get(PRESENTATION), 405)
    dashboard_error(sandbox.get(OAUTH), 405)
    kyc_error(sandbox.get(PREFIX), 404)


def test_a_body_past_25_mb_is_the_services_413(sandbox: httpx.Client) -> None:
    body = b"x" * (25 * 1024 * 1024 + 1)
    ssi_error(sandbox.post(DID_CREATE, content=body, headers=JSON), 413)
    kyc_error(sandbox.post(EXTRACT, content=body, headers=JSON), 413)
    assert oauth(sandbox, GRANT_KYC, KYC_API_SECRET).status_code == 200


# --- faults ---------------------------------------------------------------------------------


def arm(client: httpx.Client, mode: str, path: str | None = None, **extra) -> None:
    fault = {"vendor": VENDOR, "mode": mode, **extra}
    if path is not None:
        fault["path"] = path
    client.post("/_sandbox/faults", json=fault).raise_for_status()


@pytest.mark.parametrize(
    ("vendor_path", "check"),
    [
        ("/kyc/api/v2/session", kyc_error),
        ("/ssi/api/v1/did/create", ssi_error),
        ("/dashboard/api/v1/app/oauth", dashboard_error),
    ],
)
def test_an_injected_500_is_in_that_services_shape(sandbox, vendor_path: str, check) -> None:
    arm(sandbox, "http_500", vendor_path)
    response = sandbox.post(PREFIX + vendor_path, json={})
    check(response, 500)
    assert response.headers["x-sandbox-fault"] == "http_500"


@pytest.mark.parametrize(
    "vendor_path", ["/kyc/api/v2/session", "/ssi/api/v1/did/create", "/dashboard/api/v1/app/oauth"]
)
def test_a_malformed_body_is_a_200_cut_short(sandbox: httpx.Client, vendor_path: str) -> None:
    arm(sandbox, "malformed_body", vendor_path)
    response = sandbox.post(PREFIX + vendor_path, json={})
    assert response.status_code == 200 and response.headers["x-sandbox-fault"] == "malformed_body"
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_a_timeout_outlasts_the_client(sandbox: httpx.Client) -> None:
    arm(sandbox, "timeout", "/kyc/api/v2/session", seconds=1)
    with pytest.raises(httpx.ReadTimeout):
        sandbox.post(SESSION, timeout=0.2)


# --- /openapi.json ------------------------------------------------------------------------------

DOCUMENTED = {
    OAUTH: ({"X-Api-Secret-Key"}, set()),
    SESSION: ({"x-kyc-access-token"}, set()),
    DID_CREATE: ({"Authorization"}, {"namespace"}),
    ISSUE_JWT: ({"Authorization"}, {"issuer", "audience", "claims", "ttlSeconds"}),
    EXCHANGE: (
        {"Authorization", "x-ssi-access-token", "x-kyc-access-token"},
        {"provider", "sessionId"},
    ),
    EXTRACT: (
        {"x-kyc-access-token", "Authorization"},
        {"documentFront", "documentBack", "sessionId", "documentType", "countryCode"},
    ),
    BIOMETRICS: (
        {"x-kyc-access-token", "x-issuer-did", "x-issuer-did-ver-method", "Authorization"},
        {"documentToken", "sessionId", "selfieImage", "holderDid"},
    ),
    PRESENTATION: (
        {"Authorization"},
        {"credentialDocuments", "holderDid", "challenge", "domain", "verificationMethodId"},
    ),
    CONSENTS: ({"x-kyc-access-token", "Authorization"}, {"sessionId", "presentation"}),
}


def test_openapi_lists_every_route_its_headers_and_body(sandbox: httpx.Client) -> None:
    spec = sandbox.get("/openapi.json").json()
    served = {path for path in spec["paths"] if path.startswith(PREFIX + "/")}
    assert served == set(DOCUMENTED)
    for path, (headers, fields) in DOCUMENTED.items():
        operation = spec["paths"][path]["post"]
        named = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert named == headers, path
        if fields:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            assert set(schema["properties"]) == fields, path
    oauth_query = spec["paths"][OAUTH]["post"]["parameters"]
    assert {"name": "grant_type", "in": "query"}.items() <= oauth_query[0].items()


# --- any body -----------------------------------------------------------------------------------

FIELDS = sorted({field for _headers, fields in DOCUMENTED.values() for field in fields})


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=100),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), inner, max_size=6)
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    ),
    path=st.sampled_from([DID_CREATE, ISSUE_JWT, EXCHANGE, EXTRACT, BIOMETRICS, PRESENTATION]),
)
def test_any_body_gets_the_services_answer(sandbox: httpx.Client, body: bytes, path: str) -> None:
    journey = Journey(sandbox).start().login()
    headers = {
        **journey.user_headers(),
        SSI_TOKEN_HEADER: journey.ssi,
        "x-issuer-did": journey.did,
        "x-issuer-did-ver-method": journey.method,
    }
    if "/ssi/" in path:
        headers = journey.ssi_headers()
    response = sandbox.post(path, headers=headers, content=body)
    assert response.status_code in (200, 201, 400, 401, 404, 422), response.text
    if response.status_code >= 400:
        check = ssi_error if "/ssi/" in path else kyc_error
        check(response, response.status_code)
