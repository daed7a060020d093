"""Schema migrations: a history database made before them (create_all, no version table)
upgrades in place when a HistoryStore opens it, rows intact; migrations and the declared
tables agree; stores opening one database at once upgrade it once. SQLite and PostgreSQL."""

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    insert,
    inspect,
    make_url,
    text,
)

from console.core import migrations
from console.core.history import HistoryFilter, HistoryStore
from console.core.history_schema import SEARCH_INDEX, SEARCH_TABLE, metadata
from kyc_adapters.recorder import Exchange

# The history's tables as commit 5089fd5 declared them (create_all, before migrations): a
# literal copy, so that this test keeps building yesterday's database whatever today's is.
OLD = MetaData()
Table(
    "journeys",
    OLD,
    Column("id", String(40), primary_key=True),
    Column("vendor", String(40), nullable=False, index=True),
    Column("mode", String(10), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("outcome", String(40), nullable=False, default="in_progress"),
    Column("summary", Text, nullable=False, default=""),
)
Table(
    "exchanges",
    OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("journey_id", String(40), nullable=False, index=True),
    Column("vendor", String(40), nullable=False, index=True),
    Column("mode", String(10), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("step", String(60), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("method", String(10), nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("status_code", Integer),
    Column("latency_ms", Float),
    Column("outcome", String(20), nullable=False),
    Column("error", Text),
    Column("request", JSON),
    Column("response", JSON),
)
Table(
    "callbacks",
    OLD,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("vendor", String(40), nullable=False),
    Column("key", String(200), nullable=False),
    Column("journey_id", String(40), nullable=False, index=True),
    Column("mode", String(10), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, index=True),
    Column("last_received_at", DateTime(timezone=True), nullable=False),
    Column("deliveries", Integer, nullable=False, default=1),
    Column("body", JSON),
    UniqueConstraint("vendor", "key", name="uq_callbacks_vendor_key"),
)
AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def engine_for(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url)


def yesterdays_database(url: str) -> None:
    """The old tables with a journey, two exchanges and a callback in them."""
    engine = engine_for(url)
    OLD.create_all(engine)
    tables = OLD.tables
    with engine.begin() as db:
        db.execute(
            insert(tables["journeys"]).values(
                id="j-old",
                vendor="v",
                mode="sandbox",
                started_at=AT,
                updated_at=AT,
                outcome="downloaded",
                summary="by idType C",
            )
        )
        db.execute(
            insert(tables["exchanges"]),
            [
                {
                    "journey_id": "j-old",
                    "vendor": "v",
                    "mode": "sandbox",
                    "kind": "http",
                    "step": step,
                    "at": AT,
                    "method": "POST",
                    "url": f"http://x/{step}",
                    "status_code": 200,
                    "latency_ms": 3.0,
                    "outcome": "success",
                    "request": {"body": {"idNo": "XXXXXX234F"}},
                    "response": {"body": {}},
                }
                for step in ("start", "validate-otp")
            ],
        )
        db.execute(
            insert(tables["callbacks"]).values(
                vendor="v",
                key="sub-1",
                journey_id="j-old",
                mode="sandbox",
                received_at=AT,
                last_received_at=AT,
                deliveries=1,
                body={"result": "VALID"},
            )
        )
    engine.dispose()


def revision(url: str) -> str | None:
    engine = engine_for(url)
    with engine.connect() as db:
        found = migrations.current(db)
    engine.dispose()
    return found


def test_yesterdays_database_upgrades_in_place_with_its_rows(history_url: str) -> None:
    yesterdays_database(history_url)
    assert revision(history_url) is None
    store = HistoryStore(history_url)
    assert revision(history_url) == migrations.head() == "0004"
    columns = {c["name"] for c in inspect(store.engine).get_columns("exchanges")}
    assert {"contract", "error_code", "search_text"} <= columns
    assert store.journey("j-old")["origin"] == "flow"
    # The old rows' search_text was filled in, and the index answers for them.
    assert store.count(HistoryFilter(text="validate-otp")).journeys == 1
    assert store.count(HistoryFilter(text="X/START")).exchanges == 2  # the whole journey
    assert store.count(HistoryFilter(text="x/status")).exchanges == 0
    old = store.journey_exchanges("j-old")
    assert [(r["step"], r["request"], r["contract"], r["error_code"]) for r in old] == [
        ("start", {"body": {"idNo": "XXXXXX234F"}}, None, None),
        ("validate-otp", {"body": {"idNo": "XXXXXX234F"}}, None, None),
    ]
    assert store.journey("j-old")["summary"] == "by idType C"
    assert store.callback("v", "sub-1")["body"] == {"result": "VALID"}
    assert store.save_callback("v", "sub-1", journey_id="j-old", mode="sandbox", body={}) is False
    assert store.callback("v", "sub-1")["deliveries"] == 2  # the old unique constraint holds

    finding = [{"path": "$.status", "problem": "missing"}]
    store.record_exchange(
        "j-old",
        "v",
        "sandbox",
        Exchange(
            journey_id="j-old",
            step="status",
            method="GET",
            url="http://x/status",
            request_headers={},
            request_body=None,
            started_at=datetime.now(UTC),
            latency_ms=4.0,
            status_code=422,
            outcome="failure",
            contract=finding,
            error_code="ER_NO_STATUS",
        ),
    )
    [new] = [r for r in store.journey_exchanges("j-old") if r["step"] == "status"]
    assert (new["contract"], new["error_code"]) == (finding, "ER_NO_STATUS")
    assert store.count(HistoryFilter(text="XXXXXX234F")).exchanges == 3
    store.engine.dispose()


def test_revision_0004_tells_the_runners_and_the_resends_journeys_by_what_they_wrote(
    history_url: str,
) -> None:
    """Yesterday's journeys: the runner's (summary "scenario <id>") become 'runner', the
    re-sends' (outcome 'resent', or a refused re-send) 'resend', the rest 'flow'; the Source
    filter then reads them, and a journey started after it is a flow's unless told."""
    yesterdays_database(history_url)
    engine = engine_for(history_url)
    old = [
        ("j-runner", "scenario hyperverge-ckyc/otp-invalid", "error"),
        ("j-resent", "re-sent start of journey j-old, edited", "resent"),
        ("j-refused", "re-send refused", "rejected"),
        ("j-cut", "re-sent start of journey j-old, edited", "interrupted"),
        ("j-walk", "a scenario of our own, by hand", "downloaded"),  # "scenario " not first
    ]
    with engine.begin() as db:
        db.execute(
            insert(OLD.tables["journeys"]),
            [
                {"id": i, "vendor": "v", "mode": "sandbox", "started_at": AT, "updated_at": AT}
                | {"outcome": outcome, "summary": summary}
                for i, summary, outcome in old
            ],
        )
        db.execute(
            insert(OLD.tables["exchanges"]),
            [
                {"journey_id": i, "vendor": "v", "mode": "sandbox", "kind": "http"}
                | {"step": "start", "at": AT, "method": "POST", "url": "http://x/start"}
                | {"status_code": 200, "latency_ms": 3.0, "outcome": "success"}
                for i, _, _ in old
            ],
        )
    engine.dispose()
    store = HistoryStore(history_url)
    found = store.journeys(["j-old", *(i for i, _, _ in old)])
    assert {i: j["origin"] for i, j in found.items()} == {
        "j-old": "flow",
        "j-runner": "runner",
        "j-resent": "resend",
        "j-refused": "resend",
        "j-cut": "resend",
        "j-walk": "flow",
    }
    runner = store.count(HistoryFilter(origins=("runner",)))
    assert (runner.journeys, runner.exchanges) == (1, 1)
    assert store.count(HistoryFilter(origins=("flow", "resend"))).journeys == 5
    assert store.count(HistoryFilter(origins=("flow",))).exchanges == 3  # j-old's two, j-walk's
    assert store.journey(store.new_journey("v", "sandbox"))["origin"] == "flow"
    store.engine.dispose()

    engine = engine_for(history_url)
    with engine.begin() as db:  # and back: the column and its index go
        command.downgrade(migrations.config(db), "0003")
    assert "origin" not in {c["name"] for c in inspect(engine).get_columns("journeys")}
    assert "ix_journeys_origin" not in {i["name"] for i in inspect(engine).get_indexes("journeys")}
    engine.dispose()


def test_an_empty_database_goes_straight_to_the_newest_revision(history_url: str) -> None:
    HistoryStore(history_url).engine.dispose()
    assert revision(history_url) == migrations.head()
    HistoryStore(history_url).engine.dispose()  # opening it again changes nothing
    assert revision(history_url) == migrations.head()


def test_the_migrations_build_exactly_the_declared_tables(history_url: str) -> None:
    """Revision after revision from nothing, then compared with history_schema.py: a column or
    an index declared there and not migrated (or the other way) is a difference."""
    engine = engine_for(history_url)
    with engine.begin() as db:
        command.upgrade(migrations.config(db), "head")
    with engine.connect() as db:
        options = {
            "include_object": _compared(db.dialect.name),
            "version_table": migrations.VERSION_TABLE,
        }
        assert compare_metadata(MigrationContext.configure(db, opts=options), metadata) == []
    engine.dispose()


def _compared(dialect: str):
    """What compare_metadata compares: not the search index's dialect-only objects, which
    a MetaData cannot say (SQLite's FTS5 table and its shadow tables; the GIN index, which
    the schema makes on PostgreSQL only: alembic ignores Index.ddl_if). The next test
    compares those between create_all and the migrations."""

    def include(_object, name: str | None, kind: str, _reflected, _compare_to) -> bool:
        if kind == "table":
            return not (name or "").startswith(SEARCH_TABLE)
        return not (kind == "index" and name == SEARCH_INDEX and dialect != "postgresql")

    return include


def search_objects(engine: Engine) -> list[tuple]:
    """The search index's schema objects as the database lists them."""
    with engine.connect() as db:
        if db.dialect.name == "sqlite":
            query = "SELECT type, name, sql FROM sqlite_master WHERE name LIKE 'exchanges_search%'"
        else:
            query = "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search%'"
        return sorted(tuple(row) for row in db.execute(text(query)))


def test_the_search_index_is_the_same_however_the_database_was_made(
    history_url: str, tmp_path
) -> None:
    """create_all (an empty database) and revision 0003 (an old one) make the same FTS5
    table and triggers, or the same GIN index; downgrading removes them and search_text."""
    HistoryStore(history_url).engine.dispose()
    created = engine_for(history_url)
    migrated_url = (
        f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        if history_url.startswith("sqlite")
        else make_url(history_url).set(database=_new_database(created)).render_as_string(False)
    )
    yesterdays_database(migrated_url)
    HistoryStore(migrated_url).engine.dispose()
    migrated = engine_for(migrated_url)
    made = search_objects(created)
    assert made == search_objects(migrated)
    expected = 8 if created.dialect.name == "sqlite" else 1  # fts5 + 4 shadow tables + 3 triggers
    assert len(made) == expected, made
    with migrated.begin() as db:
        command.downgrade(migrations.config(db), "0002")
    assert search_objects(migrated) == []
    assert "search_text" not in {c["name"] for c in inspect(migrated).get_columns("exchanges")}
    created.dispose()
    migrated.dispose()


def _new_database(engine: Engine) -> str:
    name = f"migrated_{uuid.uuid4().hex[:12]}"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.execute(text(f'CREATE DATABASE "{name}"'))
    return name


def test_stores_opening_yesterdays_database_at_once_upgrade_it_once(history_url: str) -> None:
    yesterdays_database(history_url)
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: HistoryStore(history_url), range(4)))
    assert revision(history_url) == migrations.head()
    assert len(stores[0].journey_exchanges("j-old")) == 2
    for store in stores:
        store.engine.dispose()


def test_another_alembic_project_in_the_same_database_is_left_alone(history_url: str) -> None:
    """A PostgreSQL database shared with another Alembic project: its alembic_version names a
    revision of its own, which the console neither reads as its own nor touches."""
    engine = engine_for(history_url)
    with engine.begin() as db:
        db.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        db.exec_driver_sql("INSERT INTO alembic_version VALUES ('f00dcafe1234')")
    HistoryStore(history_url).engine.dispose()
    assert revision(history_url) == migrations.head()
    with engine.connect() as db:
        assert db.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [
            ("f00dcafe1234",)
        ]
    engine.dispose()
