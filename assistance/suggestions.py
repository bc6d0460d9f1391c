"""Match suggestions (programme of work 9(c)): for a request, the offers ranked by a score that
says why. Each reason is a line of the explanation with the points it gave:

- areas in common with the request (the heart of a match),
- the type of help (training, legislative, equipment, financial...): an offer of the type the
  request asks for counts as much as one sharing every area asked, since a legislative offer
  in the right area does not answer a request for training,
- weapon types in common (an offer for every weapon type counts a little),
- whether the offer serves the requesting state, by name, by its regional group, or is open to
  every state (an offer limited to other states or regions loses points),
- whether the offer is still valid (an expired one loses points),
- the provider's record: matches it has delivered.

Offers of the requesting state itself, withdrawn offers and offers already matched to the
request are left out, as are offers with no area in common. The whole ranking takes a fixed
number of queries, whatever the number of offers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext_lazy

from assistance.choices import AssistanceKind
from assistance.models import AssistanceOffer, AssistanceRequest, Match
from states.choices import RegionalGroup, WeaponType
from states.models import StateName

POINTS_PER_AREA = 3
# The type of help weighs as much as the areas: an offer of the type asked gets as many points
# as an offer sharing every area of the request (POINTS_PER_AREA for each area asked).
POINTS_SAME_KIND_PER_AREA_ASKED = POINTS_PER_AREA
POINTS_PER_WEAPON_TYPE = 2
POINTS_ANY_WEAPON_TYPE = 1
POINTS_SERVES_STATE = 4
POINTS_SERVES_REGION = 2
POINTS_OPEN_TO_ALL = 1
POINTS_SERVES_ELSEWHERE = -4
POINTS_VALID = 2
POINTS_EXPIRED = -6
POINTS_PER_DELIVERY = 1
MOST_DELIVERY_POINTS = 3
DEFAULT_LIMIT = 10
MOST = 50


@dataclass(frozen=True)
class Reason:
    """One line of a score's explanation. The text is translated only when read: a request can
    have thousands of candidate offers, of which ten are shown. A message that counts something
    is a lazy plural (``ngettext_lazy`` keyed on the count's name), which picks its form from the
    values."""

    factor: str  # areas, kind, weapon_types, region, validity, record
    points: int
    message: str | Promise
    values: Callable[[], dict] = dict

    @property
    def text(self) -> str:
        message = _(self.message) if isinstance(self.message, str) else self.message
        return message % self.values()


@dataclass
class Suggestion:
    offer: AssistanceOffer | Candidate  # the whole offer once it is among the best
    reasons: list[Reason] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(reason.points for reason in self.reasons)

    @property
    def explanation(self) -> str:
        return "; ".join(f"{reason.text} ({reason.points:+d})" for reason in self.reasons)


def _names(values, choices) -> str:
    return ", ".join(str(choices(value).label) for value in values)


def _delivered_by_provider() -> tuple[Counter, Counter]:
    """Delivered matches per providing state and per providing organisation: two grouped
    queries for every provider at once."""
    delivered = Match.objects.filter(delivered_on__isnull=False)
    by_state = Counter(
        dict(
            delivered.filter(offer__provider_state__isnull=False)
            .values("offer__provider_state")
            .annotate(n=Count("id"))
            .values_list("offer__provider_state", "n")
        )
    )
    by_organization = Counter(
        dict(
            delivered.filter(offer__provider_organization__isnull=False)
            .values("offer__provider_organization")
            .annotate(n=Count("id"))
            .values_list("offer__provider_organization", "n")
        )
    )
    return by_state, by_organization


@dataclass(frozen=True)
class Candidate:
    """What the score needs of an offer, read with values(): building full model objects for
    thousands of candidates would cost more than the scoring itself."""

    pk: int
    provider_state_id: int | None
    provider_organization_id: int | None
    provider_name: str
    assistance_type: str
    weapon_types: list[str]
    regions: list[str]
    valid_until: date | None
    created_at: object


def score_offer(
    request: AssistanceRequest,
    offer: Candidate,
    *,
    common_areas: list[str],
    served_state_ids: set[int],
    delivered: int,
    today: date,
    areas_asked: int = 1,
) -> Suggestion:
    """Score one offer for one request from data already loaded (no query)."""
    suggestion = Suggestion(offer=offer)
    add = suggestion.reasons.append
    add(
        Reason(
            "areas",
            POINTS_PER_AREA * len(common_areas),
            gettext_noop("Areas in common: %(areas)s"),
            lambda: {"areas": ", ".join(common_areas)},
        )
    )

    asked, offered = request.assistance_type, offer.assistance_type
    if asked == offered:
        add(
            Reason(
                "kind",
                POINTS_SAME_KIND_PER_AREA_ASKED * max(1, areas_asked),
                gettext_noop("The type of help asked: %(kind)s"),
                lambda: {"kind": AssistanceKind(asked).label},
            )
        )
    else:
        add(
            Reason(
                "kind",
                0,
                gettext_noop("Another type of help: %(offered)s, where %(asked)s is asked"),
                lambda: {
                    "offered": AssistanceKind(offered).label,
                    "asked": AssistanceKind(asked).label,
                },
            )
        )

    weapons = [value for value in request.weapon_types if value in offer.weapon_types]
    if weapons:
        add(
            Reason(
                "weapon_types",
                POINTS_PER_WEAPON_TYPE * len(weapons),
                gettext_noop("Weapon types in common: %(weapons)s"),
                lambda: {"weapons": _names(weapons, WeaponType)},
            )
        )
    elif not offer.weapon_types:
        add(
            Reason(
                "weapon_types",
                POINTS_ANY_WEAPON_TYPE,
                gettext_noop("Offered for every weapon type"),
            )
        )
    elif request.weapon_types:
        add(
            Reason(
                "weapon_types",
                0,
                gettext_noop("No weapon type in common (offered for %(weapons)s)"),
                lambda: {"weapons": _names(offer.weapon_types, WeaponType)},
            )
        )

    state = request.state
    if request.state_id in served_state_ids:
        add(
            Reason(
                "region",
                POINTS_SERVES_STATE,
                gettext_noop("Serves %(state)s by name"),
                lambda: {"state": state.name},
            )
        )
    elif state.regional_group in offer.regions:
        add(
            Reason(
                "region",
                POINTS_SERVES_REGION,
                gettext_noop("Serves the %(group)s group"),
                lambda: {"group": RegionalGroup(state.regional_group).label},
            )
        )
    elif not offer.regions and not served_state_ids:
        add(Reason("region", POINTS_OPEN_TO_ALL, gettext_noop("Open to every state")))
    else:
        add(
            Reason(
                "region",
                POINTS_SERVES_ELSEWHERE,
                gettext_noop("Limited to other states or regions than %(state)s"),
                lambda: {"state": state.name},
            )
        )

    day = offer.valid_until
    if day is None:
        add(Reason("validity", POINTS_VALID, gettext_noop("Valid with no end date")))
    elif day >= today:
        add(
            Reason(
                "validity",
                POINTS_VALID,
                gettext_noop("Valid until %(day)s"),
                lambda: {"day": day.isoformat()},
            )
        )
    else:
        add(
            Reason(
                "validity",
                POINTS_EXPIRED,
                gettext_noop("Expired on %(day)s"),
                lambda: {"day": day.isoformat()},
            )
        )

    if delivered:
        add(
            Reason(
                "record",
                min(delivered, MOST_DELIVERY_POINTS) * POINTS_PER_DELIVERY,
                ngettext_lazy(
                    "%(provider)s has delivered %(n)d matched request",
                    "%(provider)s has delivered %(n)d matched requests",
                    "n",
                ),
                lambda: {"provider": offer.provider_name, "n": delivered},
            )
        )
    return suggestion


def suggest_offers(request: AssistanceRequest, *, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """The offers that could answer ``request``, best first (ties: the offer ending soonest, then
    the oldest), with the reasons of each score. Eight queries, whatever the number of offers."""
    request = (
        AssistanceRequest.objects.select_related("state")
        .prefetch_related("areas")
        .get(pk=request.pk)
    )
    area_names = {area.pk: area.name for area in request.areas.all()}
    candidates = (
        AssistanceOffer.objects.active()
        .filter(areas__in=list(area_names))
        .exclude(provider_state_id=request.state_id)
        .exclude(pk__in=Match.objects.filter(request=request).values("offer_id"))
    )
    common: dict[int, list[str]] = defaultdict(list)
    for offer_id, area_id in (
        AssistanceOffer.areas.through.objects.filter(
            assistancearea_id__in=list(area_names), assistanceoffer__in=candidates
        )
        .order_by("assistancearea__position")
        .values_list("assistanceoffer_id", "assistancearea_id")
    ):
        common[offer_id].append(area_names[area_id])
    served: dict[int, set[int]] = defaultdict(set)
    for offer_id, state_id in AssistanceOffer.states_served.through.objects.filter(
        assistanceoffer__in=candidates
    ).values_list("assistanceoffer_id", "memberstate_id"):
        served[offer_id].add(state_id)
    by_state, by_organization = _delivered_by_provider()
    today = timezone.localdate()
    suggestions = []
    for row in (
        AssistanceOffer.objects.filter(pk__in=candidates.values("pk"))
        .order_by()
        .values(
            "pk",
            "provider_state_id",
            "provider_organization_id",
            "provider_organization__acronym",
            "provider_organization__name",
            "assistance_type",
            "weapon_types",
            "regions",
            "valid_until",
            "created_at",
            provider_state_name=StateName("provider_state__"),
        )
    ):
        offer = Candidate(
            pk=row["pk"],
            provider_state_id=row["provider_state_id"],
            provider_organization_id=row["provider_organization_id"],
            provider_name=row["provider_state_name"]
            or row["provider_organization__acronym"]
            or row["provider_organization__name"]
            or "",
            assistance_type=row["assistance_type"],
            weapon_types=row["weapon_types"],
            regions=row["regions"],
            valid_until=row["valid_until"],
            created_at=row["created_at"],
        )
        delivered = (
            by_state[offer.provider_state_id]
            if offer.provider_state_id
            else by_organization[offer.provider_organization_id]
        )
        suggestions.append(
            score_offer(
                request,
                offer,
                common_areas=common[offer.pk],
                served_state_ids=served[offer.pk],
                delivered=delivered,
                today=today,
                areas_asked=len(area_names),
            )
        )
    far_future = date.max
    suggestions.sort(
        key=lambda s: (-s.score, s.offer.valid_until or far_future, s.offer.created_at, s.offer.pk)
    )
    best = suggestions[: max(1, min(limit, MOST))]
    # Only the offers shown are read whole.
    offers = AssistanceOffer.objects.select_related(
        "provider_state", "provider_organization"
    ).in_bulk([s.offer.pk for s in best])
    for suggestion in best:
        suggestion.offer = offers[suggestion.offer.pk]
    return best
