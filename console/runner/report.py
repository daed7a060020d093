"""A run's report: one result per scenario, totals, saved as JSON and read back."""

import json
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, computed_field

from console.runner.compare import depth

Outcome = Literal["passed", "failed", "error"]
OUTCOMES: tuple[Outcome, ...] = ("passed", "failed", "error")
FORMAT = "kyc-console/scenario-run/1"
# A report's own levels and what it holds of answers (console/runner/compare.py MAX_DEPTH),
# inside what it can be written back as JSON (pydantic's serializer stops at 255).
MAX_DEPTH = 120
TOO_DEEP = f"This file's JSON is nested more than {MAX_DEPTH} levels deep: no report is."


class ReportError(ValueError):
    """Bytes that are not a scenario runner report; the message says why, in a sentence."""


class Result(BaseModel):
    model_config = ConfigDict(extra="ignore")

    vendor: str
    scenario: str
    title: str = ""
    outcome: Outcome
    duration_ms: float = Field(ge=0)
    summary: str = ""  # failed: each differing check in a line; error: what went wrong
    diff: str = ""  # failed: unified diff of expected against got
    error_type: str = ""  # error: the kind of error (ConnectError, NotSent...)
    expected: dict[str, Any] = {}
    got: dict[str, Any] = {}
    journey_id: str | None = None
    # The exchange as the history holds it: secrets redacted, personal data masked.
    exchange: dict[str, Any] | None = None
    # The contract check of the answer (console/core/contract.py): each finding's kind, path
    # and detail; [] on contract; None not checked (no answer, or a call it does not judge).
    # Drift is reported beside the outcome, never part of it.
    contract: list[dict[str, str]] | None = None

    @property
    def key(self) -> str:
        return f"{self.vendor}/{self.scenario}"

    @property
    def findings(self) -> int:
        return len(self.contract or [])

    @property
    def contract_label(self) -> str:
        """ "on contract", "N findings" or "not checked"."""
        if self.contract is None:
            return "not checked"
        if not self.contract:
            return "on contract"
        return counted(self.findings, "finding")


class Report(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: Literal["kyc-console/scenario-run/1"] = FORMAT
    started_at: datetime
    mode: Literal["sandbox", "live"]
    target: str  # where the requests went: the sandbox URL, or each vendor's live base URL
    results: list[Result] = []

    @computed_field
    @property
    def totals(self) -> dict[str, int | float]:
        counts: dict[str, int | float] = {o: 0 for o in OUTCOMES}
        for result in self.results:
            counts[result.outcome] += 1
        counts["total"] = len(self.results)
        counts["duration_ms"] = round(sum(r.duration_ms for r in self.results), 2)
        return counts

    @property
    def ok(self) -> bool:
        return all(r.outcome == "passed" for r in self.results)

    @property
    def contract_counts(self) -> dict[str, int]:
        """Answers checked, of which off contract, and their findings; not checked."""
        checked = [r for r in self.results if r.contract is not None]
        return {
            "checked": len(checked),
            "off_contract": sum(1 for r in checked if r.contract),
            "findings": sum(r.findings for r in checked),
            "not_checked": len(self.results) - len(checked),
        }

    def vendors(self) -> list[str]:
        return list(dict.fromkeys(r.vendor for r in self.results))

    def worst_first(self) -> list[Result]:
        """Errors, then failures, then passes, each in the order they ran."""
        return sorted(self.results, key=lambda r: OUTCOMES[::-1].index(r.outcome))

    def to_json(self) -> bytes:
        return self.model_dump_json(indent=2).encode()

    @classmethod
    def from_json(cls, data: bytes | str) -> "Report":
        try:
            raw = json.loads(data)
        except RecursionError:
            raise ReportError(TOO_DEEP) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ReportError(f"This file is not JSON ({exc}).") from None
        if depth(raw) > MAX_DEPTH:
            raise ReportError(TOO_DEEP)
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ReportError(
                f'This JSON is not a scenario runner report (no "format": "{FORMAT}" at its top).'
            )
        try:
            report = cls.model_validate(raw)
        except ValidationError as exc:
            where = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3]
            )
            raise ReportError(f"This report is damaged: {where}.") from None
        return report


def counted(n: int, word: str) -> str:
    """ "1 finding", "2 findings"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
