"""What the assistance app tells people by mail (core/notifications.py): the secretariat when a
state submits a request for assistance; the state's points of contact when the Committee
acknowledges, circulates or matches it (9(a)-(c)). Imported by the app's ``ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from assistance.choices import RequestStatus
from core.choices import Role
from core.notifications import declare_kind, notify, points_of_contact, secretariat

declare_kind(
    "assistance.request_submitted",
    label=_("A request for assistance is submitted"),
    subject=_("%(state)s: a request for assistance is submitted"),
    body=_(
        "%(state)s has submitted a request for assistance: “%(title)s”. It awaits acknowledgement."
    ),
    link_text=_("Open the request"),
    audience={Role.SECRETARIAT},
)
# The Committee's acknowledgement is its formal answer to the state: it cannot be turned off.
declare_kind(
    "assistance.request_acknowledged",
    label=_("Your state's request for assistance is acknowledged"),
    subject=_("%(state)s: your request for assistance is acknowledged"),
    body=_(
        "The 1540 Committee has acknowledged the request for assistance of %(state)s: "
        "“%(title)s”. It will circulate it to the states and organisations that may provide "
        "assistance."
    ),
    link_text=_("Follow the request"),
    audience={Role.POC},
    mandatory=True,
)
declare_kind(
    "assistance.request_circulated",
    label=_("Your state's request for assistance is circulated to providers"),
    subject=_("%(state)s: your request for assistance is circulated"),
    body=_(
        "The 1540 Committee has circulated the request for assistance of %(state)s, "
        "“%(title)s”, to the states and organisations that may provide assistance."
    ),
    link_text=_("Follow the request"),
    audience={Role.POC},
)
declare_kind(
    "assistance.request_matched",
    label=_("Your state's request for assistance is matched"),
    subject=_("%(state)s: your request for assistance is matched"),
    body=_(
        "A provider has agreed to answer the request for assistance of %(state)s, "
        "“%(title)s”. The Committee will follow it up with you and the provider."
    ),
    link_text=_("Follow the request"),
    audience={Role.POC},
)

# The step of a request -> the kind its state is told of.
REQUEST_STEP_KINDS = {
    RequestStatus.ACKNOWLEDGED: "assistance.request_acknowledged",
    RequestStatus.CIRCULATED: "assistance.request_circulated",
    RequestStatus.MATCHED: "assistance.request_matched",
}


# --- Who is told of what: one call from each service, inside its transaction --------------------


def tell_request_submitted(request: Any, *, acting_user: Any) -> None:
    notify(
        "assistance.request_submitted",
        secretariat(),
        context={"state": request.state, "title": request.title},
        about=request,
        event=f"assistance-request:{request.pk}:received",
        exclude=acting_user,
    )


def tell_request_moved(request: Any, *, acting_user: Any) -> None:
    """The state is told when its request is acknowledged, circulated or matched."""
    kind = REQUEST_STEP_KINDS.get(request.status)
    if kind is None:
        return
    # Every state a group's or an organisation's request concerns is told, not only the first.
    people = points_of_contact(request.state_id)
    for state_id in request.requesting_state_ids or []:
        if state_id != request.state_id:
            people = people | points_of_contact(state_id)
    notify(
        kind,
        people,
        context={"state": request.state, "title": request.title},
        about=request,
        event=f"assistance-request:{request.pk}:{request.status}",
        exclude=acting_user,
    )
