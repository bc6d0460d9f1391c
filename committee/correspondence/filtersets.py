"""The one FilterSet of the correspondence register, for its page and its API. Strict: a value
that is not one of the choices is a 400 on the API and an error on the page."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committee.correspondence.choices import CorrespondenceKind, CorrespondenceStatus, Direction
from committee.correspondence.models import Correspondence
from core.filters import CommitteeFilterSet, OneOrMoreValuesFilter
from core.filtersets import yes_no_filter

iso3_code = RegexValidator(r"^[A-Za-z]{3}$", _("Use a three-letter ISO code, such as CHN."))


class CorrespondenceFilterSet(CommitteeFilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Reference or subject contains"), max_length=100
    )
    state = OneOrMoreValuesFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    direction = django_filters.ChoiceFilter(
        choices=Direction.choices, label=_("Direction"), empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        choices=CorrespondenceStatus.choices, label=_("Status"), empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        choices=CorrespondenceKind.choices, label=_("Kind"), empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        field_name="date__year", label=_("Year"), min_value=2004, max_value=2100
    )
    circulated = yes_no_filter("circulated_to_members", label=_("Circulated to the members"))
    paragraph = django_filters.CharFilter(
        field_name="paragraph", label=_("Programme of work paragraph"), max_length=16
    )

    class Meta:
        model = Correspondence
        fields = ["q", "state", "direction", "status", "kind", "year", "circulated", "paragraph"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__icontains=value) | Q(subject__icontains=value))

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3__in=[code.upper() for code in value])
