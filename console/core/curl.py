"""Copy as cURL: a request as a shell command, one flag per line."""

import json
import re
import shlex
from collections.abc import Mapping
from typing import Any

from kyc_adapters.recorder import MULTIPART

# Set by curl itself, or httpx's defaults that curl's own stand in for.
SKIPPED_HEADERS = ("content-length", "host", "accept-encoding", "connection", "user-agent")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_HEADER = re.compile(r"[A-Za-z0-9_.-]+")  # nothing a shell reads inside double quotes


def to_curl(
    method: str,
    url: str,
    request: dict[str, Any] | None,
    *,
    from_env: Mapping[str, str] | None = None,
) -> str:
    """`request` is {"headers", "body"}. A header named in `from_env` is sent with the value of
    that environment variable (`--header "appKey: $KYC_..."`), read by the shell at run time."""
    request = request or {}
    from_env = from_env or {}
    body = request.get("body")
    multipart = body.get(MULTIPART) if isinstance(body, dict) else None
    parts = ["curl", "--request", method or "GET", shlex.quote(url)]
    for name, value in (request.get("headers") or {}).items():
        if name.lower() in SKIPPED_HEADERS or (name.lower() == "accept" and value == "*/*"):
            continue
        if multipart is not None and name.lower() == "content-type":
            continue  # curl writes its own, with its own boundary
        variable = from_env.get(name)
        parts += ["--header", _env_header(name, variable) if variable else _quoted(name, value)]
    if multipart is not None:
        parts += _form(multipart)
    elif isinstance(body, (dict, list)):
        parts += ["--data-raw", shlex.quote(json.dumps(body, ensure_ascii=False))]
    elif isinstance(body, str) and body:
        parts += ["--data-raw", shlex.quote(body)]
    return " \\\n  ".join(_pairs(parts))


def _form(multipart: Mapping[str, Any]) -> list[str]:
    """--form-string for text (a value starting with @ or < stays text), --form name=@file
    for each file, read from the current folder by its name."""
    parts: list[str] = []
    for name, value in (multipart.get("form") or {}).items():
        parts += ["--form-string", shlex.quote(f"{name}={value}")]
    for upload in multipart.get("files") or []:
        spec = f"{upload['field']}=@{upload['filename']}"
        if upload.get("contentType"):
            spec += f";type={upload['contentType']}"
        parts += ["--form", shlex.quote(spec)]
    return parts


def _quoted(name: str, value: str) -> str:
    return shlex.quote(f"{name}: {value}")


def _env_header(name: str, variable: str) -> str:
    if not (_ENV_NAME.fullmatch(variable) and _PLAIN_HEADER.fullmatch(name)):
        raise ValueError(f"not a safe header name / variable pair: {name!r}, {variable!r}")
    return f'"{name}: ${variable}"'  # double quotes: the shell expands the variable


def _pairs(parts: list[str]) -> list[str]:
    """Keep each flag on one line with its value, for a readable multi-line command."""
    lines, index = [" ".join(parts[:4])], 4
    while index < len(parts):
        lines.append(f"{parts[index]} {parts[index + 1]}")
        index += 2
    return lines
