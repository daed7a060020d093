"""The simulated phone: every SMS the sandbox 'sends', per mobile number."""

import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Sms:
    mobile: str
    sender: str
    text: str
    otp: str | None
    sent_at: float

    def to_json(self) -> dict:
        data = asdict(self)
        data["sentAt"] = datetime.fromtimestamp(data.pop("sent_at"), UTC).isoformat()
        return data


class Inbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[Sms] = []

    def deliver(self, sms: Sms) -> None:
        with self._lock:
            self._messages.append(sms)

    def for_mobile(self, mobile: str) -> list[Sms]:
        """Messages sent to `mobile`, newest last."""
        with self._lock:
            return [m for m in self._messages if m.mobile == mobile]

    def reset(self) -> None:
        with self._lock:
            self._messages.clear()
