"""Deadlines stored as numbers (session state survives reruns) and read as time left."""

import time
from dataclasses import dataclass


@dataclass
class Countdown:
    deadline: float  # time.time() seconds

    @classmethod
    def starting_now(cls, seconds: float) -> "Countdown":
        return cls(time.time() + seconds)

    def remaining(self, now: float | None = None) -> float:
        return max(0.0, self.deadline - (time.time() if now is None else now))

    def done(self, now: float | None = None) -> bool:
        return self.remaining(now) == 0.0

    def skip(self, seconds: float) -> None:
        """Follows the sandbox clock when QA moves it forward."""
        self.deadline -= seconds

    def label(self, now: float | None = None) -> str:
        left = round(self.remaining(now))
        return f"{left // 60}:{left % 60:02d}"
