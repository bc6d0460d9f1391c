"""The outreach services as the personas use them: Sam of the secretariat keeps the calendar,
the FAQ, the cooperation pages, the organisations' contacts and the roster of former experts;
nobody else may; a refusal writes nothing, not even history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from core.services import InvalidTransition
from outreach import services
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import FAQ, CooperationPage, Event, FormerExpert, OrganizationContact
from tests import factories
from tests.helpers import Written
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db


# What a refused outreach change must leave alone.
OUTREACH_TABLES = (Event, FAQ, CooperationPage, OrganizationContact, FormerExpert)


def event_fields(**overrides) -> dict:
    return {
        "title": "Regional workshop for points of contact",
        "kind": EventKind.POC_TRAINING,
        "region": EventRegion.AFRICA,
        "start_date": days(20),
        "end_date": days(22),
        **overrides,
    }


def test_secretariat_puts_an_event_on_the_calendar_with_its_participants(secretariat, iaea):
    event = services.create_event(
        acting_user=secretariat,
        states=[factories.state("GHA"), factories.state("NGA")],
        organizations=[iaea],
        place_fr="Accra (Ghana)",
        **event_fields(place="Accra, Ghana"),
    )
    assert event.status == EventStatus.PLANNED
    assert {state.iso3 for state in event.states.all()} == {"GHA", "NGA"}
    assert event.history.first().history_user == secretariat


@pytest.mark.parametrize("who", ["poc_chn", "expert", "member", "anonymous"])
def test_only_the_secretariat_keeps_the_calendar(who, request):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    written = Written(*OUTREACH_TABLES)
    with pytest.raises(PermissionDenied, match="Only the secretariat"):
        services.create_event(acting_user=user, **event_fields())
    assert written.unchanged()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "party"}, "kind", "kind of event"),
        ({"region": "moon"}, "region", "region"),
        ({"start_date": "tomorrow"}, "start_date", "Give a date"),
        ({"start_date": days(-365 * 30), "end_date": days(1)}, "start_date", "between"),
        ({"end_date": days(19)}, "end_date", "cannot end before"),
        ({"title": ""}, "title_en", "title in English"),
        ({"colour": "red"}, "__all__", "cannot be changed: colour"),
    ],
)
def test_an_event_with_bad_input_is_refused_and_nothing_is_written(
    secretariat, overrides, field, message
):
    written = Written(*OUTREACH_TABLES)
    with pytest.raises(ValidationError) as refused:
        services.create_event(acting_user=secretariat, **event_fields(**overrides))
    assert message in " ".join(refused.value.message_dict[field])
    assert written.unchanged()


def test_an_event_moves_from_planned_to_confirmed_to_held_with_a_note(secretariat):
    event = services.create_event(
        acting_user=secretariat, **event_fields(start_date=days(-3), end_date=days(-1))
    )
    event = services.set_event_status(event, EventStatus.CONFIRMED, acting_user=secretariat)
    event = services.set_event_status(
        event, EventStatus.HELD, acting_user=secretariat, note="Forty officials trained."
    )
    assert event.status == EventStatus.HELD and event.note == "Forty officials trained."
    with pytest.raises(InvalidTransition, match="“Held” cannot move to “Cancelled”"):
        services.set_event_status(event, EventStatus.CANCELLED, acting_user=secretariat)


def test_an_event_that_has_not_started_cannot_be_recorded_as_held(secretariat, make_event):
    event = make_event(status=EventStatus.CONFIRMED)
    with pytest.raises(InvalidTransition, match="not started"):
        services.set_event_status(event, EventStatus.HELD, acting_user=secretariat)


def test_calendar_shows_held_and_confirmed_upcoming_events_but_not_planned_or_cancelled(
    make_event, secretariat
):
    held = make_event("Held", status=EventStatus.HELD)
    confirmed = make_event("Confirmed", status=EventStatus.CONFIRMED)
    make_event("Planned", status=EventStatus.PLANNED)
    cancelled = make_event("Called off", status=EventStatus.CONFIRMED)
    services.set_event_status(cancelled, EventStatus.CANCELLED, acting_user=secretariat)
    make_event("Closed", status=EventStatus.CONFIRMED, is_public=False)
    public = Event.objects.visible_to(AnonymousUser())
    assert list(public.upcoming()) == [confirmed]
    assert list(public.past()) == [held]
    # The secretariat sees the internal calendar too, but upcoming still means confirmed.
    assert {e.title for e in Event.objects.visible_to(secretariat).upcoming()} == {
        "Confirmed",
        "Closed",
    }


def test_faq_is_kept_per_language_and_falls_back_to_english(secretariat):
    from django.utils import translation

    faq = services.create_faq(
        acting_user=secretariat,
        question_en="Who must report?",
        answer_en="Every Member State.",
        question_fr="Qui doit faire rapport ?",
        answer_fr="Tous les États Membres.",
        published=True,
    )
    with translation.override("fr"):
        assert FAQ.objects.get(pk=faq.pk).question == "Qui doit faire rapport ?"
    with translation.override("ru"):
        assert FAQ.objects.get(pk=faq.pk).question == "Who must report?"


def test_a_faq_without_english_text_is_refused(secretariat):
    written = Written(*OUTREACH_TABLES)
    with pytest.raises(ValidationError, match="in English"):
        services.create_faq(acting_user=secretariat, question_fr="Qui ?", answer_fr="Tous.")
    assert written.unchanged()


def test_unpublishing_a_question_keeps_it(secretariat, make_faq):
    faq = make_faq()
    services.set_faq_published(faq, False, acting_user=secretariat)
    assert not FAQ.objects.visible_to(AnonymousUser()).exists()
    assert FAQ.objects.visible_to(secretariat).get() == faq


@pytest.mark.parametrize("who", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_edits_the_websites_texts(who, request, make_faq):
    faq = make_faq()
    user = request.getfixturevalue(who)
    written = Written(*OUTREACH_TABLES)
    with pytest.raises(PermissionDenied):
        services.update_faq(faq, acting_user=user, question_en="Changed?")
    with pytest.raises(PermissionDenied):
        services.save_cooperation_page(acting_user=user, slug="x", title="X", body="Y")
    assert written.unchanged()


def test_secretariat_writes_and_publishes_a_cooperation_page(secretariat):
    page = services.save_cooperation_page(
        acting_user=secretariat,
        slug="1267-committee",
        title_en="The 1267/1989/2253 committee",
        body_en="Joint briefings.\n\nShared visits.",
    )
    assert not page.published
    page = services.save_cooperation_page(page, acting_user=secretariat, published=True)
    assert CooperationPage.objects.visible_to(AnonymousUser()).get() == page


def test_contacts_are_recorded_once_and_deactivated_not_deleted(secretariat, iaea):
    contact = services.add_organization_contact(
        iaea, acting_user=secretariat, name="Ana Lima", email="a.lima@iaea.example"
    )
    with pytest.raises(ValidationError, match="already has an active contact"):
        services.add_organization_contact(
            iaea, acting_user=secretariat, name="Ana L.", email="A.LIMA@iaea.example"
        )
    services.deactivate_organization_contact(contact, acting_user=secretariat)
    with pytest.raises(InvalidTransition, match="already inactive"):
        services.deactivate_organization_contact(contact, acting_user=secretariat)
    assert OrganizationContact.objects.get(pk=contact.pk).active is False


@pytest.mark.parametrize("who", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_records_contacts(who, request, iaea):
    written = Written(*OUTREACH_TABLES)
    with pytest.raises(PermissionDenied):
        services.add_organization_contact(
            iaea, acting_user=request.getfixturevalue(who), name="X", email="x@example.org"
        )
    assert written.unchanged()


def test_contacts_are_never_public_and_the_roster_is_the_secretariats_alone(
    secretariat, expert, poc_chn, iaea
):
    services.add_organization_contact(iaea, acting_user=secretariat, name="A", email="a@x.org")
    services.add_former_expert(
        acting_user=secretariat,
        name="Dr Former",
        email="former@example.org",
        expertise="Biological weapons",
        served_from=2010,
        served_until=2015,
    )
    assert OrganizationContact.objects.visible_to(AnonymousUser()).count() == 0
    assert OrganizationContact.objects.visible_to(poc_chn).count() == 0
    assert OrganizationContact.objects.visible_to(expert).count() == 1
    assert FormerExpert.objects.visible_to(expert).count() == 0
    assert FormerExpert.objects.visible_to(secretariat).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"served_from": 1990}, "served_from"), ({"served_until": 2009}, "served_until")],
)
def test_a_roster_entry_with_bad_years_is_refused(secretariat, overrides, field):
    written = Written(*OUTREACH_TABLES)
    fields = {
        "name": "Dr Former",
        "email": "former@example.org",
        "expertise": "Export control",
        "served_from": 2010,
        "served_until": 2015,
        **overrides,
    }
    with pytest.raises(ValidationError) as refused:
        services.add_former_expert(acting_user=secretariat, **fields)
    assert field in refused.value.message_dict
    assert written.unchanged()


def test_planned_event_end_before_start_in_update_is_refused(secretariat, make_event):
    event = make_event(status=EventStatus.PLANNED)
    written = Written(*OUTREACH_TABLES)
    with pytest.raises(ValidationError, match="cannot end before"):
        services.update_event(
            event, acting_user=secretariat, end_date=event.start_date - timedelta(days=1)
        )
    assert written.unchanged()
