"""The Celery wiring: tasks run in-process by default and on a real worker with Redis."""

from __future__ import annotations

import pytest

from committee.celery import app
from states.models import MemberState
from tests.conftest import wait_until


@app.task(name="tests.rename_state")
def rename_state(iso3: str, name: str) -> None:
    MemberState.objects.filter(iso3=iso3).update(name=name)


@app.task(name="tests.fail_always")
def fail_always() -> None:
    raise RuntimeError("this task always fails")


def test_tasks_run_in_process_by_default(member_states):
    rename_state.delay("CHN", "China (renamed in process)")
    assert MemberState.objects.get(iso3="CHN").name == "China (renamed in process)"


@pytest.mark.celery
def test_a_real_worker_runs_a_task_queued_in_redis(celery_worker):
    rename_state.delay("BRA", "Brazil (renamed by the worker)")
    wait_until(lambda: MemberState.objects.filter(name="Brazil (renamed by the worker)").exists())


def test_pdf_builds_go_to_their_own_queue_and_the_other_tasks_to_the_default_one():
    from django.conf import settings

    from committee.celery import app

    def queue_of(name: str) -> str:
        return app.amqp.router.route({}, name)["queue"].name

    # What a worker does: import every tasks module Celery discovers (task names keep their old
    # dotted paths, which are no longer where the modules are).
    app.loader.import_default_modules()
    assert set(settings.CELERY_TASK_ROUTES) <= set(app.tasks), "a routed task was renamed"
    for name in settings.CELERY_TASK_ROUTES:
        assert queue_of(name) == "pdf", name
    assert queue_of("outreach.tasks.index_for_search") == "celery"
    assert queue_of("committee.tasks.resend_queued_tasks") == "celery"
