"""An access log that names the method, the path and the status, never the query string.

Uvicorn's own access line carries the query string, and GET /_sandbox/inbox?mobile=... would
write a mobile number to the log.
"""

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("sandbox.access")


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = (time.perf_counter() - began) * 1000
            log.info("%s %s %s %.1f ms", scope["method"], scope["path"], status or "-", elapsed)
