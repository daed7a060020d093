"""e-KYC Now: generate-url latency beside the other vendors' cheapest calls, and the time from
the hosted journey's last step to the outcome on the console page.

1. Through the real adapters over HTTP to the in-process sandbox, interleaved call by call in
   one run: MessageCentralEkycClient.generate_url, HypersignKycClient.create_session (admin
   token cached, as a page's second call has it) and HyperVergeCkycClient.start (OTP sent).
   The sandbox refuses more than 20 URLs in 10 s per key: after each burst of 20 its clock is
   advanced (POST /_sandbox/clock/advance), no sleeping. Figures as ratios to the peers'.
2. The console (streamlit run app.py) in headless Chromium with the fake camera, as
   tests/e2e/test_ekyc_browser.py walks it: from the click that submits the selfie to the
   badge "The journey ended" on the page, split into the selfie's POST to the result page, the
   result page's own delay before its redirect (REDIRECT_AFTER_MS), the redirect's arrival at
   the receiver, and the page's 1 s polling fragment seeing it.
"""

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from playwright.sync_api import FrameLocator, Page, expect, sync_playwright

from bench.browser_rerun import _open
from bench.cold_start import CHROMIUM, FLAGS, ROOT
from bench.sandbox_latency import SANDBOX_APP_ID, SANDBOX_APP_KEY
from bench.stats import percentile, report
from kyc_adapters.hypersign_kyc import HypersignKycClient
from kyc_adapters.hyperverge_ckyc import HyperVergeCkycClient
from kyc_adapters.messagecentral_ekyc import MessageCentralEkycClient
from sandbox import create_app
from sandbox.core.server import BackgroundServer
from sandbox.messagecentral_ekyc.pages import REDIRECT_AFTER_MS
from tests.e2e.y4m import write_y4m
from tests.helpers import streamlit_server

CALLS = 200
BURST = 20  # the sandbox's limit: more than 20 URLs in 10 s per key is refused
WINDOW_SECONDS = 10
RUNS = 4
# The sandbox's published credentials and flows (GET /_sandbox/vendors; README).
EKYC_KEY, EKYC_FLOW, COMPANY = "sandbox-ekyc-api-key", "sbx-basic-flow", "KYC Console Demo"
KYC_SECRET, SSI_SECRET = "sandbox-kyc-api-secret", "sandbox-ssi-api-secret"
ASSETS = ROOT / "assets" / "hypersign"
CAMERA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
# Set before the click: the wall-clock time (ms) the badge first shows.
WATCH_BADGE = """() => {
  window.__endedAt = null;
  const seen = () => [...document.querySelectorAll('.stMarkdownBadge')]
    .some(b => b.textContent.includes('The journey ended'));
  const watch = new MutationObserver(() => {
    if (window.__endedAt === null && seen()) {
      window.__endedAt = performance.timeOrigin + performance.now();
      watch.disconnect();
    }
  });
  watch.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def timed(samples: list[float], call: Callable[[], object]) -> None:
    began = time.perf_counter()
    call()
    samples.append((time.perf_counter() - began) * 1000)


def generate_url_latency(calls: int = CALLS) -> list[str]:
    server = BackgroundServer(create_app()).start()
    try:
        control = httpx.Client(base_url=server.url)
        control.post("/_sandbox/reset").raise_for_status()
        base = f"{server.url}/hypersign-kyc"
        with (
            httpx.Client(base_url=f"{server.url}/messagecentral-ekyc") as ekyc_http,
            httpx.Client(timeout=60) as hypersign_http,
            httpx.Client(base_url=f"{server.url}/hyperverge-ckyc") as ckyc_http,
        ):
            ekyc = MessageCentralEkycClient(ekyc_http, api_key=EKYC_KEY)
            hypersign = HypersignKycClient(
                hypersign_http,
                kyc_api_secret=KYC_SECRET,
                ssi_api_secret=SSI_SECRET,
                dashboard_url=f"{base}/dashboard",
                kyc_url=f"{base}/kyc",
                ssi_url=f"{base}/ssi",
                clock=lambda: float(control.get("/_sandbox/clock").json()["epoch"]),
            )
            ckyc = HyperVergeCkycClient(ckyc_http, app_id=SANDBOX_APP_ID, app_key=SANDBOX_APP_KEY)
            hypersign.create_session()  # the admin token, once: then each call is the session's
            generate, session, start = [], [], []
            for index in range(calls):
                if index and index % BURST == 0:
                    advance = {"seconds": WINDOW_SECONDS + 1}
                    control.post("/_sandbox/clock/advance", json=advance).raise_for_status()
                    hypersign.forget_admin_tokens()  # the clock moved: not timed, refetched
                    hypersign.create_session()
                timed(generate, lambda: ekyc.generate_url(flow_id=EKYC_FLOW, company_name=COMPANY))
                timed(session, hypersign.create_session)
                timed(
                    start,
                    lambda: ckyc.start(
                        id_type="C",
                        id_no="ABCPK1234F",
                        mobile_no="9876501865",
                        transaction_id="bench",
                    ),
                )
                if index % 200 == 199:
                    control.post("/_sandbox/reset")  # keep the inbox from growing without end
    finally:
        server.stop()
    g50, g95 = percentile(generate, 50), percentile(generate, 95)
    lines = [
        f"generate-url beside the other vendors' cheapest calls, interleaved, {calls} each "
        f"(clock advanced {WINDOW_SECONDS + 1} s after every {BURST} URLs)",
        report("e-KYC generate-url", generate),
        report("Hypersign create-session", session),
        report("CKYC start (OTP sent)", start),
    ]
    for name, peer in (("Hypersign session", session), ("CKYC start", start)):
        lines.append(
            f"  generate-url / {name}: p50 x{g50 / percentile(peer, 50):.2f}, "
            f"p95 x{g95 / percentile(peer, 95):.2f}"
        )
    return lines


def snap(frame: FrameLocator, camera_file: Path, following: Path | None = None) -> None:
    """tests/e2e/test_ekyc_browser.py's snap, stopping short of the submit."""
    frame.locator("#capture").wait_for()
    frame.locator("#camera-video").evaluate(
        "video => new Promise(done => { const ready = () => video.videoWidth > 0 && "
        "video.currentTime > 0.5; const check = () => ready() ? done() : "
        "requestAnimationFrame(check); check(); })"
    )
    frame.locator("#capture").click()
    frame.locator("#submit").wait_for(state="visible")
    if following is not None:
        write_y4m(following, camera_file, frames=15, fill=0.5)


def walk(page: Page, console_url: str, camera_file: Path) -> dict[str, float]:
    """One journey; the ms of each part of the end, from the selfie's submit."""
    write_y4m(ASSETS / "passport.jpg", camera_file, frames=15)
    _open(page, f"{console_url}/messagecentral_ekyc")
    page.get_by_role("button", name="Generate URL").click()
    expect(page.get_by_text("Expires in")).to_be_visible()
    frame = page.frame_locator("iframe[src*='/kyc/flow/']")
    frame.locator("#consent-checkbox").check()
    frame.locator("#consent-continue").click()
    snap(frame, camera_file, following=ASSETS / "selfie.jpg")
    frame.locator("#submit").click()
    frame.locator("h1", has_text="Take a selfie").wait_for()
    snap(frame, camera_file)
    marks: dict[str, float] = {}

    def navigated(child) -> None:
        if child is page.main_frame:
            return
        if "/_receiver/" in child.url:
            marks.setdefault("receiver", time.time() * 1000)
        else:  # the step's answer names the result page: the frame goes there
            marks.setdefault("result", time.time() * 1000)

    page.evaluate(WATCH_BADGE)
    page.on("framenavigated", navigated)
    began = time.time() * 1000
    frame.locator("#submit").click()
    expect(page.locator(".stMarkdownBadge", has_text="The journey ended")).to_be_visible(
        timeout=60_000
    )
    page.remove_listener("framenavigated", navigated)
    ended = page.evaluate("window.__endedAt")
    if ended is None or "result" not in marks or "receiver" not in marks:
        raise RuntimeError(f"a mark is missing: {marks}, badge {ended}")
    return {
        "total": ended - began,
        "selfie POST to the result page": marks["result"] - began,
        "result page shown to redirect": marks["receiver"] - marks["result"],
        "receiver to the badge": ended - marks["receiver"],
    }


def journey_end(runs: int = RUNS) -> list[str]:
    history = {"KYC_HISTORY_URL": f"sqlite:///{tempfile.mkdtemp()}/ekyc.sqlite3"}
    camera_file = Path(tempfile.mkdtemp()) / "camera.y4m"
    write_y4m(ASSETS / "passport.jpg", camera_file, frames=15)
    with (
        sync_playwright() as playwright,
        streamlit_server(ROOT / "app.py", history) as console_url,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[*FLAGS, *CAMERA, f"--use-file-for-fake-video-capture={camera_file}"],
        )
        try:
            done = []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.set_default_timeout(60_000)
                try:
                    done.append(walk(page, console_url, camera_file))
                finally:
                    context.close()
        finally:
            browser.close()
    lines = [
        f"the hosted journey's last step to the outcome on the page, headless Chromium, "
        f"{runs} runs: selfie submit clicked to the badge 'The journey ended'",
    ]
    for part in done[0]:
        samples = [d[part] for d in done]
        lines.append(
            f"  {part:<34} n={len(samples):<3} p50={percentile(samples, 50):7.0f} ms  "
            f"max={max(samples):7.0f} ms"
        )
    total = percentile([d["total"] for d in done], 50)
    redirect = percentile([d["result page shown to redirect"] for d in done], 50)
    lines.append(
        f"  the waits by design: the result page's delay {REDIRECT_AFTER_MS} ms + the fragment's "
        f"1 s period at most = {REDIRECT_AFTER_MS + 1000} ms; p50 total x"
        f"{total / (REDIRECT_AFTER_MS + 1000):.2f} of that, the redirect part x"
        f"{redirect / REDIRECT_AFTER_MS:.2f} of its delay"
    )
    return lines


def run() -> list[str]:
    return generate_url_latency() + journey_end()


if __name__ == "__main__":
    print("\n".join(run()), flush=True)
