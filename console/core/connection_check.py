"""Settings' "Check connection": who answered at a base URL, in words a person can act on."""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from console.core.text import plain


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    sentence: str  # already safe to show as Markdown
    note: bool = False  # information to read (a sandbox in live mode), not a plain success


def check(base_url: str, mode: str, timeout: float, vendor_id: str | None = None) -> CheckResult:
    """Reach the base URL without credentials. A KYC Console sandbox says so at
    /_sandbox/health, so a live URL that lands on one (`make sandbox`, or a vendor's drop-in,
    `make dropin`) is told apart from the vendor: fine for trying live mode, with the
    sandbox's published credentials rather than real ones."""
    root = _without_user(base_url.rstrip("/"))
    try:
        with httpx.Client(timeout=timeout) as client:
            server = _server_root(root)
            health = client.get(server + "/_sandbox/health")
            if _is_sandbox(health):
                if mode == "sandbox":
                    return CheckResult(True, f"The built-in sandbox answers at {plain(root)}.")
                return _sandbox_in_live_mode(client, server, root, vendor_id)
            reply = client.get(root + "/")
    except httpx.HTTPError as exc:
        kind = (
            "did not answer in time"
            if isinstance(exc, httpx.TimeoutException)
            else ("could not be reached")
        )
        return CheckResult(
            False,
            f"Nothing answers at {plain(root)}: it {kind}. Check the address, or start the "
            "service there, then check again.",
        )
    return CheckResult(
        True,
        f"A server answers at {plain(root)} (HTTP {reply.status_code} without credentials); "
        "it is not a KYC Console sandbox. Walk the flow to check the credentials.",
    )


def _sandbox_in_live_mode(
    client: httpx.Client, server: str, root: str, vendor_id: str | None
) -> CheckResult:
    """What a live base URL on a KYC Console sandbox is, said as information; a drop-in of
    another vendor than the one being set up, as the mistake it is."""
    try:
        listed = client.get(server + "/_sandbox/vendors").json()
    except (httpx.HTTPError, ValueError):
        listed = None
    dropin = (
        isinstance(listed, list)
        and len(listed) == 1
        and isinstance(listed[0], dict)
        and "services" in listed[0]
    )
    if dropin and vendor_id and listed[0].get("id") != vendor_id:
        return CheckResult(
            False,
            f"{plain(root)} is a KYC Console sandbox drop-in for "
            f"{plain(str(listed[0].get('title', '')))}, not for this vendor: start its own "
            f"(`make dropin VENDOR={vendor_id}`) and point the live base URL there.",
        )
    what = (
        f"a KYC Console sandbox drop-in for {plain(str(listed[0].get('title', '')))} "
        "(`make dropin`)"
        if dropin
        else "the KYC Console sandbox of every vendor (`make sandbox`)"
    )
    return CheckResult(
        True,
        f"{plain(root)} is {what}: fine for testing live mode. Use its published credentials "
        "(GET /_sandbox/vendors there), not your real ones.",
        note=True,
    )


def _without_user(url: str) -> str:
    """No user:password@: never shown, never sent by a check."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))


def _server_root(url: str) -> str:
    parts = httpx.URL(url)
    return str(parts.copy_with(path="/", query=None, fragment=None)).rstrip("/")


def _is_sandbox(response: httpx.Response) -> bool:
    try:
        return response.status_code == 200 and "vendors" in response.json()
    except ValueError:
        return False
