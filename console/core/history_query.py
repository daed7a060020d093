"""What a History filter matches, as SQLAlchemy conditions on the exchanges table."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Text, cast, or_, select, union

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
    """A search finds whole journeys: those with any exchange, or a summary, holding the text."""
    needles = search_forms(text)
    searched = [
        exchanges.c.journey_id,
        exchanges.c.step,
        exchanges.c.url,
        exchanges.c.error,
        cast(exchanges.c.request, Text),
        cast(exchanges.c.response, Text),
    ]
    by_exchange = select(exchanges.c.journey_id).where(
        *narrowing, or_(*(c.icontains(n, autoescape=True) for c in searched for n in needles))
    )
    by_summary = select(journeys.c.id).where(
        or_(*(journeys.c.summary.icontains(n, autoescape=True) for n in needles))
    )
    return union(by_exchange, by_summary)
