"""A run: the chosen scenarios one after another, each a journey in history, into a Report."""

from collections.abc import Callable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit, urlunsplit

from console.core.clients import secret_values
from console.core.history import HistoryStore
from console.core.settings import CoreSettings
from console.registry import VENDORS
from console.runner.catalog import Scenario
from console.runner.execute import Sender, Target
from console.runner.report import Report, Result, now
from kyc_adapters.redaction import Redactor

TIMEOUT = 120.0  # a first document read in the sandbox loads its OCR and face models


class BadTarget(ValueError):
    """A live base URL that cannot be used; the message names the vendor, never a secret."""


def redactor_for(settings: CoreSettings) -> Redactor:
    """The console's redaction (console/core/page.py) without Streamlit: every vendor's secret
    and personal-data keys, and the configured secret values."""
    return Redactor(
        secret_keys={k for v in VENDORS for k in v.secret_keys},
        pii_keys={k for v in VENDORS for k in v.pii_keys},
        secret_values=secret_values(settings, VENDORS),
        mask_pii=settings.mask_pii,
    )


def shown_url(url: str) -> str:
    """A URL without any user:password@."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))


class Runner:
    """Sends scenarios to the sandbox (`mode="sandbox"`, a reset before each) or, in live
    mode, to each vendor's base URL in `base_urls` in place of its sandbox prefix."""

    def __init__(
        self,
        sandbox_url: str,
        store: HistoryStore,
        redactor: Redactor,
        *,
        mode: str = "sandbox",
        base_urls: Mapping[str, str] | None = None,
        timeout: float = TIMEOUT,
    ) -> None:
        if mode not in ("sandbox", "live"):
            raise BadTarget(f"Unknown mode {mode!r}: sandbox or live.")
        urls = dict(base_urls or {}) if mode == "live" else {}
        for vendor, url in urls.items():
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise BadTarget(f"The live base URL for {vendor} is not an http(s) URL.")
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
        return " ".join(f"{v}={shown_url(u)}" for v, u in sorted(self.target.base_urls.items()))

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
