"""Alembic's entry: migrations run on the connection HistoryStore hands over (inside its lock
and transaction, see console/core/migrations/__init__.py), or, from the `alembic` command
line, on KYC_HISTORY_URL's database."""

from alembic import context
from sqlalchemy import create_engine

from console.core.history_schema import metadata
from console.core.migrations import VERSION_TABLE

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE)
    with context.begin_transaction():  # a no-op inside the caller's transaction
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from console.core.settings import CoreSettings

    url = config.get_main_option("sqlalchemy.url") or CoreSettings().history_url
    with create_engine(url).begin() as connection:
        run(connection)
