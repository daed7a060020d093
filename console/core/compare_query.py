"""The vendor comparison's figures, summed in SQL over the HTTP calls a filter matches: per
vendor and step (calls, outcome mix), latency p50/p95 per time bucket, errors by code, and one
summary row per vendor. Only aggregated rows leave the database; the SQL is SQLAlchemy Core
that SQLite and PostgreSQL both run (percentiles by nearest rank, as history_query does)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import ColumnElement, DateTime, Select, case, func, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from console.core.history_query import (
    ANSWERED,
    FIGURE_OUTCOMES,
    PERCENTILES,
    HistoryFilter,
    conditions,
)
from console.core.history_schema import exchanges

Bucket = Literal["hour", "day"]
TROUBLE = ("failure", "error")  # the outcomes whose codes are counted
NO_CODE = "no code"  # a failure or error without a vendor code (older rows, no answer)
HOURLY_UP_TO_DAYS = 2  # a range this short is bucketed by hour, a longer one by day


@dataclass(frozen=True)
class CompareFilter:
    """Which HTTP calls are compared; empty means all, dates are UTC days, both included."""

    vendors: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    origins: tuple[str, ...] = ()  # whose journeys (history_schema.ORIGINS); empty: all

    def bucket(self) -> Bucket:
        if self.since and self.until and (self.until - self.since).days < HOURLY_UP_TO_DAYS:
            return "hour"
        return "day"


@dataclass(frozen=True)
class Comparison:
    """What the comparison view shows, each a list of aggregated rows (dicts)."""

    bucket: Bucket
    summary: list[dict]  # per vendor: calls, success, success_pct, p50, p95, top error
    mix: list[dict]  # per vendor and step: calls and one count per outcome
    latency: list[dict]  # per vendor (and step) and bucket start: timed, p50, p95
    errors: list[dict]  # per vendor, status_code and error_code: errors


def calls(where: CompareFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses for the HTTP calls `where` matches (History's own, plus mode)."""
    found = conditions(
        HistoryFilter(
            vendors=where.vendors, since=where.since, until=where.until, origins=where.origins
        )
    )
    found.append(exchanges.c.kind == "http")
    if where.modes:
        found.append(exchanges.c.mode.in_(where.modes))
    return found


# --- the start of an instant's hour or day, in SQL ------------------------------------------
# Chosen by dialect at compile time: SQLite has no date_trunc and keeps a DateTime as ISO text,
# which is cut; PostgreSQL has no strftime and date_trunc works on a timestamp. Both
# read UTC (SQLite holds the UTC time it was given; PostgreSQL's timestamptz is put in UTC
# first, whatever the session's time zone) and come back as a naive UTC datetime.


class _BucketStart(FunctionElement):
    type = DateTime()
    inherit_cache = True
    unit = ""


class hour_start(_BucketStart):
    inherit_cache = True
    unit = "hour"


class day_start(_BucketStart):
    inherit_cache = True
    unit = "day"


# SQLAlchemy keeps a DateTime in SQLite as "YYYY-MM-DD HH:MM:SS.ffffff": the hour or the day
# is a prefix of that text (cutting it is a third of strftime's time over 100,000 calls).
_SQLITE_PREFIX = {"hour": (13, ":00:00"), "day": (10, " 00:00:00")}


@compiles(hour_start)
@compiles(day_start)
def _bucket_start(element: _BucketStart, compiler, **kw) -> str:
    at = next(iter(element.clauses))
    length, rest = _SQLITE_PREFIX[element.unit]
    return compiler.process(func.substr(at, 1, length).concat(literal(rest)), **kw)


@compiles(hour_start, "postgresql")
@compiles(day_start, "postgresql")
def _bucket_start_postgresql(element: _BucketStart, compiler, **kw) -> str:
    at = next(iter(element.clauses))
    utc = func.timezone(literal("UTC"), at)
    return compiler.process(func.date_trunc(literal(element.unit), utc), **kw)


BUCKETS = {"hour": hour_start, "day": day_start}


# --- the queries ----------------------------------------------------------------------------


def _outcome_counts() -> list:
    return [
        func.sum(case((exchanges.c.outcome == outcome, 1), else_=0)).label(outcome)
        for outcome in FIGURE_OUTCOMES
    ]


def mix_query(where: CompareFilter) -> Select:
    """(a) Per vendor and step: calls, and how many came to each outcome."""
    group = (exchanges.c.vendor, exchanges.c.step)
    return (
        select(*group, func.count().label("calls"), *_outcome_counts())
        .where(*calls(where))
        .group_by(*group)
        .order_by(*group)
    )


def percentiles_query(where: CompareFilter, group: Mapping[str, ColumnElement]) -> Select:
    """p50 and p95 (nearest rank) of the timed calls that got an answer (ANSWERED: a refused
    connection or a timeout timed its failure, not the vendor) per `group` (name ->
    expression), and how many such calls there were. The smallest latency whose cumulative
    distribution in its group reaches p is the nearest rank: one window function, as in
    history_query.figure_queries."""
    timed = (
        select(*(column.label(name) for name, column in group.items()), exchanges.c.latency_ms)
        .where(*calls(where), *ANSWERED)
        .subquery()
    )
    keys = [timed.c[name] for name in group]
    spread = func.cume_dist().over(partition_by=keys, order_by=timed.c.latency_ms)
    ranked = select(*keys, timed.c.latency_ms, spread.label("reached")).subquery()
    ranked_keys = [ranked.c[name] for name in group]
    return (
        select(
            *ranked_keys,
            func.count().label("timed"),
            *(
                func.min(case((ranked.c.reached >= p, ranked.c.latency_ms))).label(name)
                for name, p in PERCENTILES.items()
            ),
        )
        .group_by(*ranked_keys)
        .order_by(*ranked_keys)
    )


def latency_query(where: CompareFilter, *, by_step: bool = False) -> Select:
    """(b) p50 and p95 per vendor (and step when `by_step`) per hour or day (`where.bucket()`),
    the bucket as its start (naive UTC datetime)."""
    group: dict[str, ColumnElement] = {"vendor": exchanges.c.vendor}
    if by_step:
        group["step"] = exchanges.c.step
    group["bucket"] = BUCKETS[where.bucket()](exchanges.c.at)
    return percentiles_query(where, group)


def errors_query(where: CompareFilter) -> Select:
    """(c) Failures and errors per vendor, HTTP status (None: no answer) and the vendor's own
    error code (NO_CODE when none was read), most frequent first within a vendor."""
    code = func.coalesce(exchanges.c.error_code, NO_CODE).label("error_code")
    group = (exchanges.c.vendor, exchanges.c.status_code, code)
    errors = func.count().label("errors")
    return (
        select(*group, errors)
        .where(*calls(where), exchanges.c.outcome.in_(TROUBLE))
        .group_by(*group)
        .order_by(exchanges.c.vendor, errors.desc(), exchanges.c.status_code.nulls_last(), code)
    )


def vendor_latency_query(where: CompareFilter) -> Select:
    """p50 and p95 per vendor over all its steps and the whole range."""
    return percentiles_query(where, {"vendor": exchanges.c.vendor})


def summarize(mix: list[dict], errors: list[dict], latency: list[dict]) -> list[dict]:
    """(d) One row per vendor: calls, successes and their share in %, p50 and p95 (from
    `vendor_latency_query`), and its most frequent (status_code, error_code) among failures
    and errors, with how many (None when it had none). Rolled up from the aggregated rows of
    (a) and (c), not counted again in SQL: each count is one more scan of the exchanges, and
    at 100,000 calls the windows already cost most of the page's time (bench/compare.py)."""
    timed = {row["vendor"]: row for row in latency}
    top: dict[str, dict] = {}
    for row in errors:  # most frequent first within a vendor (errors_query's order)
        top.setdefault(row["vendor"], row)
    summary: dict[str, dict] = {}
    for row in mix:
        counted = summary.setdefault(row["vendor"], {"vendor": row["vendor"], "calls": 0})
        counted["calls"] += row["calls"]
        counted["success"] = counted.get("success", 0) + row["success"]
    for vendor, row in summary.items():
        worst = top.get(vendor, {})
        row["success_pct"] = 100 * row["success"] / row["calls"]
        row.update({name: timed.get(vendor, {}).get(name) for name in PERCENTILES})
        row["top_status"] = worst.get("status_code")
        row["top_code"] = worst.get("error_code")
        row["top_errors"] = worst.get("errors")
    return list(summary.values())


def span_query() -> Select:
    """When the first and the last HTTP call were made (None, None with none recorded). Two
    subqueries of one aggregate each: SQLite then walks the index on `at` from either end
    and stops at the first call, where min and max together scan every row (25 ms at
    100,000)."""
    http = exchanges.c.kind == "http"
    at = exchanges.c.at
    return select(
        select(func.min(at)).where(http).scalar_subquery(),
        select(func.max(at)).where(http).scalar_subquery(),
    )


def span(db: Connection) -> tuple[date | None, date | None]:
    """The UTC days of the first and the last HTTP call (None, None with none recorded)."""
    first, last = db.execute(span_query()).one()
    return _utc_day(first), _utc_day(last)


def _utc_day(at: datetime | None) -> date | None:
    if at is None:
        return None
    if at.tzinfo is None:  # SQLite hands back the UTC time it was given, naive
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).date()


def compare(db: Connection, where: CompareFilter, *, by_step: bool = False) -> Comparison:
    """Every figure of the comparison for `where`, read on `db`."""

    def rows(query: Select) -> list[dict]:
        return [dict(r) for r in db.execute(query).mappings()]

    mix, errors = rows(mix_query(where)), rows(errors_query(where))
    return Comparison(
        bucket=where.bucket(),
        summary=summarize(mix, errors, rows(vendor_latency_query(where))),
        mix=mix,
        latency=rows(latency_query(where, by_step=by_step)),
        errors=errors,
    )
