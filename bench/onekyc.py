"""OneKYC SIV: the time from the selfie's send to the verdict on the console page, part by part,
and Get Submission Details' latency beside another vendor's simple call.

1. The console (streamlit run app.py) in headless Chromium with the fake camera, walked as
   tests/e2e/test_onekyc_browser.py walks it: the KTP and the selfie taken on the live camera
   (each run's pictures placed a little differently, so the sandbox reads new bytes: it
   remembers what it read by the bytes' SHA-256), then from the click on "Send the Selfie"
   (processing starts once both photos are in) to the VALID badge the page's 1 s fragment
   shows, split into: the selfie's send (click to the sandbox holding it); the bench's own
   clock move (the page shows the send, then POST /_sandbox/clock/advance by exactly the 8 s
   of processing, so that no time is spent waiting on the clock); the sandbox's processing
   (the clock moved to the submission completed: the scheduler's wake-up and the vision); the
   callback's delivery (completed to stored by the console's receiver, before its 200); and
   the page (stored to the badge: the fragment's poll and the rerun). Sandbox times are read
   from its control plane (GET /_sandbox/onekyc-siv/submissions/{id}, on the sandbox clock,
   less the clock's offset), the receiver's from the console's history store, the badge's
   from a MutationObserver in the page. Beside the processing part: the same photos read by
   sandbox.onekyc_siv.processing in this process, warm (the vision alone).
2. Through the real adapters over HTTP to the in-process sandbox, interleaved call by call:
   OneKycSivClient.submission_details on a completed submission (the whole payload; partner
   token cached, as a page's poll has it) and HypersignKycClient.create_session (admin token
   cached). Figures as ratios to the peer's.
"""

import re
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

from bench.browser_rerun import _open
from bench.cold_start import CHROMIUM, FLAGS, ROOT
from bench.ekyc import CAMERA, KYC_SECRET, SSI_SECRET, timed
from bench.stats import percentile, report
from kyc_adapters.hypersign_kyc import HypersignKycClient
from kyc_adapters.onekyc_siv import OneKycSivClient
from sandbox import create_app
from sandbox.core.server import BackgroundServer
from tests.e2e.y4m import write_y4m
from tests.helpers import free_port, streamlit_server

RUNS = 3
SETTLE = 3  # seconds of stream before the photo
CALLS = 200
VENDOR = "onekyc-siv"
ASSETS = ROOT / "assets" / "onekyc"
# The sandbox's published credentials (notes/onekyc-contract.md).
CLIENT_ID = "5f0c4c1e-7d1a-4b8e-9c3f-0a6b2d9e8f17"
PASS_KEY = "c2a9e4b0-1f3d-4c6a-8e7b-5d9f0a1b2c3d"
PROCESSING_SECONDS = 8  # contract: on the sandbox clock, once both photos are in
NO_CALLBACK_PHONE = "628100000003"  # sandbox magic: no callback (part 2 needs none)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Set before the click: the wall-clock time (ms) the VALID badge first shows.
WATCH_BADGE = """() => {
  window.__validAt = null;
  const seen = () => [...document.querySelectorAll('.stMarkdownBadge')]
    .some(b => /(^|[^N])VALID/.test(b.textContent));
  const watch = new MutationObserver(() => {
    if (window.__validAt === null && seen()) {
      window.__validAt = performance.timeOrigin + performance.now();
      watch.disconnect();
    }
  });
  watch.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""
PARTS = (
    "selfie send to the sandbox",
    "the bench moves the clock 8 s",
    "sandbox processing (vision)",
    "callback to stored at the receiver",
    "stored to the badge (fragment)",
)


def snap(page: Page) -> None:
    """tests/e2e/test_onekyc_browser.py's snap: the first stream on the page is the step's,
    taken once it has played SETTLE s (the browser's encoder starts small and blurred)."""
    stream = page.frame_locator("iframe[title*='streamlit_webrtc']").first
    stream.get_by_role("button", name="Start camera").click()
    expect(stream.get_by_role("button", name="Stop camera")).to_be_visible(timeout=30_000)
    take = page.get_by_role("button", name="Take photo").first
    expect(take).to_be_enabled(timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => {"
        " const v = f.contentDocument && f.contentDocument.querySelector('video');"
        f" return v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > {SETTLE}; }})",
        timeout=30_000,
    )
    take.click()


def epoch(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def walk(
    page: Page, console_url: str, sandbox: str, store, camera_file: Path, n: int
) -> tuple[dict[str, float], dict[str, bytes]]:
    """One walk; the ms of each part from the selfie's send, and the photos the sandbox read."""
    write_y4m(ASSETS / "ktp-valid.jpg", camera_file, frames=15, fill=0.75 - 0.02 * n)
    _open(page, f"{console_url}/onekyc_siv")
    page.get_by_role("button", name="Initiate Flow").click()
    expect(page.get_by_text("Submission id")).to_be_visible()
    submission = UUID.search(page.get_by_text(UUID).first.inner_text()).group(0)
    snap(page)
    page.get_by_role("button", name="Send the KTP").click()
    expect(page.get_by_role("button", name="Send the KTP again")).to_be_visible()
    write_y4m(ASSETS / "selfie.jpg", camera_file, frames=15, fill=0.5 - 0.02 * n)
    snap(page)
    send = page.get_by_role("button", name="Send the Selfie")
    expect(send).to_be_enabled()
    page.evaluate(WATCH_BADGE)
    began = time.time() * 1000
    send.click()
    expect(page.get_by_text("4 · The result")).to_be_visible()
    moved = time.time() * 1000
    advance = {"seconds": PROCESSING_SECONDS}
    advanced = httpx.post(f"{sandbox}/_sandbox/clock/advance", json=advance)
    offset = advanced.raise_for_status().json()["offsetSeconds"]  # sandbox = wall + offset
    badge = page.locator(".stMarkdownBadge", has_text=re.compile(r"(?<!IN)VALID"))
    expect(badge).to_be_visible(timeout=60_000)
    ended = page.evaluate("window.__validAt")
    seen = httpx.get(f"{sandbox}/_sandbox/{VENDOR}/submissions/{submission}").json()
    stored = store.callback(VENDOR, submission)
    if ended is None or stored is None or seen["result"] is None:
        raise RuntimeError(f"a mark is missing: badge {ended}, stored {stored is not None}")
    held = (epoch(seen["selfie_received_at"]) - offset + PROCESSING_SECONDS) * 1000
    completed = (epoch(seen["completed_at"]) - offset) * 1000
    received = stored["received_at"].timestamp() * 1000
    urls = seen["result"]["submissionDetails"]["imageUrls"]
    photos = {kind: httpx.get(urls[kind]).raise_for_status().content for kind in ("KTP", "SELFIE")}
    parts = dict(
        zip(
            PARTS,
            (held - began, moved - held, completed - moved, received - completed, ended - received),
            strict=True,
        )
    )
    return {"total": ended - began, **parts}, photos


def vision_alone(photos: list[dict[str, bytes]]) -> list[float]:
    """The sandbox's reading of each walk's photos, in this process, warm (ms)."""
    from sandbox.onekyc_siv import processing

    processing.process(
        (ASSETS / "ktp-valid.jpg").read_bytes(), (ASSETS / "selfie.jpg").read_bytes()
    )
    samples = []
    for sent in photos:
        began = time.perf_counter()
        processing.process(sent["KTP"], sent["SELFIE"])
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def send_to_badge(runs: int = RUNS) -> list[str]:
    from console.core.history import HistoryStore

    history = f"sqlite:///{tempfile.mkdtemp()}/onekyc.sqlite3"
    port = free_port()
    env = {"KYC_HISTORY_URL": history, "KYC_SANDBOX_PORT": str(port)}
    sandbox = f"http://127.0.0.1:{port}"
    camera_file = Path(tempfile.mkdtemp()) / "camera.y4m"
    write_y4m(ASSETS / "ktp-valid.jpg", camera_file, frames=15)
    done, photos = [], []
    with (
        sync_playwright() as playwright,
        streamlit_server(ROOT / "app.py", env) as console_url,
    ):
        store = HistoryStore(history)
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[*FLAGS, *CAMERA, f"--use-file-for-fake-video-capture={camera_file}"],
        )
        try:
            for n in range(runs):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.set_default_timeout(60_000)
                try:
                    parts, sent = walk(page, console_url, sandbox, store, camera_file, n)
                    done.append(parts)
                    photos.append(sent)
                finally:
                    context.close()
        finally:
            browser.close()
    alone = vision_alone(photos)
    lines = [
        f"the selfie's send to the VALID badge on the page, headless Chromium, live camera, "
        f"{runs} runs (the page warms the sandbox's vision at start; the clock moved "
        f"{PROCESSING_SECONDS} s at once, so no part waits on it)",
    ]
    for part in done[0]:
        samples = [d[part] for d in done]
        lines.append(
            f"  {part:<36} n={len(samples):<3} p50={percentile(samples, 50):7.0f} ms  "
            f"max={max(samples):7.0f} ms  runs: " + " / ".join(f"{s:.0f}" for s in samples)
        )
    lines.append(
        f"  {'the same photos read in this process':<36} n={len(alone):<3} "
        f"p50={percentile(alone, 50):7.0f} ms  max={max(alone):7.0f} ms  (the vision alone, warm)"
    )
    return lines


def submission_details_latency(calls: int = CALLS) -> list[str]:
    server = BackgroundServer(create_app()).start()
    try:
        control = httpx.Client(base_url=server.url)
        control.post("/_sandbox/reset").raise_for_status()
        control.post(f"/_sandbox/{VENDOR}/warm").raise_for_status()
        base = f"{server.url}/hypersign-kyc"

        def sandbox_now() -> float:
            return float(control.get("/_sandbox/clock").json()["epoch"])

        with (
            httpx.Client(timeout=60) as onekyc_http,
            httpx.Client(timeout=60) as hypersign_http,
        ):
            onekyc = OneKycSivClient(
                onekyc_http,
                client_id=CLIENT_ID,
                pass_key=PASS_KEY,
                token_url=f"{server.url}/{VENDOR}/token",
                api_url=f"{server.url}/{VENDOR}/api",
                clock=sandbox_now,
            )
            hypersign = HypersignKycClient(
                hypersign_http,
                kyc_api_secret=KYC_SECRET,
                ssi_api_secret=SSI_SECRET,
                dashboard_url=f"{base}/dashboard",
                kyc_url=f"{base}/kyc",
                ssi_url=f"{base}/ssi",
                clock=sandbox_now,
            )
            flow = onekyc.initiate_flow(
                phone_number=NO_CALLBACK_PHONE,
                verified=True,
                verification_reference_id="bench",
                user_id="bench",
                user_id_type="KYC_CONSOLE_USER",
                partner_session_id="bench-onekyc",
            )
            for upload, name in (
                (onekyc.upload_ktp, "ktp-valid"),
                (onekyc.upload_selfie, "selfie"),
            ):
                upload(
                    sdk_token=flow.sdk_token,
                    image=(ASSETS / f"{name}.jpg").read_bytes(),
                    filename=f"{name}.jpg",
                    content_type="image/jpeg",
                )
            advance = {"seconds": PROCESSING_SECONDS}
            control.post("/_sandbox/clock/advance", json=advance).raise_for_status()
            deadline = time.monotonic() + 60
            while onekyc.submission_details(submission_id=flow.submission_id).status != "COMPLETED":
                if time.monotonic() > deadline:
                    raise RuntimeError("the submission did not complete in 60 s")
                time.sleep(0.05)  # the sandbox reading the photos: set-up, not timed
            hypersign.create_session()  # the admin token, once: then each call is the session's
            details, session = [], []
            for _ in range(calls):
                timed(details, lambda: onekyc.submission_details(submission_id=flow.submission_id))
                timed(session, hypersign.create_session)
    finally:
        server.stop()
    return [
        f"Get Submission Details beside another vendor's simple call, interleaved, {calls} each",
        report("OneKYC Get Submission Details", details),
        report("Hypersign create-session", session),
        f"  Get Submission Details / Hypersign session: p50 x"
        f"{percentile(details, 50) / percentile(session, 50):.2f}, p95 x"
        f"{percentile(details, 95) / percentile(session, 95):.2f}",
    ]


def run() -> list[str]:
    return send_to_badge() + submission_details_latency()


if __name__ == "__main__":
    print("\n".join(run()), flush=True)
