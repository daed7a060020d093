"""e-KYC Now's generate-url over HTTP: every header and body form the document shows, its 200
body, its three 401 bodies as literals, the contract's chosen refusals, the trial's five
attempts and the burst limit, on the sandbox clock."""

import json

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sandbox.messagecentral_doc import (
    ANSWER_KEYS,
    API_KEY,
    API_KEY_NOT_BEARER,
    BASIC,
    COMPANY,
    EXPIRES_IN_MINUTES,
    GENERATE_URL,
    INVALID_COMPANY_NAME,
    INVALID_KEY_OR_FLOW,
    JOURNEY_ID,
    MESSAGE,
    MISSING_COMPANY_NAME,
    MISSING_FLOW_ID,
    PREFIX,
    PREMIUM,
    SAMPLE_JOURNEY_ID,
    SAMPLE_TOKEN,
    SAMPLE_TRIAL_URL,
    TOKEN,
    TOO_MANY_REQUESTS,
    TRIAL,
    TRIAL_API_KEY,
    TRIAL_EXHAUSTED,
    VENDOR,
    advance,
    freeze,
    generate,
    generated,
    headers,
    trial_left,
)


def test_the_sandbox_publishes_the_account(sandbox: httpx.Client) -> None:
    (listed,) = [v for v in sandbox.get("/_sandbox/vendors").json() if v["id"] == VENDOR]
    assert listed["prefix"] == PREFIX
    assert listed["credentials"] == {
        "api_key": "sandbox-ekyc-api-key",
        "trial_api_key": "sandbox-ekyc-trial-key",
    }
    assert listed["settings"] == {
        "basic_flow_id": "sbx-basic-flow",
        "premium_flow_id": "sbx-premium-flow",
        "trial_flow_id": "sbx-trial-flow",
        "company_name": "KYC Console Demo",
    }
    assert listed["docs"] == "docs/vendor-docs/messagecentral-ekyc-now.txt"


def test_the_document_samples_have_the_shapes_the_tests_expect() -> None:
    assert JOURNEY_ID.fullmatch(SAMPLE_JOURNEY_ID)
    assert TOKEN.fullmatch(SAMPLE_TOKEN)
    assert TOKEN.fullmatch(SAMPLE_TRIAL_URL.rsplit("/", 1)[1])


# --- the 200 ----------------------------------------------------------------------------------


def test_the_documents_curl_gets_the_documented_answer(sandbox, sandbox_url: str) -> None:
    response = generate(sandbox)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == ANSWER_KEYS
    assert body["expires_in_minutes"] == EXPIRES_IN_MINUTES
    assert body["message"] == MESSAGE
    assert TOKEN.fullmatch(body["token"]), body["token"]
    assert JOURNEY_ID.fullmatch(body["journey_id"]), body["journey_id"]
    # The URL as the client reached the sandbox: its scheme and host, the prefix, /kyc/flow/.
    assert body["url"] == f"{sandbox_url}{PREFIX}/kyc/flow/{body['token']}"


def test_the_journey_id_carries_the_sandbox_clocks_milliseconds(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    now = sandbox.get("/_sandbox/clock").json()["epoch"]
    assert generated(sandbox)["journey_id"][1:14] == f"{int(now * 1000):013d}"


def test_the_url_names_the_host_the_client_used(sandbox, sandbox_url: str) -> None:
    port = sandbox_url.rsplit(":", 1)[1]
    response = sandbox.post(
        GENERATE_URL,
        headers={**headers(), "Host": f"localhost:{port}"},
        files={"company_name": (None, COMPANY)},
    )
    body = response.json()
    assert body["url"] == f"http://localhost:{port}{PREFIX}/kyc/flow/{body['token']}"


@pytest.mark.parametrize(
    "send",
    [
        {"files": {"company_name": (None, COMPANY)}},  # the cURL's --form
        {"data": {"company_name": COMPANY}},  # a urlencoded form
        {"json": {"company_name": COMPANY}},  # the table: body, Content-Type: application/json
        {"headers": {"company_name": COMPANY}},  # the 401's "in Header"
        {"headers": {"company_name": COMPANY, "Content-Type": "application/json"}},
    ],
    ids=["multipart-form", "urlencoded-form", "json-body", "header", "header-json-type"],
)
def test_the_company_name_in_each_place_the_document_puts_it(sandbox, send: dict) -> None:
    sent = dict(send)
    response = sandbox.post(
        GENERATE_URL, headers={**headers(PREMIUM), **sent.pop("headers", {})}, **sent
    )
    assert response.status_code == 200, response.text
    assert set(response.json()) == ANSWER_KEYS


def test_the_flow_id_as_a_query_parameter(sandbox: httpx.Client) -> None:
    response = sandbox.post(
        GENERATE_URL,
        params={"flow_id": BASIC},
        headers={"api_key": f"Bearer {API_KEY}"},
        data={"company_name": COMPANY},
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("company", ["kyc console demo", "  KYC CONSOLE DEMO  "])
def test_the_company_name_is_matched_without_case_or_padding(sandbox, company: str) -> None:
    assert generate(sandbox, company=company).status_code == 200


def test_every_url_is_new(sandbox: httpx.Client) -> None:
    answers = [generated(sandbox, flow) for flow in (BASIC, PREMIUM, BASIC)]
    assert len({a["token"] for a in answers}) == 3
    assert len({a["journey_id"] for a in answers}) == 3


# --- the document's 401s, word for word ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "body"),
    [
        ({"headers": headers()}, MISSING_COMPANY_NAME),
        ({"headers": headers(), "data": {"company_name": ""}}, MISSING_COMPANY_NAME),
        ({"headers": headers(), "json": {"company_name": 42}}, MISSING_COMPANY_NAME),
        ({"headers": headers(), "json": ["company_name"]}, MISSING_COMPANY_NAME),
        (
            {"headers": {**headers(), "Content-Type": "application/json"}, "content": b"{"},
            MISSING_COMPANY_NAME,
        ),
        ({"headers": headers(key=None), "data": {"company_name": COMPANY}}, API_KEY_NOT_BEARER),
        (
            {"headers": {**headers(), "api_key": API_KEY}, "data": {"company_name": COMPANY}},
            API_KEY_NOT_BEARER,
        ),
        (
            {
                "headers": {**headers(), "api_key": f"bearer {API_KEY}"},
                "data": {"company_name": COMPANY},
            },
            API_KEY_NOT_BEARER,
        ),
        (
            {"headers": {**headers(), "api_key": "Bearer"}, "data": {"company_name": COMPANY}},
            API_KEY_NOT_BEARER,
        ),
        (
            {"headers": {"api_key": f"Bearer {API_KEY}"}, "data": {"company_name": COMPANY}},
            MISSING_FLOW_ID,
        ),
        (
            {"headers": headers(flow=""), "data": {"company_name": COMPANY}},
            MISSING_FLOW_ID,
        ),
    ],
    ids=[
        "no-company",
        "empty-company",
        "company-not-a-string",
        "json-not-an-object",
        "json-cut-off",
        "no-api-key",
        "key-without-bearer",
        "lower-case-bearer",
        "bearer-without-key",
        "no-flow-id",
        "empty-flow-id",
    ],
)
def test_the_documents_401s(sandbox: httpx.Client, sent: dict, body: dict) -> None:
    response = sandbox.post(GENERATE_URL, **sent)
    assert response.status_code == 401, response.text
    assert response.json() == body


def test_the_401s_come_in_the_documents_order(sandbox: httpx.Client) -> None:
    """Not documented which check is first: the document's listing order (chosen)."""
    assert sandbox.post(GENERATE_URL).json() == MISSING_COMPANY_NAME
    only_company = {"company_name": COMPANY}
    assert sandbox.post(GENERATE_URL, data=only_company).json() == API_KEY_NOT_BEARER
    keyed = {"api_key": f"Bearer {API_KEY}"}
    assert sandbox.post(GENERATE_URL, headers=keyed, data=only_company).json() == MISSING_FLOW_ID


# --- the contract's chosen refusals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("flow", "key", "company", "body"),
    [
        (BASIC, "not-the-key", COMPANY, INVALID_KEY_OR_FLOW),
        ("no-such-flow", API_KEY, COMPANY, INVALID_KEY_OR_FLOW),
        (BASIC, TRIAL_API_KEY, COMPANY, INVALID_KEY_OR_FLOW),
        (PREMIUM, TRIAL_API_KEY, COMPANY, INVALID_KEY_OR_FLOW),
        (TRIAL, API_KEY, COMPANY, INVALID_KEY_OR_FLOW),
        (BASIC, API_KEY, "Another Company Ltd", INVALID_COMPANY_NAME),
        (TRIAL, TRIAL_API_KEY, "KYC Console", INVALID_COMPANY_NAME),
    ],
    ids=[
        "wrong-key",
        "unknown-flow",
        "trial-key-basic-flow",
        "trial-key-premium-flow",
        "account-key-trial-flow",
        "another-company",
        "trial-another-company",
    ],
)
def test_the_contracts_401s(sandbox, flow: str, key: str, company: str, body: dict) -> None:
    response = generate(sandbox, flow, key, company)
    assert response.status_code == 401
    assert response.json() == body
    assert trial_left(sandbox) == 5  # a refused call uses no trial attempt


# --- the trial: five attempts per reset -------------------------------------------------------


def test_five_trial_attempts_then_403_until_a_reset(sandbox: httpx.Client) -> None:
    assert trial_left(sandbox) == 5
    for left in (4, 3, 2, 1, 0):
        assert generate(sandbox, TRIAL, TRIAL_API_KEY).status_code == 200
        assert trial_left(sandbox) == left
    for _ in range(2):
        refused = generate(sandbox, TRIAL, TRIAL_API_KEY)
        assert refused.status_code == 403
        assert refused.json() == TRIAL_EXHAUSTED
    assert trial_left(sandbox) == 0
    assert (
        generate(sandbox, PREMIUM, API_KEY).status_code == 200
    )  # the account's key is not a trial
    advance(sandbox, 24 * 3600)
    assert generate(sandbox, TRIAL, TRIAL_API_KEY).status_code == 403  # time does not refill it
    sandbox.post("/_sandbox/reset").raise_for_status()
    assert trial_left(sandbox) == 5
    assert generate(sandbox, TRIAL, TRIAL_API_KEY).status_code == 200


def test_a_trial_url_runs_the_premium_steps(sandbox: httpx.Client) -> None:
    journey_id = generated(sandbox, TRIAL, TRIAL_API_KEY)["journey_id"]
    state = sandbox.get(f"/_sandbox/messagecentral-ekyc/journeys/{journey_id}").json()
    assert state["flow"] == "trial" and state["status"] == "pending"
    assert [s["name"] for s in state["steps"]] == [
        "consent",
        "document",
        "selfie",
        "liveness",
        "screening",
    ]


# --- bursts: more than 20 in 10 s per API key -----------------------------------------------


def test_the_21st_url_in_10_seconds_is_429(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    for _ in range(20):
        assert generate(sandbox).status_code == 200
    refused = generate(sandbox, PREMIUM)
    assert refused.status_code == 429
    assert refused.json() == TOO_MANY_REQUESTS
    assert refused.headers["retry-after"] == "10"
    # Per API key: the trial key is not held up by the account key's burst.
    assert generate(sandbox, TRIAL, TRIAL_API_KEY).status_code == 200
    advance(sandbox, 9.5)
    assert generate(sandbox).status_code == 429
    advance(sandbox, 0.5)  # 10 s after the first twenty: they no longer count
    assert generate(sandbox).status_code == 200


def test_a_steady_caller_is_never_held_up(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    for _ in range(45):
        assert generate(sandbox).status_code == 200
        advance(sandbox, 0.5)  # 20 in every 10 s, never 21


def test_refusals_do_not_count_toward_the_burst(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    for _ in range(25):
        assert generate(sandbox, company="Another Company").status_code == 401
    assert generate(sandbox).status_code == 200


# --- what no route answers, and faults: the vendor's {"detail"} shape --------------------------


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("GET", GENERATE_URL, 405, {"detail": "Method Not Allowed"}),
        ("POST", f"{PREFIX}/ekyc/api/v1/redirection/nothing", 404, {"detail": "Not Found"}),
        ("POST", f"{GENERATE_URL}/", 404, {"detail": "Not Found"}),
        ("GET", PREFIX, 404, {"detail": "Not Found"}),
    ],
)
def test_unknown_paths_and_methods(sandbox, method: str, path: str, status: int, body) -> None:
    response = sandbox.request(method, path)
    assert response.status_code == status
    assert response.json() == body


def test_a_body_past_the_cap_is_413(sandbox: httpx.Client) -> None:
    response = sandbox.post(GENERATE_URL, headers=headers(), content=b"x" * (17 * 1024 * 1024))
    assert response.status_code == 413
    assert set(response.json()) == {"detail"}
    assert generate(sandbox).status_code == 200


def test_faults_answer_in_the_vendors_shape(sandbox: httpx.Client) -> None:
    path = "/ekyc/api/v1/redirection/generate-url"
    sandbox.post("/_sandbox/faults", json={"vendor": VENDOR, "path": path, "mode": "http_500"})
    failed = generate(sandbox)
    assert failed.status_code == 500 and failed.headers["x-sandbox-fault"] == "http_500"
    assert failed.json() == {"detail": "Internal Server Error"}
    sandbox.post("/_sandbox/faults", json={"vendor": VENDOR, "mode": "malformed_body"})
    garbage = generate(sandbox)
    assert garbage.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        garbage.json()
    assert generate(sandbox).status_code == 200


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=200),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.sampled_from(["company_name", "flow_id"]) | st.text(), inner)
            ),
            max_leaves=10,
        ).map(lambda value: json.dumps(value).encode()),
    ),
    kind=st.sampled_from(
        ["application/json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
    ),
)
def test_any_body_gets_the_vendors_answer(sandbox: httpx.Client, body: bytes, kind: str) -> None:
    response = sandbox.post(GENERATE_URL, headers={**headers(), "Content-Type": kind}, content=body)
    assert response.status_code in (200, 401), response.text
    if response.status_code == 401:
        assert response.json() in (MISSING_COMPANY_NAME, INVALID_COMPANY_NAME)
