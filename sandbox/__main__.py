"""Serve the sandbox alone, for curl or Postman: python -m sandbox --host 127.0.0.1 --port 8080."""

import argparse

import uvicorn

from sandbox.core.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    print(f"KYC Console sandbox on http://{args.host}:{args.port}  (control plane: /_sandbox/)")
    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
