"""FilterSets of the member states, shared by the HTML list pages and the API."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as reader_language

from core.filters import CommitteeFilterSet
from core.filtersets import YES_NO, yes_no_filter
from states.choices import RegionalGroup
from states.models import MemberState

# The strict yes/no filter lives in the shared base (core/filtersets.py); named here too
# because the states' sub-packages and assistance import it from here.
__all__ = ["YES_NO", "MemberStateFilterSet", "iso3_code", "yes_no_filter"]

iso3_code = RegexValidator(r"^[A-Za-z]{3}$", _("Use a three-letter ISO code, such as CHN."))


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
        # The name in the reader's language or in English: "China" finds 中国 in Chinese too.
        in_language = build_localized_fieldname("name", reader_language())
        return queryset.filter(
            Q(**{f"{in_language}__icontains": value})
            | Q(name_en__icontains=value)
            | Q(iso3__iexact=value)
            | Q(iso2__iexact=value)
        )
