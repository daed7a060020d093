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
    Wire,
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


# --- sessions sharing the client while a token is fetched -------------------------------

OAUTH = "/dashboard/api/v1/app/oauth"


def slow_oauth(sandbox: httpx.Client, seconds: float = 2, times: int = 1) -> None:
    """The sandbox's `slow` fault on the dashboard's oauth (both grants share the path)."""
    fault = {"vendor": "hypersign-kyc", "path": OAUTH, "mode": "slow", "seconds": seconds}
    sandbox.post("/_sandbox/faults", json=fault | {"times": times}).raise_for_status()


class WatchedWire(Wire):
    """The real transport, telling the test when an oauth call goes out.

    An oauth for a service in `hold` waits, before it is sent, until the test calls
    `release()`: the test decides how long a fetch is under way, not a timer.
    """

    def __init__(self, hold: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.hold = hold
        self.released = threading.Event()
        self.oauth_sent = {"kyc": threading.Event(), "ssi": threading.Event()}

    def release(self) -> None:
        self.released.set()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        service = None
        if request.url.path.endswith(OAUTH):
            service = request.url.params["grant_type"].removeprefix("access_service_")
            self.oauth_sent[service].set()
            if service in self.hold:
                self.released.wait(30)
        return super().handle_request(request)


def in_thread(work) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # reported by the test
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def answered_while_held(wire: WatchedWire, work):
    """Runs `work` while the held oauth is on the wire; its result, or None if it had to wait
    for that fetch (it is then let go, so the test fails instead of hanging)."""
    result: list = []
    thread, errors = in_thread(lambda: result.append(work()))
    thread.join(10)
    answered = not thread.is_alive()
    wire.release()
    thread.join(30)
    assert errors == []
    return result[0] if answered else None


def test_status_answers_while_a_token_is_fetched(sandbox) -> None:
    """The page polls admin_tokens() every second: it must not wait for a slow oauth."""
    recorded: list[Exchange] = []
    wire = WatchedWire(hold=frozenset({"kyc"}))
    wire.release()  # the first fetch goes through
    with make_client(sandbox, recorded, wire=wire) as client:
        client.create_session()
        (before,) = client.admin_tokens()
        advance(sandbox, ADMIN_LIFETIME)  # expired: the next call refreshes it
        wire.released.clear()
        wire.oauth_sent["kyc"].clear()  # the first fetch's
        thread, errors = in_thread(client.create_session)
        assert wire.oauth_sent["kyc"].wait(10)
        statuses = answered_while_held(wire, client.admin_tokens)
        thread.join(30)
        (after,) = client.admin_tokens()
    assert errors == []
    assert statuses == [before]  # answered while the refresh was held on the wire
    assert after.refreshed == 1 and after.obtained_at > before.obtained_at
    assert [e.step for e in recorded] == [
        "oauth-kyc",
        "create-session",
        "oauth-kyc-refresh",
        "create-session",
    ]


def test_a_slow_kyc_oauth_does_not_hold_up_the_ssi_service(sandbox) -> None:
    recorded: list[Exchange] = []
    wire = WatchedWire(hold=frozenset({"kyc"}))
    with make_client(sandbox, recorded, wire=wire) as client:
        thread, errors = in_thread(client.create_session)
        assert wire.oauth_sent["kyc"].wait(10)
        # its own token, its own fetch: made while the KYC grant's is held on the wire
        created = answered_while_held(wire, client.create_did)
        thread.join(30)
    assert errors == [] and created is not None and created.did
    assert sorted(e.step for e in recorded) == [
        "create-did",
        "create-session",
        "oauth-kyc",
        "oauth-ssi",
    ]


def test_eight_sessions_needing_both_tokens_fetch_each_once(sandbox) -> None:
    """Eight sessions at once, half wanting the KYC token first and half the SSI one, while
    the oauth is slow: one fetch per service, and every call made."""
    recorded: list[Exchange] = []
    with make_client(sandbox, recorded) as client:
        slow_oauth(sandbox, seconds=1, times=2)
        barrier = threading.Barrier(8)

        def walk(index: int) -> None:
            barrier.wait()
            if index % 2:
                client.create_session()
                client.create_did()
            else:
                client.create_did()
                client.create_session()

        runs = [in_thread(lambda index=index: walk(index)) for index in range(8)]
        for thread, _ in runs:
            thread.join(60)
        statuses = client.admin_tokens()
    assert [error for _, errors in runs for error in errors] == []
    steps_made = [e.step for e in recorded]
    assert steps_made.count("oauth-kyc") == 1 and steps_made.count("oauth-ssi") == 1
    assert steps_made.count("create-session") == 8 and steps_made.count("create-did") == 8
    assert not [s for s in steps_made if s.endswith(("-refresh", "-retry"))]
    assert [(t.service, t.refreshed) for t in statuses] == [("kyc", 0), ("ssi", 0)]


def test_the_clock_is_read_once_per_decision_and_never_under_the_lock(sandbox) -> None:
    """The sandbox's clock is an HTTP call: read once to judge the token and date the new one,
    and while it is being read, status() still answers."""
    reads: list[float] = []
    hold, held, release, read = (threading.Event() for _ in range(4))
    read_sandbox_clock = sandbox_clock(sandbox)

    def clock() -> float:
        if hold.is_set():
            held.set()
            release.wait(5)
        reads.append(read_sandbox_clock())
        read.set()
        return reads[-1]

    recorded: list[Exchange] = []
    with make_client(sandbox, recorded, clock=clock) as client:
        client.create_session()
        assert len(reads) == 1  # no token: one read, which dates the one fetched
        (first,) = client.admin_tokens()
        assert first.obtained_at == reads[0]
        advance(sandbox, ADMIN_LIFETIME)
        del reads[:]
        client.create_session()
        assert len(reads) == 1  # expired: one read judges it and dates the new one
        (second,) = client.admin_tokens()
        assert second.obtained_at == reads[0] and second.refreshed == 1

        read.clear()
        hold.set()  # the next clock read waits for the test
        thread, errors = in_thread(client.create_session)
        assert held.wait(10)
        statuses = client.admin_tokens()  # while the clock is being read
        clock_read_first = read.is_set()
        release.set()
        thread.join(30)
    assert errors == []
    assert not clock_read_first  # status() answered while the clock was still being read
    assert statuses == [second]


def test_tokens_forgotten_during_a_fetch_are_not_kept(sandbox) -> None:
    """forget_admin_tokens() while a fetch is under way: it answers at once, and the token that
    fetch brings back (asked for before) is used by its call but not cached."""
    recorded: list[Exchange] = []
    wire = WatchedWire(hold=frozenset({"kyc"}))
    with make_client(sandbox, recorded, wire=wire) as client:
        thread, errors = in_thread(client.create_session)
        assert wire.oauth_sent["kyc"].wait(10)
        forgot = answered_while_held(wire, lambda: client.forget_admin_tokens() or True)
        thread.join(30)
        statuses = client.admin_tokens()
        client.create_session()
    assert errors == [] and forgot
    assert statuses == []
    assert [e.step for e in recorded] == [
        "oauth-kyc",
        "create-session",
        "oauth-kyc",
        "create-session",
    ]


def test_the_cache_never_shows_a_token(sandbox) -> None:
    recorded: list[Exchange] = []
    wire = Wire()
    with make_client(sandbox, recorded, wire=wire) as client:
        client.create_session()
        client.create_did()
        cache = client._tokens  # the cache itself: its entries are what a debugger prints
        text = repr(cache._entries) + repr(client.admin_tokens())
    tokens = wire.token_values()
    assert len(tokens) == 2
    assert "obtained_at=" in text
    assert not [token for token in tokens if token in text]
