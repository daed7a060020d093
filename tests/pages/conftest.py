"""Page tests drive the real pages with AppTest, against the console's own local sandbox."""

from collections.abc import Iterator

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.history import HistoryStore
from console.services import LocalServices, ensure_services
from console.settings import ConsoleSettings


@pytest.fixture
def services() -> Iterator[LocalServices]:
    settings = ConsoleSettings()
    running = ensure_services(settings, HistoryStore(settings.history_url))
    httpx.post(f"{running.sandbox_url}/_sandbox/reset").raise_for_status()
    yield running
    httpx.delete(f"{running.sandbox_url}/_sandbox/faults")


@pytest.fixture
def store() -> HistoryStore:
    return HistoryStore(ConsoleSettings().history_url)


def page(name: str) -> AppTest:
    return AppTest.from_file(f"../../app_pages/{name}.py", default_timeout=30)


def texts(elements) -> list[str]:
    return [element.value for element in elements]
