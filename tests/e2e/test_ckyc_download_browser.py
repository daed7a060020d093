"""The CKYC download walk through the real UI in headless Chromium, at 1440x900: a wrong OTP,
a resend, then the record. Each click's outcome must be in view where the user clicked."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def verify(page: Page, otp: str) -> None:
    page.get_by_label("OTP", exact=True).fill(otp)
    page.get_by_label("OTP", exact=True).press("Enter")
    page.get_by_role("button", name="Verify and download").click()


def latest_sms_otp(page: Page) -> str:
    sms = page.get_by_test_id("stChatMessage").first  # newest first
    expect(sms).to_contain_text("this journey · latest")
    return re.search(r"\b(\d{6}) is your OTP", sms.inner_text()).group(1)


def test_happy_path_in_the_browser(page: Page, console_url: str) -> None:
    assert page.viewport_size == {"width": 1440, "height": 900}
    page.goto(f"{console_url}/hyperverge_ckyc")
    expect(page.get_by_role("heading", name="CKYC Individual Download")).to_be_visible()
    expect(page.get_by_text("Fill with a sample person")).to_be_visible()
    page.get_by_role("button", name="Asha · PAN").click()
    expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
    page.get_by_role("button", name="Start: send OTP").click()
    expect(
        page.get_by_text("OTP has been sent to the registered mobile number XXXXXX1865")
    ).to_be_visible()
    first = latest_sms_otp(page)
    screenshot(page, "ckyc-otp")

    wrong = "000000" if first != "000000" else "111111"
    verify(page, wrong)
    outcome = page.get_by_text("Wrong OTP: 2 attempts left")
    expect(outcome).to_be_in_viewport()
    expect(page.get_by_text("Invalid OTP entered. Remaining attempts: 2")).to_be_in_viewport()
    screenshot(page, "ckyc-wrong-otp")

    page.get_by_role("button", name="Skip 90 s (sandbox clock)").click()
    page.get_by_role("button", name="Resend OTP", exact=True).click()
    expect(page.get_by_text("A new OTP is on its way")).to_be_in_viewport()
    expect(
        page.get_by_text(
            "Resend OTP Sent successfully to registered Mobile number XXXXXX1865 "
            "remaining attempts =2"
        )
    ).to_be_in_viewport()
    second = latest_sms_otp(page)
    assert second != first
    expect(page.get_by_test_id("stChatMessage").nth(1)).to_contain_text("this journey · older")
    screenshot(page, "ckyc-resend")

    verify(page, second)
    expect(page.get_by_text("Record downloaded")).to_be_in_viewport()
    steps = page.get_by_role("heading", name=re.compile(r"^\d · ")).all_inner_texts()
    assert [s.split(" · ")[0] for s in steps] == ["1", "2", "3"]
    expect(page.get_by_role("heading", name="ASHA SPECIMEN KUMARI")).to_be_visible()

    photo = page.get_by_test_id("stImage").locator("img").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") == 420  # her selfie
    # The app key never reaches the browser.
    assert "sandbox-app-key" not in page.content()
    screenshot(page, "ckyc-record")
