"""A vendor that answers what no contract allows: the adapter says so, the recorder keeps a
redacted record, and nothing escapes the error tree."""

from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kyc_adapters.errors import ContractViolation
from kyc_adapters.hyperverge_ckyc import PII_KEYS, SECRET_KEYS, HyperVergeCkycClient
from kyc_adapters.recorder import Exchange, RecordingTransport
from kyc_adapters.redaction import REDACTED, Redactor
from sandbox.core.server import BackgroundServer

APP_KEY = "a-secret-app-key-of-25-ch"
ANSWERS = {
    "echo-key": b"upstream failed while calling with key " + APP_KEY.encode(),
    "deep": b"[" * 100_000,
    "deep-but-parseable": b"[" * 900 + b"]" * 900,
    "bad-image": (
        b'{"status": "success", "statusCode": "200", "result": {"imageDetails": '
        b'[{"imageType": "PHOTO", "imageData": "not base64 at all!"}]}}'
    ),
}


async def answer(request: Request) -> Response:
    body = await request.json()
    return Response(ANSWERS[body["idNo"]], media_type="application/json")


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    server = BackgroundServer(
        Starlette(routes=[Route("/api/v1/start", answer, methods=["POST"])])
    ).start()
    yield server.url
    server.stop()


@pytest.fixture
def recorded() -> list[Exchange]:
    return []


@pytest.fixture
def client(vendor_url: str, recorded: list[Exchange]) -> Iterator[HyperVergeCkycClient]:
    redactor = Redactor(secret_keys=SECRET_KEYS, pii_keys=PII_KEYS, secret_values=[APP_KEY])
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, redactor)
    with httpx.Client(base_url=vendor_url, transport=transport, timeout=5) as http:
        yield HyperVergeCkycClient(http, app_id="id", app_key=APP_KEY)


def search(client: HyperVergeCkycClient, answer: str):
    return client.search(id_type="C", id_no=answer, transaction_id="t")


def test_a_secret_in_a_long_garbage_body_is_redacted_whole(client, recorded) -> None:
    with pytest.raises(ContractViolation) as failed:
        search(client, "echo-key")
    assert APP_KEY[:8] not in failed.value.message
    text = repr(recorded)
    assert APP_KEY[:8] not in text and REDACTED in recorded[0].response_body


@pytest.mark.parametrize("answer", ["deep", "deep-but-parseable"])
def test_json_nested_too_deeply_is_a_contract_violation_and_is_recorded(
    client, recorded, answer
) -> None:
    with pytest.raises(ContractViolation):
        search(client, answer)
    assert len(recorded) == 1 and recorded[0].outcome == "error"


def test_an_image_that_is_not_base64_is_a_contract_violation(client) -> None:
    with pytest.raises(ContractViolation, match="imageData"):
        search(client, "bad-image")
