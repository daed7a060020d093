"""The Hypersign walk on the live camera, in headless Chromium at 1440x900: Chromium's fake
camera plays a .y4m of the SPECIMEN passport, then (the same file rewritten before the camera
starts again) of the selfie; each is streamed over WebRTC to the console, snapped, read and
matched, through to the signed consent."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.y4m import write_y4m
from tests.helpers import ROOT

pytestmark = pytest.mark.e2e
ASSETS = ROOT / "assets" / "hypersign"


def snap(page: Page, name: str) -> None:
    """Start the stream in the step's WebRTC frame, wait for pictures, take the photo."""
    stream = page.frame_locator("iframe[title*='streamlit_webrtc']").last
    stream.get_by_role("button", name="Start camera").click()
    expect(stream.get_by_role("button", name="Stop camera")).to_be_visible(timeout=30_000)
    take = page.get_by_role("button", name="Take photo")
    expect(take).to_be_enabled(timeout=30_000)
    # A second of the stream played: the console's frames (with the guide) are on screen.
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => {"
        " const v = f.contentDocument && f.contentDocument.querySelector('video');"
        " return v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 1; })",
        timeout=30_000,
    )
    screenshot(page, f"hypersign-camera-{name}")
    take.click()


def test_passport_and_selfie_on_the_live_camera_to_consent(
    camera_page: Page, camera_file: Path, console_url: str
) -> None:
    page = camera_page
    page.goto(f"{console_url}/hypersign_kyc")
    page.get_by_role("button", name="Get tokens and session").click()
    expect(page.get_by_text("User's DID")).to_be_visible()
    expect(page.get_by_text(re.compile(r"did:hid:z6Mk")).first).to_be_visible()
    screenshot(page, "hypersign-tokens")

    snap(page, "passport")
    expect(page.get_by_role("button", name="Retake")).to_be_visible()
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_text("All check digits valid")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Document number").first).to_be_attached()
    screenshot(page, "hypersign-document-read")

    # The fake camera opens its file when a stream starts: the selfie plays from now on.
    write_y4m(ASSETS / "selfie.jpg", camera_file, frames=15, fill=0.5)
    snap(page, "selfie")
    page.get_by_role("button", name="Match the faces").click()
    badge = page.locator(".stMarkdownBadge", has_text="Same person")
    expect(badge).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Signature verified").first).to_be_visible()
    screenshot(page, "hypersign-credentials")

    page.get_by_role("button", name="Sign and submit consent").click()
    expect(page.get_by_text("Verification complete")).to_be_visible(timeout=30_000)
    screenshot(page, "hypersign-consent")
    content = page.content()
    assert "sandbox-kyc-api-secret" not in content and "sandbox-ssi-api-secret" not in content
    assert not re.search(r"eyJ[\w-]{10,}\.[\w-]{10,}\.", content)  # no JWT anywhere
