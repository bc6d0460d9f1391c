"""FilterSets shared by the outreach pages and the API."""

from __future__ import annotations

import django_filters
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet
from core.filtersets import yes_no_filter
from outreach.choices import EventKind, EventRegion, EventStatus, OrganizationKind
from outreach.models import FAQ, Event, FormerExpert, Organization, OrganizationContact


class OrganizationFilterSet(CommitteeFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or acronym contains"))
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, empty_label=_("Any"))
    offers_assistance = yes_no_filter("offers_assistance", label=_("Offers assistance"))
    active = yes_no_filter("active", label=_("Active"))

    class Meta:
        model = Organization
        fields = ["q", "kind", "offers_assistance", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class EventFilterSet(CommitteeFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=EventKind.choices, label=_("Kind of event"), empty_label=_("Any")
    )
    region = django_filters.ChoiceFilter(
        choices=EventRegion.choices, label=_("Region"), empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        field_name="start_date",
        lookup_expr="year",
        label=_("Year"),
        validators=[
            MinValueValidator(2004, message=_("The calendar starts in 2004.")),
            MaxValueValidator(2100, message=_("Give a year such as 2025.")),
        ],
    )
    status = django_filters.ChoiceFilter(
        choices=EventStatus.choices, label=_("Status"), empty_label=_("Any")
    )

    class Meta:
        model = Event
        fields = ["kind", "region", "year", "status"]


class FAQFilterSet(CommitteeFilterSet):
    class Meta:
        model = FAQ
        fields: list[str] = []


class FormerExpertFilterSet(CommitteeFilterSet):
    available = yes_no_filter("available", label=_("Available"))

    class Meta:
        model = FormerExpert
        fields = ["available"]


class OrganizationContactFilterSet(CommitteeFilterSet):
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(), label=_("Organisation")
    )
    active = yes_no_filter("active", label=_("Active"))

    class Meta:
        model = OrganizationContact
        fields = ["organization", "active"]
