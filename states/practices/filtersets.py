"""FilterSets of effective practices and national action plans, for the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet, OneOrMoreValuesFilter
from states.choices import RegionalGroup
from states.filtersets import iso3_code
from states.practices.choices import PracticeArea, SubmissionStatus
from states.practices.models import EffectivePractice, NationalActionPlan


class SharedByStateFilterSet(CommitteeFilterSet):
    state = OneOrMoreValuesFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    area = django_filters.ChoiceFilter(
        choices=PracticeArea.choices, label=_("Area"), empty_label=_("Any")
    )
    regional_group = django_filters.ChoiceFilter(
        field_name="state__regional_group",
        choices=RegionalGroup.choices,
        label=_("Regional group"),
        empty_label=_("Any"),
    )
    status = django_filters.ChoiceFilter(
        choices=SubmissionStatus.choices, label=_("Status"), empty_label=_("Any")
    )

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3__in=[code.upper() for code in value])


class EffectivePracticeFilterSet(SharedByStateFilterSet):
    class Meta:
        model = EffectivePractice
        fields = ["state", "area", "regional_group", "status"]


class NationalActionPlanFilterSet(SharedByStateFilterSet):
    class Meta:
        model = NationalActionPlan
        fields = ["state", "area", "regional_group", "status"]
