"""FilterSets of country visits and training courses (the API's lists)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet
from outreach.visits.choices import CourseFormat, CourseStatus, VisitStatus
from outreach.visits.models import CountryVisit, TrainingCourse


class CountryVisitFilterSet(CommitteeFilterSet):
    status = django_filters.ChoiceFilter(
        choices=VisitStatus.choices, label=_("Status"), empty_label=_("Any")
    )
    state = django_filters.CharFilter(
        field_name="state__iso3", lookup_expr="iexact", label=_("Host state (ISO3 code)")
    )
    year = django_filters.NumberFilter(
        field_name="event__start_date__year", label=_("Year of the visit")
    )

    class Meta:
        model = CountryVisit
        fields = ["status", "state", "year"]


class TrainingCourseFilterSet(CommitteeFilterSet):
    status = django_filters.ChoiceFilter(
        choices=CourseStatus.choices, label=_("Status"), empty_label=_("Any")
    )
    format = django_filters.ChoiceFilter(
        choices=CourseFormat.choices, label=_("Format"), empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        field_name="event__start_date__year", label=_("Year of the course")
    )

    class Meta:
        model = TrainingCourse
        fields = ["status", "format", "year"]
