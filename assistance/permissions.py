"""Who may do what with assistance requests, offers, matches and digests: the rules, each
declared once (core/permissions.py).

A point of contact submits requests (and may record offers) for their own state only and may
withdraw their state's request; the experts and the secretariat manage requests, broker and
follow up matches and build digests; committee members read the digests; the public reads the
requests published with the state's consent and the public offers.
"""

from __future__ import annotations

from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

from core.permissions import (
    Actor,
    RowRule,
    Where,
    declare,
    is_committee_member,
    is_poc,
    is_secretariat,
    sees_all_states,
)
from states.permissions import is_poc_of_state


def _own_state(user: Actor) -> int | None:
    return user.state_id if is_poc(user) else None


def requests_seen_by(user: Actor) -> RowRule:
    """Requests posted on the website with the requester's consent are public; the others only
    for the points of contact of the states concerned (every state of a group's or an
    organisation's request), the secretariat and the experts."""
    if sees_all_states(user):
        return RowRule(everything=True)
    own = _own_state(user)
    return RowRule(
        any_of=(
            Where(publication_consent=True, posted=True),
            Where(state_id=own),
            Where(requesting_state_ids__has=own),
        )
    )


def offers_seen_by(user: Actor) -> RowRule:
    """Public offers for everyone; the others for the secretariat, the experts and the point of
    contact of the offering state."""
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(is_public=True), Where(provider_state_id=_own_state(user))))


def matches_seen_by(user: Actor) -> RowRule:
    """Matches are the committee's working files: the secretariat and the experts see them all,
    a point of contact those of their state's requests and offers, committee members none (they
    read the quarterly digest, 9(h)). Which fields of a match a reader sees is
    ``Match.FIELD_PERMISSIONS``: neither state learns of the other side through the match unless
    it may open that side itself."""
    if sees_all_states(user):
        return RowRule(everything=True)
    own = _own_state(user)
    return RowRule(
        any_of=(
            Where(request__state_id=own),
            Where(request__requesting_state_ids__has=own),
            Where(offer__provider_state_id=own),
        )
    )


@rules.predicate
def is_poc_of_request_state(user: Actor, request: Any) -> bool:
    """The point of contact of the requesting state, or of any state a group's or an
    organisation's request concerns."""
    return request is not None and is_poc(user) and request.concerns_state(user.state_id)


@rules.predicate
def request_is_received(user: Actor, request: Any) -> bool:
    # Once the secretariat has acknowledged a request, its content is the committee's record.
    return request is not None and request.status in ("received", "authenticated")


@rules.predicate
def request_is_open(user: Actor, request: Any) -> bool:
    return request is not None and request.is_open


@rules.predicate
def is_poc_of_offer_state(user: Actor, offer: Any) -> bool:
    return (
        offer is not None
        and is_poc(user)
        and offer.provider_state_id is not None
        and user.state_id == offer.provider_state_id
    )


@rules.predicate
def is_poc_of_match_request_state(user: Actor, match: Any) -> bool:
    return match is not None and is_poc_of_request_state(user, match.request)


@rules.predicate
def match_request_is_visible(user: Actor, match: Any) -> bool:
    return match is not None and requests_seen_by(user).allows(match.request)


@rules.predicate
def match_offer_is_visible(user: Actor, match: Any) -> bool:
    return match is not None and offers_seen_by(user).allows(match.offer)


# The staff work on the requests and offers of every state: they name the state on the forms,
# where a point of contact's own state is taken (asked with ``can``: a form's mode).
declare("assistance.act_for_any_state", sees_all_states)

# Requests.
declare("assistance.read_request", rows=requests_seen_by)
declare(
    "assistance.submit_request",
    is_poc | sees_all_states,
    message=_("Requests are submitted by national points of contact, or recorded by the staff."),
)
# On a state: may submit a request for it.
declare(
    "assistance.submit_request_for_state",
    sees_all_states | is_poc_of_state,
    message=_("You can only submit assistance requests for your own state."),
)
declare(
    "assistance.edit_request",
    request_is_open & (sees_all_states | (is_poc_of_request_state & request_is_received)),
    message=_(
        "Only an open request can be changed, and a point of contact can change their "
        "state's request only until it is acknowledged."
    ),
)
declare(
    "assistance.move_request",
    sees_all_states,
    message=_("Only the secretariat and the experts move requests on."),
)
declare(
    "assistance.withdraw_request",
    sees_all_states | is_poc_of_request_state,
    message=_("Only the requesting state, the secretariat or the experts withdraw it."),
)
# A request's dated history names the staff who moved it and why: the requesting state's own
# point of contact and the staff read it, the public and other states do not (usernames would
# also let anyone lock those accounts out). A field rule (AssistanceRequest.FIELD_PERMISSIONS).
declare("assistance.see_request_history", sees_all_states | is_poc_of_request_state)
# The note verbale or filled template of a request, and its contact point: the committee's
# correspondence with the requester, not the public's.
declare("assistance.see_request_document", sees_all_states | is_poc_of_request_state)
# Requests on behalf of a group of states or from an organisation are recorded by the staff from
# the note verbale that brought them.
declare(
    "assistance.record_group_request",
    sees_all_states,
    message=_(
        "Requests from a group of states or an organisation are recorded by the secretariat "
        "or the experts."
    ),
)

# Offers.
declare("assistance.read_offer", rows=offers_seen_by)
declare(
    "assistance.record_offer",
    is_poc | sees_all_states,
    message=_("Offers are recorded by the staff, or by a point of contact for their own state."),
)
# On a state: may record an offer from it.
declare(
    "assistance.record_offer_for_state",
    sees_all_states | is_poc_of_state,
    message=_("You can only record offers of your own state."),
)
declare(
    "assistance.record_offer_for_organization",
    sees_all_states,
    message=_("Only the secretariat and the experts record offers of organisations."),
)
declare(
    "assistance.edit_offer",
    sees_all_states | is_poc_of_offer_state,
    message=_("Only the offering state, the secretariat or the experts change an offer."),
)
declare(
    "assistance.withdraw_offer",
    sees_all_states | is_poc_of_offer_state,
    message=_("Only the offering state, the secretariat or the experts withdraw an offer."),
)

# Matches and suggestions: the experts' and the secretariat's work (9(c)).
declare("assistance.read_match", rows=matches_seen_by)
declare(
    "assistance.propose_match",
    sees_all_states,
    message=_("Only the secretariat and the experts propose matches."),
)
declare(
    "assistance.manage_matches",
    sees_all_states,
    message=_("Only the secretariat and the experts move matches on."),
)
declare(
    "assistance.write_match_note",
    sees_all_states,
    message=_("Only the secretariat and the experts write follow-up notes."),
)
declare(
    "assistance.record_match_feedback",
    sees_all_states,
    message=_("Only the secretariat and the experts record a state's feedback."),
)
declare(
    "assistance.see_suggestions",
    sees_all_states,
    message=_("Only the secretariat and the experts see suggestions."),
)
declare(
    "assistance.see_dashboard",
    sees_all_states,
    message=_("The assistance dashboard is for the secretariat and experts."),
)
# Fields of a match (Match.FIELD_PERMISSIONS). Each side of a match is shown to whoever may open
# that side itself, by the same rows as the lists: the offering state sees the request side only
# when the request is published with its state's consent, the requesting state the offer side
# only when the offer is public.
declare("assistance.see_match_request", match_request_is_visible)
declare("assistance.see_match_offer", match_offer_is_visible)
# The file itself (status reasons, follow-up notes, the requesting state's feedback) is the
# committee's work with the requesting state.
declare("assistance.see_match_file", sees_all_states | is_poc_of_match_request_state)

# Digests (9(h)).
declare(
    "assistance.build_digest",
    sees_all_states,
    message=_("Only the secretariat and the experts build digests."),
)
declare(
    "assistance.read_digests",
    sees_all_states | is_committee_member,
    message=_("The digests are for committee members, the experts and the secretariat."),
)


# Projects and trust-fund contributions (12(e)).


def projects_seen_by(user: Actor) -> RowRule:
    """The secretariat, the experts and committee members read every project; the point of
    contact of a beneficiary state reads the projects that include their state; everyone reads
    the projects marked public."""
    if sees_all_states(user) or is_committee_member(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(is_public=True), Where(state_ids__has=_own_state(user))))


def contributions_seen_by(user: Actor) -> RowRule:
    """The secretariat, the experts and committee members read every contribution; the point of
    contact of a contributing state reads their state's."""
    if sees_all_states(user) or is_committee_member(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(contributor_state_id=_own_state(user)),))


declare("assistance.read_project", rows=projects_seen_by)
declare(
    "assistance.manage_projects",
    is_secretariat,
    message=_("Only the secretariat records and changes assistance projects."),
)
declare("assistance.read_contribution", rows=contributions_seen_by)
declare(
    "assistance.manage_contributions",
    is_secretariat,
    message=_("Only the secretariat records and changes trust fund contributions."),
)
