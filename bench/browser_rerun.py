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

RERUNS = 60
HISTORY = {"KYC_HISTORY_URL": f"sqlite:///{tempfile.mkdtemp()}/rerun.sqlite3"}
MEASURE = """() => new Promise(resolve => {
  // Starts from notRunning; any change that ends back at notRunning is one whole rerun (the
  // running state can come and go inside one task, so it is not waited for by name).
  const app = document.querySelector('[data-testid="stApp"]');
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'notRunning') {
      watch.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t0));
    }
  });
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
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


def _settled(page: Page) -> Page:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    for _ in range(3):
        page.evaluate(MEASURE)  # warm-up
    return page


def run(reruns: int = RERUNS) -> list[str]:
    empty_script = Path(tempfile.mkdtemp()) / "empty.py"
    empty_script.write_text("import streamlit as st\nst.title('Empty')\n")
    with (
        sync_playwright() as playwright,
        streamlit_server(empty_script, HISTORY) as empty_url,
        streamlit_server(ROOT / "app.py", HISTORY) as console_url,
    ):
        # One browser a page: a page in a background tab gets no animation frames.
        browsers = [
            playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            for _ in range(3)
        ]
        empty = browsers[0].new_page()
        _open(empty, empty_url)
        empty.get_by_role("heading", name="Empty").wait_for()
        page = browsers[1].new_page(viewport={"width": 1400, "height": 1000})
        _open(page, f"{console_url}/hyperverge_ckyc")
        page.get_by_role("button", name="Asha · PAN").click()
        expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
        page.get_by_role("button", name="Start: send OTP").click()
        page.get_by_text("Skip 90 s (sandbox clock)").click()  # the countdown timer off
        page.get_by_role("button", name="Resend OTP", exact=True).and_(
            page.locator(":enabled")
        ).wait_for()
        home = browsers[2].new_page(viewport={"width": 1400, "height": 1000})
        _open(home, console_url)
        home.get_by_role("heading", name="KYC Console").wait_for()
        _settled(empty), _settled(page), _settled(home)
        empty_ms, page_ms, home_ms = [], [], []
        for _ in range(reruns):  # interleaved, so drift hits all alike
            empty_ms.append(empty.evaluate(MEASURE))
            page_ms.append(page.evaluate(MEASURE))
            home_ms.append(home.evaluate(MEASURE))
        for browser in browsers:
            browser.close()
    ratio = statistics.median(page_ms) / statistics.median(empty_ms)
    return [
        report("browser: empty page rerun", empty_ms),
        report("browser: console Home rerun", home_ms),
        report("browser: CKYC page rerun (OTP)", page_ms),
        f"{'browser rerun ratio (median)':<34} {ratio:.2f}",
        f"{'  same, over the console Home':<34} "
        f"{statistics.median(page_ms) / statistics.median(home_ms):.2f}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
