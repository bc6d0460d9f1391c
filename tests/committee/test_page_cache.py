"""Public pages come from the cache for anonymous readers, and are forgotten when what they
show changes."""

from __future__ import annotations

import os

import pytest

from tests import factories

pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_an_anonymous_reader_gets_the_cached_page_the_second_time(client, member_states):
    first = client.get("/states/CHN/")
    second = client.get("/states/CHN/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert first.content == second.content


def test_publishing_a_report_makes_the_cached_pages_show_it(
    client, member_states, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    client.get("/states/CHN/")
    assert b"Premier rapport" not in client.get("/states/CHN/").content
    with django_capture_on_commit_callbacks(execute=True):
        factories.report(
            "CHN", by=poc_chn, status="published", publisher=secretariat, title="Premier rapport"
        )
    fresh = client.get("/states/CHN/")
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Premier rapport" in fresh.content


def test_signed_in_people_never_get_a_cached_page(client, poc_chn):
    client.get("/states/CHN/")
    client.force_login(poc_chn)
    response = client.get("/states/CHN/")
    assert "X-Page-Cache" not in response
    assert poc_chn.username.encode() in response.content or b"Log out" in response.content


def test_a_page_that_hands_out_a_csrf_token_is_never_cached(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from core.page_cache import cache_public_page

    @cache_public_page
    def form_page(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    def anonymous_get():
        request = rf.get("/a-form/")
        request.user = AnonymousUser()
        return form_page(request)

    assert anonymous_get()["X-Page-Cache"] == "not cached"
    assert anonymous_get()["X-Page-Cache"] == "not cached"


def test_a_page_cached_before_a_write_is_not_served_after_it(client, member_states):
    from core.page_cache import forget_public_pages

    client.get("/states/")
    assert client.get("/states/")["X-Page-Cache"] == "hit"
    forget_public_pages()
    assert client.get("/states/")["X-Page-Cache"] == "miss"
    assert client.get("/states/")["X-Page-Cache"] == "hit"


def test_what_an_earlier_release_cached_in_another_shape_is_a_miss(client, member_states):
    from django.core.cache import cache

    from core import page_cache

    client.get("/states/")
    key = f"public-page:{page_cache.FORMAT}:en:/states/?"
    cache.set(key, (page_cache.generation(), b"old", "text/html", "extra"))
    response = client.get("/states/")
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"


def test_a_write_the_cache_did_not_hear_of_is_made_known_before_the_next_cached_read(
    client, member_states, poc_chn, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisConnectionError

    from core import page_cache

    client.get("/states/CHN/")
    assert client.get("/states/CHN/")["X-Page-Cache"] == "hit"

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Redis is restarting")

    with monkeypatch.context() as patched:
        patched.setattr(cache, "strict_incr", unreachable, raising=False)
        with django_capture_on_commit_callbacks(execute=True):
            factories.report(
                "CHN", by=poc_chn, status="published", publisher=secretariat, title="Rapport tardif"
            )
        assert page_cache._forget_pending
        # Until the cache hears of the write, this process serves the live page.
        live = client.get("/states/CHN/")
        assert b"Rapport tardif" in live.content
    fresh = client.get("/states/CHN/")
    assert not page_cache._forget_pending
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Rapport tardif" in fresh.content
    assert client.get("/states/CHN/")["X-Page-Cache"] == "hit"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (CI sets REDIS_URL)")
def test_an_error_reply_from_redis_skips_the_cache_not_the_page_nor_the_write(
    client, member_states, poc_chn, secretariat, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.db import transaction
    from redis.exceptions import OutOfMemoryError

    from core.cache import ResilientRedisCache

    redis_client = cache._cache.get_client(write=True)

    def out_of_memory(*args, **kwargs):
        raise OutOfMemoryError("OOM command not allowed when used memory > 'maxmemory'.")

    monkeypatch.setattr(redis_client, "set", out_of_memory)
    monkeypatch.setattr(redis_client, "incr", out_of_memory)
    monkeypatch.setattr(ResilientRedisCache, "_down_until", 0.0)
    assert client.get("/states/").status_code == 200
    after_the_write = []
    with django_capture_on_commit_callbacks(execute=True):
        factories.report("CHN", by=poc_chn, status="published", publisher=secretariat)
        transaction.on_commit(lambda: after_the_write.append(True))
    assert after_the_write == [True]
    assert client.get("/states/CHN/").status_code == 200


def test_an_address_with_parameters_the_page_does_not_read_is_answered_live(client, member_states):
    for junk in ("zzz=1", "zzz=2", "utm_source=mail&q=chin"):
        response = client.get(f"/states/?{junk}")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "not cached"


def test_the_same_filters_in_another_order_are_the_same_cached_page(client, member_states):
    first = client.get("/states/?regional_group=African&q=a")
    again = client.get("/states/?q=a&regional_group=African")
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == again.content


# Only writes that change what the public can see make the cached pages stale: not sign-ins,
# drafts, history rows, queued tasks or mail.


def _cached_state_page(client):
    client.get("/states/CHN/")
    assert client.get("/states/CHN/")["X-Page-Cache"] == "hit"


def test_a_sign_in_keeps_the_cached_pages(
    client, member_states, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    from django.test import Client

    _cached_state_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        for person in (poc_chn, secretariat):
            Client().force_login(person)
    poc_chn.refresh_from_db()
    assert poc_chn.last_login is not None
    assert client.get("/states/CHN/")["X-Page-Cache"] == "hit"


def test_a_draft_saved_keeps_the_cached_pages(
    client, member_states, poc_chn, django_capture_on_commit_callbacks
):
    _cached_state_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.report("CHN", by=poc_chn, title="Brouillon")
        draft.title = "Brouillon revu"
        draft.save()
    assert client.get("/states/CHN/")["X-Page-Cache"] == "hit"


def test_a_report_published_then_withdrawn_makes_the_cached_pages_stale_each_time(
    client, member_states, poc_chn, secretariat, django_capture_on_commit_callbacks
):
    from states.choices import ReportStatus

    _cached_state_page(client)
    with django_capture_on_commit_callbacks(execute=True):
        report = factories.report(
            "CHN", by=poc_chn, status="published", publisher=secretariat, title="Rapport publié"
        )
    assert client.get("/states/CHN/")["X-Page-Cache"] == "miss"
    assert client.get("/states/CHN/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        report.status = ReportStatus.SUBMITTED
        report.save()
    withdrawn = client.get("/states/CHN/")
    assert withdrawn["X-Page-Cache"] == "miss"
    assert b"Rapport publi" not in withdrawn.content


def test_an_event_cancelled_makes_the_cached_pages_stale_a_planned_one_edited_does_not(
    db, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from core import page_cache
    from outreach.choices import EventKind, EventRegion, EventStatus
    from outreach.models import Event

    today = timezone.localdate()
    event = Event(
        title="Atelier",
        kind=EventKind.WORKSHOP,
        region=EventRegion.AFRICA,
        start_date=today + timedelta(days=9),
        end_date=today + timedelta(days=10),
        status=EventStatus.PLANNED,
    )
    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        event.save()
        event.title = "Atelier régional"
        event.save()
    assert page_cache.generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        event.status = EventStatus.CONFIRMED
        event.save()
    published = page_cache.generation()
    assert published > before
    with django_capture_on_commit_callbacks(execute=True):
        event.status = EventStatus.CANCELLED
        event.save()
    assert page_cache.generation() > published


def test_history_rows_queued_tasks_mail_and_notifications_never_count():
    from django.apps import apps

    from core import page_cache

    for label in ("committee.QueuedTask", "committee.OutgoingMail", "committee.Notification"):
        assert page_cache.declared(apps.get_model(label)) is False
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            assert page_cache.declared(model) is False, model


def test_a_report_submitted_makes_the_cached_pages_stale_the_state_has_reported(
    client, member_states, poc_chn, django_capture_on_commit_callbacks
):
    from core import page_cache
    from states.reports import services

    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.report("CHN", by=poc_chn, kind="first", title="Premier rapport")
    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_report(draft, acting_user=poc_chn)
    assert page_cache.generation() > before
