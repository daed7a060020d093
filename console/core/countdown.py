"""Deadlines stored as numbers (session state survives reruns) and read as time left.

A deadline is on the clock of the journey's mode (console.core.clock): pass that clock's now."""

from dataclasses import dataclass


@dataclass
class Countdown:
    deadline: float  # seconds since the epoch, on the mode's clock

    @classmethod
    def starting(cls, now: float, seconds: float) -> "Countdown":
        return cls(now + seconds)

    def remaining(self, now: float) -> float:
        return max(0.0, self.deadline - now)

    def done(self, now: float) -> bool:
        return self.remaining(now) == 0.0

    def label(self, now: float) -> str:
        left = round(self.remaining(now))
        return f"{left // 60}:{left % 60:02d}"
