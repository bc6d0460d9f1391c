"""FilterSets shared by the HTML list pages and the API."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committee.choices import Language
from committee.filters import CommitteeFilterSet
from states.choices import MatrixSectionCode, RegionalGroup, ReportKind, ReportStatus, WeaponType
from states.matrix_choices import MatrixColumn, MatrixMark, MatrixStatus
from states.models import (
    Matrix,
    MatrixEntry,
    MatrixField,
    MemberState,
    NationalPointOfContact,
    NationalReport,
)

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


class MemberStateFilterSet(CommitteeFilterSet):
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


class NationalReportFilterSet(CommitteeFilterSet):
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


class NationalPointOfContactFilterSet(CommitteeFilterSet):
    state = django_filters.CharFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    active = yes_no_filter("active", label=_("Active"))

    class Meta:
        model = NationalPointOfContact
        fields = ["state", "active"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3=value.strip().upper())


class MatrixFilterSet(CommitteeFilterSet):
    state = django_filters.CharFilter(
        method="filter_state", label=_("State (ISO3 code)"), validators=[iso3_code]
    )
    status = django_filters.ChoiceFilter(choices=MatrixStatus.choices, empty_label=_("Any"))
    template = django_filters.CharFilter(
        field_name="template__code", label=_("Template (code, e.g. 2016)")
    )
    regional_group = django_filters.ChoiceFilter(
        field_name="state__regional_group",
        choices=RegionalGroup.choices,
        label=_("Regional group"),
        empty_label=_("Any"),
    )

    class Meta:
        model = Matrix
        fields = ["state", "status", "template", "regional_group"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state__iso3=value.strip().upper())


class MatrixFieldFilterSet(CommitteeFilterSet):
    template = django_filters.CharFilter(
        field_name="template__code", label=_("Template (code, e.g. 2016)")
    )
    section = django_filters.ChoiceFilter(
        field_name="section__code", choices=MatrixSectionCode.choices, empty_label=_("Any")
    )
    weapon_type = django_filters.ChoiceFilter(choices=WeaponType.choices, empty_label=_("Any"))
    column = django_filters.ChoiceFilter(choices=MatrixColumn.choices, empty_label=_("Any"))

    class Meta:
        model = MatrixField
        fields = ["template", "section", "weapon_type", "column"]


class MatrixEntryFilterSet(CommitteeFilterSet):
    section = django_filters.ChoiceFilter(
        field_name="field__section__code", choices=MatrixSectionCode.choices, empty_label=_("Any")
    )
    weapon_type = django_filters.ChoiceFilter(
        field_name="field__weapon_type", choices=WeaponType.choices, empty_label=_("Any")
    )
    mark = django_filters.ChoiceFilter(
        choices=[(value, value) for value in MatrixMark.values if value], empty_label=_("Any")
    )

    class Meta:
        model = MatrixEntry
        fields = ["section", "weapon_type", "mark"]
