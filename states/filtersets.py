"""FilterSets of the member states, shared by the HTML list pages and the API, and
the strict yes/no filter every app's FilterSets use."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet
from states.choices import RegionalGroup
from states.models import MemberState

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
