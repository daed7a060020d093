"""`python -m sandbox` serves the same sandbox alone, for curl and Postman."""

import subprocess
import sys
import time

import httpx

from tests.helpers import ROOT, free_port


def test_python_m_sandbox_serves_the_catalog() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"{url}/_sandbox/health", timeout=1)
                break
            except httpx.HTTPError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)  # the server is starting
        assert health.json()["vendors"] == ["hyperverge-ckyc"]
        scenarios = httpx.get(f"{url}/_sandbox/scenarios").json()
        assert any(s["id"] == "happy-path" for s in scenarios)
        assert httpx.get(f"{url}/docs").status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
