"""Memory: the console process's resident size before and after repeated CKYC walks (AppTest)."""

import gc
import os
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
WALKS = 50


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def walk(at, sandbox_url: str) -> None:
    at.button(key="ckyc.sample.Asha · PAN").click().run()
    at.button(key="ckyc.start").click().run()
    inbox = httpx.get(f"{sandbox_url}/_sandbox/inbox", params={"mobile": "9876501865"}).json()
    at.text_input(key="ckyc.otp").input(inbox["messages"][-1]["otp"])
    at.button(key="ckyc.verify").click().run()
    assert at.session_state["ckyc.journey"].stage == "downloaded", at.exception
    at.button(key="ckyc.start_over").click().run()


def run(walks: int = WALKS) -> list[str]:
    os.environ.setdefault("KYC_HISTORY_URL", f"sqlite:///{tempfile.mkdtemp()}/memory.sqlite3")
    from streamlit.testing.v1 import AppTest

    from console.core.services import running_services

    at = AppTest.from_file(str(ROOT / "app_pages" / "hyperverge_ckyc.py"), default_timeout=30)
    at.run()
    sandbox_url = running_services().sandbox_url
    for _ in range(5):
        walk(at, sandbox_url)  # warm: caches, pools, first imports
    gc.collect()
    before = rss_mib()
    for index in range(walks):
        walk(at, sandbox_url)
        if index % 20 == 19:
            httpx.post(f"{sandbox_url}/_sandbox/reset")  # the sandbox inbox is QA's, not ours
    gc.collect()
    after = rss_mib()
    return [
        f"{'RSS after warm-up':<34} {before:8.1f} MiB",
        f"{f'RSS after {walks} more walks':<34} {after:8.1f} MiB",
        f"{'growth per walk':<34} {(after - before) / walks * 1024:8.1f} KiB",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
