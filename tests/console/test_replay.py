"""The replay capture: requests as sent, secrets out, personal data as typed, bounded, in memory."""

import json
from datetime import UTC, datetime

import httpx

from console.core.replay import ReplayStore, build
from console.vendors.hyperverge_ckyc.spec import SPEC
from kyc_adapters.recorder import JOURNEY, STEP, RecordingTransport, SentRequest
from kyc_adapters.redaction import REDACTED, Redactor

REDACTOR = Redactor(
    secret_keys=("appKey",), pii_keys=("idNo", "mobileNo", "otp"), secret_values=("s3cr3t-key",)
)


def send(store: ReplayStore, recorded: list, **request) -> None:
    transport = RecordingTransport(
        httpx.MockTransport(lambda r: httpx.Response(200, json={"status": "success"})),
        recorded.append,
        REDACTOR,
        capture=store.capture,
    )
    with httpx.Client(transport=transport) as client:
        client.post(**request)


def test_capture_keeps_what_was_typed_and_drops_every_secret() -> None:
    store, recorded = ReplayStore(), []
    send(
        store,
        recorded,
        url="http://user:pw@vendor.test/api/v1/start?token=t0k&x=1",
        headers={"appId": "an-id", "appKey": "s3cr3t-key", "transactionId": "j-1"},
        json={"idNo": "ABCPK1234F", "mobileNo": "9876501865", "note": "key s3cr3t-key"},
        extensions={JOURNEY: "j-1", STEP: "start"},
    )
    exchange = recorded[0]
    sent = store.find("j-1", "start", exchange.started_at.replace(tzinfo=None))
    assert sent is not None
    assert sent.body == {"idNo": "ABCPK1234F", "mobileNo": "9876501865", "note": f"key {REDACTED}"}
    assert sent.headers["appKey"] == REDACTED and sent.headers["appId"] == "an-id"
    assert sent.url == "http://vendor.test/api/v1/start?token=%5BREDACTED%5D&x=1"
    assert "s3cr3t-key" not in repr(sent) and "pw" not in sent.url
    # The recorder's own copy is unchanged: masked.
    assert exchange.request_body["idNo"] == "XXXXXX234F"


def test_the_store_is_bounded_least_recently_used_first() -> None:
    store = ReplayStore(journeys=2, per_journey=2)
    now = datetime.now(UTC)
    for journey_id, step in [("a", "1"), ("b", "1"), ("a", "2"), ("a", "3"), ("c", "1")]:
        store.capture(SentRequest(journey_id, step, now, "POST", "http://x", {}, None))
    assert len(store) == 2
    assert store.find("b", "1", now) is None  # the least recently used journey went
    assert store.find("a", "1", now) is None  # a journey keeps its newest calls
    assert store.find("a", "3", now) is not None and store.find("c", "1", now) is not None


def test_live_credentials_are_environment_references() -> None:
    sent = SentRequest(
        "j-1",
        "start",
        datetime.now(UTC),
        "POST",
        "https://ckyc.example.com/api/v1/start",
        {"appId": "an-id", "appKey": REDACTED, "content-type": "application/json"},
        {"idNo": "ABCPK1234F", "idType": "C"},
    )
    recorded = {"headers": {}, "body": {"idNo": "XXXXXX234F", "idType": "C"}}
    replay = build(SPEC, sent, recorded, sandbox_credentials=None)
    assert '--header "appId: $KYC_HYPERVERGE_CKYC__APP_ID"' in replay.command
    assert '--header "appKey: $KYC_HYPERVERGE_CKYC__APP_KEY"' in replay.command
    assert "an-id" not in replay.command and REDACTED not in replay.command
    data = replay.command.split("--data-raw ", 1)[1].strip("'")
    assert json.loads(data) == {"idNo": "ABCPK1234F", "idType": "C"}
    assert replay.caption.startswith("idNo as typed (masked in the recorded request).")
    assert "$KYC_HYPERVERGE_CKYC__APP_ID and $KYC_HYPERVERGE_CKYC__APP_KEY" in replay.caption


def test_sandbox_credentials_are_written_as_published() -> None:
    sent = SentRequest(
        "j-1", "start", datetime.now(UTC), "POST", "http://127.0.0.1:1/x", {"appKey": REDACTED}, {}
    )
    replay = build(SPEC, sent, None, sandbox_credentials={"app_key": "sandbox-app-key"})
    assert "--header 'appKey: sandbox-app-key'" in replay.command
    assert "sandbox's published credentials" in replay.caption
