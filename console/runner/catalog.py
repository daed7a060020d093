"""The sandbox's scenario catalog, read over its control plane, and the choice of what to run.

The console learns the catalog from GET /_sandbox/scenarios, never by importing the sandbox.
A scenario is named `vendor/id` (ids are unique within a vendor only) or by its bare id.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

TIMEOUT = 10.0


class UnknownSelection(ValueError):
    """A vendor or scenario the catalog does not hold, or one that cannot run in this mode."""


@dataclass(frozen=True)
class Scenario:
    vendor: str
    id: str
    title: str
    description: str
    request: dict[str, Any]
    expect: dict[str, Any]
    live_safe: bool = False
    prefix: str = field(default="", compare=False)  # the vendor's path prefix in the sandbox
    # A drop-in of several services serves each on its own port: the URL of the one that
    # answers this entry ("" for the sandbox URL itself).
    served_at: str = field(default="", compare=False)

    @property
    def key(self) -> str:
        return f"{self.vendor}/{self.id}"


def fetch(sandbox_url: str) -> list[Scenario]:
    """Every vendor's scenarios, in the catalog's order, each with its vendor's prefix."""
    with httpx.Client(base_url=sandbox_url, timeout=TIMEOUT) as http:
        vendors = http.get("/_sandbox/vendors")
        vendors.raise_for_status()
        entries = http.get("/_sandbox/scenarios")
        entries.raise_for_status()
    prefixes = {v["id"]: v["prefix"] for v in vendors.json()}
    services = {
        v["id"]: {s["name"]: s.get("url", "") for s in v.get("services") or []}
        for v in vendors.json()
    }
    return [
        Scenario(
            vendor=e["vendor"],
            id=e["id"],
            title=e["title"],
            description=e["description"],
            request=e["request"],
            expect=e["expect"],
            live_safe=bool(e.get("live_safe", False)),
            prefix=prefixes.get(e["vendor"], ""),
            served_at=services.get(e["vendor"], {}).get(e["request"].get("service", ""), ""),
        )
        for e in entries.json()
    ]


def vendors_of(scenarios: Iterable[Scenario]) -> list[str]:
    return list(dict.fromkeys(s.vendor for s in scenarios))


def choose(
    catalog: Sequence[Scenario],
    vendors: Sequence[str] = (),
    ids: Sequence[str] = (),
    live: bool = False,
) -> list[Scenario]:
    """The scenarios of `vendors` (all when empty), only `ids` among them when given (bare ids
    or vendor/id), only the live-safe ones when `live`. Raises UnknownSelection naming what
    is unknown, or a scenario named on purpose that is not safe live."""
    known = vendors_of(catalog)
    unknown = [v for v in vendors if v not in known]
    if unknown:
        raise UnknownSelection(
            f"Unknown vendor {', '.join(unknown)}; the catalog has {', '.join(known)}."
        )
    pool = [s for s in catalog if not vendors or s.vendor in vendors]
    if ids:
        chosen = []
        for name in ids:
            found = [s for s in pool if name in (s.id, s.key)]
            if not found:
                where = f" of {', '.join(vendors)}" if vendors else ""
                raise UnknownSelection(
                    f"Unknown scenario {name}{where}: see GET /_sandbox/scenarios for the ids."
                )
            chosen += [s for s in found if s not in chosen]
        pool = [s for s in pool if s in chosen]  # the catalog's order
        if live:
            unsafe = [s.key for s in pool if not s.live_safe]
            if unsafe:
                raise UnknownSelection(
                    f"Not safe to send live: {', '.join(unsafe)} (only live-safe scenarios "
                    "run in live mode)."
                )
    if live:
        pool = [s for s in pool if s.live_safe]
    return pool
