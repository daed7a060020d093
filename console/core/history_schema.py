"""The history's tables: journeys, the exchanges each is made of, and the vendor callbacks
the receiver stored (once each, by the vendor's own key)."""

from sqlalchemy import (
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
)

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
    # What the History filters narrow by, newest first within it (bench/history_scale.py:
    # a vendor, outcome and date filter on 100,000 journeys, 160 -> 8 ms on SQLite).
    Index("ix_exchanges_vendor_at", "vendor", "at"),
    Index("ix_exchanges_outcome_at", "outcome", "at"),
)
COLUMNS = [c.name for c in exchanges.columns]
LIGHT = [c for c in exchanges.columns if c.name not in ("request", "response")]
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
