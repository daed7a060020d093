"""A real console (streamlit run app.py) and Debian's Chromium driven by Playwright."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

from tests.e2e.y4m import write_y4m
from tests.helpers import ROOT, streamlit_server

CHROMIUM = os.environ.get("KYC_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def console_url(tmp_path_factory) -> Iterator[str]:
    history = tmp_path_factory.mktemp("e2e") / "history.sqlite3"
    with streamlit_server(ROOT / "app.py", {"KYC_HISTORY_URL": f"sqlite:///{history}"}) as url:
        yield url


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does)")
    launched = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
    )
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def camera_file(tmp_path: Path) -> Path:
    """What Chromium's fake camera plays: the SPECIMEN passport (a test rewrites it to show
    the next picture; the camera reads the file again when a stream starts)."""
    return write_y4m(
        ROOT / "assets" / "hypersign" / "passport.jpg", tmp_path / "camera.y4m", frames=15
    )


@pytest.fixture
def camera_page(playwright: Playwright, camera_file: Path) -> Iterator[Page]:
    """A Chromium of its own at 1440x900: the fake camera's file is a launch flag."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_FLAGS, f"--use-file-for-fake-video-capture={camera_file}"],
    )
    tab = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    tab.set_default_timeout(30_000)
    yield tab
    browser.close()
