"""Presenter mode in headless Chromium at 1440x900: the toggle enlarges the main area's text
(not the root's: st.dataframe's grid scales its rows by the root's rem and clipped them), Home
keeps only the company and the flows, QA's pages leave the menu, and the choice holds on a
flow page, whose walk still shows the OTP on the sandbox phone without the sandbox tools or the
raw exchange; the downloaded record's fields show whole, its table rows unclipped; turning the
toggle off removes the style in the same rerun."""

import re

import pytest
from playwright.sync_api import Page, expect

from console.core.presenter import MARKER
from tests.e2e.conftest import screenshot
from tests.e2e.test_ckyc_download_browser import latest_sms_otp, verify

pytestmark = pytest.mark.e2e
ROOT_FONT = "getComputedStyle(document.documentElement).fontSize"
STYLES = (
    "[...document.querySelectorAll('style')]"
    f".filter(s => s.textContent.includes({MARKER!r})).length"
)
# Each metric value: its text, whether it overflows its box, and its height over its font size
# (a value on one line is ~1.4 lines of text tall).
METRICS = """() => [...document.querySelectorAll('[data-testid="stMetricValue"]')].map(v => {
  const box = v.querySelector('div') || v;
  return [box.innerText, box.scrollWidth - box.clientWidth,
          box.clientHeight / parseFloat(getComputedStyle(box).fontSize)];
})"""
# Each grid: its visible height and the height of what it scrolls (header and every row).
GRIDS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
  .map(s => [s.clientHeight, s.scrollHeight])"""


def caption_font(page: Page) -> float:
    caption = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").first
    return float(caption.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_presenter_mode_in_the_browser(page: Page, console_url: str) -> None:
    page.goto(console_url)
    main = page.get_by_test_id("stMain")
    sidebar = page.get_by_test_id("stSidebar")
    expect(main.get_by_role("heading", name="KYC Console")).to_be_visible()
    expect(page.get_by_text("Sandbox running at")).to_be_visible()
    expect(sidebar.get_by_role("link", name="History")).to_be_visible()
    normal = caption_font(page)

    sidebar.get_by_text("Presenter mode").click()
    expect(page.get_by_text("Sandbox running at")).to_have_count(0)
    page.wait_for_function(f"{STYLES} === 1")
    assert caption_font(page) > normal * 1.15
    assert page.evaluate(ROOT_FONT) == "16px"  # the grid's rem unchanged
    expect(main.get_by_role("link")).to_have_count(5)
    for qa_page in ("History", "Vendor comparison", "Contract drift", "Scenario runner"):
        expect(sidebar.get_by_role("link", name=qa_page)).to_have_count(0)
    expect(sidebar.get_by_role("link", name="Settings")).to_be_visible()
    screenshot(page, "presenter-home")

    main.get_by_role("link", name="HyperVerge · CKYC Individual Download").click()
    expect(main.get_by_role("heading", name="CKYC Individual Download")).to_be_visible()
    expect(sidebar.get_by_role("switch", name="Presenter mode")).to_be_checked()
    badge = main.get_by_text(re.compile(r"^\s*(science)?\s*Sandbox\s*$"))  # the discreet badge
    expect(badge.first).to_be_visible()
    expect(page.get_by_role("button", name="Meera · no mobile")).to_have_count(0)
    expect(page.get_by_role("radiogroup", name="Images")).to_have_count(0)
    page.get_by_role("button", name="Asha · PAN").click()
    expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
    page.get_by_role("button", name="Start: send OTP").click()
    expect(
        page.get_by_text("OTP has been sent to the registered mobile number XXXXXX1865")
    ).to_be_visible(timeout=20_000)  # the sandbox's first send, on a busy machine
    expect(page.get_by_test_id("stChatMessage").first).to_contain_text("is your OTP")
    expect(page.get_by_text("Sandbox tools")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^Raw exchange"))).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^requestId"))).to_have_count(0)
    expect(page.get_by_text("Allow a resend the vendor would refuse")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Skip"))).to_have_count(0)
    screenshot(page, "presenter-ckyc")

    # The record, drawn in presenter mode: every field whole, every table row in its grid.
    verify(page, latest_sms_otp(page))
    record = main.get_by_text("3 · The record")
    expect(record).to_be_visible(timeout=20_000)
    expect(main.get_by_text("PAN (C)")).to_have_count(0)
    record.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stMetricValue\"]').length")
    metrics = page.evaluate(METRICS)
    assert metrics[0][:2] == ["15-08-1990", 0]
    for text, overflow, lines in metrics:
        assert overflow <= 0, f"{text!r} is cut by {overflow} px"
        assert lines < 2, f"{text!r} wraps onto {lines:.1f} lines"
    expect(main.get_by_text("15-08-1990", exact=True)).to_be_visible()
    screenshot(page, "presenter-ckyc-record")
    main.get_by_text("IDs in the record").scroll_into_view_if_needed()
    expect(main.get_by_test_id("stDataFrame").locator(".dvn-scroller")).to_have_count(1)
    grids = page.evaluate(GRIDS)
    assert grids and all(scrolled <= shown for shown, scrolled in grids), grids
    assert grids[0][1] == 35 * (1 + 3)  # the header and 3 IDs at the 35 px Streamlit sizes for
    screenshot(page, "presenter-ckyc-ids")

    # Off: the style leaves with the rerun that turned it off, and the grid stays whole.
    sidebar.get_by_text("Presenter mode").click()
    expect(main.get_by_text(re.compile(r"^requestId"))).to_have_count(1)
    page.wait_for_function(f"{STYLES} === 0", timeout=10_000)  # when that rerun ends
    assert caption_font(page) == normal
    expect(main.get_by_text("PAN (C)")).to_be_visible()
    grids = page.evaluate(GRIDS)
    assert grids and all(scrolled <= shown for shown, scrolled in grids), grids
    expect(sidebar.get_by_role("link", name="History")).to_be_visible()
    screenshot(page, "presenter-off-ckyc-record")
