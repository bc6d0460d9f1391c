"""FilterSets shared by the assistance pages (the public assistance database among them) and the
API. Strict: a value that is not one of the choices is a 400 on the API and an error on the page,
never silently ignored."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.choices import (
    REQUEST_MATCHED,
    AssistanceKind,
    DigestBuildStatus,
    MatchStatus,
    OfferStatus,
    RequestChannel,
    RequestStatus,
)
from assistance.models import (
    AssistanceArea,
    AssistanceOffer,
    AssistanceRequest,
    Match,
    QuarterlyDigest,
)
from core.filters import CommitteeFilterSet, OneOrMoreValuesFilter
from outreach.models import Organization
from states.choices import RegionalGroup, WeaponType
from states.filtersets import YES_NO, iso3_code


def area_filter(field_name: str = "areas") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=AssistanceArea.objects.all(),
        to_field_name="code",
        label=_("Area of assistance"),
        empty_label=_("Any"),
        error_messages={
            "invalid_choice": _(
                "There is no area of assistance with this code; the codes are listed at "
                "/api/v1/assistance/areas/."
            )
        },
    )


def weapon_type_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        choices=WeaponType.choices,
        method="filter_weapon_type",
        label=_("Weapon type"),
        empty_label=_("Any"),
    )


def region_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        choices=RegionalGroup.choices,
        method="filter_region",
        label=_("Regional group"),
        empty_label=_("Any"),
    )


def yes_no(method: str, label) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        choices=YES_NO, method=method, label=label, empty_label=_("Any")
    )


class AssistanceRequestFilterSet(CommitteeFilterSet):
    state = OneOrMoreValuesFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    area = area_filter()
    region = region_filter()
    weapon_type = weapon_type_filter()
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, empty_label=_("Any"))
    assistance_type = django_filters.ChoiceFilter(
        choices=AssistanceKind.choices, label=_("Type of help"), empty_label=_("Any")
    )
    channel = django_filters.ChoiceFilter(choices=RequestChannel.choices, empty_label=_("Any"))
    matched = yes_no("filter_matched", _("Matched"))
    stale = yes_no("filter_stale", _("No movement for 90 days"))
    received_after = django_filters.DateFilter(
        field_name="date_received", lookup_expr="gte", label=_("Received on or after")
    )
    received_before = django_filters.DateFilter(
        field_name="date_received", lookup_expr="lte", label=_("Received on or before")
    )

    class Meta:
        model = AssistanceRequest
        fields = [
            "state",
            "area",
            "region",
            "weapon_type",
            "status",
            "assistance_type",
            "channel",
            "matched",
            "stale",
            "received_after",
            "received_before",
        ]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3__in=[code.upper() for code in value])

    def filter_region(self, queryset, name, value):
        return queryset.filter(state__regional_group=value)

    def filter_weapon_type(self, queryset, name, value):
        return queryset.filter(weapon_types__contains=f",{value},")

    def filter_matched(self, queryset, name, value):
        matched = Q(status__in=REQUEST_MATCHED)
        return queryset.filter(matched if value == "true" else ~matched)

    def filter_stale(self, queryset, name, value):
        stale = queryset.stale()
        if value == "true":
            return stale
        return queryset.exclude(pk__in=stale.values("pk"))


class AssistanceOfferFilterSet(CommitteeFilterSet):
    provider_state = OneOrMoreValuesFilter(
        method="filter_provider_state",
        label=_("Offering state (ISO3 code)"),
        validators=[iso3_code],
    )
    provider_organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(),
        label=_("Offering organisation"),
        empty_label=_("Any"),
    )
    area = area_filter()
    region = region_filter()
    weapon_type = weapon_type_filter()
    status = django_filters.ChoiceFilter(choices=OfferStatus.choices, empty_label=_("Any"))
    assistance_type = django_filters.ChoiceFilter(
        choices=AssistanceKind.choices, label=_("Type of assistance"), empty_label=_("Any")
    )
    # Needs the queryset from AssistanceOffer.objects.with_matched(user).
    matched = yes_no("filter_matched", _("Matched"))
    valid = yes_no("filter_valid", _("Still valid"))

    class Meta:
        model = AssistanceOffer
        fields = [
            "provider_state",
            "provider_organization",
            "area",
            "region",
            "weapon_type",
            "status",
            "assistance_type",
            "matched",
            "valid",
        ]

    def filter_provider_state(self, queryset, name, value):
        return queryset.filter(provider_state__iso3__in=[code.upper() for code in value])

    def filter_region(self, queryset, name, value):
        """Offers that serve the group: by naming it, by naming one of its states, or by being
        open to every state."""
        serving_its_states = AssistanceOffer.states_served.through.objects.filter(
            memberstate__regional_group=value
        ).values("assistanceoffer_id")
        open_to_all = Q(regions="") & ~Q(
            pk__in=AssistanceOffer.states_served.through.objects.values("assistanceoffer_id")
        )
        return queryset.filter(
            Q(regions__contains=f",{value},") | Q(pk__in=serving_its_states) | open_to_all
        )

    def filter_weapon_type(self, queryset, name, value):
        # An offer that names no weapon type concerns them all.
        return queryset.filter(Q(weapon_types__contains=f",{value},") | Q(weapon_types=""))

    def filter_matched(self, queryset, name, value):
        return queryset.filter(matched=value == "true")

    def filter_valid(self, queryset, name, value):
        valid = Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
        return queryset.filter(valid if value == "true" else ~valid)


class MatchFilterSet(CommitteeFilterSet):
    request = django_filters.NumberFilter(method="filter_request", label=_("Request (id)"))
    offer = django_filters.NumberFilter(
        field_name="offer_id", method="filter_offer", label=_("Offer (id)")
    )
    state = OneOrMoreValuesFilter(
        method="filter_state", label=_("Requesting state (ISO3 code)"), validators=[iso3_code]
    )
    status = django_filters.ChoiceFilter(choices=MatchStatus.choices, empty_label=_("Any"))
    delivered = yes_no("filter_delivered", _("Delivered"))

    class Meta:
        model = Match
        fields = ["request", "offer", "state", "status", "delivered"]

    def _requests_seen(self):
        # Filtering by the request side must not tell the offering state what the match itself
        # hides (Match.FIELD_PERMISSIONS): only requests the reader may see narrow the list.
        user = getattr(self.request, "user", None)
        return AssistanceRequest.objects.visible_to(user).values("pk")

    def filter_offer(self, queryset, name, value):
        # Likewise the offer side: the requesting state does not learn which non-public offer
        # answers its request by trying offer ids.
        user = getattr(self.request, "user", None)
        return queryset.filter(
            offer_id=value, offer__in=AssistanceOffer.objects.visible_to(user).values("pk")
        )

    def filter_request(self, queryset, name, value):
        return queryset.filter(request_id=value, request__in=self._requests_seen())

    def filter_state(self, queryset, name, value):
        return queryset.filter(
            request__state__iso3__in=[code.upper() for code in value],
            request__in=self._requests_seen(),
        )

    def filter_delivered(self, queryset, name, value):
        return queryset.filter(delivered_on__isnull=value != "true")


class QuarterlyDigestFilterSet(CommitteeFilterSet):
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    build_status = django_filters.ChoiceFilter(
        choices=DigestBuildStatus.choices, empty_label=_("Any")
    )

    class Meta:
        model = QuarterlyDigest
        fields = ["year", "build_status"]
