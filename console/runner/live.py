"""Where a catalog request goes live: the vendor's prefix taken off its sandbox path, then the
sandbox sub-prefix of the service it is for (`VendorSpec.services`), the rest joined to that
service's live base URL (a path the base URL has is kept).

    /<vendor>/<sub-prefix>/<vendor's path>  ->  <that service's live base URL>/<vendor's path>

A vendor of one service has no sub-prefix: its path goes to `live_base_url`. Live base URLs
are given by settings field (`live_base_url`, ...); a service is also named by its sub-prefix
without the slash. A URL typed in the browser, or one `url_problem` refuses, is never sent to.
"""

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit, urlunsplit

from console.core.settings import CoreSettings, url_problem
from console.core.spec import VendorSpec
from console.registry import VENDORS

MAIN = "live_base_url"  # a vendor's (main) live base URL; its only one without services
SPECS: dict[str, VendorSpec] = {spec.id: spec for spec in VENDORS}


class BadTarget(ValueError):
    """A live base URL that cannot be used; the message names the vendor, never a secret."""


class NotSent(Exception):
    """The scenario could not be sent as the catalog gives it; the message says why."""


def fields(vendor: str) -> dict[str, str]:
    """The vendor's services by name (its sub-prefix without the slash) -> settings field;
    {"": "live_base_url"} for a vendor of one service."""
    spec = SPECS.get(vendor)
    services = spec.services if spec is not None else {}
    return {sub.strip("/"): field for sub, field in services.items()} or {"": MAIN}


def field_of(vendor: str, service: str) -> str:
    """The settings field a service name (or the field's own name) stands for."""
    named = fields(vendor)
    if service in named.values():
        return service
    if service in named and service:
        return named[service]
    offered = ", ".join(f"{n} ({f})" if n else f for n, f in named.items())
    raise BadTarget(f"{vendor} has no service {service!r}: it has {offered}.")


def label(vendor: str, field: str) -> str:
    """vendor, or vendor.service for a vendor of several services."""
    names = {f: n for n, f in fields(vendor).items()}
    name = names.get(field, field)
    return f"{vendor}.{name}" if name else vendor


def route(vendor: str, prefix: str, path: str) -> tuple[str, str]:
    """The settings field of the service a catalog `path` (prefix `prefix`) is for, and the
    vendor's own path (and query) below that service's base URL."""
    if not prefix or not _under(path, prefix):
        raise NotSent(f"Its path {path} is not under the vendor prefix {prefix}.")
    rest = path[len(prefix) :]
    spec = SPECS.get(vendor)
    services = spec.services if spec is not None else {}
    if not services:
        return MAIN, rest
    for sub, field in services.items():
        if _under(rest, sub):
            return field, rest[len(sub) :]
    raise NotSent(f"Its path {path} is under none of {vendor}'s services ({', '.join(services)}).")


def url(vendor: str, prefix: str, path: str, urls: Mapping[str, str]) -> str:
    """The live URL of a catalog `path` (prefix `prefix`), from the live base URLs by field."""
    field, rest = route(vendor, prefix, path)
    base = urls.get(field)
    if base is None:
        raise NotSent(f"No live base URL for {label(vendor, field)} ({field}).")
    if rest and rest[0] not in "/?":
        rest = "/" + rest
    return base.rstrip("/") + rest


def checked(vendor: str, urls: Mapping[str, str]) -> dict[str, str]:
    """`urls` (by field or service name) by settings field, each one usable; BadTarget names
    the first that is not."""
    out: dict[str, str] = {}
    for name, value in urls.items():
        field = field_of(vendor, name)
        problem = url_problem(value)
        if problem:
            raise BadTarget(f"The live base URL for {label(vendor, field)} {problem}.")
        out[field] = value
    return out


def configured(settings: CoreSettings, vendors: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each vendor's live base URLs as configured, by field. BadTarget for a vendor whose URL
    was typed in the browser (only configured ones are sent to) or cannot be used."""
    out: dict[str, dict[str, str]] = {}
    for vendor in dict.fromkeys(vendors):
        spec, current = SPECS[vendor], settings.vendor(vendor)
        if current.base_url_typed:
            raise BadTarget(
                f"The live base URL of {vendor} was typed in Settings: scenarios are sent only "
                f"to a configured one. Set {spec.env_name(MAIN)} in the environment or "
                "secrets.toml instead."
            )
        out[vendor] = checked(vendor, {f: getattr(current, f) for f in fields(vendor).values()})
    return out


def shown(settings: CoreSettings, vendor: str) -> str:
    """The vendor's live base URLs as a person reads them (any user:password@ left out)."""
    current = settings.vendor(vendor)
    return " ".join(
        f"{label(vendor, field)}={_without_userinfo(getattr(current, field))}"
        for field in fields(vendor).values()
    )


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))


def _under(path: str, prefix: str) -> bool:
    if not path.startswith(prefix):
        return False
    rest = path[len(prefix) :]
    return rest == "" or rest[0] in "/?" or prefix.endswith("/")
