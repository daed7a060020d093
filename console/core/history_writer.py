"""Exchange rows written behind the calls: the recorder hands a row over and returns at once;
one thread writes whatever has queued up in one transaction.

32 journeys at once through one SQLite file spent most of their time waiting on each other's
commits (start p95 948 ms, of which ~840 ms history; bench/concurrent_journeys.py). Readers
call `flush()` first, so a page never reads a history that misses a call it just made.
"""

import atexit
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)
BATCH = 500
_writers: dict[str, "BackgroundWriter"] = {}
_writers_lock = threading.Lock()


def writer_for(url: str, write_batch: Callable[[list[dict[str, Any]]], None]) -> "BackgroundWriter":
    """One writer per database in a process, so that any store reading that database flushes
    what every other store of it handed over."""
    with _writers_lock:
        writer = _writers.get(url)
        if writer is None:
            writer = _writers[url] = BackgroundWriter(write_batch, name="history-writer")
        return writer


class BackgroundWriter:
    def __init__(self, write_batch: Callable[[list[dict[str, Any]]], None], name: str) -> None:
        self._write_batch = write_batch
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue()
        self._progress = threading.Condition()
        self._handed = 0  # rows put so far
        self._done = 0  # rows written (or logged as lost) so far
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        atexit.register(self.flush)

    def put(self, row: dict[str, Any]) -> None:
        with self._progress:
            self._handed += 1
        self._queue.put(row)

    def flush(self) -> None:
        """Returns once every row handed over before the call is written (or logged as lost);
        rows other sessions hand over meanwhile are not waited for."""
        with self._progress:
            target = self._handed
            self._progress.wait_for(lambda: self._done >= target)

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write_batch(batch)
            except Exception:  # a broken database must not kill the writer; say what was lost
                log.exception("history: a batch of %d exchange rows failed", len(batch))
            finally:
                with self._progress:
                    self._done += len(batch)
                    self._progress.notify_all()
