"""One beat at a time (core/beat.py): two real ``celery beat`` processes started together on the
same Redis; only the one holding the lock sends the scheduled task, and the other takes over once
the first is killed. The beats run the project's Celery app with a schedule of one task every
half second, sent to a queue of the test's own that no worker serves, where the test counts
the messages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL")

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (REDIS_URL)")

# The project's app, with a schedule and a lock key of the test's own; then `celery beat`.
BEAT = """
import sys
from committee.celery import app
from django.conf import settings

queue, lock_key, schedule_file = sys.argv[1:4]
app.loader.import_default_modules()
settings.BEAT_LOCK_KEY = lock_key
app.conf.beat_schedule = {
    "test-tick": {
        "task": "committee.tasks.resend_queued_tasks",
        "schedule": 0.5,
        "options": {"queue": queue},
    }
}
app.start(["beat", "-l", "info", "--schedule", schedule_file])
"""
SENT = "Sending due task test-tick"


@pytest.fixture
def beats(tmp_path):
    client = redis.Redis.from_url(REDIS_URL)
    name = f"beat-test-{uuid.uuid4().hex[:8]}"
    queue, lock_key = name, f"{name}:lock"
    environment = {**os.environ, "BEAT_LOCK_SECONDS": "2", "PYTHONUNBUFFERED": "1"}
    processes: list[tuple[subprocess.Popen, Path]] = []
    for number in (1, 2):
        log = tmp_path / f"beat{number}.log"
        process = subprocess.Popen(
            [sys.executable, "-c", BEAT, queue, lock_key, str(tmp_path / f"schedule{number}")],
            cwd=ROOT,
            env=environment,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append((process, log))
    try:
        yield client, queue, processes
    finally:
        for process, _log in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        client.delete(queue, lock_key)


def sent(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(SENT)


def wait_for(condition, seconds: float, what: str, logs) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    shown = "\n".join(f"--- {log.name}\n{log.read_text()[-2000:]}" for log in logs)
    raise AssertionError(f"{what} within {seconds} s\n{shown}")


def test_of_two_beats_only_one_schedules_and_the_other_takes_over(beats):
    client, queue, processes = beats
    logs = [log for _process, log in processes]

    # Both started together: one sends, several times; the other sends nothing meanwhile.
    wait_for(lambda: max(sent(log) for log in logs) >= 4, 20, "no beat sent 4 times", logs)
    counts = [sent(log) for log in logs]
    assert sorted(counts)[0] == 0, counts
    # Each beat logs a task just before publishing it: the last may still be on its way.
    assert sum(counts) - 1 <= client.llen(queue) <= sum(counts)
    holder = counts.index(max(counts))
    other = 1 - holder
    assert all(process.poll() is None for process, _log in processes)

    # The holder dies without releasing the lock: the other beat takes over once it expires.
    holder_process = processes[holder][0]
    os.killpg(holder_process.pid, signal.SIGKILL)
    holder_process.wait(timeout=10)
    wait_for(lambda: sent(logs[other]) >= 2, 10, "the second beat did not take over", logs)
    assert "beat lock taken" in logs[other].read_text()
    # Every message in the queue was logged by one of them (the killed one may have logged its
    # last without publishing it).
    total = sent(logs[holder]) + sent(logs[other])
    assert total - 2 <= client.llen(queue) <= total


def test_a_beat_taking_over_counts_the_previous_holders_runs_as_made(tmp_path):
    """A beat that waited for days does not send every daily and quarterly task at once when it
    takes over: runs due before the holder last renewed count as made; what fell due within the
    lock's time to live before the takeover is sent."""
    from datetime import timedelta

    from committee.celery import app
    from core.beat import LockedScheduler

    scheduler = LockedScheduler(app, schedule_filename=str(tmp_path / "schedule"))
    try:
        days_ago = app.now() - timedelta(days=3)
        for entry in scheduler.schedule.values():
            entry.last_run_at = days_ago
        summary = scheduler.schedule["daily-notification-summary"]
        assert summary.is_due().is_due

        scheduler.last_seen_held = time.time()
        scheduler.take_over_schedule()

        floor = app.now() - timedelta(seconds=scheduler.lock_seconds + 5)
        assert all(entry.last_run_at > floor for entry in scheduler.schedule.values())
        # Unless it is 06:00 UTC within the lock's time to live, the summary is not due again.
        assert summary.last_run_at > days_ago
    finally:
        scheduler.close()
