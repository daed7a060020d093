"""Where a vendor's routes are served on this server, and the URLs a simulator hands out.

In the sandbox of every vendor each vendor sits below its prefix (/<vendor-id>/api/v1/start).
In a drop-in (sandbox/core/dropin.py) one vendor sits at the root, and a vendor with several
services (hosts) has one port per service, where the client's paths leave out the sub-prefix the
simulator's routes give that service (/kyc/api/v2/session is /api/v2/session on the KYC port).
The gateway puts the request's `Mount` in its scope; simulators read it through the two helpers
below, so that they name their own paths alone, whatever the layout.

Host trust, one policy for every URL the sandbox hands out (a journey URL, image links, a
drop-in's service URLs): they start from the server's own root, the scheme the request came in
on and the address of the socket that accepted it (ASGI's `scope["server"]`), and follow the
request's Host header only where it names this server: a loopback name (localhost, 127.0.0.1,
::1; the client's own machine, where a remapped port such as docker's -p may answer) or the
address the server is bound to. A Host of any other name (a client can send any) is ignored.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import Scope

MOUNT_KEY = "sandbox.mount"
DEFAULT_PORTS = {"http": 80, "https": 443}
LOOPBACK_NAMES = ("localhost",)


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
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}"

    @property
    def loopback(self) -> bool:
        if self.host in LOOPBACK_NAMES:
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def same_server(origin: Origin, other: Origin) -> bool:
    """Whether two origins name one server: the same scheme and port, and the same host or two
    loopback names (localhost and 127.0.0.1 are one origin)."""
    if (origin.scheme, origin.port) != (other.scheme, other.port):
        return False
    return origin.host == other.host or (origin.loopback and other.loopback)


def own_origin(scope: Scope) -> Origin | None:
    """The server's own origin for this request (None on a socket with no port, a Unix one)."""
    server = scope.get("server")
    scheme = scope.get("scheme", "http")
    if not server or server[1] is None or scheme not in DEFAULT_PORTS:
        return None
    host, port = server
    return Origin(scheme, str(host).lower(), int(port))


def named_origin(scope: Scope) -> Origin | None:
    """The origin the client named (its Host header), when that names this server (a loopback
    name, or the address the server is bound to; any port, as a remapped one may be); else the
    server's own origin. None when the server has no address of its own to name."""
    own = own_origin(scope)
    if own is None:
        return None
    host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
    named = Origin.of(f"{own.scheme}://{host}") if host else None
    if named is not None and (named.loopback or named.host == own.host):
        return named
    return own


def server_root(scope: Scope) -> str:
    """This server's root URL (above any vendor prefix) as the client reached it, by the host
    trust policy above; "" (the path alone) when the server has no address to name."""
    origin = named_origin(scope)
    if origin is None:
        return ""
    root_path = scope.get("app_root_path", scope.get("root_path", ""))
    return f"{origin.url}{root_path}".rstrip("/")


@dataclass(frozen=True)
class Mount:
    prefix: str = ""  # the path the routes start below, from the server root ("" at the root)
    service: str = ""  # the sub-prefix of the vendor paths served here, left out of the URL


@dataclass(frozen=True)
class Service:
    """One port of a drop-in: the service's name (the vendor's word for the host) and sub-prefix."""

    name: str
    sub_prefix: str
    port: int


def under(path: str, prefix: str) -> bool:
    """Whether `path` is `prefix` or below it ("" holds every path)."""
    return path.startswith(prefix) and path[len(prefix) : len(prefix) + 1] in ("", "/")


def mount_of(scope: Scope) -> Mount:
    return scope.get(MOUNT_KEY) or Mount()


def vendor_path(scope: Scope) -> str:
    """The vendor's own path of this request (service sub-prefix included, prefix left out)."""
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return mount_of(scope).service + path


def public_url(request: Request, vendor_path: str) -> str:
    """The absolute URL at which the client that sent `request` reaches `vendor_path` (a vendor
    path of the service it called): the server's root as the client named it (server_root),
    under the vendor's prefix when it has one here."""
    mount = mount_of(request.scope)
    if not under(vendor_path, mount.service):
        raise ValueError(f"{vendor_path!r} is not served here (service {mount.service!r})")
    return server_root(request.scope) + mount.prefix + vendor_path[len(mount.service) :]
