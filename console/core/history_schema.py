"""The history's two tables: journeys, and the exchanges each is made of."""

from sqlalchemy import JSON, Column, DateTime, Float, Integer, MetaData, String, Table, Text

UNASSIGNED = "unassigned"  # an exchange made outside any journey

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
)
exchanges = Table(
    "exchanges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("journey_id", String(40), nullable=False, index=True),
    Column("vendor", String(40), nullable=False, index=True),
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
    Column("request", JSON),
    Column("response", JSON),
)
COLUMNS = [c.name for c in exchanges.columns]
LIGHT = [c for c in exchanges.columns if c.name not in ("request", "response")]
