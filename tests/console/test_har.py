"""History as HAR 1.2: the structure the format requires (checked with a JSON Schema of its
required fields), the HTTP calls only, oldest first, and nothing the history does not hold."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import jsonschema
import pytest

from console.core.history import HistoryFilter, HistoryStore
from kyc_adapters.recorder import Exchange

NAME_VALUE = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "value"],
        "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
    },
}
# HAR 1.2's required fields (http://www.softwareishard.com/blog/har-12-spec/).
HAR_1_2 = {
    "type": "object",
    "required": ["log"],
    "properties": {
        "log": {
            "type": "object",
            "required": ["version", "creator", "entries"],
            "properties": {
                "version": {"const": "1.2"},
                "creator": {"type": "object", "required": ["name", "version"]},
                "entries": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "startedDateTime",
                            "time",
                            "request",
                            "response",
                            "cache",
                            "timings",
                        ],
                        "properties": {
                            "startedDateTime": {"type": "string", "format": "date-time"},
                            "time": {"type": "number", "minimum": 0},
                            "request": {
                                "type": "object",
                                "required": [
                                    "method",
                                    "url",
                                    "httpVersion",
                                    "cookies",
                                    "headers",
                                    "queryString",
                                    "headersSize",
                                    "bodySize",
                                ],
                                "properties": {
                                    "headers": NAME_VALUE,
                                    "queryString": NAME_VALUE,
                                    "postData": {
                                        "type": "object",
                                        "required": ["mimeType", "text"],
                                    },
                                },
                            },
                            "response": {
                                "type": "object",
                                "required": [
                                    "status",
                                    "statusText",
                                    "httpVersion",
                                    "cookies",
                                    "headers",
                                    "content",
                                    "redirectURL",
                                    "headersSize",
                                    "bodySize",
                                ],
                                "properties": {
                                    "status": {"type": "integer"},
                                    "headers": NAME_VALUE,
                                    "content": {
                                        "type": "object",
                                        "required": ["size", "mimeType"],
                                    },
                                },
                            },
                            "timings": {
                                "type": "object",
                                "required": ["send", "wait", "receive"],
                            },
                        },
                    },
                },
            },
        }
    },
}


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    return HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")


def call(step: str, status: int | None, *, at: datetime, journey: str, **extra) -> Exchange:
    return Exchange(
        journey_id=journey,
        step=step,
        method="POST",
        url=f"http://127.0.0.1:8080/onekyc-siv/api/{step}?lang=id&x=1",
        request_headers={"x-onekyc-token": "[REDACTED]", "content-type": "application/json"},
        request_body={"phoneNumber": "XXXXXXXX8889"},
        started_at=at,
        latency_ms=12.5,
        status_code=status,
        response_body={"success": True} if status else None,
        outcome="success" if status == 200 else "error",
        error=None if status else "ReadTimeout: timed out",
        **extra,
    )


def test_the_history_is_a_valid_har_of_its_http_calls_oldest_first(store) -> None:
    journey = store.new_journey("onekyc-siv", "sandbox")
    now = datetime.now(UTC)
    write = store.sink("onekyc-siv", "sandbox")
    write(call("initiate-flow", 200, at=now, journey=journey))
    write(call("submission-details", None, at=now + timedelta(seconds=1), journey=journey))
    store.record_event(
        journey, "onekyc-siv", "sandbox", kind="input", step="ktp-photo", outcome="rejected"
    )
    document = json.loads(store.export_har(HistoryFilter(journey_id=journey)))
    jsonschema.validate(document, HAR_1_2, format_checker=jsonschema.FormatChecker())
    entries = document["log"]["entries"]
    assert [e["request"]["url"].split("/")[-1] for e in entries] == [
        "initiate-flow?lang=id&x=1",
        "submission-details?lang=id&x=1",
    ]  # the refused photo sent nothing: not an entry
    first, timed_out = entries
    assert first["request"]["queryString"] == [
        {"name": "lang", "value": "id"},
        {"name": "x", "value": "1"},
    ]
    assert {"name": "x-onekyc-token", "value": "[REDACTED]"} in first["request"]["headers"]
    assert json.loads(first["request"]["postData"]["text"]) == {"phoneNumber": "XXXXXXXX8889"}
    assert (first["response"]["status"], first["response"]["statusText"]) == (200, "OK")
    assert json.loads(first["response"]["content"]["text"]) == {"success": True}
    assert first["time"] == 12.5 and first["timings"]["wait"] == 12.5
    assert timed_out["response"]["status"] == 0  # HAR's word for no answer
    assert timed_out["response"]["content"] == {
        "size": 0,
        "mimeType": "application/octet-stream",
        "text": "",
    }


def test_forms_go_as_params_that_postman_and_devtools_replay_as_forms(store) -> None:
    journey = store.new_journey("onekyc-siv", "sandbox")
    write, now = store.sink("onekyc-siv", "sandbox"), datetime.now(UTC)
    form = call(
        "partner-token",
        200,
        at=now,
        journey=journey,
    )
    form = replace(
        form,
        request_headers={"content-type": "application/x-www-form-urlencoded"},
        request_body={"grant_type": "client_credentials", "scope": "a b"},
    )
    upload = replace(
        call("upload-ktp", 200, at=now + timedelta(seconds=1), journey=journey),
        request_headers={"content-type": "multipart/form-data; boundary=abc"},
        request_body={
            "multipart": {
                "form": {"type": "KTP"},
                "files": [{"field": "file", "filename": "ktp.jpg", "contentType": "image/jpeg"}],
            }
        },
    )
    write(form)
    write(upload)
    document = json.loads(store.export_har(HistoryFilter(journey_id=journey)))
    jsonschema.validate(document, HAR_1_2)
    first, second = (e["request"]["postData"] for e in document["log"]["entries"])
    assert first["params"] == [
        {"name": "grant_type", "value": "client_credentials"},
        {"name": "scope", "value": "a b"},
    ]
    assert first["text"] == "grant_type=client_credentials&scope=a+b"
    assert second["mimeType"] == "multipart/form-data"
    assert second["params"] == [
        {"name": "type", "value": "KTP"},
        {"name": "file", "fileName": "ktp.jpg", "contentType": "image/jpeg"},
    ]


def test_an_empty_history_is_an_empty_har(store) -> None:
    document = json.loads(store.export_har())
    jsonschema.validate(document, HAR_1_2)
    assert document["log"]["entries"] == []
