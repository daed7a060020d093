"""A canary secret, configured as a live credential, is sent to the vendor and found nowhere
else: not in HAR, CSV or JSON exports (masked or unmasked), not in the history database's rows,
not in the rendered History or flow page."""

import sqlite3

import pytest

from console.core import exports
from console.core.history import HistoryStore
from console.core.history_query import EVERYTHING
from console.core.page import redactor
from console.registry import ConsoleSettings
from tests.pages.conftest import everything_sent, page, texts

CANARY = "CANARYk3y7f3a9c2e1d0"


@pytest.fixture
def live_ckyc(services, tmp_path, monkeypatch) -> HistoryStore:
    """CKYC in live mode with the canary as its app key, the "vendor" being the sandbox (it
    refuses the key: the 401 is recorded like any answer)."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("KYC_HISTORY_URL", f"sqlite:///{path}")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__MODE", "live")
    monkeypatch.setenv(
        "KYC_HYPERVERGE_CKYC__LIVE_BASE_URL", f"{services.sandbox_url}/hyperverge-ckyc"
    )
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_ID", "canary-app")
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", CANARY)
    return HistoryStore(f"sqlite:///{path}")


def walked():
    """Asha's PAN typed in (live mode offers no sample buttons)."""
    at = page("hyperverge_ckyc").run()
    at.text_input(key="ckyc.id_no").input("ABCPK1234F")
    at.text_input(key="ckyc.mobile").input("9876501865")
    at.button(key="ckyc.start").click().run()
    assert not at.exception
    return at


def test_the_canary_reaches_no_export_row_or_page(live_ckyc: HistoryStore) -> None:
    flow = walked()
    sent = live_ckyc.rows(EVERYTHING)
    assert [(r["step"], r["status_code"]) for r in sent] == [("start", 401)]  # it went out
    assert CANARY not in everything_sent(flow)

    settings = ConsoleSettings()
    for fmt in exports.FORMATS:
        for unmask in (False, True):
            exported = exports.build(live_ckyc, EVERYTHING, fmt, redactor(settings), unmask=unmask)
            assert exported and CANARY.encode() not in exported, (fmt, unmask)

    database = live_ckyc.url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        dump = "\n".join(db.iterdump())
    assert "canary-app" not in dump and CANARY not in dump

    history = page("history").run()
    history.session_state["history.raw"] = True
    history.session_state["history.resend"] = True
    history.run()
    assert not history.exception
    shown = everything_sent(history)
    assert "[REDACTED]" in shown  # the exchange is on the page, its key is not
    assert CANARY not in shown


@pytest.mark.parametrize("spoiled", [f" {CANARY}", f"{CANARY}\n", f"{CANARY}é"])
def test_a_spoiled_canary_is_refused_without_being_quoted(live_ckyc, monkeypatch, spoiled) -> None:
    monkeypatch.setenv("KYC_HYPERVERGE_CKYC__APP_KEY", spoiled)
    flow = walked()
    shown = everything_sent(flow)
    # The page names the setting to fix, and not its value.
    assert any("KYC_HYPERVERGE_CKYC__APP_KEY" in info for info in texts(flow.info))
    assert CANARY not in shown
    assert live_ckyc.rows(EVERYTHING) == [] or all(
        CANARY not in str(r) for r in live_ckyc.rows(EVERYTHING)
    )


def test_unmasking_an_export_shows_what_history_holds_as_typed(services, tmp_path, monkeypatch):
    """With KYC_MASK_PII=false history holds the PAN as typed; an export masks it unless the
    person unmasks it for that export."""
    path = tmp_path / "history.sqlite3"
    monkeypatch.setenv("KYC_HISTORY_URL", f"sqlite:///{path}")
    monkeypatch.setenv("KYC_MASK_PII", "false")
    walked()
    store, settings = HistoryStore(f"sqlite:///{path}"), ConsoleSettings()
    for fmt in exports.FORMATS:
        masked = exports.build(store, EVERYTHING, fmt, redactor(settings), unmask=False)
        unmasked = exports.build(store, EVERYTHING, fmt, redactor(settings), unmask=True)
        assert b"ABCPK1234F" not in masked and b"XXXXXX234F" in masked, fmt
        assert b"ABCPK1234F" in unmasked, fmt
        assert b"sandbox-app-key" not in unmasked  # secrets never, unmasked or not


def test_exports_redact_a_secret_recorded_before_it_was_configured(live_ckyc) -> None:
    """A row written while the key was not yet configured (so not known by value) still leaves
    every export without it, once the console knows it."""
    from datetime import UTC, datetime

    from kyc_adapters.recorder import Exchange

    journey = live_ckyc.new_journey("hyperverge-ckyc", "live", "before the key was set")
    live_ckyc.sink("hyperverge-ckyc", "live")(
        Exchange(
            journey_id=journey,
            step="start",
            method="POST",
            url=f"http://127.0.0.1:1/api/v1/start?note={CANARY}",
            request_headers={"X-Note": CANARY},
            request_body={"remark": f"pasted {CANARY} here"},
            started_at=datetime.now(UTC),
            latency_ms=1.0,
            status_code=400,
            response_body={"message": f"bad key {CANARY}"},
            outcome="failure",
            error=f"bad key {CANARY}",
        )
    )
    assert CANARY in str(live_ckyc.journey_exchanges(journey))  # the history holds it as written
    for fmt in exports.FORMATS:
        for unmask in (False, True):
            exported = exports.build(
                live_ckyc, EVERYTHING, fmt, redactor(ConsoleSettings()), unmask=unmask
            )
            assert CANARY.encode() not in exported, (fmt, unmask)
            assert b"[REDACTED]" in exported


def test_the_unmask_box_offers_only_what_history_can_unmask(services, monkeypatch) -> None:
    from tests.pages.test_ckyc_download_page import started

    started()
    at = page("history").run()
    assert at.checkbox(key="history.export_unmask").disabled  # recorded masked: nothing to show
    monkeypatch.setenv("KYC_MASK_PII", "false")
    at = page("history").run()
    assert not at.checkbox(key="history.export_unmask").disabled
    assert exports.file_name(exports.FORMATS["HAR"], unmask=True) == "kyc-history-unmasked.har"
    assert exports.file_name(exports.FORMATS["CSV"], unmask=False) == "kyc-history.csv"
