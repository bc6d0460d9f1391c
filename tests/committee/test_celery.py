"""The Celery wiring: tasks run in-process by default and on a real worker with Redis."""

from __future__ import annotations

import pytest

from committee.celery import app
from states.models import MemberState
from tests.conftest import wait_until


@app.task(name="tests.rename_state")
def rename_state(iso3: str, name: str) -> None:
    MemberState.objects.filter(iso3=iso3).update(name=name)


def test_tasks_run_in_process_by_default(member_states):
    rename_state.delay("CHN", "China (renamed in process)")
    assert MemberState.objects.get(iso3="CHN").name == "China (renamed in process)"


@pytest.mark.celery
def test_a_real_worker_runs_a_task_queued_in_redis(celery_worker):
    rename_state.delay("BRA", "Brazil (renamed by the worker)")
    wait_until(lambda: MemberState.objects.filter(name="Brazil (renamed by the worker)").exists())
