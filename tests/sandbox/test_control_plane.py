"""The control plane QA drives with curl: reset, clock, inbox, faults."""

import json

import httpx
import pytest

from tests.sandbox.ckyc_doc import ASHA, HEADERS, SERVER_ERROR, START, start


def assert_malformed(response: httpx.Response) -> None:
    """A 200 whose body is not JSON at all (a reply cut off mid-body)."""
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_health_lists_the_vendors(sandbox: httpx.Client) -> None:
    assert sandbox.get("/_sandbox/health").json() == {
        "status": "ok",
        "vendors": [
            "hypersign-kyc",
            "hyperverge-ckyc",
            "hyperverge-validation",
            "messagecentral-ekyc",
            "onekyc-siv",
        ],
    }


def test_clock_advances_and_reset_puts_it_back(sandbox: httpx.Client) -> None:
    before = sandbox.get("/_sandbox/clock").json()
    assert before["offsetSeconds"] == 0
    after = sandbox.post("/_sandbox/clock/advance", json={"seconds": 90}).json()
    assert after["offsetSeconds"] == 90
    assert after["epoch"] - before["epoch"] >= 90
    sandbox.post("/_sandbox/reset")
    assert sandbox.get("/_sandbox/clock").json()["offsetSeconds"] == 0


def test_frozen_clock_stands_still_until_advanced(sandbox: httpx.Client) -> None:
    frozen = sandbox.post("/_sandbox/clock/freeze", json={"frozen": True}).json()
    assert frozen["frozen"] is True
    assert sandbox.get("/_sandbox/clock").json()["epoch"] == frozen["epoch"]
    moved = sandbox.post("/_sandbox/clock/advance", json={"seconds": 1.5}).json()
    assert moved["epoch"] == pytest.approx(frozen["epoch"] + 1.5)


@pytest.mark.parametrize("seconds", [-1, "soon", None])
def test_clock_refuses_bad_advances(sandbox: httpx.Client, seconds) -> None:
    assert sandbox.post("/_sandbox/clock/advance", json={"seconds": seconds}).status_code == 422


def test_inbox_receives_the_otp_newest_last(sandbox: httpx.Client) -> None:
    assert sandbox.get("/_sandbox/inbox", params={"mobile": "9876501865"}).json()["messages"] == []
    start(sandbox)
    start(sandbox)
    messages = sandbox.get("/_sandbox/inbox", params={"mobile": "9876501865"}).json()["messages"]
    assert len(messages) == 2
    assert messages[0]["sentAt"] <= messages[1]["sentAt"]
    for sms in messages:
        assert sms["otp"] in sms["text"] and len(sms["otp"]) == 6
    sandbox.post("/_sandbox/reset")
    assert sandbox.get("/_sandbox/inbox", params={"mobile": "9876501865"}).json()["messages"] == []


def test_inbox_needs_a_mobile(sandbox: httpx.Client) -> None:
    assert sandbox.get("/_sandbox/inbox").status_code == 422


def test_http_500_fault_answers_in_the_vendor_shape_once(sandbox: httpx.Client) -> None:
    armed = sandbox.post("/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "http_500"})
    assert armed.status_code == 201
    failed = start(sandbox)
    assert failed.status_code == 500
    assert failed.json() == {
        "status": "failure",
        "statusCode": "500",
        "error": {"code": "ER_SERVER", "message": SERVER_ERROR},  # the code is the sandbox's
    }
    assert start(sandbox).status_code == 200


def test_malformed_body_fault_for_a_path_and_count(sandbox: httpx.Client) -> None:
    sandbox.post(
        "/_sandbox/faults",
        json={
            "vendor": "hyperverge-ckyc",
            "path": "/api/v1/start",
            "mode": "malformed_body",
            "times": 2,
        },
    )
    assert_malformed(start(sandbox))
    assert sandbox.get("/_sandbox/faults").json()["armed"][0]["times"] == 1
    assert_malformed(start(sandbox))
    assert start(sandbox).json()["status"] == "success"


def test_fault_on_another_path_leaves_this_one_alone(sandbox: httpx.Client) -> None:
    sandbox.post(
        "/_sandbox/faults",
        json={
            "vendor": "hyperverge-ckyc",
            "path": "/api/v1/validateOtpAndDownload",
            "mode": "http_500",
        },
    )
    assert start(sandbox).status_code == 200
    assert sandbox.get("/_sandbox/clock").status_code == 200


def test_timeout_fault_outlasts_the_client(sandbox: httpx.Client) -> None:
    sandbox.post(
        "/_sandbox/faults",
        json={"vendor": "hyperverge-ckyc", "mode": "timeout", "seconds": 1},
    )
    with pytest.raises(httpx.ReadTimeout):
        sandbox.post(START, headers=HEADERS, json=ASHA, timeout=0.2)


def test_slow_fault_still_answers(sandbox: httpx.Client) -> None:
    sandbox.post(
        "/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "slow", "seconds": 0.2}
    )
    response = start(sandbox)
    assert response.status_code == 200
    assert response.elapsed.total_seconds() >= 0.2


def test_faults_are_cleared_by_delete(sandbox: httpx.Client) -> None:
    sandbox.post("/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "http_500"})
    assert sandbox.delete("/_sandbox/faults").json() == {"armed": []}
    assert start(sandbox).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"vendor": "nobody", "mode": "http_500"},
        {"vendor": "hyperverge-ckyc", "mode": "explode"},
        {"vendor": "hyperverge-ckyc", "mode": "http_500", "times": 0},
    ],
)
def test_bad_faults_are_refused(sandbox: httpx.Client, body: dict) -> None:
    assert sandbox.post("/_sandbox/faults", json=body).status_code == 422
    assert sandbox.get("/_sandbox/faults").json() == {"armed": []}


def test_an_injected_failure_says_so_in_a_header(sandbox) -> None:
    sandbox.post("/_sandbox/faults", json={"vendor": "hyperverge-ckyc", "mode": "http_500"})
    reply = sandbox.post("/hyperverge-ckyc/api/v1/start", json={})
    assert reply.status_code == 500 and reply.headers["x-sandbox-fault"] == "http_500"
    assert "x-sandbox-fault" not in sandbox.post("/hyperverge-ckyc/api/v1/start", json={}).headers
