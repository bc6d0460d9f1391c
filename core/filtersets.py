"""Filters of the committee's own lists (the outgoing mail)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet
from core.models import OutgoingMail, OutgoingMailStatus

YES_NO = (("true", _("Yes")), ("false", _("No")))


def yes_no_filter(lookup: str, *, label: str, negate: bool = False) -> django_filters.ChoiceFilter:
    """A strict yes/no filter, for every app's FilterSets: anything but true or false is an
    error, not silently ignored (django-filter's BooleanFilter treats an unknown value as "no
    filter")."""

    # The hint tells the OpenAPI schema the values are strings ("true"/"false"), not booleans.
    def apply(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(**{lookup: (value == "true") != negate})

    return django_filters.ChoiceFilter(
        choices=YES_NO, method=apply, label=label, empty_label=_("Any")
    )


class OutgoingMailFilterSet(CommitteeFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Subject or address contains"))
    status = django_filters.ChoiceFilter(
        choices=OutgoingMailStatus.choices, label=_("Status"), empty_label=_("Any")
    )
    # "workinggroups.meeting" lists every meeting notice; "workinggroups.meeting:3" one meeting's.
    about = django_filters.CharFilter(method="about_record", label=_("About (kind of record)"))

    class Meta:
        model = OutgoingMail
        fields = ["q", "status", "about"]

    def about_record(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        if ":" in value:  # one record
            return queryset.filter(topic=value)
        return queryset.filter(topic__startswith=f"{value}:")

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        # The address lists are JSON: searched as text, which is what a person types.
        return queryset.filter(
            Q(subject__icontains=value) | Q(to__icontains=value) | Q(bcc__icontains=value)
        )
