"""How History shows what the store holds: readable labels, tables and journey names.

Values from the store go into dataframes (shown as text); anything placed in Markdown goes
through `plain()` first.
"""

import re
from collections.abc import Mapping
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy.engine import make_url

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
ORIGIN_LABELS = {"flow": "Flows", "runner": "Scenario runs", "resend": "Re-sends"}  # ORIGINS
ORIGIN_HELP = (
    "Who started the journeys: a flow's page (Flows), the scenario runner (Scenario runs, "
    "its error scenarios on purpose), or History's Edit and re-send (Re-sends)."
)
JOURNEY_OUTCOMES = {  # the ones every flow shares; a flow's own stages read as they are
    "in_progress": "In progress",
    "interrupted": "Interrupted: the console stopped mid-journey",
    "resent": "Re-sent from History, edited",
}
JOURNEY_ICONS = {
    "in_progress": ":material/pending:",
    "interrupted": ":material/power_off:",
    "resent": ":material/replay:",
}
JOURNEY_COLOURS = {"in_progress": "blue", "interrupted": "orange", "resent": "gray"}

WALL_CLOCK = "UTC, wall clock"  # not the sandbox clock, which stamps the simulated phone's SMS
TIMES_NOTE = (
    f"Times here are {WALL_CLOCK}, when the console made each call; the simulated phone stamps "
    "its SMS with the sandbox clock, which can be moved, so the two need not agree."
)
# Widths are shares only while they add up to less than the table (about 945 px beside the
# row checkboxes at 1440x900); past that the table scrolls sideways and hides the reason.
_common = {
    "step": st.column_config.TextColumn("Step", width=92),
    "status_code": st.column_config.NumberColumn("HTTP", format="%d", width=45),
    "latency_ms": st.column_config.NumberColumn("Latency", format="%.1f ms", width=70),
    "outcome": st.column_config.TextColumn("Outcome", width=80, help=OUTCOME_HELP),
}
TABLE_COLUMNS = {
    "at": st.column_config.DatetimeColumn(
        WALL_CLOCK, format="MMM D, HH:mm:ss", width=118, help=TIMES_NOTE
    ),
    "vendor": st.column_config.TextColumn("Flow", width=165),
    "subject": st.column_config.TextColumn(
        "Subject",
        width=95,
        help="Whom the journey is about: the ID its first call sent, as history keeps it "
        "(masked while KYC_MASK_PII is on). A search matches it typed or masked.",
    ),
    "mode": st.column_config.TextColumn("Mode", width=62),
    **_common,
    "error": st.column_config.TextColumn(
        "Reason",
        width=218,
        help="Why the outcome: what went wrong, in a sentence, or why a status that looks "
        "like a failure is a success. The journey's steps below keep the text as recorded.",
    ),
}
STEP_COLUMNS = {
    "n": st.column_config.NumberColumn("#", width=40),
    "at": st.column_config.DatetimeColumn(
        WALL_CLOCK, format="HH:mm:ss.SSS", width=118, help=TIMES_NOTE
    ),
    "kind": st.column_config.TextColumn("Kind", width=90),
    **_common,
    "error": st.column_config.TextColumn("Reason, as recorded", width=330),
}
_LATENCY = (
    "Nearest rank over the calls that got an answer: half took at most p50, 95 in 100 at most "
    "p95. A call with no answer (connection refused, timeout) is left out."
)
FIGURE_COLUMNS = {
    "vendor": st.column_config.TextColumn("Flow", width=165),
    "step": st.column_config.TextColumn("Step", width=100),
    "calls": st.column_config.NumberColumn("Calls", format="%d", width=60),
    **{
        outcome: st.column_config.NumberColumn(OUTCOMES[outcome], format="%d", width=60)
        for outcome in ("success", "failure", "error")
    },
    "success_rate": st.column_config.NumberColumn("Success rate", format="%.0f%%", width=90),
    "p50": st.column_config.NumberColumn("Latency p50", format="%.1f ms", width=90, help=_LATENCY),
    "p95": st.column_config.NumberColumn("Latency p95", format="%.1f ms", width=90, help=_LATENCY),
}


def vendor_title(vendor_id: str) -> str:
    """The registry's name for a vendor id; the id itself for one no longer registered."""
    return vendor(vendor_id).title if vendor_id in VENDOR_IDS else vendor_id


def flow_name(vendor_id: str) -> str:
    """The flow's own name, as the sidebar lists it: short enough for a table cell."""
    return vendor(vendor_id).flow if vendor_id in VENDOR_IDS else vendor_id


def origin_label(origin: str) -> str:
    return ORIGIN_LABELS.get(origin, origin)


def latency_text(ms: float | None) -> str | None:
    """A latency as a person reads it: "0.6 ms", "840 ms", "13.6 s", "125 s" (None: none)."""
    if ms is None:
        return None
    if ms < 10:
        return f"{ms:.1f} ms"
    if ms < 999.5:
        return f"{ms:.0f} ms"
    if ms < 99_950:
        return f"{ms / 1000:.1f} s"
    return f"{ms / 1000:,.0f} s"


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


def table(rows: list[dict], subjects: Mapping[str, str]) -> dict[str, list]:
    """The exchanges table, column by column, values as a person reads them."""
    return {
        "at": [r["at"] for r in rows],
        "vendor": [flow_name(r["vendor"]) for r in rows],
        "subject": [subjects.get(r["journey_id"]) for r in rows],
        "mode": [MODES.get(r["mode"], r["mode"]) for r in rows],
        **_common_values(rows),
        "error": [documented(r) or error_sentence(r) for r in rows],
    }


def steps_table(rows: list[dict]) -> dict[str, list]:
    return {
        "n": list(range(1, len(rows) + 1)),
        "at": [r["at"] for r in rows],
        "kind": [KINDS.get(r["kind"], r["kind"]) for r in rows],
        **_common_values(rows),
        "error": [documented(r) or r["error"] for r in rows],
    }


def _common_values(rows: list[dict]) -> dict[str, list]:
    return {
        "step": [r["step"] for r in rows],
        "status_code": [r["status_code"] for r in rows],
        "latency_ms": [r["latency_ms"] for r in rows],
        "outcome": [outcome_label(r["outcome"]) for r in rows],
    }


def documented(row: Mapping) -> str | None:
    """Why a success came with a status that reads as a failure: the vendor documents it so
    (a resend answered 404, say). A reader of "404 · Success" deserves the reason in the row."""
    status = row["status_code"]
    if row["outcome"] == "success" and status is not None and not 200 <= status < 300:
        return f"{status} documented as a success"
    return None


# The recorder files a call that got no answer as "<httpx exception name>: <its text>".
_TRANSPORT = re.compile(r"^(\w+): ")


def error_sentence(row: Mapping) -> str | None:
    """What went wrong as a sentence, in console.core.explain's words, where the stored text is
    a transport's or the adapter's; the vendor's own message and the console's refusals are
    sentences already and stay as they are."""
    error = row["error"]
    if not error or row["kind"] != "http" or row["outcome"] != "error":
        return error
    if row["status_code"] is None:
        found = _TRANSPORT.match(error)
        if found is None:
            return error
        if found[1].endswith("Timeout"):
            return "The vendor did not answer in time"
        if found[1] == "ConnectError":
            return "The vendor could not be reached"
        return "The exchange broke off before the vendor answered"
    if row["status_code"] >= 500:
        return "The vendor failed on its side"
    return "The vendor's answer does not match its contract"


def table_height(rows: int, *, most: int) -> int:
    """Pixels for a dataframe showing `rows` rows, scrolling past `most`: a 35 px header and
    rows, and 2 px of border (Streamlit's default row height)."""
    return 35 * (1 + min(rows, most)) + 2


def figures_table(figures: list[dict]) -> dict[str, list]:
    """The store's figures, column by column, flows by name."""
    return {
        "vendor": [flow_name(f["vendor"]) for f in figures],
        "step": [f["step"] for f in figures],
        "calls": [f["calls"] for f in figures],
        **{o: [f[o] for f in figures] for o in ("success", "failure", "error")},
        "success_rate": [100 * f["success"] / f["calls"] for f in figures],
        "p50": [f["p50"] for f in figures],
        "p95": [f["p95"] for f in figures],
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


def when(at: datetime | None, *, seconds: bool = False, zone: bool = True) -> str:
    if at is None:
        return ""
    if at.tzinfo is None:  # SQLite hands back the UTC time it was given, naive
        at = at.replace(tzinfo=UTC)
    shown = at.astimezone(UTC).strftime(f"%Y-%m-%d %H:%M{':%S' if seconds else ''}")
    return f"{shown} UTC" if zone else shown


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


def headline(journey: Mapping, subject: str | None) -> str:
    """What the picker does not say about the chosen journey, as Markdown (values escaped)."""
    parts = (
        MODES.get(journey["mode"], journey["mode"]),
        f"about {subject}" if subject else "",
        f"started {when(journey['started_at'], seconds=True, zone=False)}",
        f"last updated {when(journey['updated_at'], seconds=True, zone=False)} ({WALL_CLOCK})",
    )
    return " · ".join(plain(p) for p in parts if p)


JOURNEY_ANCHOR = "one-journey"  # the heading of the journey's steps, for the jump to it


def selected(row: Mapping, journey: Mapping | None, subject: str | None) -> str:
    """What a click on a table row picked, in one line right under the table (the journey's
    steps are below the fold at 1440x900), with a jump to them; as Markdown (values escaped).
    It names the journey by id, as the picker's label ends."""
    parts = [f"{row['step']} of journey {row['journey_id']}", subject]
    if journey is not None:
        parts.append(journey_outcome_label(journey["outcome"]))
    said = " · ".join(plain(p) for p in parts if p)
    return f":material/arrow_downward: Selected: {said} · [see its steps](#{JOURNEY_ANCHOR})"


def unmask_help(recorded_masked: bool) -> str:
    """What ticking "Unmask personal data" does to an export, given how history records."""
    if recorded_masked:
        return (
            "Nothing to unmask: this console records personal data masked (KYC_MASK_PII is "
            "on), so exports hold it masked. Set KYC_MASK_PII=false to record it as typed. "
            "Secrets are never exported."
        )
    return (
        "This console records personal data as typed (KYC_MASK_PII=false): exports mask it "
        "unless you tick this for one export. Secrets are never exported."
    )


def store_sentence(url: str) -> str:
    """Where the history lives, without any password the URL holds."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"Recorded in the SQLite file `{parsed.database}` (`KYC_HISTORY_URL`)."
    where = f"{parsed.host or 'localhost'}{f':{parsed.port}' if parsed.port else ''}"
    return (
        f"Recorded in the {parsed.get_backend_name()} database `{parsed.database}` on "
        f"`{where}` (`KYC_HISTORY_URL`)."
    )


def export_help(fmt: str, exchanges: int, http_calls: int, *, unmask: bool) -> str:
    """What the export button's file holds, in one sentence."""
    if fmt == "HAR":
        held = (
            f"The {count_of(http_calls, 'HTTP call')} among the "
            f"{count_of(exchanges, 'matching exchange')} (HAR holds requests the console "
            "sent: not refused input or incoming webhooks)"
        )
    else:
        held = f"All {count_of(exchanges, 'matching exchange')}, with requests and responses"
    return held + (", personal data unmasked." if unmask else ", personal data masked.")
