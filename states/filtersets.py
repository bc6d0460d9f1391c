"""FilterSets shared by the HTML list pages and the API."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committee.choices import Language
from states.choices import RegionalGroup, ReportKind, ReportStatus
from states.models import MemberState, NationalPointOfContact, NationalReport

YES_NO = (("true", _("Yes")), ("false", _("No")))
iso3_code = RegexValidator(r"^[A-Za-z]{3}$", _("Use a three-letter ISO code, such as CHN."))


def yes_no_filter(lookup: str, *, label: str, negate: bool = False) -> django_filters.ChoiceFilter:
    """A strict yes/no filter: anything but true or false is an error, not silently ignored
    (django-filter's BooleanFilter treats an unknown value as "no filter")."""

    # The hint tells the OpenAPI schema the values are strings ("true"/"false"), not booleans.
    def apply(queryset, name: str, value: str):
        return queryset.filter(**{lookup: (value == "true") != negate})

    return django_filters.ChoiceFilter(
        choices=YES_NO, method=apply, label=label, empty_label=_("Any")
    )


class MemberStateFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code contains"))
    regional_group = django_filters.ChoiceFilter(
        choices=RegionalGroup.choices, label=_("Regional group"), empty_label=_("Any")
    )
    # Needs the queryset from MemberState.objects.with_first_report_date().
    has_first_report = yes_no_filter(
        "first_report_date__isnull", negate=True, label=_("Has submitted a first report")
    )

    class Meta:
        model = MemberState
        fields = ["q", "regional_group", "has_first_report"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(iso3__iexact=value) | Q(iso2__iexact=value)
        )


class NationalReportFilterSet(django_filters.FilterSet):
    state = django_filters.CharFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, empty_label=_("Any"))
    language = django_filters.ChoiceFilter(choices=Language.choices, empty_label=_("Any"))
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
        return queryset.filter(state__iso3=value.strip().upper())


class NationalPointOfContactFilterSet(django_filters.FilterSet):
    state = django_filters.CharFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    active = yes_no_filter("active", label=_("Active"))

    class Meta:
        model = NationalPointOfContact
        fields = ["state", "active"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3=value.strip().upper())
