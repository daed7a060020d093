"""The history's tables: journeys, the exchanges each is made of, and the vendor callbacks
the receiver stored (once each, by the vendor's own key); and the search index over the
exchanges' `search_text` (history_query.searchable): on SQLite an FTS5 trigram table kept in
step by triggers, on PostgreSQL a pg_trgm GIN index.

create_all makes all of it (an empty database); migrations 0002-0004 make the same for one
that was there before (tests/console/test_migrations.py compares the two)."""

from sqlalchemy import (
    DDL,
    JSON,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)

UNASSIGNED = "unassigned"  # an exchange made outside any journey
# Where a journey came from; an exchange of no journey counts as a flow's.
ORIGINS = ("flow", "runner", "resend")

metadata = MetaData()
journeys = Table(
    "journeys",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("vendor", String(40), nullable=False, index=True),
    Column("mode", String(10), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(40), nullable=False, default="in_progress"),
    Column("summary", Text, nullable=False, default=""),
    # Who started it (ORIGINS): a flow's page, the scenario runner, History's re-send.
    Column("origin", String(20), nullable=False, default="flow", server_default="flow"),
    # The Source filters name the few journeys left out (history_query.conditions).
    Index("ix_journeys_origin", "origin"),
)
exchanges = Table(
    "exchanges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("journey_id", String(40), nullable=False, index=True),
    Column("vendor", String(40), nullable=False),
    Column("mode", String(10), nullable=False),
    Column("kind", String(10), nullable=False),  # http | input | webhook
    Column("step", String(60), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("method", String(10), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("status_code", Integer),
    Column("latency_ms", Float),
    Column("outcome", String(20), nullable=False),  # success | failure | error | rejected
    Column("error", Text),
    Column("error_code", String(80)),  # the vendor's own error code, as the adapter read it
    Column("request", JSON),
    Column("response", JSON),
    # The contract check's findings on the response (console/core/contract.py): [] none,
    # NULL not checked (an input row, a call without answer, a vendor without a contract).
    Column("contract", JSON),
    # What a search looks in, lowercased and bounded (history_query.searchable).
    Column("search_text", Text),
    # What the History filters narrow by, newest first within it (bench/history_scale.py:
    # a vendor, outcome and date filter on 100,000 journeys, 160 -> 8 ms on SQLite).
    Index("ix_exchanges_vendor_at", "vendor", "at"),
    Index("ix_exchanges_outcome_at", "outcome", "at"),
)
# What is read back and exported: search_text is the index's, derived from these.
STORED = [c for c in exchanges.columns if c.name != "search_text"]
COLUMNS = [c.name for c in STORED]
LIGHT = [c for c in STORED if c.name not in ("request", "response")]
# One row per callback (vendor, key), written before the receiver answers 200; a delivery of
# the same key again counts in `deliveries` and keeps the first body (redacted, clipped).
MAX_CALLBACK_KEY = 200
callbacks = Table(
    "callbacks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("vendor", String(40), nullable=False),
    Column("key", String(MAX_CALLBACK_KEY), nullable=False),
    Column("journey_id", String(40), nullable=False, index=True),
    Column("mode", String(10), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("last_received_at", DateTime(timezone=True), nullable=False),
    Column("deliveries", Integer, nullable=False, default=1),
    Column("body", JSON),
    UniqueConstraint("vendor", "key", name="uq_callbacks_vendor_key"),
)


# --- the search index -------------------------------------------------------------------
SEARCH_TABLE = "exchanges_search"  # SQLite: FTS5 over exchanges.search_text, rowid = id
SEARCH_INDEX = "ix_exchanges_search_text"  # PostgreSQL: GIN (pg_trgm) on search_text
SQLITE_SEARCH = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(search_text, content='exchanges', "
    "content_rowid='id', tokenize='trigram case_sensitive 1')",  # lowercased when written
    f"CREATE TRIGGER {SEARCH_TABLE}_insert AFTER INSERT ON exchanges BEGIN "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
    f"CREATE TRIGGER {SEARCH_TABLE}_delete AFTER DELETE ON exchanges BEGIN "
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    f"CREATE TRIGGER {SEARCH_TABLE}_update AFTER UPDATE OF search_text ON exchanges BEGIN "
    f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    f"INSERT INTO {SEARCH_TABLE}(rowid, search_text) VALUES (new.id, new.search_text); END",
)


def trigram_ready(connection) -> bool:
    """PostgreSQL: pg_trgm installed in this database, installing it when the server has it
    (a trusted extension: the database's owner may). False when it cannot be had: search
    then reads search_text without an index, slower but the same answers."""
    if connection.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return True
    available = text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    if not connection.execute(available).first():
        return False
    try:
        with connection.begin_nested():  # a refusal (no privilege) must not end the transaction
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except Exception:
        return False
    return True


def _trigram_ready(ddl, target, bind, **kw) -> bool:
    return bind.dialect.name == "postgresql" and trigram_ready(bind)


Index(
    SEARCH_INDEX,
    exchanges.c.search_text,
    postgresql_using="gin",
    postgresql_ops={"search_text": "gin_trgm_ops"},
).ddl_if(callable_=_trigram_ready)
for _statement in SQLITE_SEARCH:
    event.listen(exchanges, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
event.listen(
    exchanges,
    "before_drop",
    DDL(f"DROP TABLE IF EXISTS {SEARCH_TABLE}").execute_if(dialect="sqlite"),
)
