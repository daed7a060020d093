"""The e-KYC Now client against the real sandbox over HTTP: a URL for each flow, the hosted
journey's single use and its expiry on the sandbox clock, the trial limit, the burst limit, each
refusal as the adapter's error, faults, and a history without the key, the token or the URL.
Expected messages and keys are the document's and the contract's (notes/ekyc-contract.md), as
literals."""

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    VendorStatusError,
    VendorTimeout,
)
from kyc_adapters.messagecentral_ekyc import (
    PII_KEYS,
    SECRET_KEYS,
    MessageCentralEkycClient,
    RateLimited,
    RedirectionUrl,
    TrialExhausted,
    refusal_code,
)
from kyc_adapters.recorder import Exchange, RecordingTransport
from kyc_adapters.redaction import REDACTED, Redactor

VENDOR_ID = "messagecentral-ekyc"
PREFIX = "/messagecentral-ekyc"
PATH = "/ekyc/api/v1/redirection/generate-url"
# The sandbox's published credentials and settings (contract; GET /_sandbox/vendors).
API_KEY, TRIAL_KEY = "sandbox-ekyc-api-key", "sandbox-ekyc-trial-key"
BASIC, PREMIUM, TRIAL = "sbx-basic-flow", "sbx-premium-flow", "sbx-trial-flow"
COMPANY = "KYC Console Demo"
MESSAGE = "Embed this URL in your application for KYC verification"  # the document's
# The document's sample journey id, M17682023316961BQG_SE: M, 13 digits (milliseconds since
# the epoch), 4 upper-case letters or digits, _SE.
JOURNEY_ID = re.compile(r"M\d{13}[0-9A-Z]{4}_SE")
EXPIRED_PAGE = "This link has expired or was already used"
# No secret values given: the keys alone must keep the key, the token and the URL out.
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

    def answered_secrets(self) -> set[str]:
        """Every token and URL the sandbox handed out."""
        values: set[str] = set()
        for _, response in self.seen:
            try:
                body = json.loads(response.content)
            except ValueError:
                continue
            if isinstance(body, dict):
                values |= {str(body.get("token") or ""), str(body.get("url") or "")}
        return {v for v in values if v}


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def wire() -> Wire:
    return Wire()


def make_client(
    sandbox: httpx.Client, recorded: list[Exchange], wire: Wire | None = None, timeout=10
) -> tuple[httpx.Client, MessageCentralEkycClient]:
    transport = RecordingTransport(wire or Wire(), recorded.append, REDACTOR)
    http = httpx.Client(
        base_url=str(sandbox.base_url.join(PREFIX)), transport=transport, timeout=timeout
    )
    return http, MessageCentralEkycClient(http, api_key=API_KEY)


@pytest.fixture
def client(
    sandbox: httpx.Client, recorded: list[Exchange], wire: Wire
) -> Iterator[MessageCentralEkycClient]:
    http, client = make_client(sandbox, recorded, wire)
    with http:
        yield client


def generate(client: MessageCentralEkycClient, **change: Any) -> RedirectionUrl:
    return client.generate_url(**({"flow_id": BASIC, "company_name": COMPANY} | change))


def trial(client: MessageCentralEkycClient) -> RedirectionUrl:
    return generate(client, flow_id=TRIAL, api_key=TRIAL_KEY)


def clock_now(sandbox: httpx.Client) -> float:
    return float(sandbox.get("/_sandbox/clock").json()["epoch"])


def advance(sandbox: httpx.Client, seconds: float) -> None:
    sandbox.post("/_sandbox/clock/advance", json={"seconds": seconds}).raise_for_status()


def freeze(sandbox: httpx.Client) -> None:
    sandbox.post("/_sandbox/clock/freeze", json={"frozen": True}).raise_for_status()


def attempts_left(sandbox: httpx.Client) -> int:
    answer = sandbox.get("/_sandbox/messagecentral-ekyc/trial")
    answer.raise_for_status()
    return answer.json()["attempts_left"]


# --- what the sandbox publishes -----------------------------------------------------------


def test_the_sandbox_publishes_the_contracts_credentials_and_settings(sandbox) -> None:
    (vendor,) = [v for v in sandbox.get("/_sandbox/vendors").json() if v["id"] == VENDOR_ID]
    assert vendor["prefix"] == "/messagecentral-ekyc"
    assert vendor["credentials"] == {
        "api_key": "sandbox-ekyc-api-key",
        "trial_api_key": "sandbox-ekyc-trial-key",
    }
    assert vendor["settings"] == {
        "basic_flow_id": "sbx-basic-flow",
        "premium_flow_id": "sbx-premium-flow",
        "trial_flow_id": "sbx-trial-flow",
        "company_name": "KYC Console Demo",
    }


# --- a URL for each flow ------------------------------------------------------------------


def test_a_basic_flows_url(client, sandbox_url, recorded, wire) -> None:
    answer = generate(client)
    assert answer.expires_in_minutes == 30
    assert answer.message == MESSAGE
    # As the client reached the sandbox (contract).
    assert answer.url == f"{sandbox_url.rstrip('/')}/messagecentral-ekyc/kyc/flow/{answer.token}"
    assert JOURNEY_ID.fullmatch(answer.journey_id), answer.journey_id
    assert answer.undocumented_fields() == []
    (request, response) = wire.seen[-1]
    assert request.headers["flow_id"] == BASIC
    assert request.headers["api_key"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert set(response.json()) == {"url", "token", "journey_id", "expires_in_minutes", "message"}
    assert (recorded[-1].step, recorded[-1].status_code, recorded[-1].outcome) == (
        "generate-url",
        200,
        "success",
    )


def test_each_flow_gives_its_own_url(client) -> None:
    answers = [generate(client, flow_id=BASIC), generate(client, flow_id=PREMIUM), trial(client)]
    assert len({a.token for a in answers}) == 3
    assert len({a.journey_id for a in answers}) == 3
    assert all(a.expires_in_minutes == 30 and a.message == MESSAGE for a in answers)


def test_the_company_name_is_matched_without_case(client) -> None:
    assert generate(client, company_name="kyc console demo").message == MESSAGE


# --- refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "detail", "code"),
    [
        ({"api_key": "not-the-key"}, "Invalid API key or flow_id", "api_key_or_flow_id"),
        ({"flow_id": "no-such-flow"}, "Invalid API key or flow_id", "api_key_or_flow_id"),
        ({"company_name": "Another Company"}, "Invalid company name", "company_name"),
    ],
    ids=["wrong-key", "unknown-flow", "wrong-company"],
)
def test_the_contracts_401s(client, recorded, change: dict, detail: str, code: str) -> None:
    with pytest.raises(InvalidCredentials) as refused:
        generate(client, **change)
    error = refused.value
    assert (error.status_code, error.code, error.message) == (401, code, detail)
    assert error.body == {"detail": detail}
    assert (recorded[-1].status_code, recorded[-1].outcome) == (401, "failure")
    assert recorded[-1].error == detail


# The client never sends these (it refuses the value first and always sends "Bearer "): the
# sandbox's bodies, sent raw, are the document's literals, and the client names their fields.
DOCUMENTED_401 = [
    ({"api_key": f"Bearer {API_KEY}"}, {"company_name": COMPANY}, "Missing flow_id header/query."),
    ({"flow_id": BASIC}, {"company_name": COMPANY}, "API Key must be 'Bearer '"),
    (
        {"flow_id": BASIC, "api_key": API_KEY},
        {"company_name": COMPANY},
        "API Key must be 'Bearer '",
    ),
    ({"flow_id": BASIC, "api_key": f"Bearer {API_KEY}"}, {}, "Missing company name in Header"),
]


@pytest.mark.parametrize(
    ("headers", "form", "detail"),
    DOCUMENTED_401,
    ids=["no-flow", "no-key", "key-without-bearer", "no-company"],
)
def test_the_documents_401s_as_the_sandbox_gives_them(sandbox, headers, form, detail) -> None:
    files = [(name, (None, value)) for name, value in form.items()] or None
    answer = sandbox.post(f"{PREFIX}{PATH}", headers=headers, files=files, data=None)
    assert answer.status_code == 401
    assert answer.json() == {"detail": detail}
    expected = {
        "Missing flow_id header/query.": "flow_id",
        "API Key must be 'Bearer '": "api_key",
        "Missing company name in Header": "company_name",
    }[detail]
    assert refusal_code(401, answer.json()["detail"]) == expected


# --- the trial ----------------------------------------------------------------------------


def test_five_trial_attempts_then_403(client, sandbox, recorded) -> None:
    assert attempts_left(sandbox) == 5
    for left in (4, 3, 2, 1, 0):
        assert trial(client).message == MESSAGE
        assert attempts_left(sandbox) == left
    with pytest.raises(TrialExhausted) as refused:
        trial(client)
    error = refused.value
    assert (error.status_code, error.code, error.message) == (
        403,
        "trial_exhausted",
        "Trial attempts exhausted",
    )
    assert not isinstance(error, InvalidCredentials)
    assert (recorded[-1].status_code, recorded[-1].outcome) == (403, "failure")
    assert attempts_left(sandbox) == 0
    assert generate(client).message == MESSAGE  # the account's own key is not a trial's
    sandbox.post("/_sandbox/reset").raise_for_status()
    assert attempts_left(sandbox) == 5
    assert trial(client).message == MESSAGE


def test_a_refused_trial_call_uses_no_attempt(client, sandbox) -> None:
    with pytest.raises(InvalidCredentials) as refused:
        generate(client, flow_id=TRIAL, api_key=TRIAL_KEY, company_name="Another Company")
    assert refused.value.code == "company_name"
    assert attempts_left(sandbox) == 5


@pytest.mark.parametrize(
    ("flow_id", "api_key"), [(BASIC, TRIAL_KEY), (TRIAL, API_KEY)], ids=["trial-key", "account-key"]
)
def test_the_trial_key_and_flow_go_together(client, flow_id, api_key) -> None:
    with pytest.raises(InvalidCredentials) as refused:
        generate(client, flow_id=flow_id, api_key=api_key)
    assert (refused.value.code, refused.value.message) == (
        "api_key_or_flow_id",
        "Invalid API key or flow_id",
    )


# --- bursts -------------------------------------------------------------------------------


def test_more_than_20_in_10_seconds_is_429(client, sandbox, recorded) -> None:
    freeze(sandbox)
    for _ in range(20):
        generate(client)
    with pytest.raises(RateLimited) as refused:
        generate(client)
    error = refused.value
    assert (error.status_code, error.code, error.message) == (
        429,
        "rate_limited",
        "Too many requests",
    )
    assert error.retry_after is not None and 0 < error.retry_after <= 10
    assert (recorded[-1].status_code, recorded[-1].outcome) == (429, "failure")
    assert trial(client).message == MESSAGE  # per api key: the trial key is not held up
    advance(sandbox, 11)
    assert generate(client).message == MESSAGE


# --- the scenario catalog, through the client ------------------------------------------------

# Catalog entries the client does not send: the document's other ways to pass company_name and
# flow_id (the client sends the cURL's), the refusals of a request the client never makes (it
# refuses the value first and always sends "Bearer ": test_the_catalogs_documented_401s), and
# the hosted journey's outcomes (tests/sandbox).
NOT_THE_CLIENTS = {
    "url-generated-json",
    "url-generated-company-header",
    "url-generated-flow-id-query",
    "missing-company-name",
    "api-key-without-bearer",
    "missing-flow-id",
    "completed",
    "document-rejected",
    "liveness-failed",
    "aml-hit",
    "expired",
    "reused",
}
ANSWERED = {"url-generated": BASIC, "url-generated-trial": TRIAL}
REFUSED = {  # (status, code, detail)
    "invalid-api-key": (401, "api_key_or_flow_id", "Invalid API key or flow_id"),
    "unknown-flow-id": (401, "api_key_or_flow_id", "Invalid API key or flow_id"),
    "trial-key-on-another-flow": (401, "api_key_or_flow_id", "Invalid API key or flow_id"),
    "invalid-company-name": (401, "company_name", "Invalid company name"),
}
DOCUMENTED = {  # the document's bodies, word for word, and the field the client names
    "missing-company-name": ({"detail": "Missing company name in Header"}, "company_name"),
    "api-key-without-bearer": ({"detail": "API Key must be 'Bearer '"}, "api_key"),
    "missing-flow-id": ({"detail": "Missing flow_id header/query."}, "flow_id"),
}


def catalog(sandbox: httpx.Client) -> list[dict]:
    return sandbox.get("/_sandbox/scenarios", params={"vendor": VENDOR_ID}).json()


def scenario_request(sandbox: httpx.Client, scenario_id: str) -> dict:
    """The entry's request: what to send. Its `expect` is not read: the expectations are the
    literals above."""
    (request,) = [s["request"] for s in catalog(sandbox) if s["id"] == scenario_id]
    return request


def send_as_the_client(client: MessageCentralEkycClient, request: dict) -> RedirectionUrl:
    assert request["path"] == PREFIX + PATH and set(request["form"]) == {"company_name"}
    headers = request["headers"]
    return client.generate_url(
        flow_id=headers["flow_id"],
        company_name=request["form"]["company_name"],
        api_key=headers["api_key"].removeprefix("Bearer "),
    )


def test_every_catalog_scenario_has_a_literal_expectation(sandbox) -> None:
    """A scenario added to the catalog fails here until its expectation is written above."""
    ids = [s["id"] for s in catalog(sandbox)]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(ANSWERED) | set(REFUSED) | NOT_THE_CLIENTS
    assert set(DOCUMENTED) <= NOT_THE_CLIENTS


@pytest.mark.parametrize("scenario_id", sorted(ANSWERED))
def test_a_catalog_scenario_answered(client, sandbox, wire, scenario_id: str) -> None:
    answer = send_as_the_client(client, scenario_request(sandbox, scenario_id))
    assert wire.seen[-1][0].headers["flow_id"] == ANSWERED[scenario_id]
    assert (answer.expires_in_minutes, answer.message) == (30, MESSAGE)
    assert JOURNEY_ID.fullmatch(answer.journey_id) and answer.url.endswith(answer.token)


@pytest.mark.parametrize("scenario_id", sorted(REFUSED))
def test_a_catalog_scenario_refused(client, sandbox, recorded, scenario_id: str) -> None:
    status, code, detail = REFUSED[scenario_id]
    with pytest.raises(InvalidCredentials) as refused:
        send_as_the_client(client, scenario_request(sandbox, scenario_id))
    error = refused.value
    assert (error.status_code, error.code, error.message) == (status, code, detail)
    assert (recorded[-1].status_code, recorded[-1].outcome) == (status, "failure")


@pytest.mark.parametrize("scenario_id", sorted(DOCUMENTED))
def test_the_catalogs_documented_401s(sandbox, scenario_id: str) -> None:
    request = scenario_request(sandbox, scenario_id)
    form = request.get("form") or {}
    answer = sandbox.post(
        request["path"],
        headers=request["headers"],
        files=[(name, (None, value)) for name, value in form.items()] or None,
    )
    body, code = DOCUMENTED[scenario_id]
    assert (answer.status_code, answer.json()) == (401, body)
    assert refusal_code(401, answer.json()["detail"]) == code


def test_the_journey_id_is_the_one_qa_follows(client, sandbox) -> None:
    answer = generate(client, flow_id=PREMIUM)
    journey = sandbox.get(f"/_sandbox/messagecentral-ekyc/journeys/{answer.journey_id}")
    assert journey.status_code == 200
    assert journey.json()["journey_id"] == answer.journey_id


# --- the hosted journey's URL: single use, 30 minutes -------------------------------------


def open_url(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10, follow_redirects=True)


def test_the_url_opens_once(client) -> None:
    answer = generate(client)
    first = open_url(answer.url)
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/html")
    again = open_url(answer.url)
    assert again.status_code == 410
    assert EXPIRED_PAGE in again.text


def test_the_url_expires_when_the_model_says_on_the_sandbox_clock(client, sandbox) -> None:
    freeze(sandbox)
    obtained = clock_now(sandbox)
    fresh, stale = generate(client), generate(client)
    assert fresh.expires_at(obtained) == stale.expires_at(obtained) == obtained + 1800
    advance(sandbox, 1799)
    now = clock_now(sandbox)
    assert not fresh.is_expired(obtained, now) and fresh.seconds_left(obtained, now) == 1
    assert open_url(fresh.url).status_code == 200
    advance(sandbox, 2)
    now = clock_now(sandbox)
    assert stale.is_expired(obtained, now) and stale.seconds_left(obtained, now) == 0
    expired = open_url(stale.url)
    assert expired.status_code == 410
    assert EXPIRED_PAGE in expired.text


# --- faults -------------------------------------------------------------------------------


def arm(sandbox: httpx.Client, mode: str, **extra: Any) -> None:
    fault = {"vendor": VENDOR_ID, "mode": mode, "path": PATH} | extra
    sandbox.post("/_sandbox/faults", json=fault).raise_for_status()


def test_timeout(sandbox) -> None:
    recorded: list[Exchange] = []
    http, client = make_client(sandbox, recorded, timeout=0.5)
    arm(sandbox, "timeout", seconds=2)
    with http, pytest.raises(VendorTimeout):
        generate(client)
    assert (recorded[-1].step, recorded[-1].status_code, recorded[-1].outcome) == (
        "generate-url",
        None,
        "error",
    )


def test_http_500(client, sandbox, recorded) -> None:
    arm(sandbox, "http_500")
    with pytest.raises(VendorStatusError) as failed:
        generate(client)
    error = failed.value
    assert error.status_code == 500 and not isinstance(error, InvalidCredentials)
    assert error.message  # the sandbox's own words, or "HTTP 500"
    assert (recorded[-1].status_code, recorded[-1].outcome) == (500, "error")


def test_garbage_is_a_contract_violation(client, sandbox, recorded) -> None:
    arm(sandbox, "malformed_body")
    with pytest.raises(ContractViolation):
        generate(client)
    assert (recorded[-1].status_code, recorded[-1].outcome) == (200, "error")


def test_a_slow_answer_still_arrives(client, sandbox) -> None:
    arm(sandbox, "slow", seconds=0.3)
    assert generate(client).message == MESSAGE


# --- the history --------------------------------------------------------------------------


def test_no_key_token_or_url_in_the_history(client, recorded, wire) -> None:
    generate(client)
    generate(client, flow_id=PREMIUM)
    trial(client)
    secrets = wire.answered_secrets()
    assert len(secrets) == 6  # three tokens, three URLs
    text = repr(recorded)
    for value in [*secrets, API_KEY, TRIAL_KEY, "/kyc/flow/"]:
        assert value not in text
    for exchange in recorded:
        assert exchange.request_headers["api_key"] == REDACTED
        assert exchange.response_body["url"] == REDACTED
        assert exchange.response_body["token"] == REDACTED
        assert JOURNEY_ID.fullmatch(exchange.response_body["journey_id"])
        assert exchange.request_body == {
            "multipart": {"form": {"company_name": COMPANY}, "files": []}
        }
