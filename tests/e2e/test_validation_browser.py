"""From a downloaded CKYC record to its validation verdict, in headless Chromium at 1440x900;
and a record file that tries an XML attack, refused in a sentence."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    "<ckycRecord><firstName>&x;</firstName></ckycRecord>"
)


def test_from_a_downloaded_record_to_its_verdict(page: Page, console_url: str) -> None:
    page.goto(f"{console_url}/hyperverge_ckyc")
    page.get_by_role("button", name="Asha · PAN").click()
    expect(page.get_by_label("PAN number")).to_have_value("ABCPK1234F")
    page.get_by_role("button", name="Start: send OTP").click()
    sms = page.get_by_test_id("stChatMessage").first
    expect(sms).to_contain_text("this journey · latest")
    otp = re.search(r"\b(\d{6}) is your OTP", sms.inner_text()).group(1)
    page.get_by_label("OTP", exact=True).fill(otp)
    page.get_by_label("OTP", exact=True).press("Enter")
    page.get_by_role("button", name="Verify and download").click()
    expect(page.get_by_text("Record downloaded")).to_be_visible()

    page.get_by_role("button", name="Validate this record").click()
    expect(page.get_by_role("heading", name="CKYC Validation")).to_be_visible()
    expect(page.get_by_label("Last name")).to_have_value("KUMARI")
    screenshot(page, "validation-form")
    page.get_by_role("button", name="Validate").click()
    verdict = page.get_by_role("heading", name=re.compile("Approved|Manual review|Rejected"))
    expect(verdict).to_be_visible(timeout=60_000)
    expect(verdict).to_be_in_viewport()  # the form folded away: the answer is where Validate was
    screenshot(page, "validation-verdict")
    # Each document's field table is tall enough for every row: no scrolling inside it.
    table = page.get_by_test_id("stDataFrame").first
    table.scroll_into_view_if_needed()
    assert table.bounding_box()["height"] > 300
    assert "sandbox-app-key" not in page.content()


def test_an_xml_attack_is_refused_in_a_sentence(page: Page, console_url: str, tmp_path) -> None:
    attack = tmp_path / "attack.xml"
    attack.write_text(XXE)
    page.goto(f"{console_url}/hyperverge_validation")
    page.get_by_text("Upload a record", exact=True).click()
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(attack))
    expect(page.get_by_text("declares entities or a DTD")).to_be_visible()
    assert "root:" not in page.content()  # nothing of /etc/passwd
    screenshot(page, "validation-xxe")
