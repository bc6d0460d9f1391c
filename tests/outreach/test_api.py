"""The outreach endpoints: events, FAQ, organisations, their contacts and the expert roster, as
the public reader, a point of contact, an expert and the secretariat use them; bad input is a
clear 400 that writes nothing; list queries do not grow with the rows."""

from __future__ import annotations

import pytest

from outreach import services
from outreach.choices import EventStatus
from outreach.models import FAQ, Event, FormerExpert, Organization, OrganizationContact
from tests.helpers import count_queries
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"
FAQS = "/api/v1/faqs/"
CONTACTS = "/api/v1/organization-contacts/"
ROSTER = "/api/v1/expert-roster/"


def counts() -> tuple[int, ...]:
    return tuple(
        n
        for model in (Event, FAQ, OrganizationContact, FormerExpert)
        for n in (model.objects.count(), model.history.count())
    )


def new_event(**overrides) -> dict:
    return {
        "title_en": "POC training course for Central Asia",
        "title_ru": "Учебный курс для координаторов Центральной Азии",
        "kind": "poc_training",
        "region": "asia_pacific",
        "start_date": str(days(40)),
        "end_date": str(days(42)),
        "states": ["KAZ", "UZB"],
        **overrides,
    }


def test_public_reader_lists_only_public_held_and_confirmed_events(api, make_event):
    make_event("Held", status=EventStatus.HELD)
    make_event("Confirmed")
    make_event("Planned", status=EventStatus.PLANNED)
    make_event("Closed", is_public=False)
    titles = {e["title"] for e in api.get(EVENTS).json()["results"]}
    assert titles == {"Held", "Confirmed"}


def test_event_texts_come_in_the_language_asked_for(api, make_event):
    make_event("Workshop", title_fr="Atelier", note_en="Done.", note_fr="Fait.")
    french = api.get(EVENTS, HTTP_ACCEPT_LANGUAGE="fr").json()["results"][0]
    assert (french["title"], french["note"]) == ("Atelier", "Fait.")
    spanish = api.get(EVENTS, HTTP_ACCEPT_LANGUAGE="es").json()["results"][0]
    assert spanish["title"] == "Workshop"  # falls back to English


def test_secretariat_creates_an_event_and_moves_it_on(api, secretariat):
    api.as_user(secretariat)
    response = api.post(EVENTS, new_event(), format="json")
    assert response.status_code == 201, response.json()
    event = response.json()
    assert sorted(event["states"]) == ["KAZ", "UZB"] and event["status"] == "planned"
    response = api.post(f"{EVENTS}{event['id']}/status/", {"status": "confirmed"}, format="json")
    assert response.json()["status"] == "confirmed"
    response = api.post(f"{EVENTS}{event['id']}/status/", {"status": "held"}, format="json")
    assert response.status_code == 409 and "not started" in response.json()["detail"]


@pytest.mark.parametrize("who", ["anonymous", "poc_chn", "expert"])
def test_only_the_secretariat_creates_events(api, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    before = counts()
    response = api.as_user(user).post(EVENTS, new_event(), format="json")
    assert response.status_code in (401, 403)
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "party"}, "kind"),
        ({"start_date": "next week"}, "start_date"),
        ({"end_date": str(days(1))}, "end_date: The event cannot end before it starts."),
        ({"start_date": "1990-01-01", "end_date": "1990-01-02"}, "start_date: Give a date between"),
        ({"states": ["XXX"]}, "states"),
        ({"states": ["12"]}, "states"),
        ({"title_en": ""}, "title_en"),
        ({"organizations": [999999]}, "organizations"),
    ],
)
def test_bad_event_input_is_a_clear_400_that_writes_nothing(api, secretariat, overrides, message):
    before = counts()
    response = api.as_user(secretariat).post(EVENTS, new_event(**overrides), format="json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(message)
    assert counts() == before


def test_faq_public_sees_published_secretariat_writes_and_publishes(api, secretariat, make_faq):
    make_faq("Published?")
    make_faq("Draft?", published=False)
    assert [f["question"] for f in api.get(FAQS).json()["results"]] == ["Published?"]
    api.as_user(secretariat)
    response = api.post(
        FAQS, {"question_en": "New?", "answer_en": "Yes.", "question_zh_hans": "新的？"}
    )
    assert response.status_code == 201, response.json()
    faq_id = response.json()["id"]
    assert response.json()["published"] is False
    response = api.post(f"{FAQS}{faq_id}/publish/", {"published": True})
    assert response.json()["published"] is True
    chinese = api.get(f"{FAQS}{faq_id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert chinese["question"] == "新的？" and chinese["answer"] == "Yes."


@pytest.mark.parametrize(
    ("payload", "message"),
    [({"answer_en": "Yes."}, "question_en"), ({"question_en": "Q?", "answer_en": ""}, "answer_en")],
)
def test_a_faq_without_english_is_a_400_that_writes_nothing(api, secretariat, payload, message):
    before = counts()
    response = api.as_user(secretariat).post(FAQS, payload)
    assert response.status_code == 400 and response.json()["detail"].startswith(message)
    assert counts() == before


@pytest.mark.parametrize("who", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_writes_faq(api, who, request):
    before = counts()
    response = api.as_user(request.getfixturevalue(who)).post(
        FAQS, {"question_en": "Q?", "answer_en": "A."}
    )
    assert response.status_code == 403 and "secretariat" in response.json()["detail"]
    assert counts() == before


def test_organisations_are_public(api, iaea):
    assert [o["acronym"] for o in api.get("/api/v1/organizations/").json()["results"]] == ["IAEA"]


def test_contacts_are_private_to_the_secretariat_and_experts(
    api, iaea, secretariat, expert, poc_chn
):
    services.add_organization_contact(iaea, acting_user=secretariat, name="A", email="a@x.org")
    assert api.get(CONTACTS).status_code in (401, 403)
    assert api.as_user(poc_chn).get(CONTACTS).json()["count"] == 0
    assert api.as_user(expert).get(CONTACTS).json()["count"] == 1
    before = counts()
    response = api.as_user(expert).post(
        CONTACTS, {"organization": iaea.pk, "name": "B", "email": "b@x.org"}
    )
    assert response.status_code == 403 and counts() == before
    response = api.as_user(secretariat).post(
        CONTACTS, {"organization": iaea.pk, "name": "B", "email": "not-an-email"}
    )
    assert response.status_code == 400 and response.json()["detail"].startswith("email")
    assert counts() == before


def test_the_roster_is_the_secretariats_alone(api, secretariat, expert):
    payload = {
        "name": "Dr Former",
        "email": "former@example.org",
        "expertise": "Nuclear security",
        "served_from": 2012,
        "served_until": 2016,
    }
    assert api.as_user(expert).post(ROSTER, payload).status_code == 403
    assert api.as_user(expert).get(ROSTER).json()["count"] == 0
    assert api.as_user(None).get(ROSTER).status_code in (401, 403)
    response = api.as_user(secretariat).post(ROSTER, payload)
    assert response.status_code == 201
    before = counts()
    response = api.post(ROSTER, {**payload, "email": "x@example.org", "served_from": "ten"})
    assert response.status_code == 400 and response.json()["detail"].startswith("served_from")
    assert counts() == before


def _bulk_events(n: int, iaea: Organization) -> None:
    events = Event.objects.bulk_create(
        Event(
            title=f"Event {i}",
            title_en=f"Event {i}",
            kind="workshop",
            region="africa",
            status=EventStatus.HELD,
            start_date=days(-i - 1),
            end_date=days(-i - 1),
        )
        for i in range(n)
    )
    Event.organizations.through.objects.bulk_create(
        Event.organizations.through(event_id=e.pk, organization_id=iaea.pk) for e in events
    )


def _bulk_faqs(n: int, start: int = 0) -> None:
    FAQ.objects.bulk_create(
        FAQ(question=f"Q{i}", question_en=f"Q{i}", answer="A", answer_en="A", published=True)
        for i in range(start, start + n)
    )


def _bulk_people(n: int, iaea: Organization, start: int = 0) -> None:
    OrganizationContact.objects.bulk_create(
        OrganizationContact(organization=iaea, name=f"C{i}", email=f"c{i}@x.org")
        for i in range(start, start + n)
    )
    FormerExpert.objects.bulk_create(
        FormerExpert(
            name=f"E{i}", email=f"e{i}@x.org", expertise="X", served_from=2010, served_until=2012
        )
        for i in range(start, start + n)
    )


def test_list_queries_stay_constant_from_10_to_1000_rows(api, iaea, secretariat):
    _bulk_events(10, iaea)
    _bulk_faqs(10)
    _bulk_people(10, iaea)
    small = [
        count_queries(api.as_user(secretariat), url) for url in (EVENTS, FAQS, CONTACTS, ROSTER)
    ]
    Event.objects.all().delete()
    _bulk_events(1000, iaea)
    _bulk_faqs(990, start=10)
    _bulk_people(990, iaea, start=10)
    large = [
        count_queries(api.as_user(secretariat), url) for url in (EVENTS, FAQS, CONTACTS, ROSTER)
    ]
    assert small == large
