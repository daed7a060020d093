"""The console's side of the sandbox control plane: vendors, phone inbox, clock, reset, faults."""

import threading
from contextlib import suppress
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


@cache
def vendors(sandbox_url: str) -> dict[str, dict]:
    """What the sandbox serves, per vendor id: prefix, sandbox credentials, contract document."""
    return {v["id"]: v for v in _call(sandbox_url, "GET", "/_sandbox/vendors")}


def vendor_info(sandbox_url: str, vendor_id: str) -> dict:
    return vendors(sandbox_url)[vendor_id]


def inbox(sandbox_url: str, mobile: str) -> list[dict]:
    return _call(sandbox_url, "GET", "/_sandbox/inbox", params={"mobile": mobile})["messages"]


def clock(sandbox_url: str) -> dict:
    return _call(sandbox_url, "GET", "/_sandbox/clock")


def advance_clock(sandbox_url: str, seconds: float) -> dict:
    return _call(sandbox_url, "POST", "/_sandbox/clock/advance", json={"seconds": seconds})


def vendor_call(sandbox_url: str, vendor_id: str, method: str, path: str, **kwargs: Any) -> Any:
    """One of a vendor's own control routes, under /_sandbox/<vendor>/."""
    return _call(sandbox_url, method, f"/_sandbox/{vendor_id}/{path.lstrip('/')}", **kwargs)


def reset(sandbox_url: str) -> None:
    _call(sandbox_url, "POST", "/_sandbox/reset")


def arm_fault(
    sandbox_url: str,
    vendor: str,
    mode: str,
    *,
    path: str | None = None,
    seconds: float | None = None,
) -> None:
    fault = {"vendor": vendor, "mode": mode, "path": path}
    if seconds is not None:
        fault["seconds"] = seconds
    _call(sandbox_url, "POST", "/_sandbox/faults", json=fault)


def faults(sandbox_url: str) -> list[dict]:
    return _call(sandbox_url, "GET", "/_sandbox/faults")["armed"]


def clear_faults(sandbox_url: str) -> None:
    _call(sandbox_url, "DELETE", "/_sandbox/faults")


_warming: set[tuple[str, str]] = set()
_warming_lock = threading.Lock()


def warm_up(sandbox_url: str, vendor: str) -> None:
    """Ask a simulator to load what its first call would otherwise wait for (its models), in
    the background, once per process; a simulator without /warm just answers 404."""
    with _warming_lock:
        if (sandbox_url, vendor) in _warming:
            return
        _warming.add((sandbox_url, vendor))

    def ask() -> None:
        with suppress(httpx.HTTPError):  # then the first real call loads them instead
            httpx.post(f"{sandbox_url}/_sandbox/{vendor}/warm", timeout=120)

    threading.Thread(target=ask, name=f"warm-{vendor}", daemon=True).start()
