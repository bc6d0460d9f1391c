"""The secretariat's pages that edit the outreach content (outreach/desk.py): who may open them,
adding and changing a record in the six languages through the services (with history), the
input they refuse (writing nothing), deletion only after confirmation, search and pages whose
cost stays the same as rows grow."""

from __future__ import annotations

from itertools import count

import pytest
from pytest_django.asserts import assertContains

from outreach import services
from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)
from tests.helpers import count_queries, login_redirect
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db

KINDS = ["faq", "cooperation-pages", "organizations", "contacts", "expert-roster", "events"]
NUMBERS = count()
LANGUAGES = ["en", "ar", "zh_hans", "fr", "ru", "es"]


def six(field: str, text: str) -> dict[str, str]:
    return {f"{field}_{code}": f"{text} [{code}]" for code in LANGUAGES}


@pytest.fixture
def records(secretariat, iaea, make_event, make_faq):
    """One record of each kind, unpublished or planned so that each may be deleted."""
    return {
        "faq": make_faq(published=False),
        "cooperation-pages": services.save_cooperation_page(
            acting_user=secretariat, slug="ctc", title_en="CTC", body_en="Text."
        ),
        "organizations": services.create_organization(
            acting_user=secretariat, name_en="Mistaken Organisation", acronym="MO", kind="regional"
        ),
        "contacts": services.add_organization_contact(
            iaea, acting_user=secretariat, name="Ana Perez", email="ana@iaea.org"
        ),
        "expert-roster": services.add_former_expert(
            acting_user=secretariat,
            name="Jo Former",
            email="jo@example.org",
            expertise="Export control",
            served_from=2010,
            served_until=2014,
        ),
        "events": make_event("Planned seminar", status="planned"),
    }


# --- who may open the pages -------------------------------------------------------------------


def _urls(kind: str, row) -> list[str]:
    return [
        "/outreach-desk/",
        f"/outreach-desk/{kind}/",
        f"/outreach-desk/{kind}/new/",
        f"/outreach-desk/{kind}/{row.pk}/edit/",
        f"/outreach-desk/{kind}/{row.pk}/delete/",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_the_public_is_sent_to_sign_in(client, records, kind):
    for url in _urls(kind, records[kind]):
        assert login_redirect(client.get(url)), url


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["poc_bra", "member", "expert"])
def test_only_the_secretariat_opens_the_desk(client, records, kind, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in _urls(kind, records[kind]):
        assert client.get(url).status_code == 403, url
    # Nor may they write: a POST is refused and changes nothing.
    row = records[kind]
    assert client.post(f"/outreach-desk/{kind}/{row.pk}/delete/").status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_the_secretariat_opens_every_page_of_the_desk(client, secretariat, records, kind):
    client.force_login(secretariat)
    for url in _urls(kind, records[kind]):
        assert client.get(url).status_code == 200, url


def test_the_navigation_links_the_desk_for_the_secretariat_only(client, secretariat, expert):
    client.force_login(secretariat)
    assertContains(client.get("/faq/"), 'href="/outreach-desk/"')
    client.force_login(expert)
    assert 'href="/outreach-desk/"' not in client.get("/faq/").content.decode()


def test_an_unknown_list_is_not_found(client, secretariat):
    client.force_login(secretariat)
    assert client.get("/outreach-desk/nothing/").status_code == 404


# --- adding and changing, in six languages -----------------------------------------------------


def test_the_forms_offer_the_six_languages(client, secretariat):
    client.force_login(secretariat)
    for kind, field in [
        ("faq", "question"),
        ("cooperation-pages", "body"),
        ("events", "note"),
        ("organizations", "name"),
    ]:
        html = client.get(f"/outreach-desk/{kind}/new/").content.decode()
        for code in LANGUAGES:
            assert f'name="{field}_{code}"' in html, (kind, code)


def test_the_secretariat_writes_a_question_in_six_languages_with_history(client, secretariat):
    client.force_login(secretariat)
    data = {**six("question", "Why?"), **six("answer", "Because."), "position": 3}
    response = client.post("/outreach-desk/faq/new/", data)
    assert response.status_code == 302
    faq = FAQ.objects.get()
    assert faq.question_fr == "Why? [fr]" and faq.answer_zh_hans == "Because. [zh_hans]"
    assert not faq.published
    assert faq.history.get().history_user == secretariat
    data["question_ru"] = "Почему?"
    data["published"] = "on"
    assert client.post(f"/outreach-desk/faq/{faq.pk}/edit/", data).status_code == 302
    faq.refresh_from_db()
    assert faq.question_ru == "Почему?" and faq.published
    assert faq.history.count() == 3  # created, edited, published


def test_a_translation_left_empty_falls_back_to_english(client, secretariat):
    client.force_login(secretariat)
    data = {"question_en": "What is 1540?", "answer_en": "A resolution.", "position": 0}
    assert client.post("/outreach-desk/faq/new/", data).status_code == 302
    faq = FAQ.objects.get()
    assert faq.question_fr is None


def test_the_secretariat_adds_an_organisation_and_a_contact(client, secretariat):
    client.force_login(secretariat)
    data = {
        **six("name", "Office"),
        "acronym": "OFF",
        "kind": "international",
        "website": "https://example.org",
        "active": "on",
    }
    assert client.post("/outreach-desk/organizations/new/", data).status_code == 302
    organization = Organization.objects.get(acronym="OFF")
    assert organization.name_en == "Office [en]" and organization.name_ar == "Office [ar]"
    contact = {
        "organization": organization.pk,
        "name": "Kim",
        "email": "kim@example.org",
        "active": "on",
    }
    assert client.post("/outreach-desk/contacts/new/", contact).status_code == 302
    assert OrganizationContact.objects.get().organization == organization


def test_the_secretariat_puts_an_event_on_the_calendar(client, secretariat, iaea, member_states):
    client.force_login(secretariat)
    data = {
        **six("title", "Seminar"),
        "kind": "workshop",
        "status": "planned",
        "start_date": days(10).isoformat(),
        "end_date": days(11).isoformat(),
        "region": "africa",
        "is_public": "on",
        "organizations": [iaea.pk],
        "states": [member_states.get(iso3="KEN").pk],
    }
    response = client.post("/outreach-desk/events/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get()
    assert event.title_es == "Seminar [es]"
    assert list(event.organizations.all()) == [iaea]
    data["status"] = "confirmed"
    assert client.post(f"/outreach-desk/events/{event.pk}/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.status == "confirmed"


# --- bad input writes nothing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data", "field", "model"),
    [
        # The English version is required.
        (
            "faq",
            {"question_fr": "Pourquoi ?", "answer_fr": "Parce que.", "position": 0},
            "question_en",
            FAQ,
        ),
        (
            "cooperation-pages",
            {"slug": "x", "title_fr": "Titre", "body_fr": "Texte", "position": 0},
            "title_en",
            CooperationPage,
        ),
        ("organizations", {"name_fr": "Bureau", "kind": "international"}, "name_en", Organization),
        (
            "events",
            {
                "title_fr": "Atelier",
                "kind": "workshop",
                "status": "planned",
                "start_date": "2026-05-01",
                "end_date": "2026-05-02",
                "region": "africa",
            },
            "title_en",
            Event,
        ),
        # A bad address, a bad e-mail.
        (
            "organizations",
            {"name_en": "Office", "kind": "international", "website": "not a url"},
            "website",
            Organization,
        ),
        (
            "expert-roster",
            {
                "name": "Jo",
                "email": "not-an-email",
                "expertise": "x",
                "served_from": 2010,
                "served_until": 2012,
            },
            "email",
            FormerExpert,
        ),
        # Dates reversed.
        (
            "events",
            {
                "title_en": "Atelier",
                "kind": "workshop",
                "status": "planned",
                "start_date": "2026-05-03",
                "end_date": "2026-05-01",
                "region": "africa",
            },
            "end_date",
            Event,
        ),
        (
            "expert-roster",
            {
                "name": "Jo",
                "email": "jo@example.org",
                "expertise": "x",
                "served_from": 2014,
                "served_until": 2010,
            },
            "served_until",
            FormerExpert,
        ),
        # Not a date.
        (
            "events",
            {
                "title_en": "Atelier",
                "kind": "workshop",
                "status": "planned",
                "start_date": "tomorrow",
                "end_date": "2026-05-01",
                "region": "africa",
            },
            "start_date",
            Event,
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(
    client, secretariat, kind, data, field, model
):
    client.force_login(secretariat)
    response = client.post(f"/outreach-desk/{kind}/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not model.objects.exists()


def test_a_duplicate_acronym_is_refused_whatever_its_case(client, secretariat, iaea):
    client.force_login(secretariat)
    data = {"name_en": "Another Agency", "acronym": "iaea", "kind": "international"}
    response = client.post("/outreach-desk/organizations/new/", data)
    assert response.status_code == 400
    assert "already has the acronym" in str(response.context["form"].errors["acronym"])
    assert Organization.objects.count() == 1


def test_a_duplicate_active_contact_email_is_refused(client, secretariat, iaea):
    services.add_organization_contact(iaea, acting_user=secretariat, name="A", email="a@iaea.org")
    client.force_login(secretariat)
    data = {"organization": iaea.pk, "name": "B", "email": "A@iaea.org", "active": "on"}
    response = client.post("/outreach-desk/contacts/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert OrganizationContact.objects.count() == 1


# --- deletion asks first -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_asks_for_confirmation_then_deletes(client, secretariat, records, kind):
    client.force_login(secretariat)
    row = records[kind]
    url = f"/outreach-desk/{kind}/{row.pk}/delete/"
    response = client.get(url)
    assertContains(response, 'method="post"')
    assert type(row).objects.filter(pk=row.pk).exists()  # GET deleted nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not type(row).objects.filter(pk=row.pk).exists()
    assert type(row).history.filter(history_type="-").get().history_user == secretariat


def test_a_published_question_is_not_deleted(client, secretariat, make_faq):
    faq = make_faq(published=True)
    client.force_login(secretariat)
    response = client.post(f"/outreach-desk/faq/{faq.pk}/delete/")
    assert response.status_code == 400
    assertContains(response, "take it off the website first", status_code=400)
    assert FAQ.objects.filter(pk=faq.pk).exists()


def test_an_organisation_with_contacts_is_not_deleted(client, secretariat, iaea):
    services.add_organization_contact(iaea, acting_user=secretariat, name="A", email="a@iaea.org")
    client.force_login(secretariat)
    response = client.post(f"/outreach-desk/organizations/{iaea.pk}/delete/")
    assert response.status_code == 400
    assert Organization.objects.filter(pk=iaea.pk).exists()


# --- search and pages --------------------------------------------------------------------------


def test_a_list_is_searched_in_every_language(client, secretariat, make_faq):
    make_faq("How do states report?", question_fr="Comment les États font-ils rapport ?")
    make_faq("Who may ask for assistance?")
    client.force_login(secretariat)
    response = client.get("/outreach-desk/faq/", {"q": "rapport"})
    assertContains(response, "How do states report?")
    assert "Who may ask" not in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_costs_the_same_whatever_its_length(client, secretariat, iaea, kind):
    def add(n: int) -> None:
        for _ in range(n):
            suffix = f"{kind}{next(NUMBERS)}"
            if kind == "faq":
                services.create_faq(
                    acting_user=secretariat, question_en=f"Q{suffix}", answer_en="A"
                )
            elif kind == "cooperation-pages":
                services.save_cooperation_page(
                    acting_user=secretariat, slug=f"p{suffix}"[:80], title_en="T", body_en="B"
                )
            elif kind == "organizations":
                services.create_organization(
                    acting_user=secretariat,
                    name_en=f"Org {suffix}",
                    acronym=f"O{suffix}"[:30],
                    kind="regional",
                )
            elif kind == "contacts":
                services.add_organization_contact(
                    iaea, acting_user=secretariat, name="N", email=f"{suffix}@example.org"
                )
            elif kind == "expert-roster":
                services.add_former_expert(
                    acting_user=secretariat,
                    name="N",
                    email=f"{suffix}@example.org",
                    expertise="x",
                    served_from=2010,
                    served_until=2011,
                )
            else:
                services.create_event(
                    acting_user=secretariat,
                    title_en=f"E{suffix}",
                    kind="workshop",
                    region="africa",
                    start_date=days(5),
                    end_date=days(6),
                )

    client.force_login(secretariat)
    add(2)
    few = count_queries(client, f"/outreach-desk/{kind}/")
    add(8)
    assert count_queries(client, f"/outreach-desk/{kind}/") == few
