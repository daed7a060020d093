"""Finds the vendor simulators: every package beside `sandbox/core` with a `create_simulator`.

A package is named after its vendor id, with "_" for "-" (sandbox/<vendor_pkg> serves
<vendor-id>), so that one vendor's simulator is built alone (a drop-in) without building
the others, whose constructors may open sockets or subscribe to the clock.
"""

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache

import sandbox
from sandbox.core.simulator import Simulator, SimulatorContext

Factory = Callable[[SimulatorContext], Simulator]


class UnknownVendor(ValueError):
    pass


@cache
def factories_by_id() -> dict[str, Factory]:
    """Each vendor id's factory, in the order of the package names."""
    factories = {}
    for module in sorted(pkgutil.iter_modules(sandbox.__path__), key=lambda m: m.name):
        if not module.ispkg or module.name == "core":
            continue
        package = importlib.import_module(f"sandbox.{module.name}")
        factory = getattr(package, "create_simulator", None)
        if factory is not None:
            factories[module.name.replace("_", "-")] = factory
    return factories


def simulator_factories() -> tuple[Factory, ...]:
    return tuple(factories_by_id().values())


def vendor_ids() -> list[str]:
    return list(factories_by_id())


def create_simulator(vendor_id: str, context: SimulatorContext) -> Simulator:
    """That vendor's simulator alone."""
    factory = factories_by_id().get(vendor_id)
    if factory is None:
        raise UnknownVendor(f"no vendor {vendor_id!r}; one of {', '.join(vendor_ids())}")
    return _checked(factory(context), vendor_id)


def create_simulators(context: SimulatorContext) -> list[Simulator]:
    return [
        _checked(factory(context), vendor_id) for vendor_id, factory in factories_by_id().items()
    ]


def _checked(simulator: Simulator, vendor_id: str) -> Simulator:
    if not isinstance(simulator, Simulator):
        raise TypeError(f"{simulator!r} does not satisfy sandbox.core.simulator.Simulator")
    if simulator.vendor_id != vendor_id:
        raise TypeError(f"sandbox/{vendor_id.replace('-', '_')} serves {simulator.vendor_id!r}")
    return simulator
