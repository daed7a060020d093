"""The Hypersign page's rerun time as a user sees it while the live camera streams, in headless
Chromium: key `r` to the end of the rerun (bench/browser_rerun.py's measure), next to an empty
Streamlit page's in the same run; then the same page with the camera stopped.

Chromium's fake camera plays a .y4m of the SPECIMEN passport (1280x720, 15 fps) over WebRTC
to the console, which draws the frame guide on every frame in Python and sends it back.
The page keeps a fragment running every second (the tokens' expiry times), so "back to
notRunning" alone may be a fragment's end: the measure waits for the end of a whole run, told
by the websocket's `script_finished` (FINISHED_SUCCESSFULLY, not the fragment's status).
Beside the reruns, the console process's CPU while the camera streams and while it is stopped
(/proc/<pid>/stat over CPU_SECONDS, nothing else asked of it), and the frames it sends back.
"""

import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from bench.browser_rerun import HISTORY, _open
from bench.cold_start import CHROMIUM, FLAGS, ROOT
from bench.stats import report
from tests.e2e.y4m import write_y4m
from tests.helpers import streamlit_server

RERUNS = 40
CPU_SECONDS = 10.0
PICTURE = ROOT / "assets" / "hypersign" / "passport.jpg"  # what the fake camera shows
CAMERA = [
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]
# Counts the whole runs the server says have finished: a ForwardMsg (protobuf) whose field 6,
# script_finished, is FINISHED_SUCCESSFULLY (0); a fragment's run ends with 3.
COUNT_RUNS = """(() => {
  window.__wholeRuns = 0;
  window.__onRunState = () => {};
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const finished = bytes => {
    let at = 0, tag, value;
    while (at < bytes.length) {
      [tag, at] = varint(bytes, at);
      const wire = tag & 7;
      if (wire === 0) {
        [value, at] = varint(bytes, at);
        if (tag >> 3 === 6) return value;
      } else if (wire === 2) { [value, at] = varint(bytes, at); at += value; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return null;
    }
    return null;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        if (event.data instanceof ArrayBuffer && finished(new Uint8Array(event.data)) === 0) {
          window.__wholeRuns += 1;
          window.__onRunState();
        }
      });
    }
  };
})();"""
MEASURE = """() => new Promise(resolve => {
  // browser_rerun.py's measure, ended by a whole run's end, not a fragment's.
  const app = document.querySelector('[data-testid="stApp"]');
  const before = window.__wholeRuns;
  const t0 = performance.now();
  let done = false;
  const check = () => {
    if (done || window.__wholeRuns === before) return;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return;
    done = true;
    watch.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - t0));
  };
  const watch = new MutationObserver(check);
  watch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  window.__onRunState = check;
  document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'r', bubbles: true}));
  document.body.dispatchEvent(new KeyboardEvent('keyup', {key: 'r', bubbles: true}));
})"""
PLAYING = """() => [...document.querySelectorAll('iframe')].some(f => {
  const v = f.contentDocument && f.contentDocument.querySelector('video');
  return v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 1; })"""


def _settled(page: Page) -> Page:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    for _ in range(3):
        page.evaluate(MEASURE)  # warm-up
    return page


def _console_pid(port: str) -> int:
    """The `streamlit run app.py` this process started on `port`."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent == os.getpid() and b"streamlit" in b" ".join(args) and port.encode() in args:
            return int(entry.name)
    raise RuntimeError(f"no console process on port {port}")


def _cpu_seconds(pid: int) -> float:
    """User + system time of every thread of `pid` so far (/proc/<pid>/stat utime, stime)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _video(page: Page) -> tuple[int, int, int]:
    """(frames shown so far, width, height) of the page's video: the console's stream back,
    guide drawn, at the size WebRTC settled on."""
    video = page.frame_locator("iframe[title*='streamlit_webrtc']").last.locator("video")
    return tuple(
        video.evaluate(
            "v => [v.getVideoPlaybackQuality().totalVideoFrames, v.videoWidth, v.videoHeight]"
        )
    )


def _cpu(pid: int, page: Page | None = None) -> tuple[float, float, int, int]:
    """CPU % of one core over CPU_SECONDS; with `page`, the frames a second its video showed
    meanwhile and their size."""
    frames = _video(page)[0] if page is not None else 0
    cpu, began = _cpu_seconds(pid), time.perf_counter()
    time.sleep(CPU_SECONDS)  # measuring over a window of wall time, not waiting for a state
    wall = time.perf_counter() - began
    percent = (_cpu_seconds(pid) - cpu) / wall * 100
    if page is None:
        return percent, 0.0, 0, 0
    shown, width, height = _video(page)
    return percent, (shown - frames) / wall, width, height


def _callback_ms(width: int, height: int, rounds: int = 60) -> tuple[float, float]:
    """The floor, timed here: the page's frame callback (console/core/camera.py's on_frame: the
    decoded frame to RGB, the guide drawn, back to a video frame) on the camera's picture at
    the stream's size; (the whole callback, the guide alone) in ms a frame, p50."""
    import av
    import numpy as np
    import streamlit  # noqa: F401  (first, so that its cache's logger can be quietened)

    # Outside a running app, Streamlit warns that it has no runtime: true, and not a figure.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    from console.core import camera
    from tests.e2e.y4m import compose

    picture = np.asarray(compose(PICTURE, width=width, height=height))
    decoded = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format="yuv420p")
    whole, guide = [], []
    for round_ in range(rounds + 1):
        began = time.perf_counter()
        rgb = decoded.to_ndarray(format="rgb24")
        drawing = time.perf_counter()
        shown = camera.draw_guide(rgb, camera.PASSPORT_PAGE)
        drawn = time.perf_counter()
        av.VideoFrame.from_ndarray(shown, format="rgb24")
        if round_:  # the first loads cv2
            whole.append((time.perf_counter() - began) * 1000)
            guide.append((drawn - drawing) * 1000)
    return statistics.median(whole), statistics.median(guide)


def run(reruns: int = RERUNS) -> list[str]:
    scratch = Path(tempfile.mkdtemp())
    camera_file = write_y4m(PICTURE, scratch / "cam.y4m", frames=15)
    empty_script = scratch / "empty.py"
    empty_script.write_text("import streamlit as st\nst.title('Empty')\n")
    with (
        sync_playwright() as playwright,
        streamlit_server(empty_script, HISTORY) as empty_url,
        streamlit_server(ROOT / "app.py", HISTORY) as console_url,
    ):
        pid = _console_pid(console_url.rsplit(":", 1)[1])
        # One browser a page: a page in a background tab gets no animation frames.
        args = [*FLAGS, *CAMERA, f"--use-file-for-fake-video-capture={camera_file}"]
        browsers = [
            playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
            for _ in range(2)
        ]
        empty = browsers[0].new_page()
        empty.add_init_script(COUNT_RUNS)
        _open(empty, empty_url)
        empty.get_by_role("heading", name="Empty").wait_for()
        page = browsers[1].new_page(viewport={"width": 1440, "height": 900})
        page.set_default_timeout(60_000)
        page.add_init_script(COUNT_RUNS)
        _open(page, f"{console_url}/hypersign_kyc")
        page.get_by_role("button", name="Get tokens and session").click()
        expect(page.get_by_text("User's DID")).to_be_visible()
        stream = page.frame_locator("iframe[title*='streamlit_webrtc']").last
        stream.get_by_role("button", name="Start camera").click()
        expect(stream.get_by_role("button", name="Stop camera")).to_be_visible()
        expect(page.get_by_role("button", name="Take photo")).to_be_enabled()
        page.wait_for_function(PLAYING)
        _settled(empty), _settled(page)
        empty_live, live = [], []
        for _ in range(reruns):  # interleaved, so drift hits both alike
            empty_live.append(empty.evaluate(MEASURE))
            live.append(page.evaluate(MEASURE))
        cpu_live, fps, width, height = _cpu(pid, page)

        stream.get_by_role("button", name="Stop camera").click()
        expect(stream.get_by_role("button", name="Start camera")).to_be_visible()
        expect(page.get_by_role("button", name="Take photo")).to_be_disabled()
        _settled(page)
        empty_stopped, stopped = [], []
        for _ in range(reruns):
            empty_stopped.append(empty.evaluate(MEASURE))
            stopped.append(page.evaluate(MEASURE))
        cpu_stopped, *_ = _cpu(pid)
        for browser in browsers:
            browser.close()

    def ratio(a: list[float], b: list[float]) -> str:
        return f"{statistics.median(a) / statistics.median(b):.2f}"

    callback, guide = _callback_ms(width, height)
    return [
        report("browser: empty page rerun", empty_live),
        report("browser: Hypersign, streaming", live),
        f"{'  ratio page/empty (median)':<34} {ratio(live, empty_live)}",
        report("browser: empty page rerun", empty_stopped),
        report("browser: Hypersign, camera off", stopped),
        f"{'  ratio page/empty (median)':<34} {ratio(stopped, empty_stopped)}",
        f"{'  streaming/camera off (median)':<34} {ratio(live, stopped)}",
        f"{'console CPU, camera streaming':<34} {cpu_live:5.0f} % of one core over "
        f"{CPU_SECONDS:.0f} s, no reruns asked; {fps:.1f} frames/s back at {width}x{height} "
        "(camera: 1280x720 at 15)",
        f"{'  of which the frame callback':<34} {callback * fps / 10:5.0f} % ({callback:.1f} ms "
        f"a frame, timed here at that size), the guide alone {guide * fps / 10:.0f} % "
        f"({guide:.1f} ms)",
        f"{'console CPU, camera off':<34} {cpu_stopped:5.0f} % of one core (the page's 1 s "
        "fragment only)",
        f"{'load average (1 min) at the end':<34} {os.getloadavg()[0]:.2f} on {os.cpu_count()} "
        "cores (others' work slows every figure)",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
