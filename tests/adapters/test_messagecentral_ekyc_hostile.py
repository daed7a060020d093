"""The e-KYC Now client against a small stand-in vendor over real HTTP: the request as the
document's cURL sends it, the document's sample answer and its three 401 bodies (literals
copied from messagecentral-ekyc-now.txt), other wordings, answers off the contract, what is
refused before sending, and a history without the key, the token or the URL. The client is the
real one."""

from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kyc_adapters.errors import (
    ContractViolation,
    InvalidCredentials,
    VendorStatusError,
    VendorUnreachable,
)
from kyc_adapters.messagecentral_ekyc import (
    PII_KEYS,
    SECRET_KEYS,
    InvalidRequest,
    MessageCentralEkycClient,
    RateLimited,
    RedirectionUrl,
    TrialExhausted,
)
from kyc_adapters.recorder import Exchange, RecordingTransport, SentRequest
from kyc_adapters.redaction import REDACTED, Redactor
from sandbox.core.server import BackgroundServer

PATH = "/ekyc/api/v1/redirection/generate-url"
API_KEY = "live-looking-api-key-0123456789"
TRIAL_KEY = "trial-looking-key-9876543210"
FLOW = "HfBIyufQ 9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM"  # the document's sample, space and all
COMPANY = "Acme Lending Pvt Ltd"
# The document's success sample, word for word (its url has a space where its trial sample
# has "/kyc/flow/").
SAMPLE_200 = {
    "url": "https://ekyc.messagecentral.com/kyc/flow HfBIyufQ-9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM",
    "token": "HfBIyufQ-9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM",
    "journey_id": "M17682023316961BQG_SE",
    "expires_in_minutes": 30,
    "message": "Embed this URL in your application for KYC verification",
}
# No secret values given: the keys alone must keep the key, the token and the URL out.
REDACTOR = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS)

# The answers still to give, in order: (status, JSON body or raw bytes, headers); and what the
# stand-in received.
QUEUE: list[tuple[int, object, dict[str, str]]] = []
RECEIVED: list[dict] = []


async def answer(request: Request) -> Response:
    form = await request.form()
    RECEIVED.append(
        {
            "path": request.url.path,
            "headers": dict(request.headers),
            "form": {key: value for key, value in form.items() if isinstance(value, str)},
        }
    )
    status, body, headers = QUEUE.pop(0)
    if isinstance(body, bytes):
        return Response(body, status_code=status, headers=headers, media_type="text/html")
    return JSONResponse(body, status_code=status, headers=headers)


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
def sent() -> list[SentRequest]:
    return []


@pytest.fixture
def client(
    vendor_url: str, recorded: list[Exchange], sent: list[SentRequest]
) -> Iterator[MessageCentralEkycClient]:
    QUEUE.clear()
    RECEIVED.clear()
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, REDACTOR, sent.append)
    with httpx.Client(base_url=vendor_url, transport=transport, timeout=5) as http:
        yield MessageCentralEkycClient(http, api_key=API_KEY)
    assert not QUEUE, "an answer was queued but never asked for"


def queue(status: int, body: object, headers: dict[str, str] | None = None) -> None:
    QUEUE.append((status, body, headers or {}))


def generate(client: MessageCentralEkycClient, **change: str | None) -> RedirectionUrl:
    return client.generate_url(**({"flow_id": FLOW, "company_name": COMPANY} | change))


# --- the request ------------------------------------------------------------------------


def test_the_request_is_the_documents_curl(client) -> None:
    queue(200, SAMPLE_200)
    generate(client)
    (received,) = RECEIVED
    assert received["path"] == "/ekyc/api/v1/redirection/generate-url"
    assert received["headers"]["flow_id"] == FLOW
    assert received["headers"]["api_key"] == f"Bearer {API_KEY}"
    assert received["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    assert received["form"] == {"company_name": COMPANY}


def test_a_trial_key_is_sent_for_that_call_only(client) -> None:
    queue(200, SAMPLE_200)
    queue(200, SAMPLE_200)
    generate(client, api_key=TRIAL_KEY, flow_id="sbx-trial-flow")
    generate(client)
    assert [r["headers"]["api_key"] for r in RECEIVED] == [
        f"Bearer {TRIAL_KEY}",
        f"Bearer {API_KEY}",
    ]


def test_surrounding_spaces_of_a_paste_are_trimmed(client) -> None:
    queue(200, SAMPLE_200)
    generate(client, flow_id=f"  {FLOW}\n", company_name=f" {COMPANY} ", api_key=f"{API_KEY}\n")
    (received,) = RECEIVED
    assert received["headers"]["flow_id"] == FLOW
    assert received["headers"]["api_key"] == f"Bearer {API_KEY}"
    assert received["form"] == {"company_name": COMPANY}


@pytest.mark.parametrize(
    ("change", "code", "says"),
    [
        ({"flow_id": ""}, "flow_id", "flow id is empty"),
        ({"flow_id": "   "}, "flow_id", "flow id is empty"),
        ({"flow_id": "flow-\u00e9"}, "flow_id", "printable ASCII"),
        ({"company_name": ""}, "company_name", "company name is empty"),
        ({"company_name": " \t"}, "company_name", "company name is empty"),
        ({"api_key": ""}, "api_key", "API key is empty"),
        ({"api_key": "key\r\nX-Injected: 1"}, "api_key", "printable ASCII"),
        ({"api_key": f"Bearer {API_KEY}"}, "api_key", "adds the 'Bearer ' prefix"),
    ],
    ids=[
        "no-flow",
        "blank-flow",
        "non-ascii-flow",
        "no-company",
        "blank-company",
        "empty-key-given",
        "key-with-newline",
        "key-with-bearer",
    ],
)
def test_refused_before_sending(client, recorded, change, code: str, says: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        generate(client, **change)
    assert refused.value.code == code
    assert says in refused.value.message
    assert isinstance(refused.value, ValueError)
    assert RECEIVED == [] and recorded == []


def test_a_client_without_a_key_refuses_until_a_key_is_given(vendor_url) -> None:
    queue(200, SAMPLE_200)
    with httpx.Client(base_url=vendor_url, timeout=5) as http:
        client = MessageCentralEkycClient(http, api_key="")
        with pytest.raises(InvalidRequest) as refused:
            generate(client)
        assert refused.value.code == "api_key"
        assert generate(client, api_key=TRIAL_KEY).journey_id == "M17682023316961BQG_SE"
    assert RECEIVED[-1]["headers"]["api_key"] == f"Bearer {TRIAL_KEY}"


# --- the documented answers ---------------------------------------------------------------


def test_the_documents_sample_answer(client, recorded) -> None:
    queue(200, SAMPLE_200)
    answer = generate(client)
    assert answer.url == (
        "https://ekyc.messagecentral.com/kyc/flow HfBIyufQ-9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM"
    )
    assert answer.token == "HfBIyufQ-9O9AauFtBMKRi9kHPXlStAfFlbvg64JzIM"
    assert answer.journey_id == "M17682023316961BQG_SE"
    assert answer.expires_in_minutes == 30
    assert answer.message == "Embed this URL in your application for KYC verification"
    assert answer.undocumented_fields() == []
    assert (recorded[-1].step, recorded[-1].status_code, recorded[-1].outcome) == (
        "generate-url",
        200,
        "success",
    )


def test_expiry_helpers_count_from_when_it_was_obtained(client) -> None:
    queue(200, SAMPLE_200)
    answer = generate(client)
    obtained = 1_768_202_331.0
    assert answer.lifetime_seconds == 1800
    assert answer.expires_at(obtained) == obtained + 1800
    assert answer.seconds_left(obtained, obtained + 60) == 1740
    assert not answer.is_expired(obtained, obtained + 1799.9)
    assert answer.is_expired(obtained, obtained + 1800)
    assert answer.seconds_left(obtained, obtained + 5000) == 0


def test_an_undocumented_key_is_kept_and_reported(client) -> None:
    queue(200, SAMPLE_200 | {"flow_type": "premium"})
    answer = generate(client)
    assert answer.undocumented_fields() == ["flow_type"]
    assert answer.model_extra == {"flow_type": "premium"}


def test_the_model_never_shows_the_token_or_the_url(client) -> None:
    queue(200, SAMPLE_200)
    answer = generate(client)
    for text in (repr(answer), str(answer)):
        assert SAMPLE_200["token"] not in text and "ekyc.messagecentral.com" not in text
        assert "M17682023316961BQG_SE" in text
    assert API_KEY not in repr(client)


# The document's three 401 bodies, word for word, and the field each names.
DOCUMENTED_401 = [
    ({"detail": "Missing company name in Header"}, "company_name"),
    ({"detail": "API Key must be 'Bearer '"}, "api_key"),
    ({"detail": "Missing flow_id header/query."}, "flow_id"),
]


@pytest.mark.parametrize(("body", "code"), DOCUMENTED_401, ids=[c for _, c in DOCUMENTED_401])
def test_the_documents_401s(client, recorded, body: dict, code: str) -> None:
    queue(401, body)
    with pytest.raises(InvalidCredentials) as refused:
        generate(client)
    error = refused.value
    assert (error.status_code, error.code, error.message) == (401, code, body["detail"])
    assert error.body == body
    assert (recorded[-1].status_code, recorded[-1].outcome) == (401, "failure")
    assert recorded[-1].error == body["detail"]


# The team's contract where the document is silent (notes/ekyc-contract.md), word for word.
@pytest.mark.parametrize(
    ("status", "body", "kind", "code"),
    [
        (401, {"detail": "Invalid API key or flow_id"}, InvalidCredentials, "api_key_or_flow_id"),
        (401, {"detail": "Invalid company name"}, InvalidCredentials, "company_name"),
        (403, {"detail": "Trial attempts exhausted"}, TrialExhausted, "trial_exhausted"),
        (429, {"detail": "Too many requests"}, RateLimited, "rate_limited"),
    ],
    ids=["wrong-key-or-flow", "wrong-company", "trial-exhausted", "too-many"],
)
def test_the_contracts_refusals(client, recorded, status, body, kind, code: str) -> None:
    queue(status, body)
    with pytest.raises(VendorStatusError) as refused:
        generate(client)
    error = refused.value
    assert type(error) is kind
    assert (error.status_code, error.code, error.message) == (status, code, body["detail"])
    assert (recorded[-1].status_code, recorded[-1].outcome) == (status, "failure")


def test_a_429_says_when_to_retry(client) -> None:
    queue(429, {"detail": "Too many requests"}, {"Retry-After": "7"})
    queue(429, {"detail": "Slow down"})
    with pytest.raises(RateLimited) as first:
        generate(client)
    with pytest.raises(RateLimited) as second:
        generate(client)
    assert first.value.retry_after == 7
    assert (second.value.code, second.value.message, second.value.retry_after) == (
        "rate_limited",
        "Slow down",
        None,
    )


@pytest.mark.parametrize(
    ("status", "detail", "code"),
    [
        (401, "Missing company_name", "company_name"),
        (401, "Invalid api_key", "api_key"),
        (401, "api key must start with Bearer", "api_key"),
        (401, "Unknown flow", "flow_id"),
        (401, "flow_id and API key do not match", "api_key_or_flow_id"),
        (403, "Your trial has ended", "trial_exhausted"),
        (401, "Account suspended", None),
        (
            422,
            [{"loc": ["header", "flow_id"], "msg": "Field required", "type": "missing"}],
            "flow_id",
        ),
    ],
)
def test_other_wordings_name_the_field_they_mention(client, status, detail, code) -> None:
    queue(status, {"detail": detail})
    with pytest.raises(VendorStatusError) as refused:
        generate(client)
    assert (refused.value.status_code, refused.value.code) == (status, code)
    assert isinstance(refused.value, InvalidCredentials) == (status == 401)
    if isinstance(detail, list):
        assert refused.value.message == "header.flow_id: Field required"
    else:
        assert refused.value.message == detail


def test_a_proxys_error_page_is_a_status_error(client, recorded) -> None:
    queue(502, b"<html><body>Bad Gateway</body></html>")
    with pytest.raises(VendorStatusError) as refused:
        generate(client)
    error = refused.value
    assert (error.status_code, error.code, error.message) == (502, None, "HTTP 502 (no JSON body)")
    assert "Bad Gateway" in error.body
    assert (recorded[-1].status_code, recorded[-1].outcome) == (502, "error")


@pytest.mark.parametrize(
    "body",
    [
        b'{"url": "https://ekyc.messagecentral.com/kyc/fl',
        b"<html>maintenance</html>",
        [SAMPLE_200],
        {k: v for k, v in SAMPLE_200.items() if k != "token"},
        {k: v for k, v in SAMPLE_200.items() if k != "url"},
        {k: v for k, v in SAMPLE_200.items() if k != "journey_id"},
        {k: v for k, v in SAMPLE_200.items() if k != "expires_in_minutes"},
        SAMPLE_200 | {"token": ""},
        SAMPLE_200 | {"expires_in_minutes": "30"},
        SAMPLE_200 | {"expires_in_minutes": 0},
        SAMPLE_200 | {"expires_in_minutes": True},
        SAMPLE_200 | {"url": "javascript:alert(1)"},
        SAMPLE_200 | {"url": "/kyc/flow/HfBIyufQ"},
    ],
    ids=[
        "cut-off",
        "html",
        "a-list",
        "no-token",
        "no-url",
        "no-journey",
        "no-expiry",
        "empty-token",
        "expiry-a-string",
        "expiry-zero",
        "expiry-a-bool",
        "script-url",
        "relative-url",
    ],
)
def test_a_200_off_the_contract(client, recorded, body) -> None:
    queue(200, body)
    with pytest.raises(ContractViolation) as violated:
        generate(client)
    assert (recorded[-1].status_code, recorded[-1].outcome) == (200, "error")
    kept = repr(violated.value.body)
    assert SAMPLE_200["token"] not in kept or isinstance(body, bytes | list)


def test_a_200_with_a_detail_says_what_the_vendor_said(client) -> None:
    queue(200, {"detail": "Missing flow_id header/query."})
    with pytest.raises(ContractViolation) as violated:
        generate(client)
    assert "Missing flow_id header/query." in violated.value.message


def test_an_unreachable_vendor() -> None:
    with (
        httpx.Client(base_url="http://127.0.0.1:9", timeout=2) as http,
        pytest.raises(VendorUnreachable) as failed,
    ):
        generate(MessageCentralEkycClient(http, api_key=API_KEY))
    assert API_KEY not in failed.value.message


# --- the history --------------------------------------------------------------------------


def test_the_history_holds_no_key_no_token_no_url(client, recorded, sent) -> None:
    queue(200, SAMPLE_200)
    queue(200, SAMPLE_200)
    generate(client)
    generate(client, api_key=TRIAL_KEY)
    text = repr(recorded) + repr(sent)
    for value in (API_KEY, TRIAL_KEY, SAMPLE_200["token"], "kyc/flow"):
        assert value not in text
    for exchange in recorded:
        assert exchange.request_headers["api_key"] == REDACTED
        assert exchange.request_headers["flow_id"] == FLOW  # configuration, not a secret
        assert exchange.request_body == {
            "multipart": {"form": {"company_name": COMPANY}, "files": []}
        }
        assert exchange.response_body == SAMPLE_200 | {"url": REDACTED, "token": REDACTED}
    for request in sent:  # the replayable cURL: the key out, the company as typed
        assert request.headers["api_key"] == REDACTED
        assert request.body == {"multipart": {"form": {"company_name": COMPANY}, "files": []}}


def test_the_redactor_hides_an_answers_url_and_token_by_key() -> None:
    """A URL can only be hidden by its key: the redactor does not know a token it has not
    seen, and the URL shows it in its path."""
    assert {"url", "token", "api_key", "trial_api_key"} <= {k.lower() for k in SECRET_KEYS}
    assert REDACTOR.body(SAMPLE_200) == SAMPLE_200 | {"url": REDACTED, "token": REDACTED}
    bare = Redactor(pii_keys=PII_KEYS)  # without this vendor's keys the URL would leak
    assert SAMPLE_200["token"] in repr(bare.body(SAMPLE_200))
