"""Finds the vendor simulators: every package beside `sandbox/core` with a `create_simulator`."""

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache

import sandbox
from sandbox.core.simulator import Simulator, SimulatorContext

Factory = Callable[[SimulatorContext], Simulator]


@cache
def simulator_factories() -> tuple[Factory, ...]:
    factories = []
    for module in sorted(pkgutil.iter_modules(sandbox.__path__), key=lambda m: m.name):
        if not module.ispkg or module.name == "core":
            continue
        package = importlib.import_module(f"sandbox.{module.name}")
        factory = getattr(package, "create_simulator", None)
        if factory is not None:
            factories.append(factory)
    return tuple(factories)


def create_simulators(context: SimulatorContext) -> list[Simulator]:
    simulators = [factory(context) for factory in simulator_factories()]
    for simulator in simulators:
        if not isinstance(simulator, Simulator):
            raise TypeError(f"{simulator!r} does not satisfy sandbox.core.simulator.Simulator")
    return simulators
