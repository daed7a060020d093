"""Sending one scenario: through the recorder into history, as a journey of its own.

Each vendor and mode gets one `httpx.Client` whose transport is the console's
`RecordingTransport` writing to the history store's sink through the vendor's contract check,
as console/core/clients.py builds the flows' clients. The exchange is filed under the
scenario's journey ("scenario <id>") with the step the vendor's adapter would name it
(`Contract.step_of`; the scenario id for a request no adapter sends, such as a hosted
journey's page), so it groups with the flows' steps in figures and is checked as theirs are.
It is judged by HTTP status (the journey, not the exchange, holds whether the scenario passed).
"""

import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import certifi
import httpx

from console.core import contract
from console.core.history import HistoryStore
from console.core.spec import VendorSpec
from console.runner import live
from console.runner.catalog import Scenario
from console.runner.compare import (
    MAX_DEPTH,
    Answer,
    Unreadable,
    code_of,
    compare,
    depth,
    message_of,
)
from console.runner.live import NotSent
from console.runner.report import Result
from kyc_adapters.recorder import JOURNEY, STEP, VERDICT, PendingVerdict, RecordingTransport
from kyc_adapters.redaction import Redactor

EXCHANGE_KEYS = (
    "at",
    "step",
    "method",
    "url",
    "status_code",
    "latency_ms",
    "outcome",
    "error",
    "error_code",
    "request",
    "response",
)


SPECS: dict[str, VendorSpec] = live.SPECS


def step_of(scenario: Scenario) -> str:
    """The step the vendor's adapter would name the scenario's request; its id otherwise."""
    spec = SPECS.get(scenario.vendor)
    request = scenario.request
    body = request.get("json") if request.get("json") is not None else request.get("form")
    named = None
    if spec is not None and spec.contract is not None:
        named = spec.contract.step_of(request.get("method", "POST"), request["path"], body)
    return named or scenario.id


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


@dataclass(frozen=True)
class Target:
    """Where requests go: the sandbox as the catalog names it, or in live mode each vendor's
    service's live base URL in place of its sandbox prefix (console/runner/live.py)."""

    mode: str
    sandbox_url: str
    base_urls: dict[str, dict[str, str]]  # vendor -> settings field -> live base URL

    def url(self, scenario: Scenario) -> str:
        path = scenario.request["path"]
        if self.mode == "sandbox":
            return (scenario.served_at or self.sandbox_url).rstrip("/") + path
        urls = self.base_urls.get(scenario.vendor)
        if not urls:
            raise NotSent(f"No live base URL for {scenario.vendor}.")
        return live.url(scenario.vendor, scenario.prefix, path, urls)


class Sender:
    def __init__(
        self, target: Target, store: HistoryStore, redactor: Redactor, timeout: float
    ) -> None:
        self.target = target
        self.store = store
        self.redactor = redactor
        self.timeout = timeout
        self._control = httpx.Client(base_url=target.sandbox_url, timeout=timeout)
        self._clients: dict[str, httpx.Client] = {}

    def close(self) -> None:
        self._control.close()
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _client(self, vendor: str) -> httpx.Client:
        if vendor not in self._clients:
            spec = SPECS.get(vendor)
            transport = RecordingTransport(
                httpx.HTTPTransport(verify=_tls()),
                # each answer checked against the vendor's documented contract first
                contract.checking(
                    self.store.sink(vendor, self.target.mode),
                    spec.contract if spec is not None else None,
                ),
                self.redactor,
            )
            self._clients[vendor] = httpx.Client(transport=transport, timeout=self.timeout)
        return self._clients[vendor]

    def run(self, scenario: Scenario) -> Result:
        """Reset (sandbox mode), send, compare; never raises for what the scenario meets."""
        began = time.perf_counter()
        mode = self.target.mode
        journey_id = self.store.new_journey(
            scenario.vendor, mode, f"scenario {scenario.id}", origin="runner"
        )
        base = {"vendor": scenario.vendor, "scenario": scenario.id, "title": scenario.title}
        try:
            if mode == "sandbox":
                self._control.post("/_sandbox/reset").raise_for_status()
            response, pending = self._send(scenario, journey_id)
        except (NotSent, httpx.HTTPError) as exc:
            summary = self.redactor.text(
                str(exc) if isinstance(exc, NotSent) else f"{type(exc).__name__}: {exc}"
            )
            self.store.finish_journey(journey_id, "error")
            return Result(
                **base,
                outcome="error",
                duration_ms=_ms(began),
                summary=summary,
                error_type=type(exc).__name__,
                expected={"status": scenario.expect.get("status")},
                journey_id=journey_id,
                **self._recorded(journey_id),
            )
        try:
            answer = Answer.of(
                response.status_code, response.content, response.headers.get("content-type", "")
            )
        except Unreadable as exc:
            pending.settle("error", str(exc))
            self.store.finish_journey(journey_id, "error")
            return Result(
                **base,
                outcome="error",
                duration_ms=_ms(began),
                summary=str(exc),
                error_type=type(exc).__name__,
                expected={"status": scenario.expect.get("status")},
                got={"status": response.status_code},
                journey_id=journey_id,
                **self._recorded(journey_id),
            )
        comparison = compare(scenario.expect, answer, self.redactor)
        _settle(pending, answer)
        outcome = "passed" if comparison.passed else "failed"
        self.store.finish_journey(journey_id, outcome)
        return Result(
            **base,
            outcome=outcome,
            duration_ms=_ms(began),
            summary=comparison.summary(),
            diff=comparison.diff(),
            expected=comparison.expected(),
            got=comparison.got(),
            journey_id=journey_id,
            **self._recorded(journey_id),
        )

    def _send(self, scenario: Scenario, journey_id: str) -> tuple[httpx.Response, PendingVerdict]:
        request = scenario.request
        url = self.target.url(scenario)
        files = [self._file(part) for part in request.get("files") or []]
        form = request.get("form")
        if form and request.get("multipart") and not files:
            # Text parts without a file: httpx writes multipart only when a part is a file.
            files, form = [(name, (None, value)) for name, value in form.items()], None
        pending = PendingVerdict()
        response = self._client(scenario.vendor).request(
            request.get("method", "POST"),
            url,
            headers=request.get("headers") or None,
            json=request.get("json"),
            data=form,
            files=files or None,
            extensions={STEP: step_of(scenario), JOURNEY: journey_id, VERDICT: pending},
        )
        return response, pending

    def _file(self, part: dict[str, Any]) -> tuple[str, tuple[str, bytes, str]]:
        """A file part's bytes, from the sandbox that serves them (in live mode too)."""
        fetched = self._control.get(part["url"])
        if fetched.status_code != 200:
            raise NotSent(f"The sandbox did not serve {part['url']} ({fetched.status_code}).")
        return part["field"], (part["filename"], fetched.content, part["contentType"])

    def _recorded(self, journey_id: str) -> dict[str, Any]:
        """The journey's exchange as the history holds it, and its contract findings."""
        rows = self.store.journey_exchanges(journey_id)
        if not rows:
            return {"exchange": None, "contract": None}
        row = rows[-1]
        exchange = {key: row.get(key) for key in EXCHANGE_KEYS}
        if depth(exchange) > MAX_DEPTH:  # history kept an answer deeper than a report holds
            exchange["response"] = {"body": f"<JSON nested more than {MAX_DEPTH} levels deep>"}
        at = exchange["at"]
        if isinstance(at, datetime):  # SQLite hands back the UTC time it was given, naive
            exchange["at"] = (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()
        return {"exchange": exchange, "contract": row.get("contract")}


def _settle(pending: PendingVerdict, answer: Answer) -> None:
    """The exchange's verdict is the vendor's answer read plainly: 2xx success, 5xx error,
    anything else a refusal, with the vendor's own code and message when the body has them."""
    if 200 <= answer.status < 300:
        pending.settle("success", None)
        return
    code, message = code_of(answer), message_of(answer)
    pending.settle(
        "error" if answer.status >= 500 else "failure",
        message if isinstance(message, str) else None,
        code if isinstance(code, str) else None,
    )


def _ms(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 2)
