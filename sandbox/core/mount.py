"""Where a vendor's routes are served on this server, and the URLs a simulator hands out.

In the sandbox of every vendor each vendor sits below its prefix (/<vendor-id>/api/v1/start).
In a drop-in (sandbox/core/dropin.py) one vendor sits at the root, and a vendor with several
services (hosts) has one port per service, where the client's paths leave out the sub-prefix the
simulator's routes give that service (/kyc/api/v2/session is /api/v2/session on the KYC port).
The gateway puts the request's `Mount` in its scope; simulators read it through the two helpers
below, so that they name their own paths alone, whatever the layout.
"""

from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import Scope

MOUNT_KEY = "sandbox.mount"


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
    path of the service it called): the scheme, host and port it named (its Host header),
    behind any root path, under the vendor's prefix when it has one here."""
    mount = mount_of(request.scope)
    if not under(vendor_path, mount.service):
        raise ValueError(f"{vendor_path!r} is not served here (service {mount.service!r})")
    base = str(request.base_url).rstrip("/")
    return base + mount.prefix + vendor_path[len(mount.service) :]
