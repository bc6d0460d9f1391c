"""Who may do what with assistance requests, offers, matches and digests (django-rules).

A point of contact submits requests (and may record offers) for their own state only and may
withdraw their state's request; the experts and the secretariat manage requests, broker and
follow up matches and build digests; committee members read the digests; the public reads the
requests published with the state's consent and the public offers.
"""

from __future__ import annotations

from typing import Any

import rules

from assistance.models import offers_seen_by, requests_seen_by
from core.permissions import Actor, is_committee_member, is_poc, sees_all_states
from states.permissions import is_poc_of_state


@rules.predicate
def is_poc_of_request_state(user: Actor, request: Any) -> bool:
    return request is not None and is_poc(user) and user.state_id == request.state_id


@rules.predicate
def request_is_visible(user: Actor, request: Any) -> bool:
    # The rule the request lists filter by (AssistanceRequestQuerySet.visible_to), on one row.
    return requests_seen_by(user).allows(request)


@rules.predicate
def request_is_received(user: Actor, request: Any) -> bool:
    # Once the secretariat has acknowledged a request, its content is the committee's record.
    return request is not None and request.status == "received"


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
def offer_is_visible(user: Actor, offer: Any) -> bool:
    # The rule the offer lists filter by (AssistanceOfferQuerySet.visible_to), on one row.
    return offers_seen_by(user).allows(offer)


@rules.predicate
def is_poc_of_match_request_state(user: Actor, match: Any) -> bool:
    return match is not None and is_poc_of_request_state(user, match.request)


@rules.predicate
def match_request_is_visible(user: Actor, match: Any) -> bool:
    return match is not None and request_is_visible(user, match.request)


@rules.predicate
def match_offer_is_visible(user: Actor, match: Any) -> bool:
    return match is not None and offer_is_visible(user, match.offer)


# Requests. On a state: may submit a request for it.
rules.add_perm("assistance.submit_request_for_state", sees_all_states | is_poc_of_state)
rules.add_perm("assistance.read_request", request_is_visible)
rules.add_perm(
    "assistance.edit_request",
    request_is_open & (sees_all_states | (is_poc_of_request_state & request_is_received)),
)
rules.add_perm("assistance.move_request", sees_all_states)
rules.add_perm("assistance.withdraw_request", sees_all_states | is_poc_of_request_state)
# Offers. On a state (or None for an organisation): may record an offer from it.
rules.add_perm("assistance.record_offer_for_state", sees_all_states | is_poc_of_state)
rules.add_perm("assistance.record_offer_for_organization", sees_all_states)
rules.add_perm("assistance.read_offer", offer_is_visible)
rules.add_perm("assistance.edit_offer", sees_all_states | is_poc_of_offer_state)
# Matches and suggestions: the experts' and the secretariat's work (9(c)).
rules.add_perm("assistance.manage_matches", sees_all_states)
rules.add_perm("assistance.see_suggestions", sees_all_states)
rules.add_perm("assistance.see_dashboard", sees_all_states)
# A request's dated history names the staff who moved it and why: the requesting state's own
# point of contact and the staff read it, the public and other states do not (usernames would
# also let anyone lock those accounts out).
rules.add_perm("assistance.see_request_history", sees_all_states | is_poc_of_request_state)
# Fields of a match (AssistanceRequest.FIELD_PERMISSIONS and Match.FIELD_PERMISSIONS name them).
# Each side of a match is shown to whoever may open that side itself, by the same rule as the
# lists: the offering state sees the request side only when the request is published with its
# state's consent, the requesting state the offer side only when the offer is public.
rules.add_perm("assistance.see_match_request", match_request_is_visible)
rules.add_perm("assistance.see_match_offer", match_offer_is_visible)
# The file itself (status reasons, follow-up notes, the requesting state's feedback) is the
# committee's work with the requesting state.
rules.add_perm("assistance.see_match_file", sees_all_states | is_poc_of_match_request_state)
# Digests (9(h)).
rules.add_perm("assistance.build_digest", sees_all_states)
rules.add_perm("assistance.read_digests", sees_all_states | is_committee_member)
