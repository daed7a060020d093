"""Dates the pages filter by: today as a UTC day, a date_input's value as a range of UTC days,
and a range that follows the history's span until the user picks another.

The history's days are UTC (its times are stored in UTC), so "today" is the UTC date, never
the machine's local one.
"""

from collections.abc import MutableMapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

Span = tuple[date, date]


def utc_today() -> date:
    return datetime.now(UTC).date()


def date_range(value: object) -> tuple[date | None, date | None]:
    """A date_input's value as (since, until), both days included: one date (a bare date, or
    a range of which only the first day is picked yet) is that one day; nothing is no bound."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        days = [d for d in value if isinstance(d, date)]
        if len(days) >= 2:
            return days[0], days[1]
        if len(days) == 1:
            return days[0], days[0]
        return None, None
    return (value, value) if isinstance(value, date) else (None, None)


def _picked(key: str) -> str:
    return f"{key}.picked"


def follow_span(state: MutableMapping[str, Any], key: str, span: Span) -> None:
    """Sets the date range widget `key` (before it is drawn) to the history's `span`, unless
    the user picked dates (`remember_pick`, its on_change): then the pick, its end moved to
    the span's end when it ended on the last day the span had when picked (a range "up to
    now" stays so as calls arrive on later days)."""
    picked = state.get(_picked(key))
    if picked is None:
        state[key] = span
        return
    value, seen_end = picked
    since, until = date_range(value)
    if since is not None and until == seen_end and len(value) == 2 and until < span[1]:
        value = (since, span[1])
    state[key] = value


def remember_pick(state: MutableMapping[str, Any], key: str, seen_end: date) -> None:
    """A date_input's on_change: the user's pick, and the span's end they saw when picking."""
    value = state.get(key)
    if isinstance(value, date):
        value = (value,)
    state[_picked(key)] = (tuple(value or ()), seen_end)
