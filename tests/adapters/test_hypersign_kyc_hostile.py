"""Answers the sandbox never gives, from a small stand-in vendor over real HTTP: a 200 that says
`success: false`, a body off the contract, a DID document in W3C's words, and an admin token
refused again after its refresh (retried once only). The client is the real one."""

from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kyc_adapters.errors import ContractViolation, InvalidCredentials, VendorStatusError
from kyc_adapters.hypersign_kyc import HypersignKycClient
from kyc_adapters.recorder import Exchange, RecordingTransport
from sandbox.core.server import BackgroundServer
from tests.adapters.test_hypersign_kyc import REDACTOR

DID = "did:hid:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
# Per path, the answers still to give, in order: (status, JSON body or raw bytes).
QUEUE: dict[str, list[tuple[int, object]]] = {}
TOKENS = iter(f"admin-token-{n}" for n in range(10_000))


async def answer(request: Request) -> Response:
    path = request.url.path
    if path == "/dashboard/api/v1/app/oauth":
        return JSONResponse({"access_token": next(TOKENS), "tokenType": "Bearer", "expiresIn": 900})
    status, body = QUEUE[path].pop(0)
    if isinstance(body, bytes):
        return Response(body, status_code=status, media_type="application/json")
    return JSONResponse(body, status_code=status)


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    server = BackgroundServer(
        Starlette(routes=[Route("/{path:path}", answer, methods=["POST"])])
    ).start()
    yield server.url
    server.stop()


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def client(vendor_url: str, recorded: list[Exchange]) -> Iterator[HypersignKycClient]:
    QUEUE.clear()
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR)
    with httpx.Client(transport=transport, timeout=5) as http:
        yield HypersignKycClient(
            http,
            kyc_api_secret="k",
            ssi_api_secret="s",
            dashboard_url=f"{vendor_url}/dashboard/",
            kyc_url=f"{vendor_url}/kyc",
            ssi_url=f"{vendor_url}/ssi",
        )


def queue(path: str, *answers: tuple[int, object]) -> None:
    QUEUE[path] = list(answers)


UNAUTHORIZED = {
    "success": False,
    "statusCode": 401,
    "error": {"code": "UNAUTHORIZED", "message": "x-kyc-access-token is expired"},
}


def test_a_200_saying_success_false_is_a_failure(client, recorded) -> None:
    body = {
        "success": False,
        "statusCode": 422,
        "error": {"code": "DOCUMENT_VERIFICATION_FAILED", "message": "Nothing readable"},
    }
    queue("/kyc/api/v2/session", (200, body))
    with pytest.raises(VendorStatusError) as failed:
        client.create_session()
    error = failed.value
    assert (error.status_code, error.code, error.message) == (
        422,
        "DOCUMENT_VERIFICATION_FAILED",
        "Nothing readable",
    )
    assert (recorded[-1].status_code, recorded[-1].outcome) == (200, "failure")
    assert recorded[-1].error == "Nothing readable"


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"sessionId": "s"}},  # no success flag
        {"success": "true", "data": {"sessionId": "s"}},
        {"success": True, "data": ["s"]},
        {"success": True, "data": {}},  # no sessionId
        ["success"],
        b'{"success": tr',
    ],
    ids=["no-flag", "flag-a-string", "data-a-list", "no-session-id", "a-list", "cut-off"],
)
def test_a_kyc_body_off_the_contract(client, recorded, body) -> None:
    queue("/kyc/api/v2/session", (200, body))
    with pytest.raises(ContractViolation):
        client.create_session()
    assert recorded[-1].outcome == "error"


def test_the_ssi_error_shape_joins_its_messages(client) -> None:
    body = {
        "statusCode": 400,
        "message": ["namespace must be one of: testnet", "namespace must be a string"],
        "error": "Bad Request",
    }
    queue("/ssi/api/v1/did/create", (400, body))
    with pytest.raises(VendorStatusError) as failed:
        client.create_did(namespace="x")
    assert failed.value.code == "Bad Request"
    assert failed.value.message == ("namespace must be one of: testnet; namespace must be a string")


def did_answer(methods_key: str, method_type: str = "Ed25519VerificationKey2020") -> dict:
    method = {"id": f"{DID}#key-1", "type": method_type, "controller": DID}
    return {
        "did": DID,
        "registrationStatus": "COMPLETED",
        "transactionHash": "",
        "metadata": {"didDocument": {"id": DID, methods_key: [method]}},
    }


@pytest.mark.parametrize("key", ["verificationMethods", "verificationMethod"])
def test_the_ed25519_method_is_found_by_either_name(client, key: str) -> None:
    queue("/ssi/api/v1/did/create", (201, did_answer(key)))
    created = client.create_did()
    assert created.verification_method_id == f"{DID}#key-1"


def test_a_did_without_an_ed25519_method_is_a_contract_violation(client, recorded) -> None:
    answer = did_answer("verificationMethods", "EcdsaSecp256k1VerificationKey2019")
    queue("/ssi/api/v1/did/create", (201, answer))
    with pytest.raises(ContractViolation, match="Ed25519VerificationKey2020"):
        client.create_did()
    assert recorded[-1].outcome == "error"


def test_an_admin_token_refused_twice_is_retried_once(client, recorded) -> None:
    queue("/kyc/api/v2/session", (401, UNAUTHORIZED), (401, UNAUTHORIZED), (200, {}))
    with pytest.raises(InvalidCredentials) as failed:
        client.create_session()
    assert failed.value.code == "UNAUTHORIZED"
    assert [(e.step, e.status_code) for e in recorded] == [
        ("oauth-kyc", 200),
        ("create-session", 401),
        ("oauth-kyc-refresh", 200),
        ("create-session-retry", 401),
    ]
    assert [t.refreshed for t in client.admin_tokens()] == [1]


def test_a_refreshed_token_is_the_one_sent_again(client, recorded) -> None:
    queue(
        "/kyc/api/v2/session",
        (401, UNAUTHORIZED),
        (200, {"success": True, "data": {"sessionId": "s"}}),
    )
    assert client.create_session().sessionId == "s"
    refused, retried = recorded[1], recorded[3]
    assert refused.step == "create-session" and retried.step == "create-session-retry"


def test_an_ssi_401_is_an_admin_token_problem(client, recorded) -> None:
    body = {"statusCode": 401, "message": "Unauthorized"}  # NestJS's bare 401
    queue("/ssi/api/v1/did/create", (401, body), (201, did_answer("verificationMethods")))
    assert client.create_did().did == DID
    assert [e.step for e in recorded] == [
        "oauth-ssi",
        "create-did",
        "oauth-ssi-refresh",
        "create-did-retry",
    ]


def test_a_user_token_401_is_not_retried(client, recorded) -> None:
    body = {
        "success": False,
        "statusCode": 401,
        "error": {"code": "ACCESS_TOKEN_EXPIRED", "message": "The user token expired"},
    }
    queue("/kyc/api/v2/consents", (401, body))
    with pytest.raises(InvalidCredentials) as failed:
        client.submit_consent(user_token="u", session_id="s", presentation={})
    assert failed.value.code == "ACCESS_TOKEN_EXPIRED"
    assert [e.step for e in recorded] == ["oauth-kyc", "submit-consent"]


def test_a_dashboard_error_in_its_shape(client, recorded, vendor_url) -> None:
    # The dashboard answers every oauth with a token here; its refusal shape is checked
    # against the sandbox (test_hypersign_kyc.py). A trailing slash on a base URL is harmless.
    queue("/kyc/api/v2/session", (200, {"success": True, "data": {"sessionId": "s"}}))
    client.create_session()
    assert str(recorded[0].url).startswith(f"{vendor_url}/dashboard/api/v1/app/oauth?")
    assert "grant_type=access_service_kyc" in recorded[0].url
