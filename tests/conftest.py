"""Shared fixtures: the real sandbox over HTTP on loopback, reset before each test that uses it."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

# Before any console module reads settings: history goes to a throwaway database.
_TMP = Path(tempfile.mkdtemp(prefix="kyc-console-tests-"))
os.environ["KYC_HISTORY_URL"] = f"sqlite:///{_TMP / 'history.sqlite3'}"
for name in list(os.environ):
    if name.startswith("KYC_") and name != "KYC_HISTORY_URL":
        del os.environ[name]

from sandbox import create_app  # noqa: E402
from sandbox.core.server import BackgroundServer  # noqa: E402


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    server = BackgroundServer(create_app()).start()
    yield server.url
    server.stop()


@pytest.fixture
def sandbox(sandbox_url: str) -> Iterator[httpx.Client]:
    """A plain HTTP client on a freshly reset sandbox."""
    with httpx.Client(base_url=sandbox_url, timeout=10) as client:
        client.post("/_sandbox/reset").raise_for_status()
        yield client
        client.delete("/_sandbox/faults")


@pytest.fixture(scope="session")
def playwright():
    """One sync Playwright for the whole run: a second cannot start inside the first's event
    loop, and browser tests live in more than one folder (e2e/, sandbox/)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server of this run (tests/postgres.py), stopped at the end. Missing
    binaries fail the tests that need it, with how to install them: never a silent skip."""
    from tests.postgres import PostgresMissing, PostgresServer

    try:
        server = PostgresServer().start()
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def history_url(request, tmp_path) -> str:
    """A fresh, empty history database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nested' / 'h.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()
