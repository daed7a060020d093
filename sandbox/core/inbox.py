"""The simulated phone: the SMS the sandbox 'sends', per mobile number, newest last.

Bounded: a number keeps its newest `PER_MOBILE` messages and the inbox its `MOBILES` most
recently texted numbers, so a sandbox left running (or a bench of thousands of journeys) answers
GET /_sandbox/inbox in constant size and time.
"""

import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import UTC, datetime

PER_MOBILE = 100  # more than 32 concurrent journeys, each with its 3 resends, to one number
MOBILES = 1000


@dataclass(frozen=True)
class Sms:
    mobile: str
    sender: str
    text: str
    otp: str | None
    sent_at: float
    request_id: str | None = None  # the vendor request (OTP session) this SMS belongs to

    def to_json(self) -> dict:
        return {
            "mobile": self.mobile,
            "sender": self.sender,
            "text": self.text,
            "otp": self.otp,
            "requestId": self.request_id,
            "sentAt": datetime.fromtimestamp(self.sent_at, UTC).isoformat(),
        }


class Inbox:
    def __init__(self, per_mobile: int = PER_MOBILE, mobiles: int = MOBILES) -> None:
        self._lock = threading.Lock()
        self._per_mobile, self._mobiles = per_mobile, mobiles
        self._by_mobile: OrderedDict[str, deque[Sms]] = OrderedDict()

    def deliver(self, sms: Sms) -> None:
        with self._lock:
            messages = self._by_mobile.get(sms.mobile)
            if messages is None:
                messages = self._by_mobile[sms.mobile] = deque(maxlen=self._per_mobile)
                if len(self._by_mobile) > self._mobiles:
                    self._by_mobile.popitem(last=False)  # the number texted longest ago
            else:
                self._by_mobile.move_to_end(sms.mobile)
            messages.append(sms)

    def for_mobile(self, mobile: str, request_id: str | None = None) -> list[Sms]:
        """Messages sent to `mobile` (only those of `request_id`, if given), newest last."""
        with self._lock:
            messages = list(self._by_mobile.get(mobile, ()))
        if request_id is None:
            return messages
        return [m for m in messages if m.request_id == request_id]

    def reset(self) -> None:
        with self._lock:
            self._by_mobile.clear()
