"""A vendor's words are shown as text: no image fetched, no link made, whatever they hold.

Live mode points at a small local app that plays a vendor whose error message holds Markdown
(an image, a link) and bare URLs; the app also counts who fetches those URLs.
"""

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from console.core.text import WORD_JOINER
from sandbox.core.server import BackgroundServer
from tests.e2e.conftest import screenshot
from tests.helpers import ROOT, streamlit_server

pytestmark = pytest.mark.e2e
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


class HostileVendor:
    """Answers every start with a 400 whose message is Markdown; serves the URLs it names."""

    def __init__(self) -> None:
        self.fetched: Counter[str] = Counter()
        self.url = ""

    def message(self) -> str:
        return (
            f"Download failed. ![p]({self.url}/p.png) [click me]({self.url}/click) "
            f"see {self.url}/bare or write to ops@example.com :red[alarm]"
        )

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/api/v1/start":
            body = {
                "status": "failure",
                "statusCode": "400",
                "error": {"code": "ER_REQ_VALIDATE", "message": self.message()},
            }
            await _answer(send, 400, "application/json", json.dumps(body).encode())
        else:
            self.fetched[path] += 1
            await _answer(send, 200, "image/png", PNG)


async def _answer(send, status: int, content_type: str, body: bytes) -> None:
    headers = [(b"content-type", content_type.encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@pytest.fixture(scope="module")
def vendor() -> Iterator[HostileVendor]:
    app = HostileVendor()
    server = BackgroundServer(app, name="hostile-vendor").start()
    app.url = server.url
    yield app
    server.stop()


@pytest.fixture(scope="module")
def live_console(vendor: HostileVendor, tmp_path_factory) -> Iterator[str]:
    history = tmp_path_factory.mktemp("e2e-live") / "history.sqlite3"
    env = {
        "KYC_HISTORY_URL": f"sqlite:///{history}",
        "KYC_HYPERVERGE_CKYC__MODE": "live",
        "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL": vendor.url,
        "KYC_HYPERVERGE_CKYC__APP_ID": "e2e-app-id",
        "KYC_HYPERVERGE_CKYC__APP_KEY": "e2e-app-key",
    }
    with streamlit_server(ROOT / "app.py", env) as url:
        yield url


def test_a_vendor_message_holding_markdown_stays_text(
    page: Page, live_console: str, vendor: HostileVendor
) -> None:
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{live_console}/hyperverge_ckyc")
    page.get_by_label("PAN number").fill("ABCPK1234F")
    page.get_by_label("Registered mobile number").fill("9876501865")
    page.get_by_label("Registered mobile number").press("Enter")
    page.get_by_role("button", name="Start: send OTP").click()

    alert = page.get_by_test_id("stAlert").filter(has_text="Download failed.")
    expect(alert).to_be_visible()
    # Every character as the vendor sent it (word joiners, invisible, keep URLs from linking).
    assert vendor.message() in alert.inner_text().replace(WORD_JOINER, "")
    page.get_by_text("Raw exchange (1 entry)").click()  # the recorded error text, too
    expect(page.get_by_text("Request (recorded)")).to_be_visible()
    screenshot(page, "ckyc-vendor-markdown")

    assert page.locator(f'a[href^="{vendor.url}"], a[href^="mailto:"]').count() == 0
    assert page.locator(f'img[src^="{vendor.url}"]').count() == 0
    assert not [url for url in asked if url.startswith(vendor.url)]
    assert not vendor.fetched  # nobody, browser or console, fetched what the message names
