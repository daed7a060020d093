"""Where the simulator's links point, and which imageDetails URLs it may fetch.

Both start from the server's own root: the scheme the request came in on and the address of
the socket that accepted it (ASGI's `scope["server"]`), never a name the request's Host header
merely claims, which a client can set to any name. A link follows the Host only where it names
this server (its own address, or `localhost` on a loopback server, same scheme and port), so a
client that called http://localhost:8080 is handed http://localhost:8080/... links.

An imageUrl is fetched only from that root (where the CKYC download's images live), by the
address or, on a loopback server, by the name `localhost` (fetched from the server's own
address, never looked up), or from an origin listed in KYC_SANDBOX_FETCH_ALLOW
(comma-separated, e.g. "https://host1,https://host2:8443"). Anything else is refused with the
vendor's 400 before any URL is fetched. Not documented by the vendor.
"""

import ipaddress
import logging
import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from starlette.requests import Request

FETCH_ALLOW_ENV = "KYC_SANDBOX_FETCH_ALLOW"
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_NAMES = ("localhost",)

log = logging.getLogger("sandbox")


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str  # lower case; an IPv6 address without brackets
    port: int

    @classmethod
    def of(cls, url: str) -> "Origin | None":
        """The URL's origin; None when it is not an http(s) URL with a host."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            return None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        return cls(scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme])

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"

    @property
    def loopback(self) -> bool:
        if self.host in LOOPBACK_NAMES:
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def own_origin(request: Request) -> Origin | None:
    """The server's own origin for this request (None on a socket with no port, a Unix one)."""
    server = request.scope.get("server")
    scheme = request.scope.get("scheme", "http")
    if not server or server[1] is None or scheme not in DEFAULT_PORTS:
        return None
    host, port = server
    return Origin(scheme, str(host).lower(), int(port))


def server_root(request: Request) -> str:
    """The sandbox's root URL, above the vendor's prefix: as the Host header names it when that
    is this server, else from the server's own address."""
    origin = own_origin(request)
    if origin is None:  # no address of our own to name: the path alone, never the Host header
        return ""
    named = Origin.of(str(request.base_url))
    if named is not None and _same_server(named, origin):
        origin = named
    root_path = request.scope.get("app_root_path", request.scope.get("root_path", ""))
    return f"{origin.scheme}://{origin.netloc}{root_path}".rstrip("/")


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
        return cls(own_origin(request), allowed_origins())

    def target(self, url: str) -> str | None:
        """The URL to fetch for `url`, or None when it may not be fetched."""
        origin = Origin.of(url)
        if origin is None:
            return None
        if self._ours(origin):
            assert self.own is not None
            parts = urlsplit(url.strip())
            return urlunsplit((self.own.scheme, self.own.netloc, parts.path, parts.query, ""))
        return url if origin in self.allowed else None

    def _ours(self, origin: Origin) -> bool:
        return self.own is not None and _same_server(origin, self.own)


def _same_server(origin: Origin, own: Origin) -> bool:
    """Whether `origin` names the server whose own origin is `own`."""
    if (origin.scheme, origin.port) != (own.scheme, own.port):
        return False
    return origin.host == own.host or (origin.loopback and own.loopback)
