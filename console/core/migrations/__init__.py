"""The history database's schema migrations (Alembic), applied when a HistoryStore opens it.

`upgrade(engine)` brings any history database to the newest revision:
- one already there costs one query;
- an empty one gets the tables as history_schema.py declares them, stamped as the newest;
- one that create_all made before migrations existed (tables, no version table) is the
  first revision: stamped 0001, then upgraded;
- two processes opening the same database at once take turns: the check and the upgrade run
  in one transaction under a lock (PostgreSQL: an advisory lock held to the commit; SQLite:
  BEGIN IMMEDIATE, the file's write lock), so the second finds the work done. Both databases
  change their schema inside a transaction, so a failed upgrade leaves the old one intact.

`alembic revision -m "..."` needs `-c` pointing at a config whose script_location is this
folder; env.py then reads KYC_HISTORY_URL's database.
"""

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool

from console.core.history_schema import metadata

FOLDER = Path(__file__).resolve().parent
BASELINE = "0001"  # the schema create_all made before this package existed
LOCK_KEY = 0x6B79635F68697374  # PostgreSQL advisory lock id: "kyc_hist"
# Not Alembic's default alembic_version: a PostgreSQL database shared with another Alembic
# project would otherwise read that project's revision as ours.
VERSION_TABLE = "kyc_history_version"
SQLITE_WAIT_SECONDS = 60


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(FOLDER))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(connection: Connection) -> str | None:
    options = {"version_table": VERSION_TABLE}
    return MigrationContext.configure(connection, opts=options).get_current_revision()


def upgrade(engine: Engine) -> None:
    with engine.connect() as db:
        if current(db) == head():
            return
    locking = _immediate(engine) if _is_file_sqlite(engine) else engine
    try:
        with locking.begin() as db:
            if db.dialect.name == "postgresql":
                db.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
            _upgrade(db)
    finally:
        if locking is not engine:
            locking.dispose()


def _upgrade(db: Connection) -> None:
    found = current(db)
    if found == head():  # another process did it while this one waited for the lock
        return
    cfg = config(db)
    if found is None and not inspect(db).has_table("exchanges"):
        metadata.create_all(db)
        command.stamp(cfg, "head")
        return
    if found is None:
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, "head")


def _is_file_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")


def _immediate(engine: Engine) -> Engine:
    """An engine on the same SQLite file whose transactions begin IMMEDIATE (the write lock
    taken at BEGIN, not at the first write), with DDL inside them: pysqlite's own transaction
    handling is turned off so that SQLAlchemy's BEGIN is the only one."""
    locking = create_engine(
        engine.url, poolclass=NullPool, connect_args={"timeout": SQLITE_WAIT_SECONDS}
    )

    @event.listens_for(locking, "connect")
    def _no_driver_transactions(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(locking, "begin")
    def _begin_immediate(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return locking
