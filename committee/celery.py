"""The Celery application: configured from Django settings under the CELERY_ namespace."""

from __future__ import annotations

import os

from celery import Celery

from core import metrics, observability

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "committee.settings")

app = Celery("committee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Sub-packages of apps keep their own tasks.py, where discovery by app name does not look.
TASK_PACKAGES = ["committee.work", "states.matrices"]
app.autodiscover_tasks(TASK_PACKAGES)
# In the web processes (which publish tasks, or run them eagerly) and in the workers: the request
# id travels with each task, and each task is timed and its failures counted.
observability.connect_celery_signals()
metrics.connect_celery_signals()
