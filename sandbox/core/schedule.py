"""Jobs due at a time of the sandbox clock (a submission processed 8 s after its photos, a
callback retried 5 s later), run when that time comes, however the clock got there: by waiting,
or by QA advancing it.

One daemon thread per scheduler, started by its first job and gone when no job is left, waits on
a Condition for the next due time (at most 0.25 s: the clock runs on wall time too) and is woken
at once when the clock is advanced, frozen or reset. Due jobs run on a small thread pool, so a
slow job (a receiver that takes its 5 s to time out) never holds up the others.
"""

import heapq
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sandbox.core.clock import SandboxClock

log = logging.getLogger("sandbox")

Job = Callable[[], None]
WORKERS = 4
LONGEST_WAIT = 0.25  # seconds of wall time between two looks at the clock


class Scheduler:
    def __init__(self, clock: SandboxClock, name: str = "sandbox-schedule") -> None:
        self.clock = clock
        self.name = name
        self._due: list[tuple[float, int, Job]] = []
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix=name)
        clock.subscribe(self._wake)

    def at(self, when: float, job: Job) -> None:
        """Runs `job()` once the clock reads `when` (epoch seconds) or later."""
        with self._changed:
            heapq.heappush(self._due, (when, next(self._order), job))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def cancel_all(self) -> None:
        """Forgets every job not yet started (one already running finishes)."""
        with self._changed:
            self._due.clear()
            self._changed.notify_all()

    def close(self) -> None:
        """Forgets every job and stops listening to the clock (a job running finishes)."""
        self.clock.unsubscribe(self._wake)
        self.cancel_all()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def pending(self) -> int:
        with self._changed:
            return len(self._due)

    def _wake(self) -> None:
        with self._changed:
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                if not self._due:
                    self._thread = None
                    return
                now = self.clock.now()
                due = []
                while self._due and self._due[0][0] <= now:
                    due.append(heapq.heappop(self._due)[2])
                if not due:
                    self._changed.wait(min(self._due[0][0] - now, LONGEST_WAIT))
                    continue
            for job in due:
                try:
                    self._pool.submit(_logged, job)
                except RuntimeError:  # the interpreter is shutting down: nothing runs any more
                    with self._changed:
                        self._thread = None
                    return


def _logged(job: Job) -> None:
    try:
        job()
    except Exception:
        log.exception("a scheduled sandbox job failed")
