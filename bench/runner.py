"""The scenario runner over the whole catalog, next to a floor run in the same process: the
same requests (a reset, the file parts fetched, the request) sent with a bare httpx.Client,
with no recorder, history, comparison or report. Passes alternate, after one warm-up pass of
each (the first document reads load the sandbox's OCR and face models)."""

import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from bench.stats import percentile, report
from console.core.history import HistoryStore
from console.registry import ConsoleSettings
from console.runner import catalog
from console.runner.catalog import Scenario
from console.runner.runner import Runner, redactor_for
from sandbox import create_app
from sandbox.core.server import BackgroundServer

ROUNDS = 5


def floor_pass(http: httpx.Client, scenarios: list[Scenario]) -> Iterator[None]:
    for scenario in scenarios:
        request = scenario.request
        http.post("/_sandbox/reset").raise_for_status()
        files = [
            (p["field"], (p["filename"], http.get(p["url"]).content, p["contentType"]))
            for p in request.get("files") or []
        ] or None
        form = request.get("form")
        if form and request.get("multipart") and not files:  # as the runner sends it
            files, form = [(k, (None, v)) for k, v in form.items()], None
        http.request(
            request.get("method", "POST"),
            request["path"],
            headers=request.get("headers") or None,
            json=request.get("json"),
            data=form,
            files=files,
        )
        yield


def timed(steps: Iterator, per_scenario: list[float]) -> float:
    """Runs the pass; each step's time into `per_scenario` (ms); returns the pass's (ms)."""
    began = last = time.perf_counter()
    for _ in steps:
        now = time.perf_counter()
        per_scenario.append((now - last) * 1000)
        last = now
    return (time.perf_counter() - began) * 1000


def run(rounds: int = ROUNDS) -> list[str]:
    server = BackgroundServer(create_app()).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            return _measure(server.url, Path(folder), rounds)
    finally:
        server.stop()


def _measure(url: str, folder: Path, rounds: int) -> list[str]:
    scenarios = catalog.choose(catalog.fetch(url))
    store = HistoryStore(f"sqlite:///{folder / 'history.sqlite3'}")
    with (
        httpx.Client(base_url=url, timeout=300) as http,
        Runner(url, store, redactor_for(ConsoleSettings()), timeout=300) as runner,
    ):
        passes: dict[str, Callable[[], Iterator]] = {
            "floor": lambda: floor_pass(http, scenarios),
            "runner": lambda: _checked(runner.results(scenarios)),
        }
        for make in passes.values():  # warm-up
            timed(make(), [])
        totals: dict[str, list[float]] = {name: [] for name in passes}
        each: dict[str, list[float]] = {name: [] for name in passes}
        for _ in range(rounds):
            for name, make in passes.items():
                totals[name].append(timed(make(), each[name]))
    whole = {name: statistics.median(t) for name, t in totals.items()}
    p50 = {name: percentile(s, 50) for name, s in each.items()}
    return [
        f"{len(scenarios)} scenarios, {rounds} passes each (alternating, after a warm-up)",
        f"whole catalog  runner {whole['runner']:8.1f} ms   floor {whole['floor']:8.1f} ms   "
        f"ratio x{whole['runner'] / whole['floor']:.2f}",
        report("per scenario, runner", each["runner"]),
        report("per scenario, floor (bare httpx)", each["floor"]),
        f"per scenario p50 ratio x{p50['runner'] / p50['floor']:.2f}",
    ]


def _checked(results: Iterator) -> Iterator:
    """The runner's pass, stopping loudly if a scenario did not pass (a figure of a broken
    run would mean nothing)."""
    for result in results:
        if result.outcome != "passed":
            raise RuntimeError(f"{result.key} {result.outcome}: {result.summary}")
        yield result


if __name__ == "__main__":
    print("\n".join(run()))
