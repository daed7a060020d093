"""One vendor's simulator as a drop-in for the vendor, as moto's server mode is for AWS: its
own paths at the root of the server, so an existing client (the vendor's curl samples, a Postman
collection, a backend) changes only the scheme, host and port it calls. The control plane stays
under /_sandbox/, and so do the docs (/_sandbox/docs, /_sandbox/openapi.json): the root is the
vendor's, and any other path there answers the vendor's own 404.

A vendor whose API spans several hosts names its services in `services` on its simulator (name
-> the sub-prefix its routes give that service, in the order the ports go), and gets one port a
service: P, P+1, ... in that order. One port a service, rather than routing by the Host header:
a client keeps one base URL a service and changes only its scheme, host and port, with no
/etc/hosts entry and no certificate for the vendor's names, and each port answers a path of
another service with that service's own 404, as the vendor's host would. Every port serves the
same simulator (one state, one clock) and the whole control plane.
"""

import socket
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fastapi import FastAPI

from sandbox.core.app import build_app
from sandbox.core.gateway import VendorApp
from sandbox.core.mount import Service
from sandbox.core.registry import UnknownVendor, create_simulator
from sandbox.core.server import BackgroundServer, bind
from sandbox.core.simulator import Simulator, SimulatorContext
from sandbox.core.state import SandboxState

__all__ = ["DropIn", "UnknownVendor", "create_dropin_apps", "services_of"]


def services_of(simulator: Simulator) -> Mapping[str, str]:
    """The simulator's services (name -> sub-prefix); a vendor of one host has one, ""."""
    return getattr(simulator, "services", None) or {simulator.vendor_id: ""}


def create_dropin_apps(
    simulator: Simulator, state: SandboxState, services: Sequence[Service]
) -> list[FastAPI]:
    """One app a service, in the order of `services`, all on the same simulator and state."""
    router = simulator.router()
    vendors = [VendorApp(simulator, router, prefix="", service=s.sub_prefix) for s in services]
    description = (
        f"A drop-in for {simulator.title}: the vendor's own paths at the root; "
        "/_sandbox/ is the control plane."
    )
    return [
        build_app(
            state,
            [vendor],
            services=services,
            control=vendors,
            description=description,
            docs_url="/_sandbox/docs",
            redoc_url=None,
            openapi_url="/_sandbox/openapi.json",
        )
        for vendor in vendors
    ]


@dataclass
class DropIn:
    """A vendor's drop-in on loopback servers in daemon threads: `port` and the ports after it,
    one a service (0: a free port each). Built, it holds the vendor's simulator alone (an
    unknown id raises UnknownVendor); start() binds the ports (OSError when one is taken) and
    serves them; stop() stops the servers and closes what the simulator opened."""

    vendor_id: str
    host: str = "127.0.0.1"
    port: int = 0
    log_level: str = "warning"
    wrap: object = None  # an ASGI middleware class each app is wrapped in (the access log)
    services: list[Service] = field(default_factory=list, init=False)
    servers: list[BackgroundServer] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.state = SandboxState()
        self.simulator = create_simulator(
            self.vendor_id, SimulatorContext(self.state.clock, self.state.inbox)
        )

    def url(self, service: str | None = None) -> str:
        """The URL of a service's port (the first port by default)."""
        for server, known in zip(self.servers, self.services, strict=True):
            if service in (None, known.name):
                return server.url
        raise KeyError(service)

    @property
    def urls(self) -> dict[str, str]:
        return {s.name: server.url for s, server in zip(self.services, self.servers, strict=True)}

    def start(self) -> "DropIn":
        if self.servers:
            raise RuntimeError(f"the drop-in for {self.vendor_id} is started already")
        wanted = services_of(self.simulator)
        sockets: list[socket.socket] = []
        try:
            for offset in range(len(wanted)):
                port = self.port + offset if self.port else 0
                try:
                    sockets.append(bind(self.host, port))
                except OSError as problem:  # which port, said
                    said = f"port {port} on {self.host}: {problem.strerror}"
                    raise OSError(problem.errno, said) from problem
        except (OSError, OverflowError):
            for sock in sockets:
                sock.close()
            raise
        self.services = [
            Service(name, sub_prefix, sock.getsockname()[1])
            for (name, sub_prefix), sock in zip(wanted.items(), sockets, strict=True)
        ]
        apps = create_dropin_apps(self.simulator, self.state, self.services)
        self.servers = [
            BackgroundServer(
                app if self.wrap is None else self.wrap(app),
                host=self.host,
                sock=sock,
                name=f"dropin-{service.name}",
                log_level=self.log_level,
            )
            for app, sock, service in zip(apps, sockets, self.services, strict=True)
        ]
        try:
            for server in self.servers:
                server.start()
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        self.servers, self.services = [], []
        close = getattr(self.simulator, "close", None)
        if close is not None:
            close()
