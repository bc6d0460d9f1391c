"""Operations you can watch (issue 12): every log line of a request and of the tasks it queued
share one request id; the id comes back in X-Request-ID; /metrics counts requests, tasks, queues,
kept tasks, mail and the page cache, for the monitoring system only; errors go to Sentry only when
it is configured; liveness and readiness are separate."""

from __future__ import annotations

import json
import logging

import pytest
import sentry_sdk
from django.db import OperationalError
from django.utils import translation
from prometheus_client.parser import text_string_to_metric_families

from committee.celery import app
from core import health, observability, queue
from core.cache import ResilientRedisCache
from core.metrics import metrics
from core.models import OutgoingMail, QueuedTask
from core.observability import ContextFilter, JsonFormatter, TextFormatter, init_sentry
from outreach.models import FAQ
from tests.committee.test_celery import fail_always, rename_state
from tests.conftest import wait_until

FAQS = "/api/v1/faqs/"
TOKEN = "scraper-secret-0123456789"
UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def logs(caplog):
    """The records logged during the test, with the request id and user id the project's log
    handler puts on them."""
    caplog.handler.addFilter(ContextFilter())
    caplog.set_level(logging.INFO)
    return caplog


def _ids(records, logger: str, contains: str = "") -> set:
    return {
        record.request_id
        for record in records
        if record.name == logger and contains in record.getMessage()
    }


def _publish_faq(api, secretariat, headers=None):
    response = api.as_user(secretariat).post(
        FAQS, {"question_en": "Who reports?", "answer_en": "Every state."}, headers=headers or {}
    )
    assert response.status_code == 201, response.content
    return response


# --- Request id -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_request_and_the_task_it_queued_log_the_same_request_id(api, secretariat, logs):
    # Transactional: the task is queued on commit, which happens inside the request.
    response = _publish_faq(api, secretariat)

    request_id = response["X-Request-ID"]
    assert _ids(logs.records, "committee.requests", FAQS) == {request_id}
    assert _ids(logs.records, "committee.tasks", "outreach.tasks.index_for_search") == {request_id}


@pytest.mark.celery
def test_a_real_worker_logs_the_request_id_of_the_request_that_queued_the_task(
    celery_worker, api, logs
):
    from core.models import User

    staff = User.objects.create_user("staff.observed", role="secretariat")
    response = _publish_faq(api, staff)
    request_id = response["X-Request-ID"]
    faq_id = response.json()["id"]

    wait_until(
        lambda: any(
            r.name == "committee.tasks" and "finished" in r.getMessage() for r in logs.records
        )
    )
    assert FAQ.objects.filter(pk=faq_id).exists()
    assert _ids(logs.records, "committee.tasks", "index_for_search") == {request_id}


@pytest.mark.django_db(transaction=True)
def test_a_task_kept_while_the_broker_was_down_is_sent_later_with_its_request_id(
    api, secretariat, monkeypatch
):
    sent = []
    app.conf.task_always_eager = False  # put back after each test (tests/conftest.py)
    monkeypatch.setattr(queue, "circuit_is_open", lambda: True)
    response = _publish_faq(api, secretariat, {"X-Request-ID": "proxy-id-0001"})
    assert response["X-Request-ID"] == "proxy-id-0001"
    kept = QueuedTask.objects.get(name="outreach.tasks.index_for_search")
    assert kept.request_id == "proxy-id-0001"

    # Sent from a resending task of its own id: the kept task is published under its request's.
    monkeypatch.setattr(queue, "_send", lambda *task: sent.append(observability.get_request_id()))
    with observability.use_request_id("resending-task-id"):
        assert queue.resend_queued_tasks() == 1
    assert sent == ["proxy-id-0001"]


def test_a_published_task_carries_the_request_id_in_its_headers():
    headers: dict = {}
    with observability.use_request_id("abcdef-123456"):
        observability._on_publish(headers=headers)
    assert headers == {"request_id": "abcdef-123456"}


def test_every_response_carries_a_new_request_id(client, db):
    first, second = client.get("/livez"), client.get("/")
    assert first["X-Request-ID"] and second["X-Request-ID"]
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_request_id_from_the_caller_is_kept(client, db, logs):
    response = client.get("/livez", headers={"X-Request-ID": "a1b2c3d4-e5f6.lb_7"})
    assert response["X-Request-ID"] == "a1b2c3d4-e5f6.lb_7"
    assert _ids(logs.records, "committee.requests", "/livez") == {"a1b2c3d4-e5f6.lb_7"}


@pytest.mark.parametrize(
    "given",
    ["short", "x" * 129, "has space 12345", 'quote"injection', "line\\nbreak12", "ünïcode-1234"],
)
def test_an_insane_request_id_from_the_caller_is_replaced(client, db, given):
    response = client.get("/livez", headers={"X-Request-ID": given})
    assert response["X-Request-ID"] != given
    assert observability.SANE_REQUEST_ID.fullmatch(response["X-Request-ID"])


def test_a_signed_in_users_log_lines_carry_their_user_id(client, poc_chn, logs):
    client.force_login(poc_chn)
    client.get("/states/CHN/")
    (record,) = [r for r in logs.records if r.name == "committee.requests"]
    assert record.user_id == poc_chn.pk


def test_production_log_lines_are_json_with_time_level_logger_and_ids(logs):
    record = logging.LogRecord("committee.x", logging.WARNING, "f.py", 1, "hello %s", ("1",), None)
    record.request_id, record.user_id = "abcdef123456", 7
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING" and line["logger"] == "committee.x"
    assert line["message"] == "hello 1" and line["time"].endswith("Z")
    assert (line["request_id"], line["user_id"]) == ("abcdef123456", 7)


def test_development_log_lines_are_readable_and_show_a_dash_for_no_request(logs):
    record = logging.LogRecord("committee.x", logging.INFO, __file__, 1, "hello", (), None)
    ContextFilter().filter(record)
    assert "INFO    committee.x [- user=-] hello" in TextFormatter().format(record)


# --- /metrics -------------------------------------------------------------------------------------


@pytest.fixture
def scraper(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def scrape() -> dict:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        samples = {}
        for family in text_string_to_metric_families(response.content.decode()):
            for sample in family.samples:
                samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
        return samples

    return scrape


def _value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_closed_to_the_public(client, db, settings):
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics")
    assert response.status_code == 403
    assert b"committee_" not in response.content


@pytest.mark.parametrize("who", ["poc_chn", "secretariat"])
def test_metrics_are_closed_to_any_signed_in_user(client, settings, who, request):
    settings.METRICS_TOKEN = TOKEN
    client.force_login(request.getfixturevalue(who))
    assert client.get("/metrics").status_code == 403


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token", f"Token {TOKEN}", f"Bearer {TOKEN}x", "Bearer "]
)
def test_metrics_refuse_a_wrong_token(client, db, settings, authorization):
    settings.METRICS_TOKEN = TOKEN
    response = client.get("/metrics", headers={"Authorization": authorization})
    assert response.status_code == 403


def test_metrics_are_closed_to_everyone_when_no_token_is_set(client, db, settings):
    settings.METRICS_TOKEN = None
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer None"}).status_code == 403


def test_the_403_of_metrics_is_translated(rf, settings):
    settings.METRICS_TOKEN = TOKEN
    with translation.override("fr"):
        response = metrics(rf.get("/metrics"))
    assert response.status_code == 403
    assert "surveillance" in response.content.decode()


def test_djangos_own_line_about_a_refused_request_carries_its_request_id(client, db, logs):
    response = client.get("/metrics")
    (record,) = [r for r in logs.records if r.name == "django.request"]
    assert record.request_id == response["X-Request-ID"]


def test_metrics_count_requests_tasks_and_the_page_cache(client, scraper, settings, member_states):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    before = scraper()

    client.get("/")
    client.get("/")  # the second time from the cache
    rename_state.delay("CHN", "China (counted)")
    fail_always.apply(throw=False)

    after = scraper()
    seconds = "committee_http_request_duration_seconds_count"
    home = {"view": "home", "method": "GET"}
    assert _value(after, seconds, **home) == _value(before, seconds, **home) + 2
    responses = "committee_http_responses_total"
    assert _value(after, responses, status="200", **home) == (
        _value(before, responses, status="200", **home) + 2
    )
    duration = "committee_task_duration_seconds_count"
    assert _value(after, duration, task="tests.rename_state") == (
        _value(before, duration, task="tests.rename_state") + 1
    )
    failures = "committee_task_failures_total"
    assert _value(after, failures, task="tests.fail_always") == (
        _value(before, failures, task="tests.fail_always") + 1
    )
    cache = "committee_public_page_cache_total"
    assert _value(after, cache, result="hit") == _value(before, cache, result="hit") + 1
    assert _value(after, cache, result="miss") >= _value(before, cache, result="miss") + 1


def test_metrics_read_kept_tasks_mail_and_queues_when_scraped(scraper, db):
    QueuedTask.objects.create(name="tests.rename_state", args=["CHN", "x"])
    OutgoingMail.objects.create(from_email="a@example.org", to=["b@example.org"], subject="s")

    samples = scraper()

    assert _value(samples, "committee_kept_tasks") == 1
    assert _value(samples, "committee_outgoing_mail", status="queued") == 1
    assert _value(samples, "committee_outgoing_mail", status="sent") == 0
    # Tasks run in-process here: there is no queue to measure.
    assert not [key for key in samples if key[0] == "committee_queue_depth"]


@pytest.mark.celery
def test_metrics_read_the_depth_of_each_celery_queue_in_redis(scraper, db, settings):
    import os

    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL: the queues are Redis lists")
    app.conf.task_always_eager = False  # put back after each test (tests/conftest.py)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with app.connection_for_write() as connection:
        client = connection.default_channel.client
        client.delete("pdf")
        client.rpush("pdf", "a", "b")
        try:
            samples = scraper()
        finally:
            client.delete("pdf")
    assert _value(samples, "committee_queue_depth", queue="pdf") == 2
    assert ("committee_queue_depth", (("queue", "celery"),)) in samples


# --- Sentry ---------------------------------------------------------------------------------------


def test_sentry_is_off_without_a_dsn(settings, monkeypatch):
    def refuse(**options):
        raise AssertionError("sentry_sdk.init called without SENTRY_DSN")

    monkeypatch.setattr(sentry_sdk, "init", refuse)
    assert settings.SENTRY_ENABLED is False
    assert not sentry_sdk.get_client().is_active()
    assert init_sentry(None, release=None, environment="test") is False
    assert init_sentry("", release=None, environment="test") is False


def test_sentry_starts_with_a_dsn_without_personal_data(monkeypatch):
    started = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: started.update(options))

    assert init_sentry("https://key@sentry.example.org/1", release="1.2.3", environment="prod")

    assert started["send_default_pii"] is False and started["release"] == "1.2.3"
    kinds = {type(integration).__name__ for integration in started["integrations"]}
    assert kinds == {"DjangoIntegration", "CeleryIntegration"}


# --- Liveness and readiness -----------------------------------------------------------------------


class DatabaseDown:
    vendor = "postgresql"

    def cursor(self):
        raise OperationalError("connection to server at 127.0.0.1 refused")


def test_livez_answers_without_asking_any_dependency(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", DatabaseDown())
    response = client.get("/livez")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_200_when_every_part_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache", "broker"}


def test_readyz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", DatabaseDown())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]


def test_readyz_keeps_the_host_in_rotation_when_redis_is_down_and_says_so(
    client, db, settings, monkeypatch
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", UNREACHABLE)
    # The cache remembers for a while that Redis was down: forget it for the tests that follow.
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)

    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and set(body["failed"]) == {"cache", "broker"}
    # /healthz, which CI and `make run` poll, still says the whole system is not healthy.
    assert client.get("/healthz").status_code == 503
