"""The runner against a drop-in sandbox of a vendor with several services: each catalog entry
goes to the port of the service that answers it (the catalog names the service, the control
plane its port's URL)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.core.history import HistoryStore
from console.core.redactors import console_redactor
from console.registry import ConsoleSettings
from console.runner import catalog
from console.runner.runner import Runner
from sandbox.core.dropin import DropIn


@pytest.fixture(params=["hypersign-kyc", "onekyc-siv"])
def dropin(request) -> Iterator[DropIn]:
    running = DropIn(request.param).start()
    yield running
    running.stop()


def test_every_scenario_passes_on_the_vendor_s_drop_in(dropin: DropIn, tmp_path: Path) -> None:
    entries = catalog.fetch(dropin.url())
    served = {s.served_at for s in entries}
    assert served == set(dropin.urls.values())  # every service's port is used, and only they
    store = HistoryStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")
    with Runner(dropin.url(), store, console_redactor(ConsoleSettings())) as runner:
        report = runner.run(entries)
    failed = {r.key: r.summary for r in report.results if r.outcome != "passed"}
    assert failed == {}
    assert report.totals["passed"] == len(entries) > 0
