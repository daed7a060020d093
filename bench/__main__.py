"""python -m bench [suite ...]: run the benchmarks (all by default) and print their figures."""

import sys

from bench import (
    browser_rerun,
    callbacks,
    cold_start,
    compare,
    concurrent_journeys,
    ekyc,
    history_scale,
    hypersign,
    hypersign_rerun,
    memory,
    onekyc,
    page_rerun,
    peers,
    runner,
    sandbox_latency,
    validation,
    vision,
)

SUITES = {
    "sandbox": sandbox_latency.run,
    "rerun": page_rerun.run,
    "browser-rerun": browser_rerun.run,
    "cold-start": cold_start.run,
    "memory": memory.run,
    "concurrent": concurrent_journeys.run,
    "peers": peers.run,
    "validation": validation.run,
    "vision": vision.run,
    "hypersign": hypersign.run,
    "hypersign-rerun": hypersign_rerun.run,
    "ekyc": ekyc.run,
    "callbacks": callbacks.run,
    "onekyc": onekyc.run,
    "history-scale": history_scale.run,
    "compare": compare.run,
    "runner": runner.run,
}


def main() -> None:
    chosen = sys.argv[1:] or list(SUITES)
    for name in chosen:
        print(f"== {name}", flush=True)
        for line in SUITES[name]():
            print(line, flush=True)


if __name__ == "__main__":
    main()
