"""What the website's search finds of the assistance app: the requests published with their
state's consent and the public offers, as the public assistance database shows them (programme
of work 9(a)). Registered with the search registry (core/search.py) when the app is ready; the
search (outreach) reads them there. A request without consent and an offer that is not public
are never indexed, so nobody finds them by searching, whatever they may open otherwise."""

from __future__ import annotations

from assistance.models import AssistanceOffer, AssistanceRequest
from core import search


def _areas(record: AssistanceRequest | AssistanceOffer) -> str:
    return ", ".join(str(area) for area in record.areas.all())


def request_entry(pk: int) -> dict | None:
    request = (
        AssistanceRequest.objects.select_related("state")
        .prefetch_related("areas")
        .filter(pk=pk, publication_consent=True, posted=True)
        .first()
    )
    if request is None:
        return None
    texts = [request.description, request.action_taken, _areas(request)]
    return {
        "title": request.title,
        "body": "\n".join(text for text in texts if text),
        "url": request.get_absolute_url(),
        "state_name": request.state.name_en,
        "state_code": request.state.iso3,
        "date": request.date_received,
    }


def offer_entry(pk: int) -> dict | None:
    offer = (
        AssistanceOffer.objects.select_related("provider_state", "provider_organization")
        .prefetch_related("areas")
        .filter(pk=pk, is_public=True)
        .first()
    )
    if offer is None:
        return None
    state = offer.provider_state
    texts = [offer.description, _areas(offer)]
    return {
        "title": offer.title,
        "body": "\n".join(text for text in texts if text),
        "url": offer.get_absolute_url(),
        # An organisation's offer belongs to no state: its name is shown, no state facet.
        "state_name": state.name_en if state else offer.provider_name,
        "state_code": state.iso3 if state else "",
        "date": offer.created_at.date(),
    }


def register() -> None:
    search.register(
        "assistance_request",
        entry=request_entry,
        public=lambda: AssistanceRequest.objects.filter(publication_consent=True, posted=True),
    )
    search.register(
        "assistance_offer",
        entry=offer_entry,
        public=lambda: AssistanceOffer.objects.filter(is_public=True),
    )
    # The assistance services do not call index_on_commit(): the entry follows the row (consent
    # given or withdrawn, an offer made public or not). The areas are set after the row is
    # saved, in the same transaction: the entry is built once it commits, with them.
    search.follow(AssistanceRequest, "assistance_request")
    search.follow(AssistanceOffer, "assistance_offer")
