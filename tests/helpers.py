"""Small helpers the tests share."""

import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dotted(body, path: str):
    """body['a']['b'][0] for 'a.b.0'."""
    for part in path.split("."):
        body = body[int(part)] if isinstance(body, list) else body[part]
    return body
