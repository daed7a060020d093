"""The one clock every countdown and expiry reads: the sandbox's in sandbox mode (so moving it
from the sidebar, a Skip button or curl moves every countdown), the wall clock live."""

import time

import httpx

from console.core import sandbox_control


def now(mode: str, sandbox_url: str) -> float:
    """Seconds since the epoch on the clock that `mode` runs on."""
    if mode != "sandbox":
        return time.time()
    try:
        return float(sandbox_control.clock(sandbox_url)["epoch"])
    except (httpx.HTTPError, KeyError, ValueError):
        return time.time()  # a countdown that drifts beats a page that crashes
