"""Contract drift from the history: the HTTP calls whose answers were checked against their
vendor's contract (console/core/contract.py), counted in SQL per vendor and mode, and the
findings grouped by vendor, step, kind and path.

A checked call has a JSON list in `exchanges.contract` ([] when on contract); NULL or JSON null
is a call the check could not judge. Only the rows with findings have their JSON read, the
newest `MAX_ROWS_READ` of them, so a large history costs one bounded read.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, select
from sqlalchemy.engine import Connection

from console.core.history_query import HistoryFilter, conditions
from console.core.history_schema import exchanges

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


@dataclass(frozen=True)
class Drift:
    counts: list[dict]  # per vendor and mode: checked, with_findings
    groups: list[dict]  # per vendor, step, kind, path: count, first/last seen, example id
    rows_with_findings: int  # in SQL, all of them
    rows_read: int  # of which grouped (the newest, at most MAX_ROWS_READ)


def _where(where: DriftFilter) -> list:
    found = conditions(HistoryFilter(vendors=where.vendors, since=where.since, until=where.until))
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


def drift(db: Connection, where: DriftFilter, limit: int = MAX_ROWS_READ) -> Drift:
    counts = [dict(row) for row in db.execute(counts_query(where)).mappings()]
    counts.sort(key=lambda r: (r["vendor"], MODE_ORDER.get(r["mode"], 9), r["mode"]))
    for row in counts:
        row["with_findings"] = int(row["with_findings"] or 0)
    total = sum(row["with_findings"] for row in counts)
    rows = list(db.execute(findings_query(where, limit)).mappings())
    return Drift(counts, group(rows), total, len(rows))


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
