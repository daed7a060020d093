"""History exchanges as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/), which
a browser's devtools and Postman open.

Only HTTP calls become entries (rejected input and incoming webhooks are not requests the console
sent). What goes in is what the history holds: already redacted, personal data masked unless the
history was written with masking off."""

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from kyc_adapters.recorder import MULTIPART

CREATOR = {"name": "KYC Console", "version": "1"}


def har(rows: Iterable[Mapping[str, Any]]) -> dict:
    """A HAR 1.2 document of the HTTP exchanges among `rows` (history rows), oldest first."""
    calls = [row for row in rows if row.get("kind") == "http" and row.get("url")]
    calls.sort(key=lambda row: (_when(row.get("at")), row.get("id") or 0))
    return {
        "log": {
            "version": "1.2",
            "creator": CREATOR,
            "pages": [],
            "entries": [_entry(row) for row in calls],
        }
    }


def har_bytes(rows: Iterable[Mapping[str, Any]]) -> bytes:
    return json.dumps(har(rows), indent=2, ensure_ascii=False).encode()


def _entry(row: Mapping[str, Any]) -> dict:
    request = _part(row.get("request"))
    response = _part(row.get("response"))
    status = row.get("status_code")
    elapsed = float(row.get("latency_ms") or 0.0)
    request_text, request_type = _text(request.get("body"), request["headers"])
    response_text, response_type = _text(response.get("body"), response["headers"])
    entry: dict[str, Any] = {
        "startedDateTime": _when(row.get("at")).isoformat(),
        "time": elapsed,
        "request": {
            "method": str(row.get("method") or "GET"),
            "url": str(row["url"]),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(request["headers"]),
            "queryString": [
                {"name": name, "value": value}
                for name, value in parse_qsl(urlsplit(str(row["url"])).query, True)
            ],
            "headersSize": -1,
            "bodySize": len(request_text.encode()) if request_text else 0,
        },
        "response": {
            # No answer (a timeout, a refused connection): HAR's convention is status 0.
            "status": int(status) if status is not None else 0,
            "statusText": _reason(status),
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _pairs(response["headers"]),
            "content": {
                "size": len(response_text.encode()),
                "mimeType": response_type,
                "text": response_text,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(response_text.encode()) if status is not None else -1,
        },
        "cache": {},
        # The recorder keeps the whole call's time only: all of it is waiting.
        "timings": {"send": 0, "wait": elapsed, "receive": 0},
        "comment": f"{row.get('vendor', '')} · {row.get('step', '')} · {row.get('outcome', '')}",
    }
    post = _post_data(request.get("body"), request_type, request_text)
    if post is not None:
        entry["request"]["postData"] = post
    return entry


def _post_data(body: Any, mime: str, text: str) -> dict | None:
    """HAR's postData: a form as `params` (a multipart one with each file's name and type; the
    history keeps no file bytes), anything else as text."""
    multipart = body.get(MULTIPART) if isinstance(body, Mapping) else None
    if isinstance(multipart, Mapping):
        params = [
            {"name": str(name), "value": str(value)}
            for name, value in (multipart.get("form") or {}).items()
        ]
        params += [
            {
                "name": str(part.get("field", "")),
                "fileName": str(part.get("filename", "")),
                "contentType": str(part.get("contentType", "")),
            }
            for part in multipart.get("files") or []
            if isinstance(part, Mapping)
        ]
        # No text: the parts are the params (the boundary and file bytes are not kept).
        return {"mimeType": "multipart/form-data", "params": params, "text": ""}
    if mime.startswith("application/x-www-form-urlencoded") and isinstance(body, Mapping):
        pairs = [(str(name), str(value)) for name, value in body.items()]
        return {
            "mimeType": mime,
            "params": [{"name": name, "value": value} for name, value in pairs],
            "text": urlencode(pairs),
        }
    if not text:
        return None
    return {"mimeType": mime, "text": text}


def _part(value: Any) -> dict:
    part = value if isinstance(value, Mapping) else {}
    headers = part.get("headers")
    return {"headers": headers if isinstance(headers, Mapping) else {}, "body": part.get("body")}


def _pairs(headers: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"name": str(name), "value": str(value)} for name, value in headers.items()]


def _text(body: Any, headers: Mapping[str, Any]) -> tuple[str, str]:
    """The body as HAR text, and its MIME type (the recorded one, else by what the body is)."""
    declared = next((str(v) for k, v in headers.items() if str(k).lower() == "content-type"), "")
    if body is None:
        return "", declared or "application/octet-stream"
    if isinstance(body, str):
        return body, declared or "text/plain"
    return json.dumps(body, ensure_ascii=False), declared or "application/json"


def _reason(status: Any) -> str:
    try:
        return HTTPStatus(int(status)).phrase
    except (TypeError, ValueError):
        return ""


def _when(at: Any) -> datetime:
    if isinstance(at, datetime):
        return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    if isinstance(at, str):
        try:
            parsed = datetime.fromisoformat(at)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.fromtimestamp(0, UTC)
