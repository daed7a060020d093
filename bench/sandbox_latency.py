"""Sandbox latency per call on loopback: 1,000 calls each, through the real CKYC adapter."""

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import httpx

from bench.stats import report
from kyc_adapters.errors import VendorStatusError
from kyc_adapters.hyperverge_ckyc import HyperVergeCkycClient
from sandbox import create_app
from sandbox.core.server import BackgroundServer

SANDBOX_APP_ID, SANDBOX_APP_KEY = "sandbox-app-id", "sandbox-app-key"  # published: README

CALLS = 1000


@contextmanager
def stopwatch(samples: list[float]) -> Iterator[None]:
    began = time.perf_counter()
    try:
        yield
    finally:
        samples.append((time.perf_counter() - began) * 1000)


def run(calls: int = CALLS) -> list[str]:
    server = BackgroundServer(create_app()).start()
    lines = []
    try:
        control = httpx.Client(base_url=server.url)
        with httpx.Client(base_url=f"{server.url}/hyperverge-ckyc") as http:
            client = HyperVergeCkycClient(http, app_id=SANDBOX_APP_ID, app_key=SANDBOX_APP_KEY)
            search, start, download, wrong, clock = [], [], [], [], []
            for index in range(calls):
                with stopwatch(search):
                    client.search(id_type="C", id_no="ABCPK1234F", transaction_id="bench")
                with stopwatch(start):
                    sent = client.start(
                        id_type="C",
                        id_no="ABCPK1234F",
                        mobile_no="9876501865",
                        transaction_id="bench",
                    )
                with stopwatch(wrong), suppress(VendorStatusError):
                    client.download(request_id=sent.requestId, otp="000000", transaction_id="b")
                inbox = control.get("/_sandbox/inbox", params={"mobile": "9876501865"}).json()
                otp = inbox["messages"][-1]["otp"]
                with stopwatch(download):
                    client.download(request_id=sent.requestId, otp=otp, transaction_id="bench")
                with stopwatch(clock):
                    control.get("/_sandbox/clock")
                if index % 200 == 199:
                    control.post("/_sandbox/reset")  # keep the inbox from growing without end
        lines += [
            report("start (search only)", search),
            report("start (OTP sent)", start),
            report("validateOtpAndDownload (wrong)", wrong),
            report("validateOtpAndDownload (base64)", download),
            report("control plane GET /_sandbox/clock", clock),
        ]
    finally:
        server.stop()
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
