"""A run: the chosen scenarios one after another, each a journey in history, into a Report."""

from collections.abc import Callable, Iterator, Mapping, Sequence

from console.core.history import HistoryStore
from console.core.redactors import console_redactor
from console.runner import live
from console.runner.catalog import Scenario
from console.runner.execute import Sender, Target
from console.runner.live import BadTarget
from console.runner.report import Report, Result, now
from kyc_adapters.redaction import Redactor

TIMEOUT = 120.0  # a first document read in the sandbox loads its OCR and face models
__all__ = ["BadTarget", "Runner", "redactor_for"]
# The console's one redaction (console/core/redactors.py), under the name bench/runner.py uses.
redactor_for = console_redactor


class Runner:
    """Sends scenarios to the sandbox (`mode="sandbox"`, a reset before each) or, in live
    mode, to each vendor's live base URLs in `base_urls`: vendor -> {settings field or service
    name -> URL}, or vendor -> URL for its `live_base_url` (console/runner/live.py). A URL that
    `url_problem` refuses raises BadTarget before anything is sent."""

    def __init__(
        self,
        sandbox_url: str,
        store: HistoryStore,
        redactor: Redactor,
        *,
        mode: str = "sandbox",
        base_urls: Mapping[str, str | Mapping[str, str]] | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        if mode not in ("sandbox", "live"):
            raise BadTarget(f"Unknown mode {mode!r}: sandbox or live.")
        urls = {
            vendor: live.checked(vendor, {live.MAIN: given} if isinstance(given, str) else given)
            for vendor, given in (base_urls or {}).items()
            if mode == "live"
        }
        self.mode = mode
        self.target = Target(mode, sandbox_url, urls)
        self._sender = Sender(self.target, store, redactor, timeout)

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._sender.close()

    @property
    def target_label(self) -> str:
        if self.mode == "sandbox":
            return self.target.sandbox_url
        return " ".join(
            f"{live.label(vendor, field)}={url}"
            for vendor, urls in sorted(self.target.base_urls.items())
            for field, url in urls.items()
        )

    def results(self, scenarios: Sequence[Scenario]) -> Iterator[Result]:
        for scenario in scenarios:
            yield self._sender.run(scenario)

    def run(
        self,
        scenarios: Sequence[Scenario],
        on_result: Callable[[int, int, Result], None] | None = None,
    ) -> Report:
        """Every scenario in turn; `on_result(done, total, result)` after each."""
        report = Report(started_at=now(), mode=self.mode, target=self.target_label)
        for done, result in enumerate(self.results(scenarios), start=1):
            report.results.append(result)
            if on_result is not None:
                on_result(done, len(scenarios), result)
        return report
