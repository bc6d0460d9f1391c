"""The FilterSets of the dialogue with states, for its pages and the API: every state's dialogue
by state, kind and dates, with a search in what was discussed and agreed; the follow-up actions
by whether they are done or overdue."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import CommitteeFilterSet
from states.dialogue.choices import DialogueKind
from states.dialogue.models import Dialogue, DialogueFollowUp
from states.legislation.filtersets import state_choices

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class DialogueFilterSet(CommitteeFilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Discussed, agreed, place or participants contain")
    )
    state = django_filters.ChoiceFilter(
        field_name="state__iso3", choices=state_choices, label=_("State"), empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        choices=DialogueKind.choices, label=_("Kind"), empty_label=_("Any")
    )
    held_on_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=_("Held on or after"), widget=DATE_INPUT
    )
    held_on_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=_("Held on or before"), widget=DATE_INPUT
    )

    class Meta:
        model = Dialogue
        fields = ["q", "state", "kind", "held_on_after", "held_on_before"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(discussed__icontains=value)
            | Q(agreed__icontains=value)
            | Q(place__icontains=value)
            | Q(state_participants__icontains=value)
            | Q(other_committee_participants__icontains=value)
        )


class DialogueFollowUpFilterSet(CommitteeFilterSet):
    state = django_filters.ChoiceFilter(
        field_name="dialogue__state__iso3",
        choices=state_choices,
        label=_("State"),
        empty_label=_("Any"),
    )
    done = django_filters.BooleanFilter(
        field_name="done_on", lookup_expr="isnull", exclude=True, label=_("Done")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = DialogueFollowUp
        fields = ["state", "done", "overdue"]

    def filter_overdue(
        self, queryset: QuerySet[Any], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        late = Q(done_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
