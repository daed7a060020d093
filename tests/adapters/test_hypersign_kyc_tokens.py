"""Admin tokens: fetched lazily, cached until they expire on the client's clock, refreshed a
little before; a token the vendor calls bad (expired on its clock, not on ours) is replaced and
the call sent once more, and the history shows all of it. The sandbox clock is moved, never
slept on. Lifetimes are the contract's: admin tokens expiresIn 900 s."""

import threading
import time

import httpx
import pytest

from kyc_adapters.errors import InvalidCredentials
from kyc_adapters.recorder import Exchange
from tests.adapters.test_hypersign_kyc import (
    EMAIL,
    PASSPORT,
    Issuer,
    make_client,
    sandbox_clock,
)
from tests.adapters.test_hypersign_kyc import issuer as issuer  # a fixture

ADMIN_LIFETIME = 900  # contract: expiresIn 900 s


def advance(sandbox: httpx.Client, seconds: float) -> None:
    sandbox.post("/_sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()


def steps(recorded: list[Exchange]) -> list[tuple[str, int | None, str]]:
    return [(e.step, e.status_code, e.outcome) for e in recorded]


def test_tokens_are_fetched_once_then_reused(sandbox) -> None:
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded) as client:
        assert client.admin_tokens() == []  # lazily: nothing before the first call
        now = sandbox_clock(sandbox)()
        for _ in range(3):
            client.create_session()
        (kyc,) = client.admin_tokens()
    assert [e.step for e in recorded] == ["oauth-kyc"] + ["create-session"] * 3
    assert kyc.service == "kyc" and kyc.refreshed == 0
    assert abs(kyc.obtained_at - now) < 5  # on the sandbox's clock
    assert kyc.expires_at - kyc.obtained_at == ADMIN_LIFETIME
    assert kyc.seconds_left(kyc.obtained_at + 100) == ADMIN_LIFETIME - 100


def test_an_expired_token_is_refreshed_before_the_call(sandbox) -> None:
    """The client reads the sandbox clock: it sees the expiry coming and fetches first."""
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded) as client:
        client.create_session()
        advance(sandbox, ADMIN_LIFETIME - 300)
        client.create_session()  # still fresh: no fetch
        advance(sandbox, 300 - 5)  # 5 s before expiry: "a little before"
        client.create_session()
        (kyc,) = client.admin_tokens()
    assert steps(recorded) == [
        ("oauth-kyc", 200, "success"),
        ("create-session", 200, "success"),
        ("create-session", 200, "success"),
        ("oauth-kyc-refresh", 200, "success"),
        ("create-session", 200, "success"),
    ]
    assert kyc.refreshed == 1


def test_a_token_the_kyc_service_calls_expired_is_replaced_and_the_call_retried(sandbox) -> None:
    """The client's clock is the wall's (as live): only the vendor knows the token expired."""
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded, clock=time.time) as client:
        client.create_session()
        advance(sandbox, ADMIN_LIFETIME + 1)
        session = client.create_session()  # no error reaches the caller
        (kyc,) = client.admin_tokens()
    assert session.sessionId
    assert steps(recorded) == [
        ("oauth-kyc", 200, "success"),
        ("create-session", 200, "success"),
        ("create-session", 401, "failure"),
        ("oauth-kyc-refresh", 200, "success"),
        ("create-session-retry", 200, "success"),
    ]
    refused = recorded[2].response_body
    assert refused["success"] is False and refused["error"]["code"] == "UNAUTHORIZED"
    assert kyc.refreshed == 1


def test_a_token_the_ssi_service_refuses_is_replaced_and_the_call_retried(sandbox) -> None:
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded, clock=time.time) as client:
        client.create_did()
        advance(sandbox, ADMIN_LIFETIME + 1)
        created = client.create_did()
        (ssi,) = client.admin_tokens()
    assert created.did
    assert steps(recorded) == [
        ("oauth-ssi", 200, "success"),
        ("create-did", 201, "success"),
        ("create-did", 401, "failure"),
        ("oauth-ssi-refresh", 200, "success"),
        ("create-did-retry", 201, "success"),
    ]
    refused = recorded[2].response_body
    assert refused["statusCode"] == 401 and isinstance(refused["message"], list)
    assert ssi.refreshed == 1


def test_the_exchange_carrying_both_admin_tokens_recovers(sandbox, issuer: Issuer) -> None:
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded, clock=time.time) as client:
        session = client.create_session()
        user = client.create_did()
        jwt = client.issue_user_jwt(
            issuer_did=issuer.did,
            issuer_verification_method_id=issuer.method,
            audience=client.kyc_url,
            claims={"email": EMAIL, "userDid": user.did},
            ttl_seconds=86400,
        )
        advance(sandbox, ADMIN_LIFETIME + 1)
        token = client.exchange(did_jwt=jwt.accessToken, session_id=session.sessionId)
        tokens = client.admin_tokens()
    assert token.kycServiceUserAccessToken
    assert steps(recorded)[5:] == [
        ("exchange", 401, "failure"),
        ("oauth-kyc-refresh", 200, "success"),
        ("oauth-ssi-refresh", 200, "success"),
        ("exchange-retry", 200, "success"),
    ]
    assert recorded[5].response_body["error"]["code"] == "UNAUTHORIZED"
    assert [(t.service, t.refreshed) for t in tokens] == [("kyc", 1), ("ssi", 1)]


def test_two_sessions_sharing_the_client_fetch_one_token(sandbox) -> None:
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded) as client:
        barrier = threading.Barrier(8)
        errors: list[BaseException] = []

        def walk() -> None:
            barrier.wait()
            try:
                client.create_session()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=walk) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert [e.step for e in recorded].count("oauth-kyc") == 1
    assert [e.step for e in recorded].count("create-session") == 8


def test_a_refused_user_token_is_not_an_admin_token_problem(sandbox, issuer: Issuer) -> None:
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded) as client:
        session = client.create_session()
        user = client.create_did()
        token = client.user_session(
            session_id=session.sessionId,
            issuer_did=issuer.did,
            issuer_verification_method_id=issuer.method,
            claims={"email": "token-expired@example.com", "userDid": user.did},
        )
        with pytest.raises(InvalidCredentials) as refused:
            client.extract_document(
                user_token=token.user_token,
                session_id=session.sessionId,
                document_type="PASSPORT",
                front=PASSPORT,
            )
        statuses = client.admin_tokens()
    assert refused.value.code == "ACCESS_TOKEN_EXPIRED"
    assert [e.step for e in recorded][-1] == "extract-document"  # not retried
    assert all(t.refreshed == 0 for t in statuses)
