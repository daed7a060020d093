"""e-KYC Now in headless Chromium at 1440x900: the console generates a URL, embeds the hosted
journey with st.iframe, the user takes the document and the selfie on the fake camera inside
that frame, and the console shows how the journey ended, with no manual refresh."""

from pathlib import Path

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.y4m import write_y4m
from tests.helpers import ROOT

pytestmark = pytest.mark.e2e
ASSETS = ROOT / "assets" / "hypersign"


def snap(frame: FrameLocator, camera_file: Path, following: Path | None = None) -> None:
    """Take the photo on the hosted page's camera; put the next step's picture in front of the
    camera before sending (the next page opens the camera again)."""
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
    frame.locator("#submit").click()


def test_a_basic_journey_in_the_embedded_frame_ends_on_the_page(
    camera_page: Page, camera_file: Path, console_url: str
) -> None:
    page = camera_page
    page.set_default_timeout(60_000)  # a guard: each hosted step reads a photo
    page.goto(f"{console_url}/messagecentral_ekyc")
    page.get_by_role("button", name="Generate URL").click()
    expect(page.get_by_text("Expires in")).to_be_visible()
    screenshot(page, "ekyc-generated")
    frame = page.frame_locator("iframe[src*='/kyc/flow/']")
    frame.locator("#consent-checkbox").check()
    frame.locator("#consent-continue").click()
    snap(frame, camera_file, following=ASSETS / "selfie.jpg")
    frame.locator("h1", has_text="Take a selfie").wait_for()
    snap(frame, camera_file)
    # The hosted page redirects to the console's receiver; the page's fragment sees it.
    ended = page.locator(".stMarkdownBadge", has_text="The journey ended: Completed")
    expect(ended).to_be_visible(timeout=60_000)
    screenshot(page, "ekyc-ended")
    assert "sandbox-ekyc-api-key" not in page.content()
