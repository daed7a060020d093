"""Contract drift from the history: the HTTP calls whose answers were checked against their
vendor's contract (console/core/contract.py), counted in SQL per vendor and mode, and the
findings grouped by vendor, step, kind and path.

A checked call has a JSON list in `exchanges.contract` ([] when on contract); NULL or JSON null
is a call the check could not judge. Only the rows with findings have their JSON read, the
newest `MAX_ROWS_READ` of them, so a large history costs one bounded read.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import combinations
from typing import Any

from sqlalchemy import Text, and_, case, cast, exists, func, select
from sqlalchemy.engine import Connection

from console.core.history_query import HistoryFilter, conditions
from console.core.history_schema import ORIGINS, exchanges

MAX_ROWS_READ = 2000
MODE_ORDER = {"live": 0, "sandbox": 1}  # live answers first: the ones that can drift

_as_text = cast(exchanges.c.contract, Text)
CHECKED = and_(exchanges.c.contract.is_not(None), _as_text != "null")
WITH_FINDINGS = and_(CHECKED, _as_text != "[]")


@dataclass(frozen=True)
class DriftFilter:
    """Which calls count; empty means all, dates are UTC days, both included."""

    vendors: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    origins: tuple[str, ...] = ()  # whose journeys (history_schema.ORIGINS); empty: all


@dataclass(frozen=True)
class Drift:
    counts: list[dict]  # per vendor and mode: checked, with_findings
    groups: list[dict]  # per vendor, step, kind, path: count, first/last seen, example id
    rows_with_findings: int  # in SQL, all of them
    rows_read: int  # of which grouped (the newest, at most MAX_ROWS_READ)
    left_out: dict[str, "LeftOut"] = field(default_factory=dict)  # see left_out()


def _where(where: DriftFilter) -> list:
    found = conditions(
        HistoryFilter(
            vendors=where.vendors, since=where.since, until=where.until, origins=where.origins
        )
    )
    found.append(exchanges.c.kind == "http")
    if where.modes:
        found.append(exchanges.c.mode.in_(where.modes))
    return found


def counts_query(where: DriftFilter):
    with_findings = func.sum(case((WITH_FINDINGS, 1), else_=0))
    return (
        select(
            exchanges.c.vendor,
            exchanges.c.mode,
            func.count().label("checked"),
            with_findings.label("with_findings"),
        )
        .where(*_where(where), CHECKED)
        .group_by(exchanges.c.vendor, exchanges.c.mode)
    )


def findings_query(where: DriftFilter, limit: int = MAX_ROWS_READ):
    return (
        select(
            exchanges.c.id,
            exchanges.c.vendor,
            exchanges.c.mode,
            exchanges.c.step,
            exchanges.c.at,
            exchanges.c.contract,
        )
        .where(*_where(where), WITH_FINDINGS)
        .order_by(exchanges.c.at.desc(), exchanges.c.id.desc())
        .limit(limit)
    )


def drift(
    db: Connection, where: DriftFilter, limit: int = MAX_ROWS_READ, shown: Sequence[str] = ()
) -> Drift:
    """The counts and grouped findings for `where`; for each flow of `shown` with nothing
    checked, what the filters leave out (`left_out`)."""
    counts = [dict(row) for row in db.execute(counts_query(where)).mappings()]
    counts.sort(key=lambda r: (r["vendor"], MODE_ORDER.get(r["mode"], 9), r["mode"]))
    for row in counts:
        row["with_findings"] = int(row["with_findings"] or 0)
    total = sum(row["with_findings"] for row in counts)
    rows = list(db.execute(findings_query(where, limit)).mappings())
    seen = {row["vendor"] for row in counts}
    unchecked = left_out(db, where, [v for v in shown if v not in seen])
    return Drift(counts, group(rows), total, len(rows), unchecked)


# The filters that can leave a shown flow's answers out (its section is there: not the Flow
# filter), and what each is when it is not set.
NARROWING = {
    "dates": {"since": None, "until": None},
    "mode": {"modes": ()},
    "source": {"origins": ()},
}


@dataclass(frozen=True)
class LeftOut:
    """A flow with no checked answer under the filters: whether it has any under none of them
    (dates, mode, source), and which of the filters leave those out."""

    any_checked: bool
    by: tuple[str, ...]  # of NARROWING's names; () when there is none to leave out


def left_out(db: Connection, where: DriftFilter, vendors: Sequence[str]) -> dict[str, LeftOut]:
    """For each of `vendors` (ones with nothing checked under `where`): whether it has checked
    answers at all, and the filters that leave them out: the set ones that, dropped alone,
    would let some in; when no one alone would, those of the smallest pairs that would, and
    so on. Each try is an EXISTS, which stops at its first row: no count of a large history."""
    if set(ORIGINS) <= set(where.origins):
        where = replace(where, origins=())  # every source picked: no narrowing
    active = [name for name, unset in NARROWING.items() if replace(where, **unset) != where]
    found = {}
    for vendor in vendors:
        if not _any_checked(db, DriftFilter(vendors=(vendor,))):
            found[vendor] = LeftOut(False, ())
            continue
        found[vendor] = LeftOut(True, _culprits(db, replace(where, vendors=(vendor,)), active))
    return found


def _culprits(db: Connection, where: DriftFilter, active: list[str]) -> tuple[str, ...]:
    for size in range(1, len(active) + 1):
        named: list[str] = []
        for dropped in combinations(active, size):
            unset = {k: v for name in dropped for k, v in NARROWING[name].items()}
            if _any_checked(db, replace(where, **unset)):
                named += [name for name in dropped if name not in named]
        if named:
            return tuple(name for name in active if name in named)
    return ()


def _any_checked(db: Connection, where: DriftFilter) -> bool:
    return bool(db.execute(select(exists().where(*_where(where), CHECKED))).scalar())


def group(rows: list[Any]) -> list[dict]:
    """Findings of `rows` (newest first) by vendor, step, kind and path: how many calls had it,
    when first and last, and the newest call's id and detail as the example."""
    groups: dict[tuple, dict] = {}
    for row in rows:
        findings = row["contract"] if isinstance(row["contract"], list) else []
        for finding in findings:
            if not isinstance(finding, dict):
                continue
            key = (
                row["vendor"],
                row["step"],
                str(finding.get("kind", "")),
                str(finding.get("path", "")),
            )
            at = _naive(row["at"])
            held = groups.get(key)
            if held is None:
                groups[key] = {
                    "vendor": key[0],
                    "step": key[1],
                    "kind": key[2],
                    "path": key[3],
                    "detail": str(finding.get("detail", "")),
                    "count": 1,
                    "first_seen": at,
                    "last_seen": at,
                    "example_id": row["id"],
                    "modes": {row["mode"]},
                }
            else:
                held["count"] += 1
                held["first_seen"] = min(held["first_seen"], at)
                held["modes"].add(row["mode"])
    ordered = sorted(
        groups.values(),
        key=lambda g: (g["vendor"], min(MODE_ORDER.get(m, 9) for m in g["modes"]), -g["count"]),
    )
    for held in ordered:
        held["modes"] = ", ".join(sorted(held["modes"], key=lambda m: MODE_ORDER.get(m, 9)))
    return ordered


def _naive(at: datetime) -> datetime:
    """SQLite hands back naive UTC, PostgreSQL aware: one kind, to compare and show."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
