"""Shared fixtures: the member states, the personas and their clients, and a private media
folder per test. Test-only settings overrides live here and nowhere else."""

from __future__ import annotations

import os
import time

import pytest
from django.core.management import call_command
from django.utils import translation
from rest_framework.test import APIClient

from core import search as site_search
from states.models import MemberState
from tests.personas import PERSONAS, make_user


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Uploaded documents of a test go to its own temporary folder, never the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Creating the personas should not cost a real password hash each (about 0.4 s apiece).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Throttling and lock-out are tested on purpose (tests/committee/test_security.py); elsewhere
    # a suite of thousands of requests from one address must not trip them.
    settings.API_THROTTLE_RATES = {"anonymous": None, "signed_in": None}
    settings.AXES_ENABLED = False
    # Page caching has its own tests (tests/committee/test_page_cache.py); elsewhere a test must
    # see what the view renders now, and query counts must count the view's queries.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    # The tests run without collectstatic: the plain storage, whatever DEBUG is (production's
    # needs the manifest collectstatic writes).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A request in another language leaves it active in this thread (Django's LocaleMiddleware
    # activates it and nothing resets it): start each test in English, and put English back
    # afterwards, so that code run after the test (fixture teardown, a later test's reverse())
    # does not build /fr/ or /ar/ addresses.
    translation.activate(settings.LANGUAGE_CODE)
    from django.core.cache import cache

    cache.clear()
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def page_cache_on(settings):
    """The public page cache as in production, for the modules that test it
    (``pytestmark = pytest.mark.usefixtures("page_cache_on")``)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Reference data, loaded once: every test's transaction rolls back to it.
    with django_db_blocker.unblock():
        call_command("load_states", verbosity=0)


@pytest.fixture
def member_states(db):
    """The 193 member states from the reference data."""
    if not MemberState.objects.exists():
        # A transactional test (real Celery worker, live server) flushed the tables. Loading
        # them again queues no search-index task per state (193 of them: 5 of the 5.5 seconds
        # this took before each such test); no test after a flush searches for a state.
        paused, site_search._index_task[:] = list(site_search._index_task), []
        try:
            call_command("load_states", verbosity=0)
        finally:
            site_search._index_task[:] = paused
    return MemberState.objects.all()


def _persona(name: str):
    @pytest.fixture
    def fixture(member_states):
        username, role, iso3 = PERSONAS[name]
        return make_user(username, role, iso3)

    fixture.__name__ = name
    return fixture


poc_chn = _persona("poc_chn")
poc_bra = _persona("poc_bra")
expert = _persona("expert")
secretariat = _persona("secretariat")
member = _persona("member")


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` signs in (None for the public reader)."""

    class Client(APIClient):
        def as_user(self, user):
            self.force_authenticate(user=user)
            return self

    return Client()


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly unless a test asks for a real worker (``celery_worker``): with
    REDIS_URL set, a task queued with no worker listening would never run."""
    from committee.celery import app
    from core import queue

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
    # A test that took the broker down leaves the circuit breaker closed behind it, so that the
    # next test's tasks go to the broker (core/queue.py).
    queue.close_circuit()


@pytest.fixture
def celery_worker(transactional_db, member_states):
    """A real Celery worker (solo pool, in a thread of this process) consuming both queues (tasks
    and PDFs) from the Redis broker at REDIS_URL. The test's data must be committed, hence the
    transactional database."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from committee.celery import app

    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: a real Celery worker consumes from Redis (CI sets it)")
    app.conf.task_always_eager = False
    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        shutdown_timeout=30,
        queues=[settings.CELERY_TASK_DEFAULT_QUEUE, settings.PDF_QUEUE],
    ) as worker:
        yield worker


def wait_until(condition, *, timeout: float = 30.0, interval: float = 0.1):
    """Poll ``condition`` until it returns something truthy, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
