"""The base of every FilterSet: a number in a filter is a whole number within what the database
column can hold.

django-filter's NumberFilter reads a Decimal, so ``?offer=1e19`` became 10**19, which SQLite
(the database ``make run`` uses) cannot bind: a 500. ``?offer=1.5`` was quietly read as 1. Here
every NumberFilter of every FilterSet, declared or generated from Meta.fields, reads an integer
bounded by the range of the column it filters (the referenced key for a foreign key), so an id
out of range is a 400 saying so, on the pages and the API alike."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import connection, models
from django_filters.utils import get_model_field

# A filter on no model field (a method) is bounded as the widest column an id can be.
DEFAULT_INTEGER_TYPE = "BigIntegerField"


def _column_type(model: type[models.Model], field_name: str) -> str:
    field = get_model_field(model, field_name) if model is not None else None
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.IntegerField | models.AutoField):
        return field.get_internal_type()
    return DEFAULT_INTEGER_TYPE


def bound_to_column(declared: django_filters.NumberFilter, model: type[models.Model]) -> None:
    low, high = connection.ops.integer_field_range(_column_type(model, declared.field_name))
    declared.field_class = forms.IntegerField
    declared.extra.setdefault("min_value", low)
    declared.extra.setdefault("max_value", high)


class CommitteeFilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls) -> dict[str, Any]:
        filters = super().get_filters()
        for declared in filters.values():
            if isinstance(declared, django_filters.NumberFilter):
                bound_to_column(declared, cls._meta.model)
        return filters


def all_filtersets() -> list[type[django_filters.FilterSet]]:
    """Every FilterSet of the project's apps (for the test that checks them all)."""
    import importlib

    for module in (
        "states.filtersets",
        "states.reports.filtersets",
        "states.matrices.filtersets",
        "states.practices.filtersets",
        "assistance.filtersets",
        "workinggroups.filtersets",
        "outreach.filtersets",
    ):
        importlib.import_module(module)
    found, pending = [], list(django_filters.FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        if (
            filterset.__module__.split(".")[0]
            in {
                "states",
                "assistance",
                "workinggroups",
                "outreach",
                "committee",
                "core",
            }
            and filterset is not CommitteeFilterSet
        ):
            found.append(filterset)
    return found
