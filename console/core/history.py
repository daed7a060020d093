"""The session history: journeys and their exchanges, in SQLite by default (any SQLAlchemy URL).

Everything written here is already redacted by the recorder or the receiver: secrets never,
personal data masked unless KYC_MASK_PII is off.
"""

import csv
import io
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace as dataclass_replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import (
    and_,
    create_engine,
    delete,
    distinct,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError

from console.core import migrations
from console.core.har import har_bytes
from console.core.history_query import (
    EVERYTHING,
    Counts,
    HistoryFilter,
    conditions,
    figure_queries,
    search_forms,
    searchable,
    subjects_query,
)
from console.core.history_schema import (
    COLUMNS,
    LIGHT,
    ORIGINS,
    STORED,
    UNASSIGNED,
    callbacks,
    exchanges,
    journeys,
)
from console.core.history_writer import writer_for
from kyc_adapters.recorder import Exchange

__all__ = [  # what callers import from here; the tables and filters live beside it
    "COLUMNS",
    "ORIGINS",
    "UNASSIGNED",
    "Counts",
    "HistoryFilter",
    "HistoryStore",
    "search_forms",
    "vendor_message",
]


def _as_is(row: dict) -> dict:
    return row


Clean = Callable[[dict], dict]


class HistoryWriteError(Exception):
    """Rows the database refused; the writer logs it and goes on."""


class HistoryStore:
    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        # Non-ASCII stored as itself, so a search for a name with accents finds it.
        sqlite = parsed.drivername.startswith("sqlite")
        self.engine = create_engine(
            url,
            json_serializer=partial(json.dumps, ensure_ascii=False),
            # Another process (a second console) may hold SQLite's write lock for a batch.
            connect_args={"timeout": SQLITE_BUSY_SECONDS} if sqlite else {},
        )
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrations.upgrade(self.engine)  # tables made or brought up to date, under a lock
        self._writer = writer_for(url, self._write_batch)
        self._arrivals, self._saving = _callback_sync(url, parsed.drivername.startswith("sqlite"))

    # --- writing ------------------------------------------------------------------------

    def new_journey(self, vendor: str, mode: str, summary: str = "", origin: str = "flow") -> str:
        """A journey started now, in progress; `origin` is one of ORIGINS (who started it:
        a flow's page, the scenario runner, History's re-send)."""
        if origin not in ORIGINS:
            raise ValueError(f"origin {origin!r} is not one of {ORIGINS}")
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
                    origin=origin,
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
            error_code=exchange.error_code,
            request={"headers": exchange.request_headers, "body": exchange.request_body},
            response={"headers": exchange.response_headers, "body": exchange.response_body},
            contract=exchange.contract,
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

    def purge_older_than(self, days: int, now: datetime | None = None) -> int:
        """Deletes the journeys started more than `days` days before `now` (0: none), with
        their exchanges and callbacks, and the exchanges and callbacks of no journey that
        are that old themselves; in SQL, PURGE_BATCH journeys a transaction, so a large
        purge never holds the database for long. Returns how many journeys went."""
        if days <= 0:
            return 0
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        self._writer.flush()  # rows handed over before the purge are purged with their journey
        purged = 0
        while True:
            with self.engine.begin() as db:
                batch = (
                    select(journeys.c.id).where(journeys.c.started_at < cutoff).limit(PURGE_BATCH)
                )
                ids = list(db.execute(batch).scalars())
                if not ids:
                    break
                db.execute(delete(exchanges).where(exchanges.c.journey_id.in_(ids)))
                db.execute(delete(callbacks).where(callbacks.c.journey_id.in_(ids)))
                db.execute(delete(journeys).where(journeys.c.id.in_(ids)))
            purged += len(ids)
        for table, at in ((exchanges, exchanges.c.at), (callbacks, callbacks.c.received_at)):
            orphans = select(journeys.c.id).where(journeys.c.id == table.c.journey_id)
            while True:  # unassigned calls, receiver rows naming no journey of ours
                with self.engine.begin() as db:
                    batch = (
                        select(table.c.id)
                        .where(at < cutoff, ~orphans.exists())
                        .limit(PURGE_BATCH * 4)
                        .scalar_subquery()
                    )
                    if not db.execute(delete(table).where(table.c.id.in_(batch))).rowcount:
                        break
        return purged

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

    # --- vendor callbacks (written synchronously: the receiver answers 200 only after) -----

    def save_callback(
        self, vendor: str, key: str, *, journey_id: str, mode: str, body: Any
    ) -> bool:
        """Stores a callback once per (vendor, key); True when it is new. Another delivery of
        the same key adds one to `deliveries` and keeps the first body. The insert and the
        increment share one transaction: the unique constraint decides, never a read first,
        so two deliveries racing (or two processes) still count right."""
        now = datetime.now(UTC)
        with self._saving, self.engine.begin() as db:
            try:
                with db.begin_nested():
                    db.execute(
                        insert(callbacks).values(
                            vendor=vendor,
                            key=key,
                            journey_id=journey_id,
                            mode=mode,
                            received_at=now,
                            last_received_at=now,
                            deliveries=1,
                            body=body,
                        )
                    )
                new = True
            except IntegrityError:
                counted = db.execute(
                    update(callbacks)
                    .where(_callback_is(vendor, key))
                    .values(deliveries=callbacks.c.deliveries + 1, last_received_at=now)
                )
                if counted.rowcount != 1:  # not a duplicate: some other constraint refused it
                    raise
                new = False
        with self._arrivals:
            self._arrivals.notify_all()
        return new

    def callback(self, vendor: str, key: str) -> dict | None:
        """The stored callback (redacted body, deliveries, journey), or None."""
        with self.engine.connect() as db:
            row = db.execute(select(callbacks).where(_callback_is(vendor, key))).mappings()
            found = row.first()
        return _callback_row(found) if found else None

    def callbacks(self, vendor: str, journey_id: str | None = None, limit: int = 200) -> list[dict]:
        """A vendor's stored callbacks, newest first; only one journey's when it is given."""
        query = select(callbacks).where(callbacks.c.vendor == vendor)
        if journey_id is not None:
            query = query.where(callbacks.c.journey_id == journey_id)
        query = query.order_by(callbacks.c.received_at.desc(), callbacks.c.id.desc()).limit(limit)
        with self.engine.connect() as db:
            return [_callback_row(r) for r in db.execute(query).mappings()]

    def wait_for_callback(
        self, vendor: str, key: str, timeout: float, deliveries: int = 1
    ) -> dict | None:
        """The callback once it is stored (by this process) `deliveries` times, or what there
        is after `timeout` seconds (None if nothing). Woken by each save, never sleeping in
        between (for tests and benches)."""
        deadline = time.monotonic() + timeout
        with self._arrivals:
            while True:
                found = self.callback(vendor, key)
                remaining = deadline - time.monotonic()
                if (found is not None and found["deliveries"] >= deliveries) or remaining <= 0:
                    return found
                self._arrivals.wait(remaining)

    def has_journey(self, journey_id: str, vendor: str) -> bool:
        """Whether `journey_id` is a journey of `vendor` (journeys are written at once)."""
        query = select(journeys.c.id).where(
            journeys.c.id == journey_id, journeys.c.vendor == vendor
        )
        with self.engine.connect() as db:
            return db.execute(query).first() is not None

    def _insert(self, **values: Any) -> None:
        self._writer.put(values)

    def _write_batch(self, rows: list[dict[str, Any]]) -> None:
        """One transaction for the batch; if it fails, row by row, so one bad row loses only
        itself. On SQLite, in turn with the callbacks' saves (see _callback_sync)."""
        try:
            with self._saving, self.engine.begin() as db:
                self._write_rows(db, rows)
        except Exception:
            lost = 0
            for row in rows:
                try:
                    with self._saving, self.engine.begin() as db:
                        self._write_rows(db, [row])
                except Exception:
                    lost += 1
            if lost:
                raise HistoryWriteError(
                    f"{lost} of {len(rows)} exchange rows could not be written"
                ) from None

    @staticmethod
    def _write_rows(db: Connection, rows: list[dict[str, Any]]) -> None:
        by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        latest: dict[str, datetime] = {}
        for row in rows:  # executemany needs one set of keys; absent keys take column defaults
            row = {**row, "search_text": searchable(row)}
            by_shape.setdefault(tuple(sorted(row)), []).append(row)
            journey_id = row["journey_id"]
            latest[journey_id] = max(row["at"], latest.get(journey_id, row["at"]))
        for same_shape in by_shape.values():
            db.execute(insert(exchanges), same_shape)
        for journey_id, at in latest.items():  # forward only: finish_journey may be later
            db.execute(
                update(journeys)
                .where(journeys.c.id == journey_id, journeys.c.updated_at < at)
                .values(updated_at=at)
            )

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection that sees every exchange handed over before it was asked for."""
        self._writer.flush()
        with self.engine.connect() as db:
            yield db

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """For queries kept outside this class (drift, comparison): flushes the background
        writer, then yields a connection that sees every exchange handed over before."""
        with self._read() as db:
            yield db

    # --- reading ------------------------------------------------------------------------
    # The page reads light rows (no request or response JSON), counted and paged in SQL; the
    # JSON of one exchange is read when it is shown.

    def count(self, where: HistoryFilter = EVERYTHING) -> Counts:
        """Exchanges and journeys matching `where`. With flows among several sources, the
        sources left out are counted and taken away from the count of all: a journey is of
        one origin, and counting the few left out reads them by ix_journeys_origin, where
        naming them in the one count tests every exchange (100,000 journeys, every day, on
        SQLite: 39 ms against 110-260 ms; over 7 days both about 45 ms)."""
        query = select(func.count(), func.count(distinct(exchanges.c.journey_id)))
        left_out = [o for o in ORIGINS if o not in where.origins]
        split = bool(where.origins) and "flow" in where.origins and bool(left_out)
        with self._read() as db:

            def counted(this: HistoryFilter) -> tuple[int, int]:
                return tuple(db.execute(query.where(*conditions(this))).one())

            if not split:
                return Counts(*counted(where))
            every = counted(dataclass_replace(where, origins=()))
            cut = counted(dataclass_replace(where, origins=tuple(left_out)))
        return Counts(every[0] - cut[0], every[1] - cut[1])

    def first_day(self) -> date | None:
        """The day of the oldest exchange recorded (UTC), None when there is none."""
        with self._read() as db:
            first = db.execute(select(func.min(exchanges.c.at))).scalar()
        if first is None:
            return None
        # PostgreSQL hands back the instant in its session's zone, SQLite a naive UTC one.
        return (first if first.tzinfo else first.replace(tzinfo=UTC)).astimezone(UTC).date()

    def rows(
        self, where: HistoryFilter = EVERYTHING, *, offset: int = 0, limit: int = 200
    ) -> list[dict]:
        """One page of matching exchanges, newest first, without their request and response."""
        query = (
            select(*LIGHT)
            .where(*conditions(where))
            .order_by(exchanges.c.at.desc(), exchanges.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self._read() as db:
            return [dict(r) for r in db.execute(query).mappings()]

    def figures(self, where: HistoryFilter = EVERYTHING) -> list[dict]:
        """Per vendor and step, over the matching HTTP calls: calls, how many came to each
        outcome, and latency p50 and p95 in ms (None when no call was timed)."""
        mix, latency = figure_queries(where)
        with self._read() as db:
            counted = [dict(r) for r in db.execute(mix).mappings()]
            timed = {(r["vendor"], r["step"]): r for r in db.execute(latency).mappings()}
        for row in counted:
            percentiles = timed.get((row["vendor"], row["step"]), {})
            row.update({name: percentiles.get(name) for name in ("p50", "p95")})
        return counted

    def subjects(
        self, journey_ids: Iterable[str], keys: Mapping[str, Sequence[str]]
    ) -> dict[str, str]:
        """Whom each journey is about, as stored (masked while KYC_MASK_PII is on): the first
        of its vendor's `keys` found in the body of the journey's first HTTP call."""
        journey_ids = list(journey_ids)
        wanted = list(dict.fromkeys(key for each in keys.values() for key in each))
        if not journey_ids or not wanted:
            return {}
        with self._read() as db:
            found = db.execute(subjects_query(journey_ids, wanted)).all()
        subjects = {}
        for journey_id, vendor, *values in found:
            by_key = dict(zip(wanted, values, strict=True))
            value = next((by_key[k] for k in keys.get(vendor, ()) if by_key[k]), None)
            if value is not None:
                subjects[journey_id] = str(value)
        return subjects

    def exchanges(self, where: HistoryFilter = EVERYTHING, limit: int = 5000):
        """Matching exchanges with everything recorded, as a pandas DataFrame (for tests and
        notebooks; pages use `count` and `rows`)."""
        import pandas as pd  # not at import: the console's pages do not need it from here

        return pd.DataFrame(list(self._full(where, limit)), columns=COLUMNS)

    def journey(self, journey_id: str) -> dict | None:
        with self._read() as db:
            row = db.execute(select(journeys).where(journeys.c.id == journey_id)).mappings().first()
        return dict(row) if row else None

    def journeys(self, journey_ids: Iterable[str]) -> dict[str, dict]:
        """The journeys among `journey_ids` that have a record, by id."""
        query = select(journeys).where(journeys.c.id.in_(list(journey_ids)))
        with self._read() as db:
            return {r["id"]: dict(r) for r in db.execute(query).mappings()}

    def steps(self, journey_id: str, limit: int = 500) -> list[dict]:
        """A journey's exchanges in the order they happened, without request and response."""
        query = (
            select(*LIGHT)
            .where(exchanges.c.journey_id == journey_id)
            .order_by(exchanges.c.at, exchanges.c.id)
            .limit(limit)
        )
        with self._read() as db:
            return [dict(r) for r in db.execute(query).mappings()]

    def exchange(self, exchange_id: int) -> dict | None:
        with self._read() as db:
            row = db.execute(select(*STORED).where(exchanges.c.id == exchange_id)).mappings()
            found = row.first()
        return dict(found) if found else None

    def journey_exchanges(self, journey_id: str) -> list[dict]:
        """A journey's exchanges in the order they happened."""
        query = (
            select(*STORED)
            .where(exchanges.c.journey_id == journey_id)
            .order_by(exchanges.c.at, exchanges.c.id)
        )
        with self._read() as db:
            return [dict(r) for r in db.execute(query).mappings().all()]

    def webhooks(self, vendor: str, limit: int = 50) -> list[dict]:
        """What the receiver logged for `vendor` (every delivery, refused ones too), newest
        first: a page's webhook inbox."""
        query = (
            select(*STORED)
            .where(exchanges.c.vendor == vendor, exchanges.c.kind == "webhook")
            .order_by(exchanges.c.at.desc(), exchanges.c.id.desc())
            .limit(limit)
        )
        with self._read() as db:
            return [dict(r) for r in db.execute(query).mappings().all()]

    def export_json(self, where: HistoryFilter = EVERYTHING, clean: Clean = _as_is) -> bytes:
        """Every matching exchange, newest first; status codes stay integers. `clean` is the
        last pass over each row (console/core/exports.py)."""
        records = [_exportable(clean(row)) for row in self._full(where)]
        return json.dumps(records, indent=2, ensure_ascii=False).encode()

    def export_har(self, where: HistoryFilter = EVERYTHING, clean: Clean = _as_is) -> bytes:
        """The matching HTTP exchanges as a HAR 1.2 log, oldest first (console/core/har.py)."""
        return har_bytes(clean(row) for row in self._full(where))

    def export_csv(self, where: HistoryFilter = EVERYTHING, clean: Clean = _as_is) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, [*COLUMNS, JOURNEY_OUTCOME])
        writer.writeheader()
        for row in self._full(where):
            record = _exportable(clean(row))
            for column in ("request", "response", "contract"):
                record[column] = json.dumps(record[column], ensure_ascii=False)
            writer.writerow(record)
        return buffer.getvalue().encode()

    def _full(self, where: HistoryFilter, limit: int | None = None) -> Iterator[dict]:
        # Each exchange with its journey's outcome: a flow's verdict (approve, downloaded, ...)
        # is the journey's, while the exchange's own outcome is the call's.
        query = (
            select(*STORED, journeys.c.outcome.label(JOURNEY_OUTCOME))
            .select_from(exchanges.outerjoin(journeys, journeys.c.id == exchanges.c.journey_id))
            .where(*conditions(where))
            .order_by(exchanges.c.at.desc(), exchanges.c.id.desc())
            .limit(limit)
        )
        with self._read() as db:
            for row in db.execute(query).mappings():
                yield dict(row)


JOURNEY_OUTCOME = "journey_outcome"
SQLITE_BUSY_SECONDS = 30
SQLITE_MMAP_BYTES = 1 << 30  # address space, not memory: pages come from the OS cache
PURGE_BATCH = 500  # journeys deleted a transaction
_sync_lock = threading.Lock()
_syncs: dict[str, tuple[threading.Condition, Any]] = {}


def _callback_sync(url: str, serial: bool) -> tuple[threading.Condition, Any]:
    """Per database in a process: the Condition a save notifies (every store of that database
    waits on the same one), and the lock saves take. SQLite has one writer at a time anyway;
    queueing here rather than in its busy handler (which sleeps and retries) keeps a burst of
    deliveries from waiting longer than they must."""
    with _sync_lock:
        if url not in _syncs:
            _syncs[url] = (threading.Condition(), threading.Lock() if serial else _NoLock())
        return _syncs[url]


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _callback_is(vendor: str, key: str):
    return and_(callbacks.c.vendor == vendor, callbacks.c.key == key)


def _callback_row(row) -> dict:
    found = dict(row)
    for column in ("received_at", "last_received_at"):
        at = found[column]
        if at is not None and at.tzinfo is None:  # SQLite hands back naive UTC
            found[column] = at.replace(tzinfo=UTC)
    return found


def _exportable(row: dict) -> dict:
    at = row["at"]
    if at is not None and at.tzinfo is None:  # SQLite hands back the UTC time it was given, naive
        at = at.replace(tzinfo=UTC)
    return {**row, "at": at.isoformat() if at is not None else None}


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


def _sqlite_pragmas(connection, _record) -> None:
    """WAL: readers never wait for the writer; NORMAL: no fsync per commit (safe in WAL);
    reads through a memory map of the file (the OS's page cache, shared by every connection):
    counting 350,000 exchanges took half the time (bench/history_scale.py)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()
