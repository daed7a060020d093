"""Serve the sandbox alone, for curl or Postman: python -m sandbox --host 127.0.0.1 --port 8080.

With --vendor ID, serve that vendor alone as a drop-in: its own paths at the root (no prefix),
one port a service from --port on (--port 0: a free port each; sandbox/core/dropin.py); the
control plane stays at /_sandbox/.
"""

import argparse
import errno
import logging
import signal
import sys

import uvicorn

from sandbox.core.accesslog import AccessLog
from sandbox.core.app import create_app
from sandbox.core.dropin import DropIn, services_of
from sandbox.core.registry import UnknownVendor
from sandbox.core.server import server_config

STARTED = "Started server process"


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument(
        "--vendor",
        metavar="ID",
        help="serve this vendor alone at the root, as a drop-in (an id of GET /_sandbox/vendors)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.vendor is not None:
        sys.exit(_dropin(args.vendor, args.host, args.port))
    print(f"KYC Console sandbox on http://{args.host}:{args.port}  (control plane: /_sandbox/)")
    # Our access log, not uvicorn's: uvicorn's line carries the query string (mobile numbers).
    config = server_config(
        AccessLog(create_app()), host=args.host, port=args.port, log_level="info"
    )
    uvicorn.Server(config).run()


class _Once(logging.Filter):
    """Lets uvicorn's "Started server process" through once (a drop-in runs one server a
    port, each of which says it)."""

    def __init__(self) -> None:
        super().__init__()
        self.said = False

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(STARTED):
            return True
        said, self.said = self.said, True
        return not said


def _dropin(vendor: str, host: str, port: int) -> int:
    try:
        dropin = DropIn(vendor, host=host, port=port, log_level="info", wrap=AccessLog)
    except UnknownVendor as problem:
        print(f"python -m sandbox: {problem}", file=sys.stderr)
        return 2
    logging.getLogger("uvicorn.error").addFilter(_Once())
    # SIGTERM (docker stop, a test's terminate) ends it as Ctrl-C does: the servers stop first.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        try:
            dropin.start()
        except (OSError, OverflowError, RuntimeError) as problem:
            count = len(services_of(dropin.simulator))
            print(f"python -m sandbox: {_why(problem, host, port, count)}", file=sys.stderr)
            return 2
        # Printed once every port listens: a script may wait for the last line.
        print(f"KYC Console sandbox as a drop-in for {vendor} ({dropin.simulator.title}):")
        for service, url in dropin.urls.items():
            print(f"  {service:<{max(map(len, dropin.urls))}}  {url}")
        for note in getattr(dropin.simulator, "dropin_notes", ()):
            print(f"  note: {note}")
        print("  control plane: /_sandbox/ on every port above; docs: /_sandbox/docs", flush=True)
        for server in dropin.servers:
            server.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        dropin.stop()
    return 0


def _why(problem: Exception, host: str, port: int, count: int) -> str:
    """A sentence naming the port a drop-in could not take (`count`: its ports)."""
    last = port + count - 1
    if isinstance(problem, OverflowError) or not 0 <= port <= last <= 65535:
        wanted = f"port {port}" if count == 1 else f"ports {port}-{last}"
        return f"{wanted} on {host}: a port is a number from 0 to 65535 (0: a free port)"
    if isinstance(problem, OSError) and problem.errno == errno.EADDRINUSE:
        return f"{problem.strerror}; pick another --port (0: free ports)"
    if isinstance(problem, OSError):
        return str(problem.strerror or problem)
    return f"port {port} on {host}: {problem}"


if __name__ == "__main__":
    main()
