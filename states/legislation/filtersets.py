"""The FilterSet of the national legislation register, for its page, its exports and the API:
``?covers=brokering`` answers "which states have a law on brokering, and which act"."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet
from states.choices import RegionalGroup, WeaponType
from states.legislation.choices import LegislationTopic
from states.legislation.models import NationalLegislation
from states.models import MemberState


def state_choices() -> list[tuple[str, str]]:
    """Every member state by its ISO3 code, named in the reader's language and order: the
    page's picker lists names, the API takes the codes (``?state=CHN``). Read when the form is
    built or checked, so each reader gets their own language."""
    return list(MemberState.objects.in_reader_order().values_list("iso3", "name"))


class NationalLegislationFilterSet(CommitteeFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Title, articles or notes contain"))
    state = django_filters.ChoiceFilter(
        field_name="state__iso3", choices=state_choices, label=_("State"), empty_label=_("Any")
    )
    regional_group = django_filters.ChoiceFilter(
        field_name="state__regional_group",
        choices=RegionalGroup.choices,
        label=_("Regional group"),
        empty_label=_("Any"),
    )
    covers = django_filters.ChoiceFilter(
        choices=LegislationTopic.choices,
        method="filter_covers",
        label=_("Covers"),
        empty_label=_("Any"),
    )
    weapon_type = django_filters.ChoiceFilter(
        choices=WeaponType.choices,
        method="filter_weapon_type",
        label=_("Weapon type"),
        empty_label=_("Any"),
    )
    year = django_filters.NumberFilter(label=_("Year"))
    year_from = django_filters.NumberFilter(
        field_name="year", lookup_expr="gte", label=_("Adopted in or after")
    )
    year_to = django_filters.NumberFilter(
        field_name="year", lookup_expr="lte", label=_("Adopted in or before")
    )

    class Meta:
        model = NationalLegislation
        fields = [
            "q",
            "state",
            "regional_group",
            "covers",
            "weapon_type",
            "year",
            "year_from",
            "year_to",
        ]

    def filter_covers(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.covering(value) if value else queryset

    def filter_weapon_type(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.for_weapon_type(value) if value else queryset

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(articles__icontains=value) | Q(notes__icontains=value)
        )
