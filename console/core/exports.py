"""History exports (CSV, JSON, HAR 1.2): what leaves the console as a file.

Every exported row passes the redactor once more on its way out: secrets by key and by the
configured values (a row recorded before a credential was configured, or under another key
name, still leaves without it), and personal data masked unless the person exporting unmasks it
for that one export. Unmasking shows only what the history holds: it records masked unless
KYC_MASK_PII=false, and what was masked when recorded stays masked.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.core.history import HistoryStore
from console.core.history_query import HistoryFilter
from kyc_adapters.redaction import Redactor

Clean = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class ExportFormat:
    label: str
    file_name: str
    mime: str
    build: Callable[[HistoryStore, HistoryFilter, Clean], bytes]


FORMATS = {
    "CSV": ExportFormat("CSV", "kyc-history.csv", "text/csv", HistoryStore.export_csv),
    "JSON": ExportFormat("JSON", "kyc-history.json", "application/json", HistoryStore.export_json),
    # HAR 1.2: the HTTP calls only, for a browser's devtools or Postman.
    "HAR": ExportFormat("HAR", "kyc-history.har", "application/json", HistoryStore.export_har),
}


def file_name(chosen: ExportFormat, *, unmask: bool) -> str:
    """kyc-history.csv, or kyc-history-unmasked.csv: a file with personal data says so."""
    if not unmask:
        return chosen.file_name
    stem, _, suffix = chosen.file_name.rpartition(".")
    return f"{stem}-unmasked.{suffix}"


def exporter(redactor: Redactor, *, unmask: bool) -> Clean:
    """The last pass over each exported row. `redactor` is the console's (every vendor's
    secret and personal keys, the configured secret values)."""
    final = redactor.derive(mask_pii=not unmask)

    def clean(row: dict[str, Any]) -> dict[str, Any]:
        out = dict(row)
        for part in ("request", "response"):
            value = out.get(part)
            if isinstance(value, dict):
                out[part] = {
                    "headers": final.headers(value.get("headers") or {}),
                    "body": final.body(value.get("body")),
                }
        if isinstance(out.get("url"), str):
            out["url"] = final.url(out["url"])
        for column in ("error", "error_code"):
            if isinstance(out.get(column), str):
                out[column] = final.text(out[column])
        return out

    return clean


def build(
    store: HistoryStore, where: HistoryFilter, fmt: str, redactor: Redactor, *, unmask: bool
) -> bytes:
    chosen = FORMATS[fmt]
    return chosen.build(store, where, exporter(redactor, unmask=unmask))
