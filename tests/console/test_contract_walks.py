"""A whole walk per vendor through the real adapters against the sandbox: every answer is
checked by its vendor's contract, and none has a finding. The walks are the adapter tests'
own (their helpers are reused, not copied)."""

import httpx
import pytest

from console.core.contract import check
from console.registry import vendor
from kyc_adapters.hyperverge_ckyc import HyperVergeCkycClient, OtpRejected
from kyc_adapters.hyperverge_validation import HyperVergeValidationClient, ValidationOptions
from kyc_adapters.recorder import Exchange, RecordingTransport
from tests.adapters import test_hypersign_kyc as hypersign
from tests.adapters import test_hyperverge_ckyc as ckyc
from tests.adapters import test_hyperverge_validation as validation
from tests.adapters import test_messagecentral_ekyc as ekyc
from tests.adapters import test_onekyc_siv as onekyc_walk
from tests.adapters.test_onekyc_siv import onekyc, receiver_url, warm  # noqa: F401 (fixtures)


def assert_on_contract(vendor_id: str, recorded: list[Exchange], steps: set[str]) -> None:
    contract = vendor(vendor_id).contract
    answered = [e for e in recorded if e.status_code is not None]
    findings = {(e.step, e.status_code): check(contract, e) for e in answered}
    assert {key: found for key, found in findings.items() if found != []} == {}
    assert {e.step for e in answered} == steps
    # The contract's routes name each call as the adapter itself did (its -retry and -refresh
    # repeats are the same step): the runner files the catalog's requests by them.
    named = {e.step: contract.step_of(e.method, e.url, e.request_body) for e in answered}
    assert named == {step: _base(step) for step in named}


def _base(step: str) -> str:
    return step.removesuffix("-retry").removesuffix("-refresh")


def test_hyperverge_ckyc_walk(sandbox: httpx.Client) -> None:
    recorded: list[Exchange] = []
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, ckyc.REDACTOR)
    base = str(sandbox.base_url.join("/hyperverge-ckyc"))
    with httpx.Client(base_url=base, transport=transport, timeout=10) as http:
        client = HyperVergeCkycClient(
            http, app_id=ckyc.SANDBOX_APP_ID, app_key=ckyc.SANDBOX_APP_KEY
        )
        client.search(id_type="C", id_no=ckyc.PAN, transaction_id="t-1")
        sent = ckyc.start(client)
        with pytest.raises(OtpRejected):
            client.download(request_id=sent.requestId, otp="000000", transaction_id="t-1")
        sandbox.post("/_sandbox/clock/advance", json={"seconds": 91}).raise_for_status()
        client.resend_otp(request_id=sent.requestId, transaction_id="t-1")  # a documented 404
        otp = ckyc.latest_otp(sandbox)
        client.download(request_id=sent.requestId, otp=otp, transaction_id="t-1")
    statuses = [(e.step, e.status_code) for e in recorded]
    assert statuses == [
        ("search", 200),
        ("start", 200),
        ("validate-otp", 404),
        ("resend-otp", 404),
        ("validate-otp", 200),
    ]
    assert_on_contract(
        "hyperverge-ckyc", recorded, {"search", "start", "validate-otp", "resend-otp"}
    )


def test_hyperverge_validation_walk(sandbox: httpx.Client) -> None:
    recorded: list[Exchange] = []
    transport = RecordingTransport(httpx.HTTPTransport(), recorded.append, validation.REDACTOR)
    base = str(sandbox.base_url.join("/hyperverge-validation"))
    every_extra = ValidationOptions(
        mask_aadhaar="yes",
        returnOcrDump="yes",
        standardOcrDump="yes",
        returnInputImage="yes",
    )
    with httpx.Client(base_url=base, transport=transport, timeout=120) as http:
        client = HyperVergeValidationClient(
            http, app_id=validation.SANDBOX_APP_ID, app_key=validation.SANDBOX_APP_KEY
        )
        result = client.validate(
            fields=validation.ASHA_FIELDS,
            documents=validation.AADHAAR,
            selfie=validation.SELFIE,
            options=every_extra,
            transaction_id="t-1",
        )
    assert result.action == "approve" and result.ocrDump and result.standardOcrDump
    assert_on_contract("hyperverge-validation", recorded, {"validate"})


def test_messagecentral_ekyc_walk(sandbox: httpx.Client) -> None:
    recorded: list[Exchange] = []
    http, client = ekyc.make_client(sandbox, recorded)
    with http:
        ekyc.generate(client)
        ekyc.generate(client, flow_id=ekyc.PREMIUM)
        ekyc.trial(client)
    assert [e.status_code for e in recorded] == [200, 200, 200]
    assert_on_contract("messagecentral-ekyc", recorded, {"generate-url"})


def test_onekyc_siv_walk(onekyc, warm) -> None:  # noqa: F811 (fixtures)
    recorded: list[Exchange] = []
    http, client = onekyc_walk.make_client(onekyc, recorded)
    with http:
        started, _, _ = onekyc_walk.submit(client)
        pending = client.submission_details(submission_id=started.submission_id)
        onekyc_walk.advance(onekyc, onekyc_walk.PROCESSING_SECONDS)
        onekyc_walk.callback_for(started.submission_id)
        result = client.submission_details(submission_id=started.submission_id)
    assert (pending.status, result.status, result.result) == ("PROCESSING", "COMPLETED", "VALID")
    steps = {"partner-token", "initiate-flow", "upload-ktp", "upload-selfie", "submission-details"}
    assert_on_contract("onekyc-siv", recorded, steps)


def test_hypersign_kyc_walk(sandbox: httpx.Client) -> None:
    recorded: list[Exchange] = []
    (published,) = [
        v for v in sandbox.get("/_sandbox/vendors").json() if v["id"] == "hypersign-kyc"
    ]
    issuer = hypersign.Issuer(
        published["settings"]["issuer_did"], published["settings"]["issuer_verification_method_id"]
    )
    with hypersign.make_client(sandbox, recorded) as client:
        walk = hypersign.start_walk(client, issuer)
        verified = hypersign.verify_selfie(client, walk, issuer)
        presentation = hypersign.present(client, walk, verified.credentials)
        hypersign.consent(client, walk, presentation)
    steps = {
        "oauth-kyc",
        "oauth-ssi",
        "create-session",
        "create-did",
        "issue-jwt",
        "exchange",
        "extract-document",
        "verify-biometrics",
        "create-presentation",
        "submit-consent",
    }
    assert_on_contract("hypersign-kyc", recorded, steps)
