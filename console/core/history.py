"""The session history: journeys and their exchanges, in SQLite by default (any SQLAlchemy URL).

Everything written here is already redacted by the recorder: secrets never, PII masked unless
the user unmasked it in settings.
"""

import csv
import io
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import make_url

from kyc_adapters.recorder import Exchange

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


@dataclass(frozen=True)
class HistoryFilter:
    vendors: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    text: str = ""
    journey_id: str | None = None


class HistoryStore:
    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine = create_engine(url)
        metadata.create_all(self.engine)

    # --- writing ------------------------------------------------------------------------

    def new_journey(self, vendor: str, mode: str, summary: str = "") -> str:
        journey_id = f"j-{uuid.uuid4().hex[:16]}"
        now = datetime.now(UTC)
        with self.engine.begin() as db:
            db.execute(
                insert(journeys).values(
                    id=journey_id,
                    vendor=vendor,
                    mode=mode,
                    started_at=now,
                    updated_at=now,
                    outcome="in_progress",
                    summary=summary,
                )
            )
        return journey_id

    def finish_journey(self, journey_id: str, outcome: str, summary: str | None = None) -> None:
        values: dict[str, Any] = {"outcome": outcome, "updated_at": datetime.now(UTC)}
        if summary is not None:
            values["summary"] = summary
        with self.engine.begin() as db:
            db.execute(update(journeys).where(journeys.c.id == journey_id).values(**values))

    def sink(self, vendor: str, mode: str) -> Callable[[Exchange], None]:
        """A recorder sink for one vendor and mode; each exchange names its own journey."""

        def write(exchange: Exchange) -> None:
            self.record_exchange(exchange.journey_id or UNASSIGNED, vendor, mode, exchange)

        return write

    def record_exchange(self, journey_id: str, vendor: str, mode: str, exchange: Exchange) -> None:
        """Stores the adapter's verdict (`exchange.outcome`), never the bare HTTP status."""
        error = exchange.error
        if exchange.outcome != "success" and not error:
            error = vendor_message(exchange.response_body)
        self._insert(
            journey_id=journey_id,
            vendor=vendor,
            mode=mode,
            kind="http",
            step=exchange.step,
            at=exchange.started_at,
            method=exchange.method,
            url=exchange.url,
            status_code=exchange.status_code,
            latency_ms=exchange.latency_ms,
            outcome=exchange.outcome,
            error=error,
            request={"headers": exchange.request_headers, "body": exchange.request_body},
            response={"headers": exchange.response_headers, "body": exchange.response_body},
        )

    def interrupt_unfinished(self) -> int:
        """Journeys still in progress when a console process starts were cut off by the last
        one's end: mark them interrupted. Returns how many."""
        with self.engine.begin() as db:
            result = db.execute(
                update(journeys)
                .where(journeys.c.outcome == "in_progress")
                .values(outcome="interrupted", updated_at=datetime.now(UTC))
            )
        return result.rowcount or 0

    def record_event(
        self,
        journey_id: str,
        vendor: str,
        mode: str,
        *,
        kind: str,
        step: str,
        outcome: str,
        error: str | None = None,
        detail: Any = None,
    ) -> None:
        """Something that is not an HTTP call of ours: rejected input, an incoming webhook."""
        self._insert(
            journey_id=journey_id,
            vendor=vendor,
            mode=mode,
            kind=kind,
            step=step,
            at=datetime.now(UTC),
            outcome=outcome,
            error=error,
            request=detail,
        )

    def _insert(self, **values: Any) -> None:
        with self.engine.begin() as db:
            db.execute(insert(exchanges).values(**values))
            db.execute(
                update(journeys)
                .where(journeys.c.id == values["journey_id"])
                .values(updated_at=values["at"])
            )

    # --- reading ------------------------------------------------------------------------

    def exchanges(self, where: HistoryFilter = HistoryFilter(), limit: int = 5000) -> pd.DataFrame:
        query = select(exchanges).order_by(exchanges.c.at.desc(), exchanges.c.id.desc())
        if where.vendors:
            query = query.where(exchanges.c.vendor.in_(where.vendors))
        if where.outcomes:
            query = query.where(exchanges.c.outcome.in_(where.outcomes))
        if where.journey_id:
            query = query.where(exchanges.c.journey_id == where.journey_id)
        if where.since:
            query = query.where(exchanges.c.at >= datetime.combine(where.since, time(), UTC))
        if where.until:
            end = datetime.combine(where.until + timedelta(days=1), time(), UTC)
            query = query.where(exchanges.c.at < end)
        if where.text:
            like = f"%{where.text}%"
            query = query.where(
                or_(
                    exchanges.c.step.ilike(like),
                    exchanges.c.url.ilike(like),
                    exchanges.c.error.ilike(like),
                    exchanges.c.journey_id.ilike(like),
                )
            )
        with self.engine.connect() as db:
            rows = db.execute(query.limit(limit)).mappings().all()
        return pd.DataFrame([dict(r) for r in rows], columns=COLUMNS)

    def journey(self, journey_id: str) -> dict | None:
        with self.engine.connect() as db:
            row = db.execute(select(journeys).where(journeys.c.id == journey_id)).mappings().first()
        return dict(row) if row else None

    def journey_exchanges(self, journey_id: str) -> list[dict]:
        """A journey's exchanges in the order they happened."""
        query = (
            select(exchanges)
            .where(exchanges.c.journey_id == journey_id)
            .order_by(exchanges.c.at, exchanges.c.id)
        )
        with self.engine.connect() as db:
            return [dict(r) for r in db.execute(query).mappings().all()]

    def export_json(self, where: HistoryFilter = HistoryFilter()) -> bytes:
        frame = self.exchanges(where)
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        return json.dumps(records, indent=2, ensure_ascii=False).encode()

    def export_csv(self, where: HistoryFilter = HistoryFilter()) -> bytes:
        frame = self.exchanges(where)
        for column in ("request", "response"):
            frame[column] = frame[column].map(lambda v: json.dumps(v, ensure_ascii=False))
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC)
        return buffer.getvalue().encode()


def vendor_message(body: Any) -> str | None:
    """The vendor's own error text from whichever documented error shape it used."""
    if not isinstance(body, dict):
        return str(body)[:300] if body else None
    error = body.get("error")
    if isinstance(error, dict):
        return error.get("message") or error.get("code")
    for key in ("error", "detail", "message"):
        value = body.get(key)
        if value:
            return value if isinstance(value, str) else json.dumps(value)
    return None
