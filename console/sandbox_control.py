"""The console's side of the sandbox control plane: phone inbox, clock, reset, faults."""

import httpx

TIMEOUT = 5.0


def _client(sandbox_url: str) -> httpx.Client:
    return httpx.Client(base_url=sandbox_url, timeout=TIMEOUT)


def inbox(sandbox_url: str, mobile: str) -> list[dict]:
    with _client(sandbox_url) as http:
        response = http.get("/_sandbox/inbox", params={"mobile": mobile})
        response.raise_for_status()
        return response.json()["messages"]


def advance_clock(sandbox_url: str, seconds: float) -> dict:
    with _client(sandbox_url) as http:
        response = http.post("/_sandbox/clock/advance", json={"seconds": seconds})
        response.raise_for_status()
        return response.json()


def reset(sandbox_url: str) -> None:
    with _client(sandbox_url) as http:
        http.post("/_sandbox/reset").raise_for_status()


def arm_fault(sandbox_url: str, vendor: str, mode: str, *, path: str | None = None) -> None:
    with _client(sandbox_url) as http:
        body = {"vendor": vendor, "mode": mode, "path": path}
        http.post("/_sandbox/faults", json=body).raise_for_status()
