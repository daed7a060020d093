"""Reports saved on disk: beside the history database (data/runs/ by default), one JSON file
per run, named by its start time, mode and a short summary."""

import itertools
import re
from pathlib import Path

from sqlalchemy.engine import make_url

from console.core.settings import PROJECT_ROOT, CoreSettings
from console.runner.report import Report, ReportError

MAX_BYTES = 50 * 1024 * 1024


def runs_dir(settings: CoreSettings) -> Path:
    """`runs/` beside a SQLite history file (data/runs/ by default); data/runs/ otherwise."""
    url = make_url(settings.history_url)
    if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
        return Path(url.database).resolve().parent / "runs"
    return PROJECT_ROOT / "data" / "runs"


def save(report: Report, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report.started_at.strftime("%Y%m%dT%H%M%S")
    vendors = report.vendors()
    scope = vendors[0] if len(vendors) == 1 else f"{len(vendors)}-vendors"
    name = f"{stamp}-{report.mode}-{scope}"
    data = report.to_json()
    for n in itertools.count(1):
        path = folder / (f"{name}.json" if n == 1 else f"{name}-{n}.json")
        try:
            # "x": created here or not at all, so a run saved meanwhile is never overwritten
            with path.open("xb") as file:
                file.write(data)
        except FileExistsError:
            continue
        return path
    raise AssertionError("unreachable")


def saved(folder: Path) -> list[Path]:
    """Saved reports, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"), key=lambda p: p.name, reverse=True)


def open_saved(path: Path) -> Report:
    """A saved report; ReportError (a sentence) when it cannot be read."""
    if not re.fullmatch(r"[\w.-]+\.json", path.name):
        raise ReportError("Only a report file from the runs folder can be opened.")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ReportError(f"{path.name} is larger than a report can be.")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(f"{path.name} could not be read ({exc.strerror}).") from None
    return Report.from_json(data)
