"""Rerun time as a user sees it: key `r` to the last element rendered, in headless Chromium.

The CKYC page (at its busiest, the OTP step) next to an empty Streamlit page, same run.
"""

import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from bench.cold_start import CHROMIUM, FLAGS, ROOT
from bench.stats import report
from tests.helpers import streamlit_server

RERUNS = 30
HISTORY = {"KYC_HISTORY_URL": f"sqlite:///{tempfile.mkdtemp()}/rerun.sqlite3"}
MEASURE = """() => new Promise(resolve => {
  const app = document.querySelector('[data-testid="stApp"]');
  let running = false;
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') running = true;
    if (running && state === 'notRunning') {
      watch.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  });
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  window.__rerunStarted = t0;
  document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'r', bubbles: true}));
  document.body.dispatchEvent(new KeyboardEvent('keyup', {key: 'r', bubbles: true}));
})"""


def _open(page: Page, url: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            page.goto(url, timeout=2000)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # the server is not listening yet


def _reruns(page: Page, count: int) -> list[float]:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    for _ in range(3):
        page.evaluate(MEASURE)
    return [page.evaluate(MEASURE) for _ in range(count)]


def run(reruns: int = RERUNS) -> list[str]:
    empty_script = Path(tempfile.mkdtemp()) / "empty.py"
    empty_script.write_text("import streamlit as st\nst.title('Empty')\n")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        with streamlit_server(empty_script, HISTORY) as url:
            page = browser.new_page()
            _open(page, url)
            page.get_by_role("heading", name="Empty").wait_for()
            empty_ms = _reruns(page, reruns)
        with streamlit_server(ROOT / "app.py", HISTORY) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            _open(page, f"{url}/ckyc_download")
            page.get_by_role("button", name="Asha · PAN").click()
            expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
            page.get_by_role("button", name="Start: send OTP").click()
            page.get_by_text("Skip 90 s (sandbox clock)").click()  # timer off
            page.get_by_role("button", name="Resend OTP", exact=True).and_(
                page.locator(":enabled")
            ).wait_for()
            page_ms = _reruns(page, reruns)
        browser.close()
    ratio = statistics.median(page_ms) / statistics.median(empty_ms)
    return [
        report("browser: empty page rerun", empty_ms),
        report("browser: CKYC page rerun (OTP)", page_ms),
        f"{'browser rerun ratio (median)':<34} {ratio:.2f}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
