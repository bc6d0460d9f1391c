"""Use cases of the assistance app (programme of work 9(a)-(c) and 9(h)). Each runs in one
transaction, checks its permission rule first, records who did it (simple-history, plus a dated
status-change row for every workflow step), and queues side effects on commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assistance.choices import (
    MATCH_STEPS,
    REQUEST_FINAL,
    REQUEST_STEPS,
    REQUEST_UNMATCHED,
    DigestBuildStatus,
    DigestBuildStep,
    MatchStatus,
    NeedMet,
    OfferStatus,
    RequestChannel,
    RequesterKind,
    RequestStatus,
)
from assistance.models import (
    RESOLUTION_ADOPTED,
    AssistanceArea,
    AssistanceNeed,
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchFollowUp,
    MatchStatusChange,
    OrganizationMembership,
    QuarterlyDigest,
)
from assistance.notifications import tell_request_moved, tell_request_submitted
from core import correspondence
from core.builds import heartbeat, restart_stalled_build
from core.choices import Language
from core.files import sniff_document
from core.models import User
from core.pdf import language_refused, locale_of
from core.permissions import require
from core.queue import enqueue
from core.services import InvalidTransition, save_with_history
from outreach.models import Organization
from states.models import MemberState

logger = logging.getLogger(__name__)

REQUEST_FIELDS = {
    "title",
    "assistance_type",
    "description",
    "action_taken",
    "action_plan_reference",
    "publication_consent",
    "weapon_types",
    "date_received",
    "channel",
    "contact_name",
    "contact_function",
    "contact_email",
    "contact_phone",
}
# The offer's terms as the template asks them (9(b)).
OFFER_TERMS = {
    "contact_name",
    "contact_email",
    "contact_phone",
    "languages",
    "other_languages",
    "available_from",
    "available_to",
    "budget_min",
    "budget_max",
    "budget_currency",
    "eligibility",
    "eligibility_details",
}
OFFER_FIELDS = {
    "title",
    "assistance_type",
    "description",
    "weapon_types",
    "regions",
    "valid_until",
    "is_public",
    *OFFER_TERMS,
}


# --- Checks ---------------------------------------------------------------------------------------


def _check_date_received(value: date | None) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError({"date_received": _("The date received cannot be in the future.")})
    if value < RESOLUTION_ADOPTED:
        raise ValidationError(
            {
                "date_received": _(
                    "The date received cannot be before resolution 1540 was adopted "
                    "(28 April 2004)."
                )
            }
        )


def _check_areas(areas: Iterable[AssistanceArea] | None) -> list[AssistanceArea]:
    areas = list(areas or [])
    if not areas:
        raise ValidationError({"areas": _("Choose at least one area of assistance.")})
    return areas


def _check_valid_until(value: date | None) -> None:
    if value is not None and value < timezone.localdate():
        raise ValidationError(
            {"valid_until": _("An offer cannot be valid only until a past date.")}
        )


def _check_fields(changes: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))


def _status_label(choices: type[models.TextChoices], value: str) -> str:
    # The label as the reader sees it on the page, quoted in the message: lowercasing a
    # translated label is not a rule of every language.
    return str(choices(value).label)


def _history_label(choices: type[models.TextChoices], value: str) -> str:
    # A change's reason is written in English, whoever made the change, and read in each
    # reader's language (core/audit.py).
    with translation.override("en"):
        return str(choices(value).label)


def _touch(request: AssistanceRequest, when: datetime) -> None:
    """Note a movement on the request for the stale-items check. The movement itself is recorded
    (status change, match step or follow-up note); this only keeps its date at hand, so it is
    written without a history row of its own."""
    AssistanceRequest.objects.filter(pk=request.pk).update(last_activity_at=when)
    request.last_activity_at = when


# --- Requests -------------------------------------------------------------------------------------


def _record_request_step(
    request: AssistanceRequest,
    from_status: str,
    to_status: str,
    user: User,
    reason: str,
    when: datetime,
) -> AssistanceRequestStatusChange:
    step = AssistanceRequestStatusChange(
        request=request,
        from_status=from_status,
        to_status=to_status,
        changed_at=when,
        changed_by=user,
        reason=reason,
    )
    save_with_history(step, user, reason=reason or to_status)
    return step


def _check_requester(
    state: MemberState | None,
    requester_kind: str,
    requesting_states: Iterable[MemberState] | None,
    organization: Organization | None,
    acting_user: User,
) -> list[MemberState]:
    """The states a request concerns, checked against who asks: one state (its own), a group of
    two or more states, or an organisation asking for some of its members. Returns them, the
    requesting state first."""
    if requester_kind not in RequesterKind.values:
        raise ValidationError(
            {"requester_kind": _("Say who asks: one state, a group of states or an organisation.")}
        )
    states = list(dict.fromkeys(requesting_states or []))
    if requester_kind == RequesterKind.STATE:
        if organization is not None:
            raise ValidationError(
                {"requesting_organization": _("A state's own request names no organisation.")}
            )
        if state is None and len(states) == 1:
            state = states[0]
        if state is None or any(other != state for other in states):
            raise ValidationError(
                {"requesting_states": _("A state's own request concerns that state only.")}
            )
        return [state]
    require(acting_user, "assistance.record_group_request")
    if state is not None and state not in states:
        states.insert(0, state)
    if requester_kind == RequesterKind.GROUP:
        if organization is not None:
            raise ValidationError(
                {"requesting_organization": _("A group's request names no organisation.")}
            )
        if len(states) < 2:
            raise ValidationError(
                {"requesting_states": _("A group's request concerns two states or more.")}
            )
        return states
    if organization is None:
        raise ValidationError(
            {"requesting_organization": _("Name the organisation that sends the request.")}
        )
    if not organization.active:
        raise ValidationError(
            {
                "requesting_organization": _("%(name)s is no longer active.")
                % {"name": organization.name}
            }
        )
    if not states:
        raise ValidationError(
            {"requesting_states": _("Name the states the organisation asks assistance for.")}
        )
    members = set(
        OrganizationMembership.objects.filter(organization=organization).values_list(
            "state_id", flat=True
        )
    )
    outsiders = [str(other) for other in states if other.pk not in members]
    if outsiders:
        raise ValidationError(
            {
                "requesting_states": _("%(states)s: not a member of %(organization)s.")
                % {"states": ", ".join(outsiders), "organization": organization.short_name}
            }
        )
    return states


def _check_needs(needs: Iterable[dict[str, Any]] | None) -> list[AssistanceNeed]:
    """The numbered needs of a request (the template's one request per subject area, several
    needs inside it), numbered 1, 2... each once."""
    rows = []
    for entry in needs or []:
        need = AssistanceNeed(
            number=entry.get("number", 0),
            description=(entry.get("description") or "").strip(),
            assistance_type=entry.get("assistance_type") or "",
            weapon_types=list(entry.get("weapon_types") or []),
        )
        need.full_clean(exclude=["request"])
        rows.append(need)
    numbers = [need.number for need in rows]
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"needs": _("Each need has its own number: a number is repeated.")})
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise ValidationError({"needs": _("Number the needs 1, 2, 3… without a gap.")})
    return rows


def _check_document(document: File | None) -> str | None:
    """The note verbale or the filled template: a PDF or Word document, by its content."""
    if document is None:
        return None
    try:
        return sniff_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None


def _set_requesting_states(request: AssistanceRequest, states: list[MemberState]) -> None:
    request.requesting_states.set(states)
    ids = [state.pk for state in states]
    if request.requesting_state_ids != ids:
        AssistanceRequest.objects.filter(pk=request.pk).update(requesting_state_ids=ids)
        request.requesting_state_ids = ids


def _enter_received_note(request: AssistanceRequest, reference: str, user: User) -> None:
    """The note verbale (or template) that brought the request is incoming correspondence:
    entered in the Committee's register as received, with its document (core/correspondence.py;
    assistance does not import the register)."""
    organization = request.requesting_organization
    correspondence.received(
        correspondence.Received(
            concerns=request,
            subject=_("Request for assistance: %(title)s") % {"title": request.title},
            language=request.state.correspondence_language,
            received_on=request.date_received,
            reference=reference or str(_("(no reference)")),
            state=None if organization is not None else request.state,
            organization=organization,
            document=request.document,
            kind="note_verbale" if request.channel == RequestChannel.NOTE_VERBALE else "other",
            paragraph="9(b)",
        ),
        acting_user=user,
    )


@transaction.atomic
def submit_request(
    state: MemberState | None,
    *,
    acting_user: User,
    title: str,
    assistance_type: str,
    description: str,
    areas: Iterable[AssistanceArea],
    weapon_types: Iterable[str] = (),
    date_received: date | None = None,
    channel: str = RequestChannel.TEMPLATE,
    action_taken: str = "",
    action_plan_reference: str = "",
    publication_consent: bool = False,
    requester_kind: str = RequesterKind.STATE,
    requesting_states: Iterable[MemberState] | None = None,
    requesting_organization: Organization | None = None,
    needs: Iterable[dict[str, Any]] | None = None,
    contact_name: str = "",
    contact_function: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    document: File | None = None,
    reference: str = "",
) -> AssistanceRequest:
    """Record a request for assistance (9(a), 9(b)): a state's, submitted by its point of
    contact through the 1540 assistance template or recorded by the staff from a note verbale
    or a national report; or a group of states' or a regional organisation's (CARICOM) on
    behalf of some of its members, recorded by the staff. One request per subject area, with its
    numbered needs, its contact point, and the note verbale or template as received (entered in
    the correspondence register with the sender's ``reference``)."""
    states = _check_requester(
        state, requester_kind, requesting_states, requesting_organization, acting_user
    )
    state = states[0]
    require(acting_user, "assistance.submit_request_for_state", state)
    areas = _check_areas(areas)
    _check_date_received(date_received)
    need_rows = _check_needs(needs)
    extension = _check_document(document)
    now = timezone.now()
    # The type checker takes a ChoiceSetField (weapon_types) for the CharField it extends: a text,
    # where it holds a list (assistance/fields.py).
    request = AssistanceRequest(
        state=state,
        title=title,
        assistance_type=assistance_type,
        description=description,
        weapon_types=list(weapon_types),
        date_received=date_received or timezone.localdate(),
        channel=channel,
        action_taken=action_taken,
        action_plan_reference=action_plan_reference,
        publication_consent=publication_consent,
        consent_recorded_on=timezone.localdate() if publication_consent else None,
        requester_kind=requester_kind,
        requesting_organization=requesting_organization,
        requesting_state_ids=[member.pk for member in states],
        contact_name=contact_name,
        contact_function=contact_function,
        contact_email=contact_email,
        contact_phone=contact_phone,
        status=RequestStatus.RECEIVED,
        status_changed_at=now,
        last_activity_at=now,
        created_by=acting_user,
    )
    # The document was checked by its content above (the field's validator would read it again).
    request.full_clean(exclude=["document"])
    if document is not None:
        request.document.save(f"request.{extension}", document, save=False)
    save_with_history(request, acting_user, reason="Received")
    request.areas.set(areas)
    _set_requesting_states(request, states)
    for need in need_rows:
        need.request = request
        save_with_history(need, acting_user, reason="Received")
    _record_request_step(request, "", RequestStatus.RECEIVED, acting_user, "Received", now)
    if document is not None:
        _enter_received_note(request, reference, acting_user)
    tell_request_submitted(request, acting_user=acting_user)
    return request


@transaction.atomic
def update_request(
    request: AssistanceRequest,
    *,
    acting_user: User,
    areas: Iterable[AssistanceArea] | None = None,
    **changes: Any,
) -> AssistanceRequest:
    """Correct a request's details. Its point of contact may do so until the secretariat has
    acknowledged it; the secretariat and the experts while it is open."""
    request = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    require(acting_user, "assistance.edit_request", request)
    _check_fields(changes, REQUEST_FIELDS)
    _check_date_received(changes.get("date_received"))
    if areas is not None:
        areas = _check_areas(areas)
    fields = [*changes, "updated_at"]
    consent = changes.get("publication_consent")
    if consent is not None and bool(consent) != request.publication_consent:
        # The consent is dated when it is given; withdrawn, the request leaves the website.
        request.consent_recorded_on = timezone.localdate() if consent else None
        fields.append("consent_recorded_on")
        if not consent and request.posted:
            request.posted = False
            fields.append("posted")
    for name, value in changes.items():
        setattr(request, name, list(value) if name == "weapon_types" else value)
    request.full_clean(exclude=["document"])
    save_with_history(request, acting_user, update_fields=fields, reason="Details changed")
    if areas is not None:
        request.areas.set(areas)
    return request


@transaction.atomic
def move_request(
    request: AssistanceRequest, to_status: str, *, acting_user: User, reason: str = ""
) -> AssistanceRequest:
    """Take a request one step on: acknowledged, circulated to providers, matched, in progress,
    completed; or withdrawn (by its state too) or closed."""
    request = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    if to_status == RequestStatus.WITHDRAWN:
        require(acting_user, "assistance.withdraw_request", request)
    else:
        require(acting_user, "assistance.move_request", request)
    if to_status not in RequestStatus.values:
        raise ValidationError({"to_status": _("“%s” is not a status of a request.") % to_status})
    steps = REQUEST_STEPS[request.status]
    if to_status not in steps:
        message = _("A request whose status is “%(current)s” cannot move to “%(target)s”.") % {
            "current": _status_label(RequestStatus, request.status),
            "target": _status_label(RequestStatus, to_status),
        }
        if steps and steps[0] not in REQUEST_FINAL:
            message += " " + _("Its next step is “%(next)s”.") % {
                "next": _status_label(RequestStatus, steps[0])
            }
        raise InvalidTransition(message)
    if to_status == RequestStatus.POSTED and not request.publication_consent:
        raise InvalidTransition(
            _(
                "This request cannot be posted on the website: the requester has not consented "
                "to its publication. Record the consent first."
            )
        )
    _apply_request_step(request, to_status, acting_user, reason)
    return request


def _apply_request_step(
    request: AssistanceRequest, to_status: str, user: User, reason: str
) -> None:
    now = timezone.now()
    from_status = request.status
    request.status = to_status
    request.status_changed_at = now
    request.last_activity_at = now
    fields = ["status", "status_changed_at", "last_activity_at", "updated_at"]
    if to_status == RequestStatus.POSTED:
        request.posted = True
        request.posted_on = timezone.localdate()
        fields += ["posted", "posted_on"]
    label = _history_label(RequestStatus, to_status)
    save_with_history(
        request, user, update_fields=fields, reason=f"{label}: {reason}" if reason else label
    )
    _record_request_step(request, from_status, to_status, user, reason, now)
    _enter_in_register(request, to_status, user)
    tell_request_moved(request, acting_user=user)


def _enter_in_register(request: AssistanceRequest, to_status: str, user: User) -> None:
    """The acknowledgement to the requesting state and the circulation to the providers are
    correspondence: each is entered in the Committee's register as a draft (core/correspondence.py;
    assistance does not import the register), where the secretariat adds the letter, approves
    and sends it."""
    if to_status == RequestStatus.ACKNOWLEDGED:
        draft = correspondence.Drafted(
            concerns=request,
            subject=_("Acknowledgement of the request for assistance: %(title)s")
            % {"title": request.title},
            language=request.state.correspondence_language,
            state=request.state,
            paragraph="9(a)",
        )
    elif to_status == RequestStatus.CIRCULATED:
        draft = correspondence.Drafted(
            concerns=request,
            subject=_("Circulation of a request for assistance to providers: %(title)s")
            % {"title": request.title},
            language=Language.ENGLISH,
            addressee=str(_("The providers of assistance")),
            kind="letter",
            paragraph="9(a)",
        )
    else:
        return
    correspondence.drafted(draft, acting_user=user)


# --- Offers ---------------------------------------------------------------------------------------


def _check_provider(state: MemberState | None, organization: Organization | None) -> None:
    if state is not None and organization is not None:
        raise ValidationError(
            {
                "provider": _(
                    "An offer comes from exactly one provider: give a member state or an "
                    "organisation, not both."
                )
            }
        )
    if state is None and organization is None:
        raise ValidationError(
            {
                "provider": _(
                    "An offer comes from exactly one provider: give a member state or an "
                    "organisation."
                )
            }
        )
    if organization is not None and not organization.active:
        raise ValidationError(
            {
                "provider_organization": _("%(name)s is no longer active.")
                % {"name": organization.name}
            }
        )


@transaction.atomic
def record_offer(
    *,
    acting_user: User,
    provider_state: MemberState | None = None,
    provider_organization: Organization | None = None,
    title: str,
    assistance_type: str,
    description: str,
    areas: Iterable[AssistanceArea],
    weapon_types: Iterable[str] = (),
    regions: Iterable[str] = (),
    states_served: Iterable[MemberState] = (),
    valid_until: date | None = None,
    is_public: bool = True,
    **terms: Any,
) -> AssistanceOffer:
    """Record an offer of assistance from a member state or an organisation (9(a)), with the
    terms the template asks (9(b)): contact person, languages, period of availability, budget
    range and eligibility (``OFFER_TERMS``)."""
    _check_fields(terms, OFFER_TERMS)
    _check_provider(provider_state, provider_organization)
    if provider_state is not None:
        require(acting_user, "assistance.record_offer_for_state", provider_state)
    else:
        require(acting_user, "assistance.record_offer_for_organization", provider_organization)
    areas = _check_areas(areas)
    _check_valid_until(valid_until)
    # As in submit_request: weapon_types and regions are lists, not the CharField's text.
    offer = AssistanceOffer(
        provider_state=provider_state,
        provider_organization=provider_organization,
        title=title,
        assistance_type=assistance_type,
        description=description,
        weapon_types=list(weapon_types),
        regions=list(regions),
        valid_until=valid_until,
        is_public=is_public,
        created_by=acting_user,
        **{name: list(value) if name == "languages" else value for name, value in terms.items()},
    )
    offer.full_clean()
    save_with_history(offer, acting_user, reason="Recorded")
    offer.areas.set(areas)
    offer.states_served.set(list(states_served))
    return offer


@transaction.atomic
def update_offer(
    offer: AssistanceOffer,
    *,
    acting_user: User,
    areas: Iterable[AssistanceArea] | None = None,
    states_served: Iterable[MemberState] | None = None,
    **changes: Any,
) -> AssistanceOffer:
    """Correct an offer's details (the provider never changes: record a new offer)."""
    offer = AssistanceOffer.objects.select_for_update().get(pk=offer.pk)
    require(acting_user, "assistance.edit_offer", offer)
    if not offer.is_active:
        raise InvalidTransition(_("This offer has been withdrawn; it can no longer change."))
    _check_fields(changes, OFFER_FIELDS)
    if "valid_until" in changes:
        _check_valid_until(changes["valid_until"])
    if areas is not None:
        areas = _check_areas(areas)
    for name, value in changes.items():
        setattr(
            offer, name, list(value) if name in ("weapon_types", "regions", "languages") else value
        )
    offer.full_clean()
    save_with_history(
        offer, acting_user, update_fields=[*changes, "updated_at"], reason="Details changed"
    )
    if areas is not None:
        offer.areas.set(areas)
    if states_served is not None:
        offer.states_served.set(list(states_served))
    return offer


@transaction.atomic
def withdraw_offer(
    offer: AssistanceOffer, *, acting_user: User, reason: str = ""
) -> AssistanceOffer:
    """Withdraw an offer. It stays on record (and in the matches made with it)."""
    offer = AssistanceOffer.objects.select_for_update().get(pk=offer.pk)
    require(acting_user, "assistance.withdraw_offer", offer)
    if not offer.is_active:
        raise InvalidTransition(_("This offer is already withdrawn."))
    offer.status = OfferStatus.WITHDRAWN
    save_with_history(
        offer,
        acting_user,
        update_fields=["status", "updated_at"],
        reason=f"Withdrawn: {reason}" if reason else "Withdrawn",
    )
    return offer


# --- Matches --------------------------------------------------------------------------------------


def _record_match_step(
    match: Match, from_status: str, to_status: str, user: User, reason: str, when: datetime
) -> None:
    step = MatchStatusChange(
        match=match,
        from_status=from_status,
        to_status=to_status,
        changed_at=when,
        changed_by=user,
        reason=reason,
    )
    save_with_history(step, user, reason=reason or to_status)


@transaction.atomic
def propose_match(
    request: AssistanceRequest, offer: AssistanceOffer, *, acting_user: User, note: str = ""
) -> Match:
    """Propose an offer for a request (9(c)): the first step of brokering assistance."""
    require(acting_user, "assistance.propose_match")
    request = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
    offer = AssistanceOffer.objects.select_related("provider_state").get(pk=offer.pk)
    if not request.is_open:
        raise InvalidTransition(
            _("This request's status is “%(status)s”; only an open request can be matched.")
            % {"status": _status_label(RequestStatus, request.status)}
        )
    if not offer.is_active:
        raise ValidationError({"offer": _("This offer has been withdrawn.")})
    today = timezone.localdate()
    if not offer.is_valid_on(today):
        raise ValidationError(
            {"offer": _("This offer expired on %(day)s.") % {"day": offer.valid_until}}
        )
    if offer.provider_state_id == request.state_id:
        raise ValidationError({"offer": _("A state's own offer cannot answer its own request.")})
    if Match.objects.filter(request=request, offer=offer).exists():
        raise ValidationError({"offer": _("This offer has already been matched to this request.")})
    now = timezone.now()
    match = Match(request=request, offer=offer, proposed_by=acting_user, status_changed_at=now)
    try:
        with transaction.atomic():
            save_with_history(match, acting_user, reason="Proposed")
    except IntegrityError:
        # The same pair proposed twice at the same moment: the database's constraint decides.
        raise ValidationError(
            {"offer": _("This offer has already been matched to this request.")}
        ) from None
    _record_match_step(match, "", MatchStatus.PROPOSED, acting_user, note, now)
    if note:
        MatchFollowUp.objects.create(match=match, note=note, written_by=acting_user, written_at=now)
    _touch(request, now)
    return match


@transaction.atomic
def move_match(
    match: Match,
    to_status: str,
    *,
    acting_user: User,
    reason: str = "",
    delivered_on: date | None = None,
) -> Match:
    """Take a match one step on: providers contacted, agreed, delivered (with the date), closed.
    When a provider agrees, a request still waiting for one becomes matched."""
    require(acting_user, "assistance.manage_matches")
    match = Match.objects.select_for_update().select_related("request").get(pk=match.pk)
    if to_status not in MatchStatus.values:
        raise ValidationError({"to_status": _("“%s” is not a status of a match.") % to_status})
    if to_status not in MATCH_STEPS[match.status]:
        raise InvalidTransition(
            _("A match whose status is “%(current)s” cannot move to “%(target)s”.")
            % {
                "current": _status_label(MatchStatus, match.status),
                "target": _status_label(MatchStatus, to_status),
            }
        )
    fields = ["status", "status_changed_at", "updated_at"]
    if to_status == MatchStatus.DELIVERED:
        delivered_on = delivered_on or timezone.localdate()
        if delivered_on > timezone.localdate():
            raise ValidationError(
                {"delivered_on": _("The date of delivery cannot be in the future.")}
            )
        if delivered_on < match.created_at.date():
            raise ValidationError(
                {"delivered_on": _("The date of delivery cannot be before the match was proposed.")}
            )
        match.delivered_on = delivered_on
        fields.append("delivered_on")
    elif delivered_on is not None:
        raise ValidationError(
            {"delivered_on": _("A date of delivery goes only with the step “delivered”.")}
        )
    now = timezone.now()
    from_status = match.status
    match.status = to_status
    match.status_changed_at = now
    label = _history_label(MatchStatus, to_status)
    save_with_history(
        match, acting_user, update_fields=fields, reason=f"{label}: {reason}" if reason else label
    )
    _record_match_step(match, from_status, to_status, acting_user, reason, now)
    request = AssistanceRequest.objects.select_for_update().get(pk=match.request_id)
    if to_status == MatchStatus.AGREED and request.status in REQUEST_UNMATCHED:
        _apply_request_step(
            request,
            RequestStatus.MATCHED,
            acting_user,
            _("a provider agreed (match %(id)s)") % {"id": match.pk},
        )
    else:
        _touch(request, now)
    return match


@transaction.atomic
def add_follow_up(match: Match, *, acting_user: User, note: str) -> MatchFollowUp:
    """Add a follow-up note to a match (9(c): follow-up and dialogue with the provider)."""
    require(acting_user, "assistance.write_match_note")
    match = Match.objects.select_for_update().get(pk=match.pk)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write the note.")})
    now = timezone.now()
    follow_up = MatchFollowUp(match=match, note=note, written_by=acting_user, written_at=now)
    follow_up.full_clean()
    save_with_history(follow_up, acting_user, reason="Follow-up note")
    _touch(match.request, now)
    return follow_up


@transaction.atomic
def record_feedback(match: Match, *, acting_user: User, need_met: str, feedback: str = "") -> Match:
    """Record the requesting state's feedback once the assistance is delivered: was the need
    met, and what the state says about it."""
    require(acting_user, "assistance.record_match_feedback")
    match = Match.objects.select_for_update().get(pk=match.pk)
    if not match.is_delivered:
        raise InvalidTransition(_("Feedback is recorded once the assistance has been delivered."))
    if need_met not in NeedMet.values:
        raise ValidationError({"need_met": _("Answer yes, partly or no.")})
    now = timezone.now()
    match.need_met = need_met
    match.feedback = feedback
    match.feedback_recorded_at = now
    save_with_history(
        match,
        acting_user,
        update_fields=["need_met", "feedback", "feedback_recorded_at", "updated_at"],
        reason="Feedback recorded",
    )
    _touch(match.request, now)
    return match


# --- Quarterly digest (9(h)) ----------------------------------------------------------------------

# A build that has shown no sign of life for this long is taken as dead (a killed worker): a new
# one may be requested.
BUILD_LOCK = timedelta(minutes=30)
# What the build task retries on (assistance/tasks.py): the database or a connection that went
# away for a moment.
TRANSIENT_BUILD_ERRORS = (OperationalError, ConnectionError)
# The build task, queued by its name (assistance/tasks.py imports this module, not the reverse).
BUILD_DIGEST_TASK = "assistance.tasks.build_digest"


def _check_quarter(year: int, quarter: int) -> None:
    from assistance.digest import quarter_of

    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("A quarter is 1, 2, 3 or 4.")})
    current = quarter_of(timezone.now())
    if year < RESOLUTION_ADOPTED.year or (year, quarter) > current:
        raise ValidationError(
            {
                "year": _("Choose a quarter between 2004 and the current one (%(year)s Q%(q)s).")
                % {"year": current[0], "q": current[1]}
            }
        )


@transaction.atomic
def request_digest_build(
    year: int, quarter: int, *, acting_user: User, language: str = Language.ENGLISH
) -> QuarterlyDigest:
    """Ask for the digest of a quarter to be built (or rebuilt) by a Celery worker, in
    ``language``, one of the six official languages (core.choices.Language; English by
    default). The page shows the build's progress; the previous version, in its own language,
    stays readable until the new one is whole."""
    require(acting_user, "assistance.build_digest")
    _check_quarter(year, quarter)
    if language not in Language.values:
        raise ValidationError({"language": language_refused(language)})
    digest = QuarterlyDigest.objects.select_for_update().filter(year=year, quarter=quarter).first()
    if digest is None:
        digest = QuarterlyDigest(
            year=year, quarter=quarter, requested_by=acting_user, build_language=language
        )
        try:
            with transaction.atomic():
                save_with_history(digest, acting_user, reason="Build requested")
        except IntegrityError:
            # Asked for twice at the same moment: the other request's build is on its way.
            raise InvalidTransition(
                _("The digest of %(digest)s is already being built.") % {"digest": digest}
            ) from None
    else:
        recent = timezone.now() - digest.build_requested_at < BUILD_LOCK
        if digest.is_building and recent and not digest.is_stalled:
            raise InvalidTransition(
                _("The digest of %(digest)s is already being built.") % {"digest": digest}
            )
        _requeue(digest, acting_user, reason="Rebuild requested", language=language)
        return digest

    enqueue(BUILD_DIGEST_TASK, year, quarter)
    return digest


def _requeue(
    digest: QuarterlyDigest,
    acting_user: User | None,
    *,
    reason: str,
    enqueue_build: bool = True,
    language: str | None = None,
) -> None:
    """Queue the digest's build again, in ``language`` (the language of its last build when
    none is given: a scheduled rebuild keeps it)."""
    fields = digest.requeue_build(acting_user)
    if language is not None:
        digest.build_language = language
        fields.append("build_language")
    save_with_history(digest, acting_user, update_fields=fields, reason=reason)
    if enqueue_build:
        enqueue(BUILD_DIGEST_TASK, digest.year, digest.quarter)


def restart_digest_build(digest: QuarterlyDigest, *, acting_user: User) -> QuarterlyDigest:
    """Queue again a digest whose build has stalled (core/builds.py; secretariat)."""
    return restart_stalled_build(digest, acting_user=acting_user)


@transaction.atomic
def resend_digest_mail(digest: QuarterlyDigest, *, acting_user: User) -> QuarterlyDigest:
    """Send the digest's failed mailing again, once the mail server is back: the digest page's
    button, through the one service that sends any failed message again (which checks who)."""
    from core.mail import resend_mail

    digest = QuarterlyDigest.objects.select_for_update().get(pk=digest.pk)
    mailing = digest.mailing
    if mailing is None:
        require(acting_user, "committee.resend_mail")
        raise InvalidTransition(_("Only a message that failed can be sent again."))
    resend_mail(
        mailing,
        acting_user=acting_user,
        reason=f"Digest {digest.year} Q{digest.quarter} sent again",
    )
    del digest.mailing  # the cached record: re-read, it is queued now
    return digest


def _enter_transmittal(digest: QuarterlyDigest) -> None:
    """The digest's transmittal to the Committee's members is correspondence: entered in the
    register as a draft letter circulated to them (core/correspondence.py; assistance does not
    import the register), with the digest's PDF, where the secretariat approves and sends it.
    A rebuild replaces the PDF of the transmittal not yet sent; once it went, a rebuild is a
    new transmittal. The mail to the members is the digest's own (queue_digest_mail)."""
    with translation.override(locale_of(digest.language)):
        draft = correspondence.Drafted(
            concerns=digest,
            subject=_("Transmittal of the quarterly assistance digest of %(quarter)s")
            % {"quarter": digest},
            language=digest.language,
            document=digest.pdf_file,
            addressee=_("The members of the Committee"),
            kind="letter",
            paragraph="9(h)",
            to_members=True,
            rebuilt=True,
        )
    # The worker's doing, for whoever asked for the build (nobody for the scheduled one).
    correspondence.drafted(draft, acting_user=digest.requested_by)


def _progress(digest_id: int, percent: int, step: DigestBuildStep) -> None:
    """Show the build's progress on the page. Outside the build's transaction on purpose (it is
    committed at once), and without history: progress is not a change of the digest. The step
    is stored as its code and named on the page in the reader's language."""
    QuarterlyDigest.objects.filter(pk=digest_id).update(
        build_status=DigestBuildStatus.RUNNING,
        build_progress=percent,
        build_step=step,
        # The heartbeat: a build that stops writing it has lost its worker (shown as stalled).
        build_heartbeat_at=timezone.now(),
    )


@transaction.atomic
def request_scheduled_digest_build(year: int, quarter: int) -> QuarterlyDigest:
    """The build beat asks for on the first day of a quarter: the digest of the quarter just
    ended, unless one was already asked for after that quarter ended (a digest built during the
    quarter lacks its last weeks; one asked for after it is complete). Asking twice (the beat
    task redelivered) asks once."""
    from assistance.digest import quarter_bounds

    digest = QuarterlyDigest.objects.select_for_update().filter(year=year, quarter=quarter).first()
    if digest is None:
        digest = QuarterlyDigest(year=year, quarter=quarter)
        try:
            with transaction.atomic():
                save_with_history(digest, None, reason="Scheduled build")
        except IntegrityError:  # asked for on a page at the same moment: that build does it
            return QuarterlyDigest.objects.get(year=year, quarter=quarter)
        return digest
    quarter_end = quarter_bounds(year, quarter)[1]
    if not digest.is_building and digest.build_requested_at < quarter_end:
        _requeue(digest, None, reason="Scheduled build", enqueue_build=False)
    return digest


def _claim_build(year: int, quarter: int) -> tuple[QuarterlyDigest, datetime] | None:
    """Take the queued build of a quarter for this worker, under the row's lock, and say which
    build it is (its request time). None when there is nothing to do: the build is done (the
    task redelivered after its commit), failed, or alive on another worker (a restart and the
    original message both came back). A running build that has stalled is taken over: its
    worker was killed, and this is its message redelivered or the restart's."""
    with transaction.atomic():
        digest = (
            QuarterlyDigest.objects.select_for_update().filter(year=year, quarter=quarter).first()
        )
        if digest is None:  # a build task with no request: the beat's, from before this version
            digest = QuarterlyDigest(year=year, quarter=quarter)
            save_with_history(digest, None, reason="Scheduled build")
        if not digest.may_be_claimed():
            return None
        QuarterlyDigest.objects.filter(pk=digest.pk).update(
            build_status=DigestBuildStatus.RUNNING, build_heartbeat_at=timezone.now()
        )
        return digest, digest.build_requested_at


def build_digest(year: int, quarter: int) -> QuarterlyDigest:
    """Build the digest of a quarter: gather the figures, render HTML and PDF, store both under
    new names, then point the digest at them in one transaction, and mail the committee's
    members on commit. Run by a Celery task (the scheduled one or the one staff asked for): the
    permission was checked when the build was requested. Claims the build first, so a task run
    twice builds and mails once; a rebuild replaces the digest whole, and a build killed
    half-way leaves the previous one as it was."""
    from assistance import digest as digest_content

    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("A quarter is 1, 2, 3 or 4.")})
    claimed = _claim_build(year, quarter)
    if claimed is None:
        return QuarterlyDigest.objects.get(year=year, quarter=quarter)
    digest, build = claimed
    beat = QuarterlyDigest.objects.filter(pk=digest.pk)

    def beat_once() -> None:
        beat.update(build_heartbeat_at=timezone.now())

    # The digest in the language its build was asked in: the labels and the states' and areas'
    # names as the figures are gathered (and kept with them), the words and dates as it is
    # rendered.
    language = digest.build_language
    try:
        with heartbeat(beat_once), translation.override(locale_of(language)):
            _progress(digest.pk, 10, DigestBuildStep.COUNTING)
            figures = digest_content.gather_figures(year, quarter)
            _progress(digest.pk, 40, DigestBuildStep.WRITING)
            html = digest_content.render_html(figures)
            _progress(digest.pk, 60, DigestBuildStep.PDF)
            pdf = digest_content.render_pdf(figures)
            _progress(digest.pk, 85, DigestBuildStep.STORING)
            html_file = digest.html_file.field.generate_filename(digest, "digest.html")
            pdf_file = digest.pdf_file.field.generate_filename(digest, "digest.pdf")
            storage = digest.pdf_file.storage
            html_name = storage.save(html_file, ContentFile(html.encode()))
            pdf_name = storage.save(pdf_file, ContentFile(pdf))
            _progress(digest.pk, 95, DigestBuildStep.PUBLISHING)
    except TRANSIENT_BUILD_ERRORS:
        # The task tries again: give the claim back, or the retry would find the build "running"
        # on a live heartbeat and leave it.
        beat.filter(build_requested_at=build).update(build_status=DigestBuildStatus.QUEUED)
        raise
    except Exception as error:
        beat.filter(build_requested_at=build).update(
            build_status=DigestBuildStatus.FAILED, build_error=str(error)[:2000]
        )
        raise
    return _swap_in(digest.pk, build, figures, html_name, pdf_name, language)


@transaction.atomic
def _swap_in(
    digest_id: int,
    build: datetime,
    figures: dict[str, Any],
    html_name: str,
    pdf_name: str,
    language: str,
) -> QuarterlyDigest:
    digest = QuarterlyDigest.objects.select_for_update().get(pk=digest_id)
    if digest.build_status != DigestBuildStatus.RUNNING or digest.build_requested_at != build:
        # Another worker finished this build meanwhile, or a newer build was asked for: ours is
        # not the one to publish (nor to mail).
        new_files = [html_name, pdf_name]

        def drop_new_files() -> None:
            for name in new_files:
                digest.pdf_file.storage.delete(name)

        transaction.on_commit(drop_new_files)
        return digest
    old_files = [name for name in (digest.html_file.name, digest.pdf_file.name) if name]
    rebuilt = bool(digest.built_at)
    digest.figures = figures
    digest.language = language
    digest.html_file.name = html_name
    digest.pdf_file.name = pdf_name
    digest.built_at = timezone.now()
    digest.build_status = DigestBuildStatus.DONE
    digest.build_progress = 100
    digest.build_step = ""
    digest.build_error = ""
    save_with_history(
        digest,
        None,  # the worker's doing; who asked for the build is in the "requested" entry
        update_fields=[
            "figures",
            "language",
            "html_file",
            "pdf_file",
            "built_at",
            "build_status",
            "build_progress",
            "build_step",
            "build_error",
        ],
        reason="Rebuilt" if rebuilt else "Built",
    )
    _enter_transmittal(digest)
    from assistance.digest import committee_members, queue_digest_mail

    # The mailing is a step of its own (a task with retries), recorded with the build: the page
    # says "queued", "sent to N" or "failed" from that record, never what was merely intended.
    queue_digest_mail(digest, list(committee_members()), build=build)
    storage = digest.pdf_file.storage

    def after_commit() -> None:
        # The old files are unreachable once the row points at the new ones.
        for name in old_files:
            storage.delete(name)

    transaction.on_commit(after_commit)
    return digest
