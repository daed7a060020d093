"""Page tests drive the real pages with AppTest, against the console's own local sandbox."""

import re
from collections.abc import Iterator

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from console.core.history import HistoryStore
from console.core.page import redactor
from console.core.services import LocalServices, ensure_services
from console.core.text import WORD_JOINER
from console.registry import ConsoleSettings


@pytest.fixture
def services() -> Iterator[LocalServices]:
    settings = ConsoleSettings()
    running = ensure_services(settings, HistoryStore(settings.history_url), redactor(settings))
    httpx.post(f"{running.sandbox_url}/_sandbox/reset").raise_for_status()
    yield running
    httpx.delete(f"{running.sandbox_url}/_sandbox/faults")


@pytest.fixture
def store() -> HistoryStore:
    return HistoryStore(ConsoleSettings().history_url)


def page(name: str) -> AppTest:
    return AppTest.from_file(f"../../app_pages/{name}.py", default_timeout=30)


def texts(elements) -> list[str]:
    """Element values as a person reads them: the backslash escapes and word joiners that keep
    vendor text from being rendered as Markdown removed (tests/e2e/test_vendor_text_is_text.py
    checks what a browser makes of them)."""
    return [
        _ESCAPED.sub(r"\1", str(element.value)).replace(WORD_JOINER, "") for element in elements
    ]


_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def everything_sent(at: AppTest) -> str:
    """Every element's protobuf as text, main area and sidebar: what the browser would get
    (element values included, unlike the element tree's repr)."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in (getattr(node, "children", None) or {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)
