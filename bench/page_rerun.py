"""The CKYC page's rerun time next to an empty Streamlit page's, in the same run (AppTest)."""

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.stats import report

ROOT = Path(__file__).resolve().parents[1]
RERUNS = 40


def _reruns(at, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def run(reruns: int = RERUNS) -> list[str]:
    os.environ.setdefault("KYC_HISTORY_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
    from streamlit.testing.v1 import AppTest

    empty = AppTest.from_string("import streamlit as st\nst.title('Empty')", default_timeout=30)
    empty.run()
    page = AppTest.from_file(str(ROOT / "app_pages" / "hyperverge_ckyc.py"), default_timeout=30)
    page.run()
    page.button(key="ckyc.sample.Asha · PAN").click().run()
    page.button(key="ckyc.start").click().run()  # the OTP step: the busiest screen
    assert not page.exception, page.exception
    _reruns(empty, 5), _reruns(page, 5)  # warm both
    empty_ms, page_ms = _reruns(empty, reruns), _reruns(page, reruns)
    ratio = statistics.median(page_ms) / statistics.median(empty_ms)
    return [
        report("empty page rerun", empty_ms),
        report("CKYC page rerun (OTP step)", page_ms),
        f"{'rerun ratio (median page / empty)':<34} {ratio:.2f}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
