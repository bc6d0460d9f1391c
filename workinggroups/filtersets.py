"""FilterSets shared by the HTML schedule and the API."""

from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committee.work.choices import ProgrammeArea, WorkingGroupNumber, WorkItemStatus
from committee.work.models import WorkItem
from core.filters import CommitteeFilterSet
from core.filtersets import yes_no_filter
from workinggroups.choices import MeetingKind, MeetingStatus
from workinggroups.models import Meeting, MeetingDocument

paragraph_reference = RegexValidator(
    r"^\s*\d{1,2}(\s*\([a-z]+\)){0,2}\s*$", _("Write a paragraph such as 8, 8(b) or 10(i)(ii).")
)

# As strings: a query parameter is text, and "5" must be refused like any unknown choice.
GROUP_CHOICES = [(str(value), label) for value, label in WorkingGroupNumber.choices]


class MeetingFilterSet(CommitteeFilterSet):
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, empty_label=_("Any"))
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, empty_label=_("Any"))
    working_group = django_filters.ChoiceFilter(
        field_name="working_group__number",
        choices=GROUP_CHOICES,
        empty_label=_("Any"),
        label=_("Working group"),
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label=_("On or after")
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label=_("On or before")
    )

    class Meta:
        model = Meeting
        fields = ["kind", "status", "working_group", "starts_after", "starts_before"]


class MeetingDocumentFilterSet(CommitteeFilterSet):
    late = yes_no_filter("late", label=_("Circulated late"))

    class Meta:
        model = MeetingDocument
        fields = ["late"]


class WorkItemFilterSet(CommitteeFilterSet):
    area = django_filters.ChoiceFilter(choices=ProgrammeArea.choices, empty_label=_("Any"))
    lead_working_group = django_filters.ChoiceFilter(
        choices=GROUP_CHOICES, empty_label=_("Any"), label=_("Lead working group")
    )
    status = django_filters.ChoiceFilter(choices=WorkItemStatus.choices, empty_label=_("Any"))
    paragraph = django_filters.CharFilter(
        method="filter_paragraph",
        label=_("Paragraph"),
        validators=[paragraph_reference],
        help_text=_("Such as 8, 8(b) or 10(i)(ii)."),
    )

    class Meta:
        model = WorkItem
        fields = ["area", "lead_working_group", "status", "paragraph"]

    def filter_paragraph(self, queryset, name, value):
        value = value.strip().replace(" ", "")
        if "(" in value:
            return queryset.filter(Q(paragraph=value) | Q(paragraph__startswith=f"{value}("))
        return queryset.filter(paragraph__startswith=f"{value}(")
