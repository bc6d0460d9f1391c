"""The settings the test suite runs with (pyproject.toml, DJANGO_SETTINGS_MODULE): the project's
own, except that under pytest-xdist (`make test` runs two workers) each worker has a Redis
database of its own, next to the one REDIS_URL gives, as it has a test database of its own
(pytest-django): no worker's Celery worker takes another's tasks, nor its cache flush another's
pages. The environment is changed, not only the setting: the tests and the processes they start
(gunicorn, manage.py) read it, and find the marker that says it was done once."""

from __future__ import annotations

import os

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker and os.environ.get("REDIS_URL") and "REDIS_URL_OF_THE_RUN" not in os.environ:
    os.environ["REDIS_URL_OF_THE_RUN"] = os.environ["REDIS_URL"]
    _base, _, _number = os.environ["REDIS_URL"].rpartition("/")
    os.environ["REDIS_URL"] = f"{_base}/{int(_number or 0) + int(_worker.removeprefix('gw'))}"

from committee.settings import *  # noqa: E402, F403
