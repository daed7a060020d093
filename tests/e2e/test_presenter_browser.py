"""Presenter mode in headless Chromium at 1440x900: the toggle enlarges the text, Home keeps
only the company and the flows, and the choice holds on a flow page, whose walk still shows
the OTP on the sandbox phone without the sandbox tools or the raw exchange."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
ROOT_FONT = "getComputedStyle(document.documentElement).fontSize"


def test_presenter_mode_in_the_browser(page: Page, console_url: str) -> None:
    page.goto(console_url)
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")
    expect(main.get_by_role("heading", name="KYC Console")).to_be_visible()
    expect(page.get_by_text("Sandbox running at")).to_be_visible()
    normal = page.evaluate(ROOT_FONT)

    sidebar.get_by_text("Presenter mode").click()
    expect(page.get_by_text("Sandbox running at")).to_have_count(0)
    page.wait_for_function(f"{ROOT_FONT} === '19px'")
    assert normal != "19px"
    expect(main.get_by_role("link")).to_have_count(5)
    screenshot(page, "presenter-home")

    main.get_by_role("link", name="HyperVerge · CKYC Individual Download").click()
    expect(main.get_by_role("heading", name="CKYC Individual Download")).to_be_visible()
    expect(sidebar.get_by_role("switch", name="Presenter mode")).to_be_checked()
    badge = main.get_by_text(re.compile(r"^\s*(science)?\s*Sandbox\s*$"))  # the discreet badge
    expect(badge.first).to_be_visible()
    page.get_by_role("button", name="Asha · PAN").click()
    expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
    page.get_by_role("button", name="Start: send OTP").click()
    expect(
        page.get_by_text("OTP has been sent to the registered mobile number XXXXXX1865")
    ).to_be_visible(timeout=20_000)  # the sandbox's first send, on a busy machine
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text("is your OTP")
    expect(page.get_by_text("Sandbox tools")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Raw exchange"))).to_have_count(0)
    assert page.evaluate(ROOT_FONT) == "19px"
    screenshot(page, "presenter-ckyc")
