"""FilterSets of national reports and points of contact, shared by the HTML list
pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.choices import Language
from core.filters import CommitteeFilterSet, OneOrMoreValuesFilter
from states.choices import RegionalGroup, ReportKind, ReportStatus
from states.filtersets import iso3_code, yes_no_filter
from states.reports.models import NationalPointOfContact, NationalReport


class NationalReportFilterSet(CommitteeFilterSet):
    state = OneOrMoreValuesFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, empty_label=_("Any"))
    # Reports that have a document in the language, the original or another (one per
    # language: no report is listed twice).
    language = django_filters.ChoiceFilter(
        field_name="documents__language", choices=Language.choices, empty_label=_("Any")
    )
    # Two filters rather than a DateFromToRangeFilter: a malformed date is then reported under
    # the parameter the client actually sent (submitted_on_after), not under "submitted_on".
    submitted_on_after = django_filters.DateFilter(
        field_name="submitted_on", lookup_expr="gte", label=_("Submitted on or after")
    )
    submitted_on_before = django_filters.DateFilter(
        field_name="submitted_on", lookup_expr="lte", label=_("Submitted on or before")
    )
    regional_group = django_filters.ChoiceFilter(
        field_name="state__regional_group", choices=RegionalGroup.choices
    )

    class Meta:
        model = NationalReport
        fields = [
            "state",
            "kind",
            "status",
            "language",
            "submitted_on_after",
            "submitted_on_before",
            "regional_group",
        ]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3__in=[code.upper() for code in value])


class NationalPointOfContactFilterSet(CommitteeFilterSet):
    state = OneOrMoreValuesFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    active = yes_no_filter("active", label=_("Active"))

    class Meta:
        model = NationalPointOfContact
        fields = ["state", "active"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3__in=[code.upper() for code in value])
