"""The console's side of the sandbox control plane: phone inbox, clock, reset, faults."""

from functools import cache
from typing import Any

import httpx

TIMEOUT = 5.0


@cache
def _client(sandbox_url: str) -> httpx.Client:
    """One pooled client per sandbox: a new one costs ~30 ms (it builds an SSL context)."""
    return httpx.Client(base_url=sandbox_url, timeout=TIMEOUT)


def _call(sandbox_url: str, method: str, path: str, **kwargs: Any) -> Any:
    response = _client(sandbox_url).request(method, path, **kwargs)
    response.raise_for_status()
    return response.json()


def inbox(sandbox_url: str, mobile: str) -> list[dict]:
    return _call(sandbox_url, "GET", "/_sandbox/inbox", params={"mobile": mobile})["messages"]


def advance_clock(sandbox_url: str, seconds: float) -> dict:
    return _call(sandbox_url, "POST", "/_sandbox/clock/advance", json={"seconds": seconds})


def reset(sandbox_url: str) -> None:
    _call(sandbox_url, "POST", "/_sandbox/reset")


def arm_fault(sandbox_url: str, vendor: str, mode: str, *, path: str | None = None) -> None:
    _call(
        sandbox_url, "POST", "/_sandbox/faults", json={"vendor": vendor, "mode": mode, "path": path}
    )
