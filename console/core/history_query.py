"""What a History filter matches, as SQLAlchemy conditions on the exchanges table, and the
figures and subjects read beside it (in SQL: no request or response JSON is loaded)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from console.core.history_schema import ORIGINS, SEARCH_TABLE, exchanges, journeys
from kyc_adapters.redaction import mask


@dataclass(frozen=True)
class HistoryFilter:
    vendors: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    text: str = ""
    journey_id: str | None = None
    origins: tuple[str, ...] = ()  # of ORIGINS: whose journeys (empty: all)


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
    if where.origins and set(ORIGINS) - set(where.origins):
        found.append(_of_origins(where.origins))
    if where.since:
        found.append(exchanges.c.at >= datetime.combine(where.since, time(), UTC))
    if where.until:
        end = datetime.combine(where.until + timedelta(days=1), time(), UTC)
        found.append(exchanges.c.at < end)
    if where.text:
        found.append(exchanges.c.journey_id.in_(_journeys_matching(where.text, list(found))))
    return found


def _of_origins(origins: tuple[str, ...]):
    """Exchanges of journeys whose origin is one of `origins`, an exchange of no journey
    counting as a flow's. Flows are nearly all journeys: when they are in, the few journeys
    left out are named (NOT IN, over ix_journeys_origin), not the many kept."""
    if "flow" in origins:
        left_out = [o for o in ORIGINS if o not in origins]
        return exchanges.c.journey_id.not_in(
            select(journeys.c.id).where(journeys.c.origin.in_(left_out))
        )
    return exchanges.c.journey_id.in_(select(journeys.c.id).where(journeys.c.origin.in_(origins)))


def _journeys_matching(text: str, narrowing: list):
    """A search finds whole journeys: those with any exchange, or a summary, holding the text.
    Exchanges are searched through their search_text (see `searchable`) and its index."""
    forms = search_forms(text)
    by_exchange = select(exchanges.c.journey_id).where(
        *narrowing, or_(*(contains(needle.lower()) for needle in forms))
    )
    patterns = [_pattern(needle) for needle in forms]
    by_summary = select(journeys.c.id).where(or_(*(holds(journeys.c.summary, p) for p in patterns)))
    return union(by_exchange, by_summary)


SEARCHED_VALUE = 512  # characters of one value kept (base64 blobs are already summarised)
SEARCHED_TEXT = 4096  # characters of one exchange kept in all
_APART = "\x1f"  # the unit separator: a needle never spans two values
_ESCAPE = "/"


def searchable(row: Mapping[str, Any]) -> str:
    """What a search looks in for one exchange row, lowercased: its journey id, step, URL and
    error, then the values (not the keys) of its request's and response's bodies, then of the
    rest of them (headers, an event's detail); each value clipped to SEARCHED_VALUE, the
    whole to SEARCHED_TEXT. The rows are redacted before they get here, so this holds no
    secret, and personal data only as stored (masked unless KYC_MASK_PII is off)."""
    values = [row.get("journey_id"), row.get("step"), row.get("url"), row.get("error")]
    for document in (row.get("request"), row.get("response")):
        if isinstance(document, dict) and "body" in document:
            _leaves(document["body"], values)
            _leaves({k: v for k, v in document.items() if k != "body"}, values)
        else:
            _leaves(document, values)
    found = _APART.join(str(v)[:SEARCHED_VALUE].replace(_APART, " ") for v in values if v)
    return found[:SEARCHED_TEXT].lower()


def _leaves(value: Any, found: list) -> None:
    """Appends the texts and numbers inside a JSON value to `found`, in order (a loop, not a
    generator: the backfill of revision 0003 runs it on every stored row)."""
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _leaves(item, found)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, found)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found.append(repr(value))  # what JSON wrote for it (finite numbers)


TRIGRAM = 3  # the shortest needle the trigram index can answer; shorter ones scan


class contains(FunctionElement):
    """The exchange's search_text holds `needle` (lowercased already). SQLite: the FTS5
    trigram table for a needle of 3 characters or more, else LIKE over search_text.
    PostgreSQL: LIKE over search_text, which its pg_trgm GIN index answers."""

    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it stands: no "= 1" after it on SQLite
    name = "contains"
    # Not cached: the SQL depends on the needle's length, and the FTS phrase is bound while
    # compiling, both out of SQLAlchemy's cache key (a cached statement would reuse them).
    inherit_cache = False

    def __init__(self, needle: str) -> None:
        self.needle = needle.replace(_APART, " ")
        super().__init__(literal(self.needle))


@compiles(contains)
def _contains_like(element, compiler, **kw) -> str:
    pattern = literal(_pattern(element.needle))
    return compiler.process(exchanges.c.search_text.like(pattern, escape=_ESCAPE), **kw)


@compiles(contains, "sqlite")
def _contains_sqlite(element, compiler, **kw) -> str:
    if len(element.needle) < TRIGRAM:
        return _contains_like(element, compiler, **kw)
    phrase = '"' + element.needle.replace('"', '""') + '"'  # FTS5 string: no query syntax
    indexed = text(f"SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :phrase")
    matched = indexed.bindparams(bindparam("phrase", phrase, unique=True))
    return compiler.process(exchanges.c.id.in_(matched.columns(rowid=Integer)), **kw)


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
    # SQLite's LIKE already ignores ASCII case.
    haystack, pattern = element.clauses
    return compiler.process(haystack.like(pattern, escape=_ESCAPE), **kw)


@compiles(holds, "postgresql")
def _holds_postgresql(element, compiler, **kw) -> str:
    haystack, pattern = element.clauses
    return compiler.process(haystack.ilike(pattern, escape=_ESCAPE), **kw)


FIGURE_OUTCOMES = ("success", "failure", "error")  # what a call can come to ("rejected" sends none)
PERCENTILES = {"p50": 0.5, "p95": 0.95}
# The calls whose latency counts: timed, and answered. A call without an answer (refused
# connection, timeout) timed how long it took to fail: 0.6 ms for a refusal, the client's
# timeout for a timeout, neither the vendor's speed.
ANSWERED = (exchanges.c.latency_ms.is_not(None), exchanges.c.status_code.is_not(None))


def figure_queries(where: HistoryFilter) -> tuple[Select, Select]:
    """Per vendor and step, over the HTTP calls `where` matches: (calls and outcome mix,
    latency percentiles over the calls that got an answer, see ANSWERED). A percentile by
    nearest rank is the smallest latency that at least p of the calls did not exceed, i.e. the
    smallest whose cumulative distribution reaches p: one window function, so SQLite and
    PostgreSQL agree without extensions."""
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
        .where(*calls, *ANSWERED)
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
