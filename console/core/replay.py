"""This process's calls, replayable as cURL.

The recorder hands each request over as sent, secrets out but personal data as typed
(`kyc_adapters.recorder.SentRequest`). They are kept here, in memory only and bounded, keyed by
journey id: never written to history, logs or exports, gone when the console stops. A page asks
for the requests of its own journey; History shows only the masked record.
"""

import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from console.core import sandbox_control
from console.core.curl import to_curl
from console.core.spec import VendorSpec
from kyc_adapters.recorder import MULTIPART, SentRequest
from kyc_adapters.redaction import REDACTED

JOURNEYS = 200  # the journeys a person could still be looking at
PER_JOURNEY = 32  # a journey's calls: a start, three resends, a few OTP tries


class ReplayStore:
    """A least-recently-used store of sent requests per journey."""

    def __init__(self, journeys: int = JOURNEYS, per_journey: int = PER_JOURNEY) -> None:
        self._lock = threading.Lock()
        self._journeys, self._per_journey = journeys, per_journey
        self._by_journey: OrderedDict[str, deque[SentRequest]] = OrderedDict()

    def capture(self, sent: SentRequest) -> None:
        """The recorder's capture hook."""
        if sent.journey_id is None:
            return
        with self._lock:
            held = self._by_journey.get(sent.journey_id)
            if held is None:
                held = self._by_journey[sent.journey_id] = deque(maxlen=self._per_journey)
                if len(self._by_journey) > self._journeys:
                    self._by_journey.popitem(last=False)
            else:
                self._by_journey.move_to_end(sent.journey_id)
            held.append(sent)

    def find(self, journey_id: str, step: str, at: datetime) -> SentRequest | None:
        """The request behind a recorded exchange (same journey, step and start instant)."""
        with self._lock:
            held = list(self._by_journey.get(journey_id, ()))
        return next((s for s in held if s.step == step and s.started_at == _utc(at)), None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_journey)


STORE = ReplayStore()


@dataclass(frozen=True)
class Replay:
    command: str
    caption: str


def build(
    spec: VendorSpec,
    sent: SentRequest,
    recorded: Mapping[str, Any] | None,
    sandbox_credentials: Mapping[str, str] | None,
) -> Replay:
    """A command that sends `sent` again. Credentials: the sandbox's published ones literally
    (`sandbox_credentials`, by setting name), else references to the variables that hold them
    (`spec.env_name`), so no secret is ever written into the command."""
    headers = dict(sent.headers)
    literal: list[str] = []
    from_env: dict[str, str] = {}
    for header, setting in spec.credential_headers.items():
        if header not in headers:
            continue
        if sandbox_credentials is not None and setting in sandbox_credentials:
            headers[header] = sandbox_credentials[setting]
            literal.append(header)
        else:
            from_env[header] = spec.env_name(setting)
    command = to_curl(
        sent.method, sent.url, {"headers": headers, "body": sent.body}, from_env=from_env
    )
    as_typed = sorted(set(_masked_keys((recorded or {}).get("body"), sent.body)))
    still = sorted(name for name, value in headers.items() if value == REDACTED)
    caption = _caption(as_typed, literal, from_env, still)
    files = _files(sent.body)
    if files:
        caption += (
            " The files are read by name from the folder you run it in: " + ", ".join(files) + "."
        )
    return Replay(command, caption)


def _files(body: Any) -> list[str]:
    multipart = body.get(MULTIPART) if isinstance(body, dict) else None
    return [f["filename"] for f in (multipart or {}).get("files", [])]


def finder(
    spec: VendorSpec, sandbox_url: str, store: ReplayStore = STORE
) -> Callable[[Mapping[str, Any]], Replay | None]:
    """For the inspector: a recorded exchange (a history row) -> its replay, if this process
    still holds the request."""

    def find(row: Mapping[str, Any]) -> Replay | None:
        if row.get("kind") != "http":
            return None
        sent = store.find(row["journey_id"], row["step"], row["at"])
        if sent is None:
            return None
        credentials = None
        # Unreadable sandbox credentials: the command names the environment variables instead.
        with suppress(httpx.HTTPError, KeyError):
            if row.get("mode") == "sandbox":
                credentials = sandbox_control.vendor_info(sandbox_url, spec.id)["credentials"]
        return build(spec, sent, row.get("request"), credentials)

    return find


def _caption(
    as_typed: list[str], literal: list[str], from_env: Mapping[str, str], still: list[str]
) -> str:
    """Exactly what differs from the recorded (masked) request, and where secrets come from."""
    if as_typed:
        lines = [f"{', '.join(as_typed)} as typed (masked in the recorded request)."]
    else:
        lines = ["Every value as typed (the recorded request masks none)."]
    if literal:
        lines.append(
            f"{' and '.join(literal)}: the sandbox's published credentials: nothing to set."
        )
    if from_env:
        names = " and ".join(f"${variable}" for variable in from_env.values())
        lines.append(f"{' and '.join(from_env)} are read from {names}: export them first.")
    if still:
        lines.append(f"Still redacted: {', '.join(still)}: put your own in.")
    lines.append(
        "It is sent again as it was: a call that used something up (a verified OTP, a "
        "single-use session) now gets the vendor's refusal; replay the calls before it first."
    )
    lines.append("Kept in this console's memory only: never in History, logs or exports.")
    return " ".join(lines)


def _masked_keys(recorded: Any, sent: Any, key: str = "") -> Iterator[str]:
    """The keys whose recorded value differs from what was sent (masked on the way in)."""
    if isinstance(sent, dict) and isinstance(recorded, dict):
        for name, value in sent.items():
            yield from _masked_keys(recorded.get(name), value, str(name))
    elif isinstance(sent, list) and isinstance(recorded, list):
        for old, new in zip(recorded, sent, strict=False):
            yield from _masked_keys(old, new, key)
    elif key and recorded != sent:
        yield key


def _utc(at: datetime) -> datetime:
    """Databases hand timestamps back without their zone (SQLite) or with it: both are UTC."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
