"""The hosted journey's pages in headless Chromium (Debian's), embedded in an iframe of another
origin as an integrator embeds them: the fake camera (getUserMedia) takes the document, the
selfie and the liveness photo, an upload replaces the camera, and the end sends the iframe to
the flow's redirection URL. Nothing is fetched from any host but the sandbox."""

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import FrameLocator, Page, Playwright

from tests.e2e.y4m import write_y4m
from tests.sandbox.messagecentral_doc import (
    BASIC,
    BLANK,
    ID_FRONT,
    PASSPORT,
    PREMIUM,
    SELFIE,
    generated,
    redirect_to,
)

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("KYC_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 60_000  # a guard only: nothing here waits on time, only on what the page shows


class Integrator:
    """The integrator's site on another origin (localhost, the sandbox being 127.0.0.1): a page
    embedding the URL in an iframe that allows the camera, and the redirection URL's receiver."""

    def __init__(self) -> None:
        self.url_to_embed = ""
        self.returned: list[str] = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/return"):
                    owner.returned.append(self.path)
                    body = '<p id="back">back at the integrator</p>'
                else:
                    body = (
                        f'<iframe id="ekyc" src="{owner.url_to_embed}" allow="camera" '
                        'style="width:560px;height:900px"></iframe>'
                    )
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def integrator() -> Iterator[Integrator]:
    site = Integrator()
    yield site
    site.close()


@pytest.fixture
def camera_file(tmp_path: Path) -> Path:
    return write_y4m(PASSPORT, tmp_path / "camera.y4m", frames=15)


@pytest.fixture
def browser_page(
    playwright: Playwright, camera_file: Path, sandbox_url: str, integrator
) -> Iterator[Page]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does)")
    # The session's one Playwright (tests/conftest.py): a second cannot start inside it.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*FLAGS, f"--use-file-for-fake-video-capture={camera_file}"],
    )
    page = browser.new_context(viewport={"width": 900, "height": 1000}).new_page()
    page.set_default_timeout(WAIT_MS)
    outside: list[str] = []
    allowed = (sandbox_url, integrator.origin, "blob:", "data:")
    page.on("request", lambda r: None if r.url.startswith(allowed) else outside.append(r.url))
    yield page
    browser.close()
    assert outside == [], outside


def embed(page: Page, integrator: Integrator, sandbox, flow: str) -> tuple[FrameLocator, str]:
    redirect_to(sandbox, flow, f"{integrator.origin}/return").raise_for_status()
    answer = generated(sandbox, flow)
    integrator.url_to_embed = answer["url"]
    page.goto(f"{integrator.origin}/")
    frame = page.frame_locator("#ekyc")
    frame.locator("#consent-checkbox").check()
    frame.locator("#consent-continue").click()
    return frame, answer["journey_id"]


def snap(frame: FrameLocator, camera_file: Path, following: Path | None = None) -> None:
    """Take the photo with the camera; before sending it, put the next step's picture in front
    of the camera (the next page opens the camera again)."""
    take = frame.locator("#capture")
    take.wait_for()
    frame.locator("#camera-video").evaluate(
        "video => new Promise(done => { const ready = () => video.videoWidth > 0 && "
        "video.currentTime > 0.5; const check = () => ready() ? done() : "
        "requestAnimationFrame(check); check(); })"
    )
    take.click()
    frame.locator("#submit").wait_for(state="visible")
    if following is not None:
        write_y4m(following, camera_file, frames=15, fill=0.5)
    frame.locator("#submit").click()


def returned(integrator: Integrator, page: Page) -> dict[str, str]:
    page.frame_locator("#ekyc").locator("#back").wait_for()
    (path,) = integrator.returned
    return {name: values[0] for name, values in parse_qs(urlsplit(path).query).items()}


def test_a_premium_journey_on_the_camera_inside_an_iframe(
    browser_page: Page, camera_file: Path, integrator: Integrator, sandbox: httpx.Client
) -> None:
    frame, journey_id = embed(browser_page, integrator, sandbox, PREMIUM)
    snap(frame, camera_file, following=SELFIE)
    frame.locator("h1", has_text="Take a selfie").wait_for()
    snap(frame, camera_file)
    frame.locator("h1", has_text="Liveness check").wait_for()
    snap(frame, camera_file)
    result = frame.locator("#result")
    result.wait_for()
    assert result.get_attribute("data-status") == "completed"
    assert returned(integrator, browser_page) == {
        "journey_id": journey_id,
        "status": "completed",
        "reason": "verified",
    }
    state = sandbox.get(f"/_sandbox/messagecentral-ekyc/journeys/{journey_id}").json()
    assert state["captured"]["document"]["name"] == "PRIYA SPECIMEN MENON"


def test_uploads_replace_the_camera_and_a_retake_says_why(
    browser_page: Page, integrator: Integrator, sandbox: httpx.Client
) -> None:
    frame, _ = embed(browser_page, integrator, sandbox, BASIC)
    frame.locator("#capture").wait_for()
    frame.locator("#upload-input").set_input_files(BLANK)
    frame.locator("#submit").click()
    error = frame.locator("#error")
    error.wait_for(state="visible")
    assert "could not read" in error.inner_text() and "2 attempts left" in error.inner_text()
    frame.locator("#upload-input").set_input_files(ID_FRONT)
    frame.locator("#submit").click()
    frame.locator("h1", has_text="Take a selfie").wait_for()
    frame.locator("#upload-input").set_input_files(SELFIE)
    frame.locator("#submit").click()
    # The redirect comes by itself (the Continue link is never clicked).
    assert returned(integrator, browser_page)["status"] == "completed"


def test_declining_consent_redirects_abandoned(
    browser_page: Page, integrator: Integrator, sandbox: httpx.Client
) -> None:
    redirect_to(sandbox, BASIC, f"{integrator.origin}/return").raise_for_status()
    integrator.url_to_embed = generated(sandbox, BASIC)["url"]
    browser_page.goto(f"{integrator.origin}/")
    browser_page.frame_locator("#ekyc").locator("#consent-decline").click()
    answer = returned(integrator, browser_page)
    assert (answer["status"], answer["reason"]) == ("abandoned", "consent_declined")
