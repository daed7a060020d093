"""Percentiles and a one-line report."""

import statistics


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def report(name: str, samples_ms: list[float]) -> str:
    return (
        f"{name:<34} n={len(samples_ms):<5} p50={percentile(samples_ms, 50):7.2f} ms  "
        f"p95={percentile(samples_ms, 95):7.2f} ms  mean={statistics.fmean(samples_ms):7.2f} ms"
    )
