"""What a History filter matches, as SQLAlchemy conditions on the exchanges table, and the
figures and subjects read beside it (in SQL: no request or response JSON is loaded)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Boolean, Select, Text, case, cast, func, or_, select, union
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from console.core.history_schema import exchanges, journeys
from kyc_adapters.redaction import mask


@dataclass(frozen=True)
class HistoryFilter:
    vendors: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    text: str = ""
    journey_id: str | None = None


EVERYTHING = HistoryFilter()


@dataclass(frozen=True)
class Counts:
    exchanges: int
    journeys: int


def search_forms(text: str) -> set[str]:
    """What a search for `text` looks for: the text as typed and, when masking would keep
    something of it, its masked form (history holds ID numbers and mobiles masked, so
    ABCPK1234F is stored as XXXXXX234F)."""
    masked = mask(text)
    return {text, masked} if masked.strip("X*|") else {text}


def conditions(where: HistoryFilter) -> list:
    """The WHERE clauses for `where` (all must hold)."""
    found = []
    if where.vendors:
        found.append(exchanges.c.vendor.in_(where.vendors))
    if where.outcomes:
        found.append(exchanges.c.outcome.in_(where.outcomes))
    if where.journey_id:
        found.append(exchanges.c.journey_id == where.journey_id)
    if where.since:
        found.append(exchanges.c.at >= datetime.combine(where.since, time(), UTC))
    if where.until:
        end = datetime.combine(where.until + timedelta(days=1), time(), UTC)
        found.append(exchanges.c.at < end)
    if where.text:
        found.append(exchanges.c.journey_id.in_(_journeys_matching(where.text, list(found))))
    return found


def _journeys_matching(text: str, narrowing: list):
    """A search finds whole journeys: those with any exchange, or a summary, holding the text.
    An exchange's searched columns are joined into one text (by a character nobody types), so
    each form of the text is one LIKE per row, not one per column: half the time at scale."""
    patterns = [_pattern(needle) for needle in search_forms(text)]
    searched = exchanges.c.journey_id
    for column in (
        exchanges.c.step,
        exchanges.c.url,
        func.coalesce(exchanges.c.error, ""),
        func.coalesce(cast(exchanges.c.request, Text), ""),
        func.coalesce(cast(exchanges.c.response, Text), ""),
    ):
        searched = searched + _APART + column
    by_exchange = select(exchanges.c.journey_id).where(
        *narrowing, or_(*(holds(searched, p) for p in patterns))
    )
    by_summary = select(journeys.c.id).where(or_(*(holds(journeys.c.summary, p) for p in patterns)))
    return union(by_exchange, by_summary)


_APART = "\x1f"  # the unit separator: a needle never spans two columns
_ESCAPE = "/"


def _pattern(needle: str) -> str:
    """LIKE's pattern for "contains `needle`": its % and _ are characters, not wildcards."""
    for special in (_ESCAPE, "%", "_"):
        needle = needle.replace(special, _ESCAPE + special)
    return f"%{needle}%"


class holds(FunctionElement):
    """`haystack` matches the LIKE `pattern`, ignoring the case of ASCII letters (what lower()
    folds on SQLite and in PostgreSQL's C locale), in each database's cheapest form."""

    type = Boolean()
    name = "holds"
    inherit_cache = True


@compiles(holds)
def _holds_lowered(element, compiler, **kw) -> str:
    haystack, pattern = element.clauses
    return compiler.process(func.lower(haystack).like(func.lower(pattern), escape=_ESCAPE), **kw)


@compiles(holds, "sqlite")
def _holds_sqlite(element, compiler, **kw) -> str:
    # SQLite's LIKE already ignores ASCII case: lower() over every row's JSON is saved.
    haystack, pattern = element.clauses
    return compiler.process(haystack.like(pattern, escape=_ESCAPE), **kw)


@compiles(holds, "postgresql")
def _holds_postgresql(element, compiler, **kw) -> str:
    haystack, pattern = element.clauses
    return compiler.process(haystack.ilike(pattern, escape=_ESCAPE), **kw)


FIGURE_OUTCOMES = ("success", "failure", "error")  # what a call can come to ("rejected" sends none)
PERCENTILES = {"p50": 0.5, "p95": 0.95}


def figure_queries(where: HistoryFilter) -> tuple[Select, Select]:
    """Per vendor and step, over the HTTP calls `where` matches: (calls and outcome mix,
    latency percentiles). A percentile by nearest rank is the smallest latency that at least
    p of the calls did not exceed, i.e. the smallest whose cumulative distribution reaches p:
    one window function, so SQLite and PostgreSQL agree without extensions."""
    calls = [*conditions(where), exchanges.c.kind == "http"]
    group = (exchanges.c.vendor, exchanges.c.step)
    mix = (
        select(
            *group,
            func.count().label("calls"),
            *(
                func.sum(case((exchanges.c.outcome == outcome, 1), else_=0)).label(outcome)
                for outcome in FIGURE_OUTCOMES
            ),
        )
        .where(*calls)
        .group_by(*group)
        .order_by(*group)
    )
    spread = func.cume_dist().over(partition_by=group, order_by=exchanges.c.latency_ms)
    ranked = (
        select(*group, exchanges.c.latency_ms, spread.label("reached"))
        .where(*calls, exchanges.c.latency_ms.is_not(None))
        .subquery()
    )
    latency = select(
        ranked.c.vendor,
        ranked.c.step,
        *(
            func.min(case((ranked.c.reached >= p, ranked.c.latency_ms))).label(name)
            for name, p in PERCENTILES.items()
        ),
    ).group_by(ranked.c.vendor, ranked.c.step)
    return mix, latency


def subjects_query(journey_ids: Iterable[str], keys: Sequence[str]) -> Select:
    """Each journey's first HTTP call: its vendor and the request body's value under each of
    `keys` (extracted in SQL; the JSON itself stays in the database)."""
    first = (
        select(func.min(exchanges.c.id))
        .where(exchanges.c.journey_id.in_(list(journey_ids)), exchanges.c.kind == "http")
        .group_by(exchanges.c.journey_id)
    )
    return select(
        exchanges.c.journey_id,
        exchanges.c.vendor,
        *(exchanges.c.request[("body", key)].as_string() for key in keys),
    ).where(exchanges.c.id.in_(first))
