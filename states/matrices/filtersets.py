"""FilterSets of the 1540 matrix, shared by the HTML list pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet, OneOrMoreValuesFilter
from states.choices import MatrixSectionCode, RegionalGroup, WeaponType
from states.filtersets import iso3_code
from states.matrices.choices import MatrixColumn, MatrixMark, MatrixStatus
from states.matrices.models import Matrix, MatrixEntry, MatrixField
from states.models import MemberState


class MatrixFilterSet(CommitteeFilterSet):
    state = OneOrMoreValuesFilter(
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
        return queryset.filter(state__iso3__in=[code.upper() for code in value])


class MatrixListFilterSet(MatrixFilterSet):
    """The matrices page: the API's filters, the state picked by its name in the reader's
    language (the API takes ISO3 codes, one or several)."""

    state = django_filters.ModelChoiceFilter(
        field_name="state",
        queryset=MemberState.objects.in_reader_order(),
        to_field_name="iso3",
        label=_("State"),
        empty_label=_("All states"),
    )

    class Meta(MatrixFilterSet.Meta):
        pass


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
