"""How History shows what the store holds: readable labels, tables and journey names.

Values from the store go into dataframes (shown as text); anything placed in Markdown goes
through `plain()` first.
"""

from collections.abc import Mapping
from datetime import UTC, datetime

import streamlit as st

from console.core.history import UNASSIGNED, Counts
from console.core.text import plain
from console.registry import VENDOR_IDS, vendor

OUTCOMES = {  # an exchange's outcome: the adapter's verdict
    "success": "Success",
    "failure": "Failure",
    "error": "Error",
    "rejected": "Rejected",
}
OUTCOME_HELP = (
    "The adapter's verdict, not the bare HTTP status. Success: what the vendor documents as "
    "success (some of it is a 404). Failure: the vendor said no. Error: no usable answer "
    "(timeout, server error, a body that breaks the contract). Rejected: the console refused "
    "the input and sent nothing."
)
KINDS = {"http": "HTTP call", "input": "Input check", "webhook": "Webhook"}
MODES = {"sandbox": "Sandbox", "live": "Live"}
JOURNEY_OUTCOMES = {  # the ones every flow shares; a flow's own stages read as they are
    "in_progress": "In progress",
    "interrupted": "Interrupted: the console stopped mid-journey",
}
JOURNEY_ICONS = {"in_progress": ":material/pending:", "interrupted": ":material/power_off:"}
JOURNEY_COLOURS = {"in_progress": "blue", "interrupted": "orange"}

_common = {
    "step": st.column_config.TextColumn("Step", width=100),
    "status_code": st.column_config.NumberColumn("HTTP", format="%d", width=50),
    "latency_ms": st.column_config.NumberColumn("Latency", format="%.1f ms", width=75),
    "outcome": st.column_config.TextColumn("Outcome", width=90, help=OUTCOME_HELP),
    # Widths are shares: a table narrower than the page stretches every column in proportion.
    "error": st.column_config.TextColumn("Error", width=330),
}
TABLE_COLUMNS = {
    "at": st.column_config.DatetimeColumn("When (UTC)", format="MMM D, HH:mm:ss", width=115),
    "vendor": st.column_config.TextColumn("Flow", width=165),
    "mode": st.column_config.TextColumn("Mode", width=65),
    **_common,
}
STEP_COLUMNS = {
    "n": st.column_config.NumberColumn("#", width=40),
    "at": st.column_config.DatetimeColumn("When (UTC)", format="HH:mm:ss.SSS", width=105),
    "kind": st.column_config.TextColumn("Kind", width=90),
    **_common,
}


def vendor_title(vendor_id: str) -> str:
    """The registry's name for a vendor id; the id itself for one no longer registered."""
    return vendor(vendor_id).title if vendor_id in VENDOR_IDS else vendor_id


def flow_name(vendor_id: str) -> str:
    """The flow's own name, as the sidebar lists it: short enough for a table cell."""
    return vendor(vendor_id).flow if vendor_id in VENDOR_IDS else vendor_id


def outcome_label(outcome: str) -> str:
    return OUTCOMES.get(outcome, outcome)


def journey_outcome_label(outcome: str) -> str:
    return JOURNEY_OUTCOMES.get(outcome, outcome.replace("_", " ").capitalize())


def count_of(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def showing(offset: int, shown: int, counts: Counts) -> str:
    """ "Showing 201-400 of 7,503 exchanges in 2,501 journeys" or, when all fit, "3 exchanges in
    1 journey"."""
    total = f"{count_of(counts.exchanges, 'exchange')} in {count_of(counts.journeys, 'journey')}"
    if shown >= counts.exchanges:
        return f"{total}, newest first."
    return f"Showing {offset + 1:,}-{offset + shown:,} of {total}, newest first."


def table(rows: list[dict]) -> dict[str, list]:
    """The exchanges table, column by column, values as a person reads them."""
    return {
        "at": [r["at"] for r in rows],
        "vendor": [flow_name(r["vendor"]) for r in rows],
        "mode": [MODES.get(r["mode"], r["mode"]) for r in rows],
        **_common_values(rows),
    }


def steps_table(rows: list[dict]) -> dict[str, list]:
    return {
        "n": list(range(1, len(rows) + 1)),
        "at": [r["at"] for r in rows],
        "kind": [KINDS.get(r["kind"], r["kind"]) for r in rows],
        **_common_values(rows),
    }


def _common_values(rows: list[dict]) -> dict[str, list]:
    return {
        "step": [r["step"] for r in rows],
        "status_code": [r["status_code"] for r in rows],
        "latency_ms": [r["latency_ms"] for r in rows],
        "outcome": [outcome_label(r["outcome"]) for r in rows],
        "error": [r["error"] for r in rows],
    }


def journey_label(journey_id: str, journey: Mapping | None) -> str:
    """A journey as the picker lists it: flow, when, what was asked, how it ended, and its id
    (the picker tells options apart by label: two walks in one minute would read the same)."""
    if journey is None:
        if journey_id == UNASSIGNED:
            return "Calls outside any journey"
        return f"{journey_id} (no journey record: a webhook that named it)"
    return " · ".join(
        part
        for part in (
            vendor_title(journey["vendor"]),
            when(journey["started_at"]),
            journey["summary"],
            journey_outcome_label(journey["outcome"]),
            journey_id,
        )
        if part
    )


def when(at: datetime | None, *, seconds: bool = False) -> str:
    if at is None:
        return ""
    if at.tzinfo is None:  # SQLite hands back the UTC time it was given, naive
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime(f"%Y-%m-%d %H:%M{':%S' if seconds else ''} UTC")


def exchange_label(n: int, row: Mapping) -> str:
    status = (
        f"HTTP {row['status_code']}"
        if row["status_code"] is not None
        else KINDS.get(row["kind"], "")
    )
    return f"{n}. {row['step']} · {status} · {outcome_label(row['outcome'])}"


def masking_note(mask_pii: bool) -> str:
    """What History keeps of personal data, as Markdown."""
    if mask_pii:
        return (
            "Secrets are never stored. Personal data (ID numbers, mobiles, OTPs) is stored "
            "masked: `KYC_MASK_PII` is on (see the README). Search finds a value as typed or "
            "as masked."
        )
    return (
        "Secrets are never stored. `KYC_MASK_PII` is off: personal data is stored as typed; "
        "start the console with `KYC_MASK_PII=true` to store it masked."
    )


def headline(journey: Mapping) -> str:
    """What the picker does not say about the chosen journey, as Markdown (values escaped)."""
    parts = (
        MODES.get(journey["mode"], journey["mode"]),
        f"started {when(journey['started_at'], seconds=True)}",
        f"last updated {when(journey['updated_at'], seconds=True)}",
    )
    return " · ".join(plain(p) for p in parts)
