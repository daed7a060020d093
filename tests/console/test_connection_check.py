"""Settings' "Check connection" (console/core/connection_check.py): who answers at a base URL,
said as a person can act on it. A live base URL on a KYC Console sandbox (the sandbox of every
vendor, or a vendor's drop-in, as the README has the console reach it in live mode) is
information, not an error, and `make dropin` is named for a drop-in."""

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from console.core.connection_check import check
from sandbox.core.dropin import DropIn
from sandbox.core.server import BackgroundServer


@pytest.fixture(scope="module")
def dropin() -> Iterator[DropIn]:
    running = DropIn("hyperverge-ckyc").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def vendor_like() -> Iterator[str]:
    """A server that is no sandbox: 404 at /_sandbox/health, 200 at its root."""

    async def root(_):
        return PlainTextResponse("hello")

    server = BackgroundServer(Starlette(routes=[Route("/", root)]), name="vendor-like").start()
    yield server.url
    server.stop()


def test_a_drop_in_in_live_mode_is_information_naming_make_dropin(dropin: DropIn) -> None:
    result = check(dropin.url(), "live", 5)
    assert result.ok
    assert "is a KYC Console sandbox drop-in for HyperVerge CKYC Individual Download" in (
        result.sentence
    )
    assert "(`make dropin`): fine for testing live mode" in result.sentence
    assert "not your real ones" in result.sentence
    assert "make sandbox" not in result.sentence


def test_the_sandbox_of_every_vendor_in_live_mode_names_make_sandbox(sandbox_url: str) -> None:
    result = check(f"{sandbox_url}/hyperverge-ckyc", "live", 5)
    assert result.ok
    assert "is the KYC Console sandbox of every vendor (`make sandbox`)" in result.sentence
    assert "fine for testing live mode" in result.sentence


def test_sandbox_mode_says_the_built_in_sandbox_answers(sandbox_url: str) -> None:
    result = check(f"{sandbox_url}/hyperverge-ckyc", "sandbox", 5)
    assert result.ok and result.sentence.startswith("The built-in sandbox answers at")


def test_a_server_that_is_no_sandbox_is_said_so(vendor_like: str) -> None:
    result = check(vendor_like, "live", 5)
    assert result.ok and "it is not a KYC Console sandbox" in result.sentence
    assert "HTTP 200 without credentials" in result.sentence


def test_a_drop_in_of_another_vendor_is_the_mistake_it_is(dropin: DropIn) -> None:
    result = check(dropin.url(), "live", 5.0, "messagecentral-ekyc")
    assert not result.ok and not result.note
    assert "drop-in for HyperVerge" in result.sentence
    assert "make dropin VENDOR=messagecentral-ekyc" in result.sentence
    assert check(dropin.url(), "live", 5.0, "hyperverge-ckyc").ok


def test_a_forwarded_proto_header_does_not_make_handed_out_urls_https(dropin: DropIn) -> None:
    import httpx

    listed = httpx.get(
        dropin.url() + "/_sandbox/vendors", headers={"X-Forwarded-Proto": "https"}
    ).json()
    assert all(s["url"].startswith("http://") for s in listed[0]["services"])
