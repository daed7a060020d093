"""Copy as cURL, from a stored (already redacted) exchange."""

import json
import shlex
from typing import Any


def to_curl(method: str, url: str, request: dict[str, Any] | None) -> str:
    request = request or {}
    parts = ["curl", "--request", method or "GET", shlex.quote(url)]
    for name, value in (request.get("headers") or {}).items():
        if name.lower() in ("content-length", "host", "accept-encoding", "connection"):
            continue
        parts += ["--header", shlex.quote(f"{name}: {value}")]
    body = request.get("body")
    if isinstance(body, (dict, list)):
        parts += ["--data-raw", shlex.quote(json.dumps(body, ensure_ascii=False))]
    elif isinstance(body, str) and body:
        parts += ["--data-raw", shlex.quote(body)]
    return " \\\n  ".join(_pairs(parts))


def _pairs(parts: list[str]) -> list[str]:
    """Keep each flag on one line with its value, for a readable multi-line command."""
    lines, index = [" ".join(parts[:4])], 4
    while index < len(parts):
        lines.append(f"{parts[index]} {parts[index + 1]}")
        index += 2
    return lines
