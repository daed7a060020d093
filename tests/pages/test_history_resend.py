"""History's "Edit and re-send": a recorded request, edited, sent again as a new journey."""

import json
from datetime import UTC, datetime

import httpx
import pytest

from console.core import resend, sandbox_control
from console.core.history import HistoryStore
from console.registry import ConsoleSettings, vendor
from kyc_adapters.recorder import Exchange
from tests.pages.conftest import page, texts
from tests.pages.test_ckyc_download_page import journey_id, started

CKYC = vendor("hyperverge-ckyc")
NO_RECORD = "No record found"  # the CKYC download document's message for an ID it does not hold


@pytest.fixture
def own_store(tmp_path, monkeypatch) -> HistoryStore:
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("KYC_HISTORY_URL", url)
    return HistoryStore(url)


def opened(journey: str, exchange_id: int):
    at = page("history").run()
    at.text_input(key="history.text").input(journey).run()
    at.selectbox(key="history.exchange").select(exchange_id).run()
    at.session_state["history.resend"] = True
    return at.run()


def field(at, label: str):
    return next(w for w in [*at.text_area, *at.text_input] if w.label.startswith(label))


def submit(at):
    return next(b for b in at.button if b.label == "Re-send as a new journey").click().run()


def test_a_start_edited_goes_out_as_a_new_journey(services, store) -> None:
    walk = started()  # Asha's PAN
    original = journey_id(walk)
    start = store.steps(original)[0]
    at = opened(original, start["id"])
    body = json.loads(field(at, "Body").value)
    # As History recorded it: any session may open History, so nothing is offered as typed.
    assert body["idNo"] == "XXXXXX234F" and "ABCPK1234F" not in str(at.session_state)
    (warning,) = texts(at.warning)
    assert "idNo" in warning and "mobileNo" in warning
    headers = json.loads(field(at, "Headers").value)
    assert "appKey" not in headers and "appId" not in headers  # credentials: added when sent
    body["idNo"] = "ZZZPZ9999Z"
    field(at, "Body").input(json.dumps(body))
    at = submit(at)
    assert not at.exception
    assert any("HTTP 404" in m for m in texts(at.markdown))
    result = at.session_state[resend_view_result()]
    assert result.journey_id != original
    new = store.journey(result.journey_id)
    assert new["outcome"] == "resent" and "edited" in new["summary"]
    assert new["origin"] == "resend"  # History's Source filter shows re-sends by default
    (sent,) = store.journey_exchanges(result.journey_id)
    assert sent["step"] == "start" and sent["status_code"] == 404
    assert sent["outcome"] == "failure" and sent["contract"] == []  # checked, on contract
    assert sent["request"]["body"]["idNo"] == "XXXXXX999Z"  # masked in history like any call
    assert sent["request"]["headers"]["appKey"] == "[REDACTED]"
    assert NO_RECORD in json.dumps(sent["response"]["body"])
    assert len(store.journey_exchanges(original)) == 1  # the original journey is untouched
    at.button(key="history.resend.open").click().run()
    assert at.selectbox(key="history.journey").value == result.journey_id


def resend_view_result() -> str:
    from console.core.resend_view import RESULT

    return RESULT


def test_a_body_that_is_not_json_is_refused_and_recorded(services, store) -> None:
    walk = started()
    original = journey_id(walk)
    at = opened(original, store.steps(original)[0]["id"])
    field(at, "Body").input('{"idType": "C",')
    at = submit(at)
    assert not at.exception
    assert any("The body is not valid JSON" in w for w in texts(at.warning))
    refused = [
        row
        for row in store.rows(limit=20)
        if row["outcome"] == "rejected" and "not valid JSON" in (row["error"] or "")
    ]
    assert refused
    assert store.journey(refused[0]["journey_id"])["origin"] == "resend"


def recorded(store: HistoryStore, body, headers=None) -> tuple[str, int]:
    journey = store.new_journey(CKYC.id, "sandbox", "an older walk")
    store.sink(CKYC.id, "sandbox")(
        Exchange(
            journey_id=journey,
            step="start",
            method="POST",
            url="http://127.0.0.1:1/hyperverge-ckyc/api/v1/start",
            request_headers=headers or {"appId": "[REDACTED]", "appKey": "[REDACTED]"},
            request_body=body,
            started_at=datetime.now(UTC),
            latency_ms=2.0,
            status_code=200,
        )
    )
    return journey, store.steps(journey)[0]["id"]


def test_a_masked_record_says_which_values_are_masked(services, own_store) -> None:
    journey, exchange = recorded(
        own_store, {"idType": "C", "idNo": "XXXXXX234F", "mobileNo": "XXXXXX1865"}
    )
    at = opened(journey, exchange)
    (warning,) = texts(at.warning)
    assert "idNo" in warning and "mobileNo" in warning and "idType" not in warning
    assert any("personal data masked" in c for c in texts(at.caption))


def test_a_form_body_is_re_sent_as_a_form(services, store) -> None:
    """e-KYC Now's generate-url sends a multipart form of text fields: the draft is its
    fields, re-sent unedited as a multipart form."""
    from tests.pages.test_ekyc_page import generated

    generated()
    row = store.rows(limit=1)[0]
    assert row["vendor"] == "messagecentral-ekyc" and row["step"] == "generate-url"
    at = opened(row["journey_id"], row["id"])
    assert "company_name" in json.loads(field(at, "Body").value)
    assert "Content-Type" not in json.loads(field(at, "Headers").value)  # a new boundary
    # The API key travels as "Bearer <key>" in a header the record holds redacted.
    key = sandbox_control.vendor_info(services.sandbox_url, "messagecentral-ekyc")
    field(at, "api_key").input(f"Bearer {key['credentials']['api_key']}")
    at = submit(at)
    assert not at.exception
    result = at.session_state[resend_view_result()]
    assert result.status_code == 200
    (sent,) = store.journey_exchanges(result.journey_id)
    assert sent["request"]["headers"]["Content-Type"].startswith("multipart/form-data")
    assert sent["request"]["body"]["multipart"]["form"]["company_name"]


def test_a_5xx_is_recorded_as_the_vendor_s_error(services, store) -> None:
    walk = started()
    original = journey_id(walk)
    at = opened(original, store.steps(original)[0]["id"])
    httpx.post(
        f"{services.sandbox_url}/_sandbox/faults",
        json={"vendor": "hyperverge-ckyc", "mode": "http_500"},
    ).raise_for_status()
    at = submit(at)
    result = at.session_state[resend_view_result()]
    (sent,) = store.journey_exchanges(result.journey_id)
    assert (sent["status_code"], sent["outcome"]) == (500, "error")


def test_a_call_recorded_in_another_mode_is_not_re_sent(services, own_store, monkeypatch):
    journey, exchange = recorded(own_store, {"idType": "C", "idNo": "ABCPK1234F"})
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    at = opened(journey, exchange)
    (info,) = texts(at.info)
    assert "recorded in sandbox mode" in info and "Settings page" in info


def test_a_redacted_token_must_be_typed_again(services, own_store) -> None:
    journey, exchange = recorded(
        own_store,
        {"idType": "C", "idNo": "ABCPK1234F"},
        headers={"appId": "[REDACTED]", "appKey": "[REDACTED]", "Authorization": "[REDACTED]"},
    )
    at = opened(journey, exchange)
    token = field(at, "Authorization")
    assert token.proto.type == token.proto.PASSWORD
    at = submit(at)
    assert any("Type Authorization first" in w for w in texts(at.warning))
    token = field(at, "Authorization")
    token.input("Bearer typed-t0ken-123456")
    at = submit(at)
    assert not at.exception
    new = at.session_state[resend_view_result()].journey_id
    (sent,) = own_store.journey_exchanges(new)
    assert sent["request"]["headers"]["Authorization"] == "[REDACTED]"
    assert "typed-t0ken-123456" not in json.dumps(sent, default=str)


def test_an_upload_cannot_be_re_sent(services, own_store) -> None:
    journey, exchange = recorded(
        own_store, {"multipart": {"form": {}, "files": [{"field": "file", "filename": "a.jpg"}]}}
    )
    at = opened(journey, exchange)
    assert any("uploaded files" in i for i in texts(at.info))
    assert not [b for b in at.button if b.label == "Re-send as a new journey"]


def test_only_a_path_is_edited_never_the_host() -> None:
    assert resend.target_problem("/api/v1/start?x=1") is None
    for bad in ("http://elsewhere.test/api", "//elsewhere.test/api", "api/v1", "/a b"):
        assert resend.target_problem(bad)


def test_live_credentials_go_only_to_an_origin_the_settings_name(monkeypatch) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", "https://ckyc.vendor.test/base")
    settings = ConsoleSettings()
    sandbox = "http://127.0.0.1:9"
    assert resend.destination(CKYC, settings, sandbox, "https://ckyc.vendor.test", "live") == (
        "live",
        "https://ckyc.vendor.test",
    )
    with pytest.raises(resend.ResendRefused, match="not a URL this vendor's live settings name"):
        resend.destination(CKYC, settings, sandbox, "https://attacker.test", "live")
