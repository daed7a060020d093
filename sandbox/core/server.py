"""Serve an ASGI app with uvicorn on loopback in a daemon thread (console and tests share it)."""

import logging
import socket
import threading
import time

import uvicorn


def server_config(app, **options) -> uvicorn.Config:
    """Uvicorn on uvloop and httptools (a bare app: 1.21 ms a call on asyncio and h11, 0.75 ms
    on these); no access log, whose lines carry query strings (a mobile number, say)."""
    options.setdefault("log_level", "warning")
    # No X-Forwarded-* trust: a local client's header would otherwise turn the URLs the
    # sandbox hands out into https ones nothing serves.
    options.setdefault("proxy_headers", False)
    config = uvicorn.Config(
        app, loop="uvloop", http="httptools", lifespan="off", access_log=False, **options
    )
    # access_log=False is not enough: uvicorn logs access whenever the logger has a handler
    # anywhere up its tree (Streamlit's and pytest's root handlers count).
    logging.getLogger("uvicorn.access").disabled = True
    return config


def bind(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port (0: a free port), not yet listening."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only then (else +40 ms a call).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except (OSError, OverflowError):  # OverflowError: a port past 65535
        sock.close()
        raise
    return sock


class BackgroundServer:
    """A uvicorn server in a daemon thread; `port=0` takes a free port, `sock` one bound
    already; `options` go to uvicorn (log_level, say)."""

    def __init__(
        self,
        app,
        host: str = "127.0.0.1",
        port: int = 0,
        name: str = "sandbox",
        sock: socket.socket | None = None,
        **options,
    ) -> None:
        self.host = host
        self._socket = sock if sock is not None else bind(host, port)
        self.port: int = self._socket.getsockname()[1]
        self._server = uvicorn.Server(server_config(app, **options))
        self.thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name=name, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> "BackgroundServer":
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the local server on {self.url} did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self.thread.is_alive():
            self.thread.join(timeout=5)
        self._socket.close()
