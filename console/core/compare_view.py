"""How the vendor comparison shows its figures: headline metrics per vendor, Altair charts
(outcome mix, latency over time, errors by code), each with its figures in a table beneath.

The charts carry their data inline (Streamlit hands the rows to its bundled Vega-Lite as
Arrow): nothing is fetched from another host. Vendor text (steps, error codes) reaches the
page only as chart labels and dataframe cells, never as Markdown.
"""

from collections.abc import Iterator, Sequence
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st
from sqlalchemy import func, select

from console.core.compare_query import CompareFilter, Comparison, compare, span
from console.core.history import HistoryStore
from console.core.history_schema import exchanges
from console.core.history_view import OUTCOMES, latency_text, table_height, vendor_title
from console.core.text import plain

OUTCOME_COLOURS = {"success": "#2e7d32", "failure": "#ef6c00", "error": "#c62828"}
PERCENTILE_HELP = (
    "Nearest rank over the calls that got an answer: half took at most p50, 95 in 100 at most "
    "p95. A call with no answer (connection refused, timeout) is left out: it timed its "
    "failure, not the vendor."
)
PER_ROW = 5  # vendors side by side in the headline metrics
BUCKET_WORDS = {"hour": "hour", "day": "day"}
COUNT_AXIS = alt.Axis(tickMinStep=1, format="d")  # calls are whole: no 0.5 tick


def history_span(store: HistoryStore) -> tuple[date | None, date | None]:
    """The UTC days of the first and the last HTTP call recorded (None, None if none)."""
    with store.read() as db:  # every call handed to the writer before is counted
        return span(db)


@st.cache_data(ttl=60, max_entries=32, show_spinner=False)
def _figures(
    _store: HistoryStore, url: str, where: CompareFilter, by_step: bool, stamp: tuple
) -> Comparison:
    with _store.read() as db:
        return compare(db, where, by_step=by_step)


def figures(store: HistoryStore, where: CompareFilter, *, by_step: bool) -> Comparison:
    """The comparison for `where`, summed again only when the history changed: rows are
    written once and only ever deleted (retention), so the number of exchanges and the last
    id tell a changed history (counted over an index: ~6 ms at 100,000). The ttl bounds the
    rest."""
    with store.read() as db:  # the writer flushed first: the stamp counts its rows
        stamp = tuple(db.execute(select(func.count(), func.max(exchanges.c.id))).one())
    return _figures(store, store.url, where, by_step, stamp)


# --- labels -----------------------------------------------------------------------------


def status_label(status: int | None) -> str:
    return f"HTTP {status}" if status is not None else "No answer"


def code_label(status: int | None, code: str) -> str:
    return f"{status_label(status)} · {code}"


# --- headline metrics -------------------------------------------------------------------


def _rows_of(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def headline(summary: list[dict]) -> None:
    """Per vendor, side by side: calls, success rate, p50 and p95."""
    for chunk in _rows_of(summary, PER_ROW):
        for column, row in zip(st.columns(PER_ROW), chunk, strict=False):
            with column.container(border=True):
                st.markdown(f"**{plain(vendor_title(row['vendor']))}**")
                st.metric("Calls", f"{row['calls']:,}")
                st.metric("Success", f"{row['success_pct']:.1f}%")
                # "13.6 s", not "13,570.4 ms": a card is a glance (the table has the ms)
                st.metric("Latency p50", latency_text(row["p50"]) or "–", help=PERCENTILE_HELP)
                st.metric("Latency p95", latency_text(row["p95"]) or "–", help=PERCENTILE_HELP)


SUMMARY_COLUMNS = {
    "vendor": st.column_config.TextColumn("Flow"),
    "calls": st.column_config.NumberColumn("Calls", format="localized"),
    "success_pct": st.column_config.NumberColumn("Success rate", format="%.1f%%"),
    "p50": st.column_config.NumberColumn("Latency p50", format="%.1f ms", help=PERCENTILE_HELP),
    "p95": st.column_config.NumberColumn("Latency p95", format="%.1f ms", help=PERCENTILE_HELP),
    "top_error": st.column_config.TextColumn(
        "Most frequent error", help="Among failures and errors: HTTP status · the vendor's code"
    ),
    "top_errors": st.column_config.NumberColumn("Times", format="localized"),
}


def summary_table(summary: list[dict]) -> dict[str, list]:
    return {
        "vendor": [vendor_title(r["vendor"]) for r in summary],
        "calls": [r["calls"] for r in summary],
        "success_pct": [r["success_pct"] for r in summary],
        "p50": [r["p50"] for r in summary],
        "p95": [r["p95"] for r in summary],
        "top_error": [
            code_label(r["top_status"], r["top_code"]) if r["top_code"] is not None else None
            for r in summary
        ],
        "top_errors": [r["top_errors"] for r in summary],
    }


# --- outcome mix ------------------------------------------------------------------------


def outcome_frame(mix: list[dict]) -> pd.DataFrame:
    """One row per vendor, step and outcome (aggregated rows only)."""
    return pd.DataFrame(
        [
            {
                "flow": vendor_title(row["vendor"]),
                "step": row["step"],
                "call": f"{vendor_title(row['vendor'])} · {row['step']}",
                "outcome": OUTCOMES[outcome],
                "rank": rank,  # stacked success first, then failure, then error
                "calls": row[outcome],
            }
            for row in mix
            for rank, outcome in enumerate(OUTCOME_COLOURS)
            if row[outcome]
        ],
        columns=["flow", "step", "call", "outcome", "rank", "calls"],
    )


def outcome_chart(mix: list[dict]) -> alt.Chart:
    """Stacked bars: per vendor and step, how many calls came to each outcome."""
    colours = alt.Scale(
        domain=[OUTCOMES[o] for o in OUTCOME_COLOURS], range=list(OUTCOME_COLOURS.values())
    )
    return (
        alt.Chart(outcome_frame(mix))
        .mark_bar()
        .encode(
            x=alt.X("calls:Q", title="Calls", stack="zero", axis=COUNT_AXIS),
            y=alt.Y("call:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
            color=alt.Color("outcome:N", title="Outcome", scale=colours),
            order=alt.Order("rank:O"),
            tooltip=["flow:N", "step:N", "outcome:N", "calls:Q"],
        )
    )


MIX_COLUMNS = {
    "vendor": st.column_config.TextColumn("Flow"),
    "step": st.column_config.TextColumn("Step"),
    "calls": st.column_config.NumberColumn("Calls", format="localized"),
    **{o: st.column_config.NumberColumn(OUTCOMES[o], format="localized") for o in OUTCOME_COLOURS},
    "success_rate": st.column_config.NumberColumn("Success rate", format="%.1f%%"),
}


def mix_table(mix: list[dict]) -> dict[str, list]:
    return {
        "vendor": [vendor_title(r["vendor"]) for r in mix],
        "step": [r["step"] for r in mix],
        "calls": [r["calls"] for r in mix],
        **{o: [r[o] for r in mix] for o in OUTCOME_COLOURS},
        "success_rate": [100 * r["success"] / r["calls"] for r in mix],
    }


# --- latency over time ------------------------------------------------------------------


def _series(row: dict) -> str:
    title = vendor_title(row["vendor"])
    return f"{title} · {row['step']}" if "step" in row else title


def latency_frame(latency: list[dict]) -> pd.DataFrame:
    """One row per series, bucket and percentile; bucket starts as UTC timestamps."""
    return pd.DataFrame(
        [
            {
                "series": _series(row),
                "bucket": pd.Timestamp(row["bucket"]).tz_localize("UTC"),
                "percentile": name,
                "ms": row[name],
                "timed": row["timed"],
            }
            for row in latency
            for name in ("p50", "p95")
        ],
        columns=["series", "bucket", "percentile", "ms", "timed"],
    )


LATENCY_CAPTION = (
    "p50: solid line, round dots; p95: dashed line, triangles. By nearest rank over the calls "
    "of each {} that got an answer: a call with no answer (connection refused, timeout) is "
    "left out."
)
ONE_BUCKET = " All of them fall in one {}: a dot each, no line to draw."
SHAPES = alt.Scale(domain=["p50", "p95"], range=["circle", "triangle-up"])


def latency_caption(latency: list[dict], bucket: str) -> str:
    word = BUCKET_WORDS[bucket]
    single = len({row["bucket"] for row in latency}) == 1
    return LATENCY_CAPTION.format(word) + (ONE_BUCKET.format(word) if single else "")


def latency_chart(latency: list[dict], bucket: str) -> alt.LayerChart:
    """Lines of p50 (solid) and p95 (dashed) per vendor (or vendor and step) per bucket, with
    a mark on each figure (round for p50, a triangle for p95): a series of one bucket has no
    line, only its marks."""
    unit = "yearmonthdatehours" if bucket == "hour" else "yearmonthdate"
    base = alt.Chart(latency_frame(latency)).encode(
        x=alt.X(
            f"utc{unit}(bucket):T",
            title=f"{BUCKET_WORDS[bucket].capitalize()} (UTC)",
            scale=alt.Scale(type="utc"),
        ),
        y=alt.Y("ms:Q", title="Latency (ms)"),
        color=alt.Color("series:N", title="Flow", legend=alt.Legend(labelLimit=420)),
        tooltip=[
            "series:N",
            alt.Tooltip(f"utc{unit}(bucket):T", title="From (UTC)"),
            "percentile:N",
            alt.Tooltip("ms:Q", format=",.1f"),
            alt.Tooltip("timed:Q", title="Answered calls"),
        ],
    )
    # Said in the caption above the chart too: Vega's legend draws no dashes for a line.
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash("percentile:N", sort=["p50", "p95"], legend=None)
    )
    marks = base.mark_point(filled=True, size=60).encode(
        shape=alt.Shape("percentile:N", scale=SHAPES, title="Percentile")
    )
    return alt.layer(lines, marks)


def latency_columns(bucket: str) -> dict:
    shown = "YYYY-MM-DD HH:mm" if bucket == "hour" else "YYYY-MM-DD"
    return {"bucket": st.column_config.DatetimeColumn("From (UTC)", format=shown)} | LATENCY_COLUMNS


LATENCY_COLUMNS = {
    "vendor": st.column_config.TextColumn("Flow"),
    "step": st.column_config.TextColumn("Step"),
    "timed": st.column_config.NumberColumn(
        "Answered calls", format="localized", help="The calls the percentiles are taken over"
    ),
    "p50": st.column_config.NumberColumn("p50", format="%.1f ms", help=PERCENTILE_HELP),
    "p95": st.column_config.NumberColumn("p95", format="%.1f ms", help=PERCENTILE_HELP),
}


def latency_table(latency: list[dict]) -> dict[str, list]:
    columns = {
        "bucket": [r["bucket"] for r in latency],
        "vendor": [vendor_title(r["vendor"]) for r in latency],
    }
    if latency and "step" in latency[0]:
        columns["step"] = [r["step"] for r in latency]
    return columns | {name: [r[name] for r in latency] for name in ("timed", "p50", "p95")}


# --- errors by code ---------------------------------------------------------------------


def errors_frame(errors: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "flow": vendor_title(row["vendor"]),
                "code": code_label(row["status_code"], row["error_code"]),
                "errors": row["errors"],
            }
            for row in errors
        ],
        columns=["flow", "code", "errors"],
    )


def errors_chart(errors: list[dict]) -> alt.Chart:
    """Bars: failures and errors per HTTP status and vendor code, stacked by vendor."""
    return (
        alt.Chart(errors_frame(errors))
        .mark_bar()
        .encode(
            x=alt.X("sum(errors):Q", title="Failures and errors", axis=COUNT_AXIS),
            y=alt.Y("code:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420)),
            color=alt.Color("flow:N", title="Flow", legend=alt.Legend(labelLimit=420)),
            tooltip=["flow:N", "code:N", "errors:Q"],
        )
    )


ERROR_COLUMNS = {
    "vendor": st.column_config.TextColumn("Flow"),
    "status": st.column_config.TextColumn("HTTP"),
    "code": st.column_config.TextColumn(
        "Vendor code", help="The vendor's own error code, as the adapter read it"
    ),
    "errors": st.column_config.NumberColumn("Failures and errors", format="localized"),
}


def errors_table(errors: list[dict]) -> dict[str, list]:
    return {
        "vendor": [vendor_title(r["vendor"]) for r in errors],
        "status": [status_label(r["status_code"]) for r in errors],
        "code": [r["error_code"] for r in errors],
        "errors": [r["errors"] for r in errors],
    }


def table(key: str, columns: dict[str, list], config: dict) -> None:
    """Figures beneath a chart: as text cells, a missing value blank."""
    rows = len(next(iter(columns.values()), []))
    st.dataframe(
        columns,
        hide_index=True,
        width="stretch",
        height=table_height(rows, most=8),
        key=key,
        column_config=config,
        placeholder="",
    )
