"""The URL generate-url hands back: single use, 30 minutes on the sandbox clock, and the
vendor-style page a used or expired one shows (HTTP 410, no redirect). The pages are whole in
themselves (nothing fetched from another host) and may be framed."""

import re

import httpx
import pytest

from tests.sandbox.messagecentral_doc import (
    BASIC,
    CONTROL,
    EXPIRED_PAGE,
    PREFIX,
    PREMIUM,
    advance,
    freeze,
    generated,
    journey_state,
    redirect_to,
)

RECEIVER = "http://127.0.0.1:8765/ekyc/return"


def open_url(url: str, method: str = "GET") -> httpx.Response:
    return httpx.request(method, url, timeout=10)


def test_the_url_opens_the_journey_once(sandbox: httpx.Client, sandbox_url: str) -> None:
    answer = generated(sandbox, PREMIUM)
    first = open_url(answer["url"])
    assert first.status_code == 303
    page = first.headers["location"]
    assert page.startswith(f"{PREFIX}/kyc/journey/") and answer["token"] not in page
    consent = httpx.get(sandbox_url + page)
    assert consent.status_code == 200
    assert consent.headers["content-type"].startswith("text/html")
    assert "Verify your identity" in consent.text
    assert journey_state(sandbox, answer["journey_id"])["status"] == "in_progress"
    again = open_url(answer["url"])
    assert again.status_code == 410
    assert again.headers["content-type"].startswith("text/html")
    assert EXPIRED_PAGE in again.text
    assert "location" not in again.headers
    # The journey the first opening started goes on; its page reloads.
    assert httpx.get(sandbox_url + page).status_code == 200
    assert journey_state(sandbox, answer["journey_id"])["reopened"] == 1


def test_a_reused_url_never_redirects_even_when_the_flow_has_a_url(sandbox) -> None:
    redirect_to(sandbox, BASIC, RECEIVER).raise_for_status()
    answer = generated(sandbox)
    open_url(answer["url"])
    again = open_url(answer["url"])
    assert again.status_code == 410
    assert RECEIVER not in again.text and "location" not in again.headers
    assert "<script>" not in again.text  # no JavaScript to send the browser anywhere


def test_a_link_preview_does_not_use_the_url(sandbox: httpx.Client) -> None:
    answer = generated(sandbox)
    assert open_url(answer["url"], "HEAD").status_code == 200
    assert open_url(answer["url"]).status_code == 303
    assert open_url(answer["url"], "HEAD").status_code == 410


def test_the_url_lives_30_minutes_on_the_sandbox_clock(sandbox: httpx.Client) -> None:
    freeze(sandbox)
    fresh, stale = generated(sandbox), generated(sandbox)
    advance(sandbox, 1799)
    assert open_url(fresh["url"]).status_code == 303
    advance(sandbox, 1)  # 30 minutes to the second
    expired = open_url(stale["url"])
    assert expired.status_code == 410
    assert EXPIRED_PAGE in expired.text
    state = journey_state(sandbox, stale["journey_id"])
    assert (state["status"], state["reason"], state["redirect"]) == (
        "expired",
        "link_expired",
        None,
    )


def test_an_unopened_url_shows_as_expired_once_its_time_is_over(sandbox) -> None:
    freeze(sandbox)
    answer = generated(sandbox)
    assert journey_state(sandbox, answer["journey_id"])["status"] == "pending"
    advance(sandbox, 1800)
    state = journey_state(sandbox, answer["journey_id"])
    assert (state["status"], state["reason"]) == ("expired", "link_expired")
    assert state["expires_at"] == state["ended_at"]


def test_an_unknown_url_is_a_404_page(sandbox: httpx.Client) -> None:
    for path in ("/kyc/flow/not-a-token", "/kyc/journey/not-a-session"):
        response = sandbox.get(PREFIX + path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "This link is not valid" in response.text


def test_a_reset_forgets_the_urls(sandbox: httpx.Client) -> None:
    answer = generated(sandbox)
    sandbox.post("/_sandbox/reset").raise_for_status()
    assert open_url(answer["url"]).status_code == 404
    assert sandbox.get(f"{CONTROL}/journeys/{answer['journey_id']}").status_code == 404


# --- the pages: whole in themselves, framable -----------------------------------------------

OUTSIDE = re.compile(r"""(?:src|href|action|url\()\s*=?\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture
def pages(sandbox: httpx.Client, sandbox_url: str) -> dict[str, httpx.Response]:
    answer = generated(sandbox, PREMIUM)
    page = open_url(answer["url"]).headers["location"]
    return {
        "consent": httpx.get(sandbox_url + page),
        "expired": open_url(answer["url"]),
        "invalid": sandbox.get(f"{PREFIX}/kyc/flow/nothing"),
    }


@pytest.mark.parametrize("name", ["consent", "expired", "invalid"])
def test_a_page_fetches_nothing_from_another_host(pages, name: str) -> None:
    response = pages[name]
    text = response.text
    assert not OUTSIDE.search(text), OUTSIDE.search(text)
    links = re.findall(r"<link[^>]*>", text)
    assert all('href="data:' in link for link in links), links  # the icon, inline
    assert "@import" not in text
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert "e-KYC Now" in text and "sandbox" in text
    # Framable: no X-Frame-Options, no frame-ancestors.
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors" not in policy
    assert response.headers["referrer-policy"] == "no-referrer"
