"""Serve the sandbox alone, for curl or Postman: python -m sandbox --host 127.0.0.1 --port 8080.

With --vendor ID, serve that vendor alone as a drop-in: its own paths at the root (no prefix),
one port a service from --port on (sandbox/core/dropin.py); the control plane stays at /_sandbox/.
"""

import argparse
import logging
import signal
import sys

import uvicorn

from sandbox.core.accesslog import AccessLog
from sandbox.core.app import create_app
from sandbox.core.dropin import DropIn
from sandbox.core.server import server_config


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


def _dropin(vendor: str, host: str, port: int) -> int:
    try:
        dropin = DropIn(vendor, host=host, port=port, log_level="info", wrap=AccessLog)
    except (ValueError, OSError) as problem:
        print(f"python -m sandbox: {problem}", file=sys.stderr)
        return 2
    # SIGTERM (docker stop, a test's terminate) ends it as Ctrl-C does: the servers stop first.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        dropin.start()
        # Printed once every port listens: a script may wait for the last line.
        print(f"KYC Console sandbox as a drop-in for {vendor} ({dropin.simulator.title}):")
        for service, url in dropin.urls.items():
            print(f"  {service:<{max(map(len, dropin.urls))}}  {url}")
        print("  control plane: /_sandbox/ on every port above; docs: /_sandbox/docs", flush=True)
        for server in dropin.servers:
            server.thread.join()
    except KeyboardInterrupt:
        pass
    finally:
        dropin.stop()
    return 0


if __name__ == "__main__":
    main()
