"""Where the simulator's links point, and which imageDetails URLs it may fetch.

Links start from the server's root as sandbox/core/mount.py's host trust policy names it (the
Host header only where it names this server), so a client that called http://localhost:8080 is
handed http://localhost:8080/... links, and a client claiming Host: evil.example is not.

An imageUrl is fetched only from that root (where the CKYC download's images live), by the
address or, on a loopback server, by the name `localhost` (fetched from the server's own
address, never looked up), or from an origin listed in KYC_SANDBOX_FETCH_ALLOW
(comma-separated, e.g. "https://host1,https://host2:8443"; a loopback name there stands for
the others, localhost for 127.0.0.1 and ::1, on the same scheme and port). Anything else is
refused with the vendor's 400, naming the refused origin, before any URL is fetched. Not
documented by the vendor.
"""

import logging
import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from starlette.requests import Request

from sandbox.core.mount import Origin, own_origin, same_server
from sandbox.core.mount import server_root as _root

FETCH_ALLOW_ENV = "KYC_SANDBOX_FETCH_ALLOW"

log = logging.getLogger("sandbox")


def server_root(request: Request) -> str:
    """The sandbox's root URL, above the vendor's prefix (sandbox/core/mount.py's host trust)."""
    return _root(request.scope)


def allowed_origins() -> frozenset[Origin]:
    """The origins in KYC_SANDBOX_FETCH_ALLOW (read on each request; bad entries skipped)."""
    origins = set()
    for entry in os.environ.get(FETCH_ALLOW_ENV, "").split(","):
        if not entry.strip():
            continue
        origin = Origin.of(entry)
        if origin is None:
            log.warning("%s: %r is not an http(s) origin; skipped", FETCH_ALLOW_ENV, entry)
        else:
            origins.add(origin)
    return frozenset(origins)


@dataclass(frozen=True)
class FetchPolicy:
    own: Origin | None
    allowed: frozenset[Origin]

    @classmethod
    def for_request(cls, request: Request) -> "FetchPolicy":
        return cls(own_origin(request.scope), allowed_origins())

    def target(self, url: str) -> str | None:
        """The URL to fetch for `url`, or None when it may not be fetched."""
        origin = Origin.of(url)
        if origin is None:
            return None
        if self._ours(origin):
            assert self.own is not None
            parts = urlsplit(url.strip())
            return urlunsplit((self.own.scheme, self.own.netloc, parts.path, parts.query, ""))
        return url if self.allows(origin) else None

    def allows(self, origin: Origin) -> bool:
        """Whether `origin` is listed (a loopback name standing for any other: a listed
        http://localhost:8080 allows http://127.0.0.1:8080)."""
        return any(same_server(origin, allowed) for allowed in self.allowed)

    def refused(self, urls: list[str]) -> list[str]:
        """The origins (or the text, when not a URL) of the URLs that may not be fetched."""
        return [
            origin.url if (origin := Origin.of(url)) is not None else url
            for url in urls
            if self.target(url) is None
        ]

    def _ours(self, origin: Origin) -> bool:
        return self.own is not None and same_server(origin, self.own)
