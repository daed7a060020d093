"""Exchanges carry search_text (what a search looks in, lowercased and bounded), filled in
for the rows already there, and an index over it: on SQLite an FTS5 trigram table kept in
step by triggers, on PostgreSQL a pg_trgm GIN index (none when the server lacks pg_trgm:
search then reads search_text without it).

The DDL is written out here, not taken from history_schema.py, so that this revision keeps
doing what it did; tests/console/test_migrations.py checks it builds what create_all does.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from console.core.history_query import searchable
from console.core.history_schema import trigram_ready

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BACKFILL_BATCH = 5000
SQLITE_UP = (
    "CREATE VIRTUAL TABLE exchanges_search USING fts5(search_text, content='exchanges', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')",
    "INSERT INTO exchanges_search(exchanges_search) VALUES ('rebuild')",
    "CREATE TRIGGER exchanges_search_insert AFTER INSERT ON exchanges BEGIN "
    "INSERT INTO exchanges_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER exchanges_search_delete AFTER DELETE ON exchanges BEGIN "
    "INSERT INTO exchanges_search(exchanges_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER exchanges_search_update AFTER UPDATE OF search_text ON exchanges BEGIN "
    "INSERT INTO exchanges_search(exchanges_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO exchanges_search(rowid, search_text) VALUES (new.id, new.search_text); END",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS exchanges_search_update",
    "DROP TRIGGER IF EXISTS exchanges_search_delete",
    "DROP TRIGGER IF EXISTS exchanges_search_insert",
    "DROP TABLE IF EXISTS exchanges_search",
)
EXCHANGES = sa.table(
    "exchanges",
    sa.column("id", sa.Integer),
    sa.column("journey_id", sa.String),
    sa.column("step", sa.String),
    sa.column("url", sa.Text),
    sa.column("error", sa.Text),
    sa.column("request", sa.JSON),
    sa.column("response", sa.JSON),
    sa.column("search_text", sa.Text),
)


def upgrade() -> None:
    op.add_column("exchanges", sa.Column("search_text", sa.Text))
    db = op.get_bind()
    _backfill(db)
    if db.dialect.name == "sqlite":
        for statement in SQLITE_UP:  # after the backfill: the index is built once, not per row
            op.execute(statement)
    elif db.dialect.name == "postgresql" and trigram_ready(db):
        op.execute(
            "CREATE INDEX ix_exchanges_search_text ON exchanges "
            "USING gin (search_text gin_trgm_ops)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    else:
        op.execute("DROP INDEX IF EXISTS ix_exchanges_search_text")
    op.drop_column("exchanges", "search_text")


def _backfill(db: sa.Connection) -> None:
    """Every existing row's search_text, as the store writes it (history_query.searchable),
    BACKFILL_BATCH rows at a time in id order."""
    t = EXCHANGES.c
    after = 0
    while True:
        query = (
            sa.select(t.id, t.journey_id, t.step, t.url, t.error, t.request, t.response)
            .where(t.id > after)
            .order_by(t.id)
            .limit(BACKFILL_BATCH)
        )
        rows = db.execute(query).mappings().all()
        if not rows:
            return
        db.execute(
            sa.update(EXCHANGES).where(t.id == sa.bindparam("row_id")),
            [{"row_id": r["id"], "search_text": searchable(r)} for r in rows],
        )
        after = rows[-1]["id"]
