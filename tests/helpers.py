"""Small helpers the tests share."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

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


@contextmanager
def streamlit_server(script: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run script` on a free loopback port; yields its URL once it answers."""
    port = free_port()
    # A file, not a pipe: nobody reads a pipe while the server runs, and a full one blocks it.
    with tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not _answers(f"{url}/_stcore/health"):
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    raise RuntimeError(f"streamlit did not start:\n{Path(log.name).read_text()}")
                time.sleep(0.1)  # polling a server that is starting, not a vendor rule
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
