"""`python -m sandbox` serves the same sandbox alone, for curl and Postman."""

import logging
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.helpers import ROOT, free_port

MOBILE = "9876501865"
HEADERS = {
    "appId": "sandbox-app-id",
    "appKey": "sandbox-app-key",
    "transactionId": "t-standalone",
    "content-type": "application/json",
}


@contextmanager
def standalone_sandbox(output: list[str]) -> Iterator[str]:
    """`python -m sandbox` on a free port; yields its URL once it says it listens.

    Every line it printed is in `output` once the block is left (the process has exited).
    """
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while True:
            line = lines.get(timeout=30)
            assert line is not None, f"python -m sandbox exited: {''.join(output)}"
            output.append(line)
            if "Uvicorn running on" in line:
                break
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)
        while (line := lines.get_nowait()) is not None:
            output.append(line)


def test_python_m_sandbox_serves_the_catalog() -> None:
    output: list[str] = []
    with standalone_sandbox(output) as url:
        health = httpx.get(f"{url}/_sandbox/health")
        assert health.json()["vendors"] == [
            "hypersign-kyc",
            "hyperverge-ckyc",
            "hyperverge-validation",
            "messagecentral-ekyc",
            "onekyc-siv",
        ]
        scenarios = httpx.get(f"{url}/_sandbox/scenarios").json()
        assert any(s["id"] == "happy-path" for s in scenarios)
        assert httpx.get(f"{url}/docs").status_code == 200


def test_the_access_log_names_paths_but_never_query_strings() -> None:
    output: list[str] = []
    with standalone_sandbox(output) as url:
        body = {"idType": "C", "idNo": "ABCPK1234F", "entityType": "individual", "mobileNo": MOBILE}
        started = httpx.post(f"{url}/hyperverge-ckyc/api/v1/start", headers=HEADERS, json=body)
        assert started.status_code == 200
        inbox = httpx.get(f"{url}/_sandbox/inbox", params={"mobile": MOBILE})
        assert inbox.json()["messages"]
    log = "".join(output)
    assert MOBILE not in log and "mobile=" not in log
    assert "sandbox-app-key" not in log
    assert "GET /_sandbox/inbox 200" in log
    assert "POST /hyperverge-ckyc/api/v1/start 200" in log


def test_the_background_server_logs_no_query_strings(
    sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    # As another component's logging setup may leave it: a handler, and INFO let through.
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    access = logging.getLogger("uvicorn.access")
    access.addHandler(caplog.handler)
    try:
        with httpx.Client(base_url=sandbox_url) as fresh:  # a new connection reads the logger
            fresh.get("/_sandbox/inbox", params={"mobile": MOBILE}).raise_for_status()
    finally:
        access.removeHandler(caplog.handler)
    server_lines = [r.getMessage() for r in caplog.records if r.name.startswith("uvicorn")]
    assert not any(MOBILE in line for line in server_lines), server_lines
