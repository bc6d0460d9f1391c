"""The project package, and the committee's own domain (users and roles, programme of work)."""

from __future__ import annotations

from committee.celery import app as celery_app

__all__ = ["celery_app"]
