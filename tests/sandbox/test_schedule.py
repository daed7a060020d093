"""The sandbox's scheduler: a job runs once the sandbox clock reaches its time, whether by waiting
or by an advance (which wakes it at once), never before; cancel_all forgets what has not run; a
slow job does not hold up the others. Time moves only through the clock (frozen here)."""

import threading

from sandbox.core.clock import SandboxClock
from sandbox.core.schedule import Scheduler

WAIT = 10.0  # seconds a test waits for an Event at most (they come in milliseconds)


def frozen() -> SandboxClock:
    clock = SandboxClock()
    clock.freeze(True)
    return clock


def test_a_job_runs_when_the_clock_is_advanced_to_its_time_not_before() -> None:
    clock = frozen()
    scheduler = Scheduler(clock)
    ran = threading.Event()
    scheduler.at(clock.now() + 8, ran.set)
    clock.advance(7.9)
    assert not ran.wait(0.3)  # the worker looked again (0.25 s at most) and left it
    assert scheduler.pending() == 1
    clock.advance(0.1)
    assert ran.wait(WAIT)
    assert scheduler.pending() == 0


def test_jobs_due_together_run_and_later_ones_wait() -> None:
    clock = frozen()
    scheduler = Scheduler(clock)
    events = [threading.Event() for _ in range(3)]
    for seconds, event in zip((5, 10, 20), events, strict=True):
        scheduler.at(clock.now() + seconds, event.set)
    clock.advance(10)
    assert events[0].wait(WAIT) and events[1].wait(WAIT)
    assert not events[2].is_set() and scheduler.pending() == 1
    clock.advance(10)
    assert events[2].wait(WAIT)


def test_a_job_already_due_runs_at_once() -> None:
    clock = frozen()
    scheduler = Scheduler(clock)
    ran = threading.Event()
    scheduler.at(clock.now() - 1, ran.set)
    assert ran.wait(WAIT)


def test_cancel_all_forgets_the_jobs_not_yet_run() -> None:
    clock = frozen()
    scheduler = Scheduler(clock)
    ran = threading.Event()
    scheduler.at(clock.now() + 5, ran.set)
    scheduler.cancel_all()
    assert scheduler.pending() == 0
    clock.advance(60)
    after = threading.Event()
    scheduler.at(clock.now(), after.set)  # a job after the cancel still runs
    assert after.wait(WAIT)
    assert not ran.is_set()


def test_a_slow_job_does_not_hold_up_another() -> None:
    clock = frozen()
    scheduler = Scheduler(clock)
    release, quick = threading.Event(), threading.Event()
    scheduler.at(clock.now(), lambda: release.wait(WAIT))  # a receiver taking its time
    scheduler.at(clock.now(), quick.set)
    assert quick.wait(WAIT)
    release.set()


def test_a_failing_job_is_logged_and_the_next_still_runs() -> None:
    clock = frozen()
    scheduler = Scheduler(clock)
    ran = threading.Event()

    def broken() -> None:
        raise RuntimeError("boom")

    scheduler.at(clock.now(), broken)
    scheduler.at(clock.now() + 1, ran.set)
    clock.advance(1)
    assert ran.wait(WAIT)


def test_the_worker_thread_leaves_when_idle_and_comes_back() -> None:
    clock = frozen()
    scheduler = Scheduler(clock, name="schedule-test-idle")
    first, second = threading.Event(), threading.Event()
    scheduler.at(clock.now(), first.set)
    assert first.wait(WAIT)
    for worker in [t for t in threading.enumerate() if t.name == "schedule-test-idle"]:
        worker.join(WAIT)  # nothing left: it returns
    assert not [t for t in threading.enumerate() if t.name == "schedule-test-idle"]
    scheduler.at(clock.now(), second.set)
    assert second.wait(WAIT)


def test_the_clock_tells_its_listeners_of_every_move() -> None:
    clock = frozen()
    moves: list[float] = []
    clock.subscribe(lambda: moves.append(clock.now()))
    clock.advance(3)
    clock.freeze(False)
    clock.reset()
    assert len(moves) == 3
