"""Drift is caught and kept: a stand-in HyperVerge CKYC over real HTTP answers off its document
(a key missing, a key added, a wrong type, an undocumented status, an undocumented error code,
a body that is not JSON), and each finding lands on that exchange in a real history, with its
kind and path and without the answer's values. The console's own clients are checked too."""

import contextlib
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from console.core.clients import POOL
from console.core.contract import Answer, Contract, Step, check, check_safely, checking
from console.core.history import HistoryStore
from console.core.page import redactor
from console.core.services import ensure_services
from console.registry import ConsoleSettings, vendor
from kyc_adapters.errors import KycError
from kyc_adapters.hyperverge_ckyc import HyperVergeCkycClient
from kyc_adapters.recorder import Exchange, RecordingTransport, journey
from kyc_adapters.redaction import Redactor
from sandbox.core.server import BackgroundServer

SPEC = vendor("hyperverge-ckyc")
NAME = "ASHA SPECIMEN KUMARI"  # personal data in the answers: never in a finding
OK = {"status": "success", "statusCode": "200"}
# idNo -> (HTTP status, body): each off the document (hyperverge-ckyc-download.txt) in one way.
ANSWERS = {
    # result.requestId: "A unique identifier for the OTP session" -- absent.
    "missing": (200, {**OK, "result": {"message": "OTP has been sent"}}),
    # result.fullName is a search field, not one of the OTP answer's.
    "extra": (200, {**OK, "result": {"message": "x", "requestId": "r-1", "fullName": NAME}}),
    # result.requestId "string" -- a number.
    "type": (200, {**OK, "result": {"message": "x", "requestId": 9123409999}}),
    # The Start API documents 400, 401, 404 and 500; not 429.
    "status": (429, {"status": "failure", "statusCode": "429", "error": {"code": "ER_RATE"}}),
    # A 400's code is ER_REQ_VALIDATE in the document.
    "code": (
        400,
        {"status": "failure", "statusCode": "400", "error": {"code": "ER_NEW", "message": NAME}},
    ),
}


async def answer(request: Request) -> Response:
    id_no = (await request.json())["idNo"]
    if id_no == "text":
        return Response(f"<html>{NAME}</html>", media_type="text/html")
    status, body = ANSWERS[id_no]
    return JSONResponse(body, status_code=status)


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    app = Starlette(routes=[Route("/api/v1/start", answer, methods=["POST"])])
    server = BackgroundServer(app).start()
    yield server.url
    server.stop()


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    return HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")


def start(vendor_url: str, store: HistoryStore, id_no: str) -> dict:
    """One Start API call as the console records it (the sink clients.py builds)."""
    redact = Redactor(secret_keys=SPEC.secret_keys, pii_keys=SPEC.pii_keys)
    sink = checking(store.sink(SPEC.id, "live"), SPEC.contract)
    transport = RecordingTransport(httpx.HTTPTransport(), sink, redact)
    journey_id = store.new_journey(SPEC.id, "live")
    with httpx.Client(base_url=vendor_url, transport=transport, timeout=5) as http:
        client = HyperVergeCkycClient(http, app_id="id", app_key="key")
        # the adapter's verdict is not what is tested here
        with journey(journey_id), contextlib.suppress(KycError):
            client.start(id_type="C", id_no=id_no, mobile_no="9123409999", transaction_id="t")
    (row,) = store.journey_exchanges(journey_id)
    return row


@pytest.mark.parametrize(
    ("id_no", "kind", "path"),
    [
        ("missing", "missing", "result.requestId"),
        ("extra", "unexpected", "result.fullName"),
        ("type", "type", "result.requestId"),
        ("status", "status", "(status)"),
        ("code", "code", "error.code"),
        ("text", "type", "(body)"),
    ],
)
def test_each_drift_is_recorded_on_its_exchange(vendor_url, store, id_no, kind, path) -> None:
    row = start(vendor_url, store, id_no)
    assert [(f["kind"], f["path"]) for f in row["contract"]] == [(kind, path)]
    assert row["contract"][0]["detail"]
    findings = json.dumps(row["contract"])
    assert NAME not in findings and "9123409999" not in findings


def test_a_wrong_type_says_what_was_expected_without_the_value(vendor_url, store) -> None:
    (finding,) = start(vendor_url, store, "type")["contract"]
    assert finding["detail"] == "Expected string, got integer."


def test_an_undocumented_code_is_named_for_its_status(vendor_url, store) -> None:
    (finding,) = start(vendor_url, store, "code")["contract"]
    assert finding["detail"] == "Error code ER_NEW is not documented for HTTP 400."


def test_several_drifts_in_one_answer_are_each_found_once() -> None:
    body = {
        "status": "success",
        "statusCode": 200,
        "result": {"requestId": "r", "a": 1, "b": {"c": 2}},
        "extra": [1, 2],
    }
    exchange = Exchange(
        journey_id=None,
        step="start",
        method="POST",
        url="http://vendor/api/v1/start",
        request_headers={},
        request_body=None,
        started_at=datetime.now(UTC),
        latency_ms=1.0,
        status_code=200,
        response_body=body,
    )
    found = sorted((f["kind"], f["path"]) for f in check(SPEC.contract, exchange))
    assert found == [
        ("missing", "result.message"),
        ("type", "statusCode"),
        ("unexpected", "extra"),
        ("unexpected", "result.a"),
        ("unexpected", "result.b"),
    ]


def exchange_of(step: str, status: int | None, body: object = None) -> Exchange:
    return Exchange(
        None, step, "POST", "http://v/x", {}, None, datetime.now(UTC), 1.0, status, {}, body
    )


def test_what_the_contract_cannot_judge_is_not_checked() -> None:
    assert check(SPEC.contract, exchange_of("start", None)) is None  # no answer
    assert check(SPEC.contract, exchange_of("no-such-step", 200, {})) is None
    assert check(None, exchange_of("start", 200, {})) is None


def test_a_broken_schema_is_one_finding_and_a_log_line(caplog) -> None:
    broken = Contract({"start": Step({200: Answer({"type": "no-such-type"})})})
    with caplog.at_level(logging.ERROR):
        found = check_safely(broken, exchange_of("start", 200, {"a": 1}))
    assert [(f["kind"], f["path"]) for f in found] == [("checker", "(contract)")]
    assert "contract check failed" in caplog.text
    written: list[Exchange] = []
    checking(written.append, broken)(exchange_of("start", 200, {}))
    assert written[0].contract[0]["kind"] == "checker"


def test_findings_are_bounded() -> None:
    many = {"status": "success", "statusCode": "200", "result": {f"k{i}": i for i in range(500)}}
    assert len(check(SPEC.contract, exchange_of("start", 200, many))) == 50


def test_the_consoles_clients_record_the_check(sandbox: httpx.Client) -> None:
    """Through the pool the pages use: an answer on contract records [], a garbled one its
    finding."""
    settings = ConsoleSettings()
    store = HistoryStore(settings.history_url)
    services = ensure_services(settings, store, redactor(settings))
    spec = vendor("messagecentral-ekyc")
    client = POOL.get(spec, settings, services.sandbox_url, store, redactor(settings))
    journey_id = store.new_journey(spec.id, "sandbox")
    fault = {
        "vendor": spec.id,
        "mode": "malformed_body",
        "path": "/ekyc/api/v1/redirection/generate-url",
    }
    with journey(journey_id):
        client.generate_url(flow_id="sbx-basic-flow", company_name="KYC Console Demo")
        httpx.post(f"{services.sandbox_url}/_sandbox/faults", json=fault).raise_for_status()
        with pytest.raises(KycError):
            client.generate_url(flow_id="sbx-basic-flow", company_name="KYC Console Demo")
    httpx.delete(f"{services.sandbox_url}/_sandbox/faults")
    rows = store.journey_exchanges(journey_id)
    assert [row["contract"] for row in rows] == [
        [],
        [
            {
                "kind": "type",
                "path": "(body)",
                "detail": "The body is not JSON, where JSON is documented.",
            }
        ],
    ]


def test_a_repeated_query_parameter_is_read_by_its_first_value() -> None:
    """Hypersign's admin token names its service by `grant_type` (vendor-notes.md): the first
    one given is the one read."""
    contract = vendor("hypersign-kyc").contract
    both = "/api/v1/app/oauth?grant_type=access_service_ssi&grant_type=access_service_kyc"
    assert contract.step_of("POST", both) == "oauth-ssi"
    assert contract.step_of("POST", "/api/v1/app/oauth?grant_type=access_service_kyc") == (
        "oauth-kyc"
    )


def test_several_undocumented_codes_in_one_answer_are_each_a_finding() -> None:
    errors = {"type": "array", "items": {"type": "object"}}
    schema = {"type": "object", "properties": {"errors": errors}}
    listed = Answer(schema, frozenset({"E1"}), ("errors", "[]", "code"))
    contract = Contract({"start": Step({400: listed})})
    codes = [{"code": "E1"}, {"code": "E7"}, {"code": "E9"}, {"code": "E7"}]
    found = check(contract, exchange_of("start", 400, {"errors": codes}))
    assert found == [
        {
            "kind": "code",
            "path": "errors[].code",
            "detail": "Error code E7 is not documented for HTTP 400.",
        },
        {
            "kind": "code",
            "path": "errors[].code",
            "detail": "Error code E9 is not documented for HTTP 400.",
        },
    ]


EMAIL, PHONE = "asha.kumari@example.com", "+91 91234 09999"


def test_a_key_that_is_data_is_a_star_in_the_paths() -> None:
    """A body keyed by personal data (an e-mail, a phone number) puts none of it in a finding."""
    person = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    schema = {
        "type": "object",
        "properties": {"people": {"type": "object", "additionalProperties": person}},
        "additionalProperties": False,
    }
    contract = Contract({"start": Step({200: Answer(schema)})})
    body = {"people": {EMAIL: {"name": 7}, PHONE: {}}, EMAIL: 1, "9123409999": 2, "extra_1": 3}
    found = check(contract, exchange_of("start", 200, body))
    assert sorted((f["kind"], f["path"]) for f in found) == [
        ("missing", "people.*.name"),
        ("type", "people.*.name"),
        ("unexpected", "*"),
        ("unexpected", "extra_1"),
    ]
    shown = json.dumps(found)
    assert "asha" not in shown and "9123409999" not in shown and "91234" not in shown


# The callback payload as onekyc-siv-integration.txt shows it (Get Submission Details' data).
ONEKYC_PAYLOAD = {
    "submissionId": "c64b4c8c-9a8f-4e9c-b86a-0908291c855e",
    "userId": "421453511adsasdl",
    "userIdType": "MY_USER_ID",
    "partnerSessionId": "b719f79b-ae7a-440a-8f9c-5f661ca34e7",
    "status": "COMPLETED",
    "result": "VALID",
    "submissionDetails": {
        "verificationResult": {
            "nik": "PASS",
            "name": "PASS",
            "dateOfBirth": "PASS",
            "selfie": "PASS",
        },
        "ktpData": {
            "nik": "3208201808850001",
            "name": "JOHN DOE",
            "region": "SEMARANG",
            "dateOfBirth": "18-02-1960",
            "bloodType": "-",
            "religion": "KRISTEN",
            "province": "JAWA TIMUR",
            "city": "KOTA SURABAYA",
            "address": "SEMARANG SELATAN",
            "district": "WAYANG",
            "town": "BUBUTAN",
            "gender": "male",
            "rt": "008",
            "rw": "020",
            "occupation": "PELAJAR/MAHASISWA",
            "validUntil": "",
            "citizenship": "INDONESIA",
            "maritalStatus": "BELUM KAWIN",
            "issuanceDate": "28-12-2017",
        },
        "certificateRegistration": {
            "eligibleToActivate": True,
            "onboardingCode": "NEW_USER",
            "shouldSkipActivation": True,
        },
        "imageUrls": {
            "KTP": "https://sample-image.com/ktp.jpg",
            "SELFIE": "https://sample-image.com/selfie.jpg",
            "ADDITIONAL_SELFIE": "https://sample-image.com/additional-selfie.jpg",
        },
    },
}


def found_on(vendor_id: str, step: str, status: int, body: object) -> list[tuple[str, str]]:
    findings = check(vendor(vendor_id).contract, exchange_of(step, status, body))
    return sorted((f["kind"], f["path"]) for f in findings)


@pytest.mark.parametrize(
    ("step", "status", "body"),
    [
        # The token's data, its types and the envelope are no document's: other keys, a number
        # of seconds, a trace id are no drift.
        (
            "partner-token",
            200,
            {
                "success": True,
                "data": {"token": "t", "expiry_seconds": 1800, "expires_at": 1, "scope": "all"},
                "traceId": "x",
            },
        ),
        (
            "initiate-flow",
            200,
            {
                "success": 1,
                "data": {"sdkToken": "s", "submissionId": "i", "expiresIn": "900", "x": 1},
            },
        ),
        # No error body, code or status is documented.
        ("partner-token", 400, {"success": False, "errors": [{"code": "1651", "cause": "NEW"}]}),
        ("partner-token", 401, {"error": "unauthorized", "traceId": "x"}),
        ("upload-ktp", 403, {"message": "Forbidden"}),
        ("submission-details", 503, "<html>busy</html>"),
    ],
)
def test_onekyc_judges_no_part_that_is_our_choice(step, status, body) -> None:
    assert found_on("onekyc-siv", step, status, body) == []


def test_onekyc_judges_the_documented_payload_and_what_the_adapter_reads() -> None:
    assert (
        found_on("onekyc-siv", "submission-details", 200, {"success": True, "data": ONEKYC_PAYLOAD})
        == []
    )
    details = ONEKYC_PAYLOAD["submissionDetails"]
    drifted = {
        **ONEKYC_PAYLOAD,
        "submissionDetails": {**details, "ktpData": {**details["ktpData"], "nik": 3208, "x": "y"}},
    }
    assert found_on(
        "onekyc-siv", "submission-details", 200, {"success": True, "data": drifted}
    ) == [
        ("type", "data.submissionDetails.ktpData.nik"),
        ("unexpected", "data.submissionDetails.ktpData.x"),
    ]
    no_token = {"success": True, "data": {"expiry_seconds": "1800"}}
    assert found_on("onekyc-siv", "partner-token", 200, no_token) == [("missing", "data.token")]


def test_hypersign_keeps_closed_only_the_bodies_the_notes_give_in_full() -> None:
    kyc_error = {
        "success": False,
        "statusCode": 401,
        "error": {"code": "SESSION_EXPIRED", "message": "m", "details": []},
        "path": "/api/v2/session",
    }
    assert found_on("hypersign-kyc", "create-session", 401, kyc_error) == []
    dashboard = {"message": "Unauthorized", "statusCode": 401, "timestamp": "t"}
    assert found_on("hypersign-kyc", "oauth-kyc", 401, dashboard) == []
    session = {"success": True, "data": {"sessionId": "s"}, "requestId": "r"}
    assert found_on("hypersign-kyc", "create-session", 200, session) == []
    # vendor-notes.md: SSI errors `{statusCode, message[], error}`; the biometrics answer
    # `{success, data: {credentials[]}}`.
    ssi_error = {"statusCode": 400, "message": ["bad"], "error": "Bad Request", "path": "/x"}
    assert found_on("hypersign-kyc", "create-did", 400, ssi_error) == [("unexpected", "path")]
    verified = {"success": True, "data": {"credentials": []}, "sessionId": "s"}
    assert found_on("hypersign-kyc", "verify-biometrics", 200, verified) == [
        ("unexpected", "sessionId")
    ]
