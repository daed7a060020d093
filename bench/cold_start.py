"""Console cold start: `streamlit run app.py` to the first rendered page in headless Chromium."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KYC_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RUNS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def once(browser) -> float:
    port = _free_port()
    env = {**os.environ, "KYC_HISTORY_URL": f"sqlite:///{tempfile.mkdtemp()}/cold.sqlite3"}
    began = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = browser.new_page()
        deadline = time.monotonic() + 60
        while True:
            try:
                page.goto(f"http://127.0.0.1:{port}/", timeout=2000)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # the server is not listening yet
        page.get_by_role("heading", name="KYC Console").wait_for(timeout=60_000)
        elapsed = time.perf_counter() - began
        page.close()
        return elapsed
    finally:
        process.terminate()
        process.wait(timeout=10)


def run(runs: int = RUNS) -> list[str]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        samples = [once(browser) for _ in range(runs)]
        browser.close()
    shown = ", ".join(f"{s:.2f}" for s in samples)
    return [
        f"{'cold start to first render':<34} runs={runs} [{shown}] s, best {min(samples):.2f} s"
    ]


if __name__ == "__main__":
    print("\n".join(run()))
