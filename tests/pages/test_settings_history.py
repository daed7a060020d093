"""Settings' History box: where the history lives (never its password), masking, retention."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from console.core.history import HistoryStore
from console.core.history_schema import journeys
from console.core.history_view import store_sentence
from tests.pages.conftest import page, texts


def test_a_database_url_is_named_without_its_password() -> None:
    sentence = store_sentence("postgresql+psycopg://kyc:hunter2@db.example:5432/history")
    assert "hunter2" not in sentence
    assert "`history`" in sentence and "db.example:5432" in sentence
    assert "SQLite file `/tmp/h.sqlite3`" in store_sentence("sqlite:////tmp/h.sqlite3")


def test_retention_purges_old_journeys_on_request(services, tmp_path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'history.sqlite3'}"
    monkeypatch.setenv("KYC_HISTORY_URL", url)
    store = HistoryStore(url)
    old, recent = (store.new_journey("hyperverge-ckyc", "sandbox") for _ in range(2))
    with store.engine.begin() as db:
        db.execute(
            update(journeys)
            .where(journeys.c.id == old)
            .values(started_at=datetime.now(UTC) - timedelta(days=40))
        )
    at = page("settings").run()
    assert any("Every journey is kept" in m for m in texts(at.markdown))
    monkeypatch.setenv("KYC_RETENTION_DAYS", "30")
    at = page("settings").run()
    assert any("older than 30 days are purged" in m for m in texts(at.markdown))
    at.button(key="settings.purge").click().run()
    assert any("1 journey purged" in s for s in texts(at.success))
    assert store.journey(old) is None and store.journey(recent) is not None
