"""The outreach pages as the personas see them: the public calendar and its iCalendar feed,
the FAQ, the cooperation pages; the organisations' contacts (secretariat and experts) and the
roster of former experts (secretariat); list pages keep their query count as rows grow."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from pytest_django.asserts import assertContains, assertNotContains

from outreach import services
from outreach.choices import EventStatus
from outreach.models import Event, FormerExpert, OrganizationContact
from tests.helpers import count_queries
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar_events(make_event, secretariat):
    held = make_event("Workshop held in Nairobi", status=EventStatus.HELD, region="africa")
    confirmed = make_event(
        "Confirmed conference in Vienna", kind="conference", region="europe", place="Vienna"
    )
    make_event("Planned visit", status=EventStatus.PLANNED)
    cancelled = make_event("Cancelled course")
    services.set_event_status(cancelled, EventStatus.CANCELLED, acting_user=secretariat)
    return held, confirmed


def test_calendar_shows_held_and_confirmed_upcoming_events_only(client, calendar_events):
    response = client.get("/events/")
    assertContains(response, "Workshop held in Nairobi")
    assertContains(response, "Confirmed conference in Vienna")
    assertNotContains(response, "Planned visit")
    assertNotContains(response, "Cancelled course")


def test_calendar_filters_by_kind_region_and_year(client, calendar_events):
    held, confirmed = calendar_events
    response = client.get("/events/", {"kind": "conference"})
    assertContains(response, confirmed.title)
    assertNotContains(response, held.title)
    response = client.get("/events/", {"region": "africa"})
    assertContains(response, held.title)
    assertNotContains(response, confirmed.title)
    response = client.get("/events/", {"year": held.start_date.year - 1})
    assertNotContains(response, held.title)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        # Every number filter is a whole number in the column's range (core/filters.py).
        ({"year": "soon"}, "Enter a whole number"),
        ({"year": "1990"}, "starts in 2004"),
        ({"kind": "x"}, "valid choice"),
    ],
)
def test_calendar_explains_a_bad_filter(client, calendar_events, params, message):
    response = client.get("/events/", params)
    assert response.status_code == 200
    assertContains(response, message)


def test_the_ics_feed_parses_and_lists_the_public_events(client, calendar_events):
    held, confirmed = calendar_events
    response = client.get("/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {held.title, confirmed.title}
    vienna = events[confirmed.title]
    assert vienna.decoded("dtstart") == confirmed.start_date
    assert vienna.decoded("dtend") == confirmed.end_date + timedelta(days=1)
    assert str(vienna["location"]) == "Vienna"
    assert str(vienna["uid"]).startswith(f"event-{confirmed.pk}@")


def test_the_ics_feed_is_in_the_language_of_its_address(client, make_event):
    make_event("Workshop", title_fr="Atelier")
    calendar = icalendar.Calendar.from_ical(client.get("/fr/events.ics").content)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Atelier"]


def test_an_event_page_shows_its_note_and_participants(client, make_event, iaea):
    event = make_event(
        "Joint visit",
        status=EventStatus.HELD,
        note_en="Met the national authority.",
        organizations=[iaea],
    )
    response = client.get(event.get_absolute_url())
    assertContains(response, "Met the national authority.")
    assertContains(response, "IAEA")
    assertContains(response, "<h1>", count=1)


def test_a_planned_or_closed_event_page_is_not_found_by_the_public(client, make_event, member):
    planned = make_event("Planned", status=EventStatus.PLANNED)
    closed = make_event("Closed", is_public=False)
    assert client.get(planned.get_absolute_url()).status_code == 404
    assert client.get(closed.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(closed.get_absolute_url()).status_code == 200


def test_empty_calendar_and_faq_say_so(client):
    assertContains(client.get("/events/"), "No confirmed upcoming event")
    assertContains(client.get("/faq/"), "No questions are published yet")
    assertContains(client.get("/cooperation/"), "No cooperation page is published yet")


def test_faq_page_in_french_falls_back_to_english(client, make_faq):
    make_faq("Who must report?", "Every State.", question_fr="Qui doit faire rapport ?")
    response = client.get("/fr/faq/")
    assertContains(response, "Qui doit faire rapport ?")
    assertContains(response, "Every State.")
    assertContains(response, 'lang="fr"')


def test_cooperation_page_is_public_once_published(client, secretariat, iaea):
    page = services.save_cooperation_page(
        acting_user=secretariat,
        slug="1373",
        title_en="The 1373 committee",
        body_en="Para one.\n\nPara two.",
    )
    assert client.get("/cooperation/1373/").status_code == 404
    services.save_cooperation_page(page, acting_user=secretariat, published=True)
    response = client.get("/cooperation/1373/")
    assertContains(response, "<p>Para two.</p>", html=True)
    assertContains(client.get("/cooperation/"), "IAEA")


def test_contacts_page_for_secretariat_and_experts_only(client, iaea, secretariat, expert, poc_chn):
    services.add_organization_contact(iaea, acting_user=secretariat, name="Ana", email="a@x.org")
    response = client.get("/organizations/contacts/")
    assert response.status_code == 302 and response.url.startswith("/login/")
    client.force_login(poc_chn)
    assert client.get("/organizations/contacts/").status_code == 403
    client.force_login(expert)
    assertContains(client.get("/organizations/contacts/"), "a@x.org")


def test_roster_page_for_the_secretariat_only(client, secretariat, expert):
    services.add_former_expert(
        acting_user=secretariat,
        name="Dr Former",
        email="f@x.org",
        expertise="Chemistry",
        served_from=2010,
        served_until=2014,
    )
    client.force_login(expert)
    assert client.get("/expert-roster/").status_code == 403
    client.force_login(secretariat)
    response = client.get("/expert-roster/")
    assertContains(response, "Dr Former")
    assertContains(response, "Expert roster")  # in the navigation, for the secretariat


def _rows(n: int, iaea, start: int = 0) -> None:
    Event.objects.bulk_create(
        Event(
            title=f"E{i}",
            title_en=f"E{i}",
            kind="workshop",
            region="africa",
            status=EventStatus.HELD if i % 2 else EventStatus.CONFIRMED,
            start_date=days(-i - 1 if i % 2 else i + 1),
            end_date=days(-i - 1 if i % 2 else i + 1),
        )
        for i in range(start, start + n)
    )
    OrganizationContact.objects.bulk_create(
        OrganizationContact(organization=iaea, name=f"C{i}", email=f"c{i}@x.org")
        for i in range(start, start + n)
    )
    FormerExpert.objects.bulk_create(
        FormerExpert(
            name=f"F{i}", email=f"f{i}@x.org", expertise="X", served_from=2010, served_until=2011
        )
        for i in range(start, start + n)
    )


def test_list_pages_keep_their_query_count_from_10_to_1000_rows(client, iaea, secretariat):
    urls = ["/events/", "/faq/", "/cooperation/", "/organizations/contacts/", "/expert-roster/"]
    _rows(10, iaea)
    client.force_login(secretariat)
    small = [count_queries(client, url) for url in urls]
    _rows(990, iaea, start=10)
    large = [count_queries(client, url) for url in urls]
    assert small == large
    client.logout()
    assert count_queries(client, "/events.ics") == count_queries(client, "/events.ics")


def test_public_pages_are_cached_per_language_and_carry_no_csrf_token(client, settings, make_event):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    make_event("Cached workshop", title_fr="Atelier en cache")
    for path in ("/events/", "/faq/", "/search/?q=workshop", "/effective-practices/"):
        first, second = client.get(path), client.get(path)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), path
        assert "csrfmiddlewaretoken" not in second.content.decode(), path
    french = client.get("/fr/events/")
    assert french["X-Page-Cache"] == "miss"
    assertContains(french, "Atelier en cache")
    assertNotContains(client.get("/events/"), "Atelier en cache")
