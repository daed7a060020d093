"""The simulated clock that every vendor's time rules read (cooldowns, expiries, lifetimes)."""

import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

# How far ahead QA may move the clock, in total: far enough for any lifetime a vendor documents,
# and far from the year 9999, past which datetime (and so every timestamp the sandbox renders)
# cannot go.
MAX_OFFSET_SECONDS = 100 * 366 * 24 * 3600


class ClockError(ValueError):
    """A move the clock refuses; the message says why."""


class SandboxClock:
    """Wall time plus an offset QA can advance; it can also be frozen for exact boundaries.

    Running on wall time keeps the sandbox honest for a person who really waits 90 s; the
    offset lets tests and QA cross a cooldown without waiting.
    """

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._listeners: list[Callable[[], None]] = []

    def subscribe(self, listener: Callable[[], None]) -> None:
        """`listener()` is called after every advance, freeze and reset (a scheduler waiting for
        a due time wakes up to look at the clock again). Called outside the clock's lock."""
        with self._lock:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[], None]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _moved(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    def now(self) -> float:
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else self._wall()
            return base + self._offset

    def advance(self, seconds: float) -> float:
        if not math.isfinite(seconds) or seconds < 0:
            raise ClockError("the clock only moves forward, by a finite number of seconds")
        with self._lock:
            if self._offset + seconds > MAX_OFFSET_SECONDS:
                raise ClockError(
                    f"the clock goes at most {MAX_OFFSET_SECONDS} s (100 years) ahead in all; "
                    f"it is {self._offset:.0f} s ahead now (POST /_sandbox/reset puts it back)"
                )
            self._offset += seconds
        self._moved()
        return self.now()

    def freeze(self, frozen: bool) -> None:
        with self._lock:
            if frozen and self._frozen_at is None:
                self._frozen_at = self._wall()
            elif not frozen and self._frozen_at is not None:
                # Keep "now" continuous when thawing.
                self._offset += self._frozen_at - self._wall()
                self._frozen_at = None
        self._moved()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None
        self._moved()

    def snapshot(self) -> dict:
        now = self.now()
        with self._lock:
            offset, frozen = self._offset, self._frozen_at is not None
        return {
            "now": datetime.fromtimestamp(now, UTC).isoformat(),
            "epoch": now,
            "offsetSeconds": offset,
            "frozen": frozen,
        }
