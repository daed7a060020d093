"""The Scenario runner page's own sandbox: one in-process sandbox app on 127.0.0.1, started on
first use and kept for the life of the console process.

Each sandbox scenario resets its sandbox first; run on the console's sandbox, that reset would
take the state of a flow walked meanwhile in another tab (an OTP, a session). This sandbox
serves only the runner, so its resets touch nothing else; the runner's history rows still go
to the console's history (the store is the runner's, not the sandbox's).

Like console/core/services.py, the running server is found again through its thread, which
outlives a module reload, so a reload never starts a second one.
"""

import threading

THREAD_NAME = "kyc-runner-sandbox"
_lock = threading.Lock()


def _running() -> str | None:
    for thread in threading.enumerate():
        url = getattr(thread, "kyc_runner_sandbox", None)
        if thread.name == THREAD_NAME and thread.is_alive() and url is not None:
            return url
    return None


def url() -> str:
    """The runner's sandbox URL, the sandbox started the first time (OSError or RuntimeError
    when it cannot start)."""
    with _lock:
        running = _running()
        if running is not None:
            return running
        from sandbox import create_app  # the console starts the sandbox; it never reads it
        from sandbox.core.server import BackgroundServer

        server = BackgroundServer(create_app(), "127.0.0.1", 0, name=THREAD_NAME).start()
        server.thread.kyc_runner_sandbox = server.url
        return server.url
