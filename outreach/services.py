"""Use cases of the outreach app: the calendar of events, the website's texts (FAQ and
cooperation pages), the organisations' contacts and the roster of former experts. Each runs in
one transaction, checks its rule first and records who acted; public content is re-indexed for
the website's search once the change has committed. Nothing public is ever deleted: events are
cancelled, texts unpublished, contacts deactivated, experts marked unavailable."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import User
from core.permissions import require
from core.search import index_on_commit
from core.services import InvalidTransition, save_with_history
from outreach.choices import EventKind, EventRegion, EventStatus, OrganizationKind
from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)

TRANSLATED_LANGUAGES = [code.replace("-", "_") for code in settings.MODELTRANSLATION_LANGUAGES]
# Events are planned a few years ahead at most; the calendar starts with the resolution.
FIRST_EVENT_YEAR = 2004
EVENT_YEARS_AHEAD = 5

# The steps of an event: planned -> confirmed -> held; planned or confirmed -> cancelled.
EVENT_STEPS = {
    EventStatus.PLANNED: {EventStatus.CONFIRMED, EventStatus.CANCELLED},
    EventStatus.CONFIRMED: {EventStatus.HELD, EventStatus.CANCELLED, EventStatus.PLANNED},
    EventStatus.HELD: set(),
    EventStatus.CANCELLED: {EventStatus.PLANNED},
}


# The per-language columns (``title_en``...) are added to the models by django-modeltranslation
# when the app loads (outreach/translation.py): unseen by the type checker, hence the
# ``type: ignore[attr-defined]`` where this module reads or sets the English one.
def translated_names(*fields: str) -> set[str]:
    """``title``, ``title_en``, ``title_fr``... for each field kept in the six languages."""
    names = set(fields)
    for field in fields:
        names.update(f"{field}_{code}" for code in TRANSLATED_LANGUAGES)
    return names


def _apply(instance: models.Model, changes: dict[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(
            {"__all__": _("These fields cannot be changed: %s.") % ", ".join(sorted(unknown))}
        )
    for name, value in changes.items():
        setattr(instance, name, value)
    return list(changes)


# --- events --------------------------------------------------------------------------------

EVENT_FIELDS = {"kind", "start_date", "end_date", "region", "is_public"} | translated_names(
    "title", "place", "note"
)


def _check_event(event: Event) -> None:
    errors: dict[str, str] = {}
    if event.kind not in EventKind.values:
        errors["kind"] = _("Choose a kind of event from the list.")
    if event.region not in EventRegion.values:
        errors["region"] = _("Choose a region from the list.")
    for field in ("start_date", "end_date"):
        value = getattr(event, field)
        if not isinstance(value, date):
            errors[field] = _("Give a date, such as 2025-05-20.")
        elif not (FIRST_EVENT_YEAR <= value.year <= timezone.localdate().year + EVENT_YEARS_AHEAD):
            errors[field] = _("Give a date between %(first)s and %(last)s.") % {
                "first": FIRST_EVENT_YEAR,
                "last": timezone.localdate().year + EVENT_YEARS_AHEAD,
            }
    if not errors and event.end_date < event.start_date:
        errors["end_date"] = _("The event cannot end before it starts.")
    if not (event.title_en or event.title or "").strip():  # type: ignore[attr-defined]
        errors["title_en"] = _("Give the event's title in English.")
    if errors:
        raise ValidationError(errors)


def _set_participants(
    event: Event,
    # Member states, unnamed: outreach does not import states (pyproject.toml's contracts).
    states: Iterable[Any] | None,
    organizations: Collection[Organization] | None,
) -> None:
    if states is not None:
        event.states.set(states)
    if organizations is not None:
        inactive = [org for org in organizations if not org.active]
        if inactive:
            raise ValidationError(
                {"organizations": _("%(name)s is no longer active.") % {"name": inactive[0]}}
            )
        event.organizations.set(organizations)


@transaction.atomic
def create_event(
    *,
    acting_user: User,
    states: Iterable[Any] | None = None,
    organizations: Collection[Organization] | None = None,
    **fields: Any,
) -> Event:
    """Put an event on the calendar, as planned unless a status is given."""
    require(acting_user, "outreach.manage_events")
    status = fields.pop("status", EventStatus.PLANNED)
    if status not in EventStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    _apply(Event(), fields, EVENT_FIELDS)  # refuses unknown fields before anything is built
    event = Event(status=status, **fields)
    if not event.title_en and event.title:  # type: ignore[attr-defined]
        event.title_en = event.title  # type: ignore[attr-defined]
    _check_event(event)
    if status == EventStatus.HELD and event.start_date > timezone.localdate():
        raise ValidationError({"status": _("An event that has not started cannot be held.")})
    event.full_clean(exclude=["states", "organizations"])
    save_with_history(event, acting_user, reason="Created")
    _set_participants(event, states, organizations)
    index_on_commit("event", event.pk)
    return event


@transaction.atomic
def update_event(
    event: Event,
    *,
    acting_user: User,
    states: Iterable[Any] | None = None,
    organizations: Collection[Organization] | None = None,
    **changes: Any,
) -> Event:
    """Change an event's details, its participants or its note (the status has its own step)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(acting_user, "outreach.manage_events", event)
    fields = _apply(event, changes, EVENT_FIELDS)
    _check_event(event)
    event.full_clean(exclude=["states", "organizations"])
    save_with_history(
        event, acting_user, update_fields=[*_columns(fields), "updated_at"], reason="Edited"
    )
    _set_participants(event, states, organizations)
    index_on_commit("event", event.pk)
    return event


def _columns(fields: list[str]) -> list[str]:
    # A plain translated name ("title") is the active language's column: save that one too.
    from django.utils.translation import get_language

    language = (get_language() or "en").replace("-", "_")
    columns = set(fields)
    for name in fields:
        if name in {"title", "place", "note", "question", "answer", "body"}:
            columns.add(f"{name}_{language}")
    return sorted(columns)


@transaction.atomic
def set_event_status(
    event: Event, status: str, *, acting_user: User, note: str | None = None
) -> Event:
    """Move an event on: confirm it, record that it was held (with a note on what took place),
    cancel it, or put it back to planned."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(acting_user, "outreach.manage_events", event)
    if status not in EventStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status not in EVENT_STEPS[EventStatus(event.status)]:
        raise InvalidTransition(
            _("An event whose status is “%(current)s” cannot move to “%(new)s”.")
            % {"current": event.get_status_display(), "new": EventStatus(status).label}
        )
    if status == EventStatus.HELD and event.start_date > timezone.localdate():
        raise InvalidTransition(_("An event that has not started cannot be recorded as held."))
    event.status = status
    fields = ["status", "updated_at"]
    if note is not None:
        event.note_en = note  # type: ignore[attr-defined]
        fields.append("note_en")
    # The reason in English, whoever made the change: read in each reader's language
    # (core/audit.py).
    with translation.override("en"):
        reason = f"Status: {EventStatus(status).label}"
    save_with_history(event, acting_user, update_fields=fields, reason=reason)
    index_on_commit("event", event.pk)
    return event


# --- FAQ and cooperation pages -------------------------------------------------------------

FAQ_FIELDS = {"position"} | translated_names("question", "answer")
PAGE_FIELDS = {"slug", "position"} | translated_names("title", "body")


def _require_texts(acting_user: User) -> None:
    require(acting_user, "outreach.manage_website_texts")


@transaction.atomic
def create_faq(*, acting_user: User, published: bool = False, **fields: Any) -> FAQ:
    """Write a frequently asked question (in English at least; other languages when ready)."""
    _require_texts(acting_user)
    _apply(FAQ(), fields, FAQ_FIELDS)
    faq = FAQ(published=bool(published), **fields)
    if not faq.question_en and faq.question:  # type: ignore[attr-defined]
        faq.question_en, faq.answer_en = faq.question, faq.answer  # type: ignore[attr-defined]
    if not (faq.question_en or "").strip() or not (faq.answer_en or "").strip():  # type: ignore[attr-defined]
        raise ValidationError({"question_en": _("Give the question and its answer in English.")})
    faq.full_clean()
    save_with_history(faq, acting_user, reason="Created")
    index_on_commit("faq", faq.pk)
    return faq


@transaction.atomic
def update_faq(faq: FAQ, *, acting_user: User, **changes: Any) -> FAQ:
    faq = FAQ.objects.select_for_update().get(pk=faq.pk)
    _require_texts(acting_user)
    fields = _apply(faq, changes, FAQ_FIELDS)
    if not (faq.question_en or "").strip() or not (faq.answer_en or "").strip():  # type: ignore[attr-defined]
        raise ValidationError({"question_en": _("Give the question and its answer in English.")})
    faq.full_clean()
    save_with_history(faq, acting_user, update_fields=[*_columns(fields), "updated_at"])
    index_on_commit("faq", faq.pk)
    return faq


@transaction.atomic
def set_faq_published(faq: FAQ, published: bool, *, acting_user: User) -> FAQ:
    """Show a question on the website, or take it off (it is kept)."""
    faq = FAQ.objects.select_for_update().get(pk=faq.pk)
    _require_texts(acting_user)
    faq.published = bool(published)
    save_with_history(
        faq,
        acting_user,
        update_fields=["published", "updated_at"],
        reason="Published" if published else "Unpublished",
    )
    index_on_commit("faq", faq.pk)
    return faq


@transaction.atomic
def save_cooperation_page(
    page: CooperationPage | None = None,
    *,
    acting_user: User,
    published: bool | None = None,
    **fields: Any,
) -> CooperationPage:
    """Create a cooperation page, or change one (its texts, and whether it is published)."""
    _require_texts(acting_user)
    if page is None:
        _apply(CooperationPage(), fields, PAGE_FIELDS)
        page = CooperationPage(published=bool(published), **fields)
        if not page.title_en and page.title:  # type: ignore[attr-defined]
            page.title_en, page.body_en = page.title, page.body  # type: ignore[attr-defined]
        page.full_clean()
        save_with_history(page, acting_user, reason="Created")
        index_on_commit("cooperation", page.pk)
        return page
    page = CooperationPage.objects.select_for_update().get(pk=page.pk)
    changed = _apply(page, fields, PAGE_FIELDS)
    if published is not None:
        page.published = bool(published)
        changed.append("published")
    page.full_clean()
    save_with_history(page, acting_user, update_fields=[*_columns(changed), "updated_at"])
    index_on_commit("cooperation", page.pk)
    return page


# --- contacts and the roster ---------------------------------------------------------------


@transaction.atomic
def add_organization_contact(
    organization: Organization,
    *,
    acting_user: User,
    name: str,
    email: str,
    position: str = "",
    phone: str = "",
) -> OrganizationContact:
    """Record a point of contact at an organisation (10(b))."""
    require(acting_user, "outreach.manage_organization_contacts", organization)
    if OrganizationContact.objects.filter(
        organization=organization, email__iexact=email, active=True
    ).exists():
        raise ValidationError(
            {
                "email": _("%(org)s already has an active contact with this e-mail.")
                % {"org": organization.short_name}
            }
        )
    contact = OrganizationContact(
        organization=organization, name=name, email=email, position=position, phone=phone
    )
    contact.full_clean()
    save_with_history(contact, acting_user, reason="Added")
    return contact


@transaction.atomic
def deactivate_organization_contact(
    contact: OrganizationContact, *, acting_user: User
) -> OrganizationContact:
    """The person has left: keep the record, stop using it."""
    contact = OrganizationContact.objects.select_for_update().get(pk=contact.pk)
    require(acting_user, "outreach.manage_organization_contacts", contact.organization)
    if not contact.active:
        raise InvalidTransition(_("This contact is already inactive."))
    contact.active = False
    save_with_history(contact, acting_user, update_fields=["active"], reason="Deactivated")
    return contact


ROSTER_FIELDS = {
    "name",
    "email",
    "nationality",
    "expertise",
    "served_from",
    "served_until",
    "available",
    "notes",
}


def _check_service_years(expert: FormerExpert) -> None:
    errors = {}
    this_year = timezone.localdate().year
    for field in ("served_from", "served_until"):
        year = getattr(expert, field)
        if not isinstance(year, int) or not FIRST_EVENT_YEAR <= year <= this_year:
            errors[field] = _("Give a year between %(first)s and %(last)s.") % {
                "first": FIRST_EVENT_YEAR,
                "last": this_year,
            }
    if not errors and expert.served_until < expert.served_from:
        errors["served_until"] = _("Service cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_former_expert(*, acting_user: User, **fields: Any) -> FormerExpert:
    """Put a former member of the Group of Experts on the roster (11(g))."""
    require(acting_user, "outreach.manage_expert_roster")
    _apply(FormerExpert(), fields, ROSTER_FIELDS)
    expert = FormerExpert(**fields)
    _check_service_years(expert)
    expert.full_clean()
    save_with_history(expert, acting_user, reason="Added to the roster")
    return expert


@transaction.atomic
def update_former_expert(
    expert: FormerExpert, *, acting_user: User, **changes: Any
) -> FormerExpert:
    expert = FormerExpert.objects.select_for_update().get(pk=expert.pk)
    require(acting_user, "outreach.manage_expert_roster", expert)
    fields = _apply(expert, changes, ROSTER_FIELDS)
    _check_service_years(expert)
    expert.full_clean()
    save_with_history(expert, acting_user, update_fields=fields, reason="Roster entry changed")
    return expert


# --- organisations (10(b)) -----------------------------------------------------------------

ORGANIZATION_FIELDS = {"acronym", "kind", "website", "offers_assistance", "active"} | (
    translated_names("name")
)


def _check_organization(organization: Organization) -> None:
    """An English name, a kind from the list, and no other organisation with the same name or
    acronym (compared without case: "Unoda" is UNODA)."""
    errors: dict[str, str] = {}
    name = (organization.name_en or "").strip()  # type: ignore[attr-defined]
    if not name:
        errors["name_en"] = _("Give the organisation's name in English.")
    if organization.kind not in OrganizationKind.values:
        errors["kind"] = _("Choose a kind of organisation from the list.")
    others = Organization.objects.exclude(pk=organization.pk)
    acronym = (organization.acronym or "").strip()
    if acronym and others.filter(acronym__iexact=acronym).exists():
        errors["acronym"] = _("Another organisation already has the acronym %(acronym)s.") % {
            "acronym": acronym
        }
    if (
        name
        and others.filter(models.Q(name__iexact=name) | models.Q(name_en__iexact=name)).exists()
    ):
        errors["name_en"] = _("Another organisation already has this name.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_organization(*, acting_user: User, **fields: Any) -> Organization:
    """Add an organisation the committee cooperates with, named in English at least."""
    require(acting_user, "outreach.manage_organizations")
    _apply(Organization(), fields, ORGANIZATION_FIELDS)
    organization = Organization(**fields)
    if not organization.name_en and organization.name:  # type: ignore[attr-defined]
        organization.name_en = organization.name  # type: ignore[attr-defined]
    with translation.override("en"):
        organization.name = organization.name_en  # type: ignore[attr-defined]
    _check_organization(organization)
    organization.full_clean()
    save_with_history(organization, acting_user, reason="Created")
    return organization


@transaction.atomic
def update_organization(
    organization: Organization, *, acting_user: User, **changes: Any
) -> Organization:
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    require(acting_user, "outreach.manage_organizations", organization)
    fields = _apply(organization, changes, ORGANIZATION_FIELDS)
    _check_organization(organization)
    # The plain column keeps the English name, whatever language the editor reads in.
    with translation.override("en"):
        organization.name = organization.name_en  # type: ignore[attr-defined]
    organization.full_clean()
    columns = sorted({*fields, "name", "name_en"})
    save_with_history(organization, acting_user, update_fields=columns, reason="Edited")
    return organization


@transaction.atomic
def delete_organization(organization: Organization, *, acting_user: User) -> None:
    """Remove an organisation entered by mistake. One that has contacts, events or assistance
    offers stays (mark it inactive instead): the refusal says so."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    require(acting_user, "outreach.manage_organizations", organization)
    if organization.contacts.exists() or Event.objects.filter(organizations=organization).exists():
        raise InvalidTransition(
            _(
                "%(name)s has contacts or events on record, so it cannot be deleted: mark it "
                "inactive instead."
            )
            % {"name": organization.short_name}
        )
    organization._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
    try:
        with transaction.atomic():
            organization.delete()
    except models.ProtectedError:
        raise InvalidTransition(
            _(
                "%(name)s is the provider of assistance offers, so it cannot be deleted: mark it "
                "inactive instead."
            )
            % {"name": organization.short_name}
        ) from None


# --- contacts, roster entries, texts and events removed ------------------------------------

CONTACT_FIELDS = {"name", "email", "position", "phone", "active"}


@transaction.atomic
def update_organization_contact(
    contact: OrganizationContact, *, acting_user: User, **changes: Any
) -> OrganizationContact:
    """Correct a contact's details (a new e-mail must not be another active contact's)."""
    contact = OrganizationContact.objects.select_for_update().get(pk=contact.pk)
    require(acting_user, "outreach.manage_organization_contacts", contact.organization)
    fields = _apply(contact, changes, CONTACT_FIELDS)
    if (
        contact.active
        and OrganizationContact.objects.filter(
            organization_id=contact.organization_id, email__iexact=contact.email, active=True
        )
        .exclude(pk=contact.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "email": _("%(org)s already has an active contact with this e-mail.")
                % {"org": contact.organization.short_name}
            }
        )
    contact.full_clean()
    save_with_history(contact, acting_user, update_fields=fields, reason="Edited")
    return contact


def _delete_with_history(instance: models.Model, acting_user: User) -> None:
    instance._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
    instance.delete()


@transaction.atomic
def delete_organization_contact(contact: OrganizationContact, *, acting_user: User) -> None:
    """Remove a contact entered by mistake (one who has left is deactivated instead)."""
    contact = OrganizationContact.objects.select_for_update().get(pk=contact.pk)
    require(acting_user, "outreach.manage_organization_contacts", contact.organization)
    _delete_with_history(contact, acting_user)


@transaction.atomic
def delete_former_expert(expert: FormerExpert, *, acting_user: User) -> None:
    """Remove a roster entry entered by mistake (one who leaves the roster is marked
    unavailable instead)."""
    expert = FormerExpert.objects.select_for_update().get(pk=expert.pk)
    require(acting_user, "outreach.manage_expert_roster", expert)
    _delete_with_history(expert, acting_user)


@transaction.atomic
def delete_faq(faq: FAQ, *, acting_user: User) -> None:
    """Remove a question that was never meant to be published. A published one is taken off
    the website first (published records are never deleted)."""
    faq = FAQ.objects.select_for_update().get(pk=faq.pk)
    _require_texts(acting_user)
    if faq.published:
        raise InvalidTransition(
            _("A published question cannot be deleted: take it off the website first.")
        )
    _delete_with_history(faq, acting_user)
    index_on_commit("faq", faq.pk)


@transaction.atomic
def delete_cooperation_page(page: CooperationPage, *, acting_user: User) -> None:
    """Remove an unpublished cooperation page."""
    page = CooperationPage.objects.select_for_update().get(pk=page.pk)
    _require_texts(acting_user)
    if page.published:
        raise InvalidTransition(
            _("A published page cannot be deleted: take it off the website first.")
        )
    pk = page.pk
    _delete_with_history(page, acting_user)
    index_on_commit("cooperation", pk)


@transaction.atomic
def delete_event(event: Event, *, acting_user: User) -> None:
    """Remove an event put on the calendar by mistake. One that was held, or that the public
    calendar shows, stays (cancel it instead)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require(acting_user, "outreach.manage_events", event)
    if event.status == EventStatus.HELD or event.is_shown_publicly:
        raise InvalidTransition(
            _("An event held or shown on the public calendar cannot be deleted: cancel it instead.")
        )
    pk = event.pk
    _delete_with_history(event, acting_user)
    index_on_commit("event", pk)
