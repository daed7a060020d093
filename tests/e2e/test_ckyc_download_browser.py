"""The CKYC download happy path through the real UI in headless Chromium."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_happy_path_in_the_browser(page: Page, console_url: str) -> None:
    page.goto(f"{console_url}/ckyc_download")
    expect(page.get_by_role("heading", name="CKYC Individual Download")).to_be_visible()
    page.get_by_role("button", name="Asha · PAN").click()
    expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
    page.get_by_role("button", name="Start: send OTP").click()
    expect(
        page.get_by_text("OTP has been sent to the registered mobile number XXXXXX1865")
    ).to_be_visible()

    sms = page.get_by_test_id("stChatMessage").last
    expect(sms).to_contain_text("is your OTP")
    otp = re.search(r"\b(\d{6}) is your OTP", sms.inner_text()).group(1)
    screenshot(page, "ckyc-otp")

    page.get_by_label("OTP", exact=True).fill(otp)
    page.get_by_label("OTP", exact=True).press("Enter")
    page.get_by_role("button", name="Verify and download").click()
    expect(page.get_by_text("Record downloaded")).to_be_visible()
    expect(page.get_by_role("heading", name="ASHA SPECIMEN KUMARI")).to_be_visible()

    photo = page.get_by_test_id("stImage").locator("img").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") == 240
    # The app key never reaches the browser.
    assert "sandbox-app-key" not in page.content()
    screenshot(page, "ckyc-record")
