"""Assistance test data, built through the services so that it obeys the same rules."""

from __future__ import annotations

from datetime import date

from assistance import services
from assistance.choices import AssistanceKind, MatchStatus, RequestStatus
from assistance.models import (
    AssistanceArea,
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchFollowUp,
    MatchStatusChange,
    QuarterlyDigest,
)
from outreach.models import Organization
from states.models import MemberState


def area(code: str) -> AssistanceArea:
    return AssistanceArea.objects.get(code=code)


def areas(*codes: str) -> list[AssistanceArea]:
    return [area(code) for code in codes]


def state(iso3: str) -> MemberState:
    return MemberState.objects.get(iso3=iso3)


def organization(acronym: str = "IAEA", **overrides) -> Organization:
    names = {
        "IAEA": "International Atomic Energy Agency",
        "OPCW": "Organisation for the Prohibition of Chemical Weapons",
        "WCO": "World Customs Organization",
    }
    values = {
        "name": names.get(acronym, f"Organisation {acronym}"),
        "kind": "international",
        "offers_assistance": True,
        **overrides,
    }
    found, _created = Organization.objects.get_or_create(acronym=acronym, defaults=values)
    return found


def request(
    iso3: str = "CHN",
    *,
    by,
    title: str = "Help drafting export control legislation",
    area_codes: tuple[str, ...] = ("border-export-control",),
    weapon_types: tuple[str, ...] = ("nuclear",),
    consent: bool = False,
    status: str = RequestStatus.RECEIVED,
    staff=None,
    date_received: date | None = None,
    kind: str = AssistanceKind.LEGISLATIVE,
) -> AssistanceRequest:
    """A request of ``iso3`` submitted by ``by`` and moved on to ``status`` by ``staff`` (an
    expert or the secretariat; ``by`` when not given)."""
    result = services.submit_request(
        state(iso3),
        acting_user=by,
        title=title,
        assistance_type=kind,
        description="The need, as the assistance template describes it.",
        areas=areas(*area_codes),
        weapon_types=weapon_types,
        publication_consent=consent,
        date_received=date_received,
    )
    path = [
        RequestStatus.AUTHENTICATED,
        RequestStatus.ACKNOWLEDGED,
        RequestStatus.CIRCULATED,
        *([RequestStatus.POSTED] if consent else []),
        RequestStatus.MATCHED,
    ]
    if status in (RequestStatus.WITHDRAWN, RequestStatus.CLOSED):
        result = services.move_request(result, status, acting_user=staff or by)
    else:
        for step in path:
            if status == RequestStatus.RECEIVED:
                break
            result = services.move_request(result, step, acting_user=staff or by)
            if step == status:
                break
    if consent and not result.posted:
        # A request published with its state's consent before posting on the website was a
        # step of its own: the migration left those posted (0008_template_requests).
        AssistanceRequest.objects.filter(pk=result.pk).update(
            posted=True, posted_on=result.date_received
        )
        result.refresh_from_db()
    return result


def offer(
    *,
    by,
    provider_state: str | None = None,
    provider_organization: Organization | None = None,
    title: str = "Export control workshop",
    area_codes: tuple[str, ...] = ("border-export-control",),
    weapon_types: tuple[str, ...] = (),
    regions: tuple[str, ...] = (),
    states_served: tuple[str, ...] = (),
    valid_until: date | None = None,
    is_public: bool = True,
    kind: str = AssistanceKind.TRAINING,
) -> AssistanceOffer:
    if provider_state is None and provider_organization is None:
        provider_organization = organization()
    return services.record_offer(
        acting_user=by,
        provider_state=state(provider_state) if provider_state else None,
        provider_organization=provider_organization,
        title=title,
        assistance_type=kind,
        description="What the provider offers.",
        areas=areas(*area_codes),
        weapon_types=weapon_types,
        regions=regions,
        states_served=[state(code) for code in states_served],
        valid_until=valid_until,
        is_public=is_public,
    )


def match(the_request, the_offer, *, by, status: str = MatchStatus.PROPOSED) -> Match:
    result = services.propose_match(the_request, the_offer, acting_user=by)
    for step in [MatchStatus.CONTACTED, MatchStatus.AGREED, MatchStatus.DELIVERED]:
        if result.status == status:
            break
        result = services.move_match(result, step, acting_user=by)
    return result


# What a refused assistance change must leave alone: ``Written(*ASSISTANCE_TABLES)``.
ASSISTANCE_TABLES = (
    AssistanceRequest,
    AssistanceRequestStatusChange,
    AssistanceOffer,
    Match,
    MatchStatusChange,
    MatchFollowUp,
    QuarterlyDigest,
)
