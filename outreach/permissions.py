"""Who may do what in the outreach app: the rules, each declared once (core/permissions.py).

The secretariat keeps the calendar, the website's texts, the organisations' contacts and the
roster of former experts; the experts read the contacts; everyone reads what is public."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import (
    Actor,
    RowRule,
    Where,
    declare,
    is_committee_member,
    is_secretariat,
    sees_all_states,
)
from outreach.models.events import PUBLIC_STATUSES


def events_seen_by(user: Actor) -> RowRule:
    """The public sees public events that are confirmed or held; the secretariat, the experts
    and committee members see the whole calendar."""
    if sees_all_states(user) or is_committee_member(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(is_public=True, status__in=PUBLIC_STATUSES),))


def website_texts_seen_by(user: Actor) -> RowRule:
    """Published entries for everyone; the secretariat also sees the ones it is preparing."""
    if is_secretariat(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(published=True),))


def search_entries_seen_by(user: Actor) -> RowRule:
    # Only what is published is indexed; the flag is a second lock, kept in step by the indexing
    # functions, so that nothing unpublished can leak through a stale row.
    return RowRule(any_of=(Where(public=True),))


declare("outreach.read_event", rows=events_seen_by)
declare(
    "outreach.manage_events",
    is_secretariat,
    message=_("Only the secretariat keeps the calendar of events."),
)
declare("outreach.read_website_text", rows=website_texts_seen_by)
declare(
    "outreach.manage_website_texts",
    is_secretariat,
    message=_("Only the secretariat edits the website's texts."),
)
declare("outreach.read_search_entry", rows=search_entries_seen_by)
# The organisations' contacts and the roster: never public (every row or none).
declare(
    "outreach.see_organization_contacts",
    sees_all_states,
    message=_("The organisations' contacts are for the secretariat and experts."),
)
declare(
    "outreach.manage_organization_contacts",
    is_secretariat,
    message=_("Only the secretariat keeps the organisations' contacts."),
)
declare(
    "outreach.see_expert_roster",
    is_secretariat,
    message=_("The roster of former experts is for the secretariat."),
)
declare(
    "outreach.manage_expert_roster",
    is_secretariat,
    message=_("Only the secretariat keeps the roster of former experts."),
)
declare(
    "outreach.manage_organizations",
    is_secretariat,
    message=_("Only the secretariat keeps the list of organisations."),
)
# The staff pages that edit the outreach content (the FAQ, the cooperation pages, the
# organisations and their contacts, the roster, the calendar): the secretariat's desk.
declare(
    "outreach.use_outreach_desk",
    is_secretariat,
    message=_("The pages that edit the outreach content are for the secretariat."),
)
