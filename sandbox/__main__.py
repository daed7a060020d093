"""Serve the sandbox alone, for curl or Postman: python -m sandbox --host 127.0.0.1 --port 8080."""

import argparse
import logging

import uvicorn

from sandbox.core.accesslog import AccessLog
from sandbox.core.app import create_app
from sandbox.core.server import server_config


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(f"KYC Console sandbox on http://{args.host}:{args.port}  (control plane: /_sandbox/)")
    # Our access log, not uvicorn's: uvicorn's line carries the query string (mobile numbers).
    config = server_config(
        AccessLog(create_app()), host=args.host, port=args.port, log_level="info"
    )
    uvicorn.Server(config).run()


if __name__ == "__main__":
    main()
