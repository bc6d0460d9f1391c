"""The base of every FilterSet: a number in a filter is a whole number within what the database
column can hold.

django-filter's NumberFilter reads a Decimal, so ``?offer=1e19`` became 10**19, which SQLite
(the database ``make run`` uses) cannot bind: a 500. ``?offer=1.5`` was quietly read as 1. Here
every NumberFilter of every FilterSet, declared or generated from Meta.fields, reads an integer
bounded by the range of the column it filters (the referenced key for a foreign key), so an id
out of range is a 400 saying so, on the pages and the API alike.

The API's conventions (issue 17) live here too, once for every FilterSet: a plain choice filter
takes several values (``?status=draft&status=submitted`` means either), a filter that takes one
value refuses two (django-filter silently kept the last), and a list whose model has
``updated_at`` can be synced with ``updated_at__gte`` / ``updated_at__lte``. ``?ordering=`` is
the OrderingFilter below, refusing a field the ViewSet does not list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters.utils import get_model_field
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

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


ONE_VALUE = _("Give one value.")


class RepeatedValues:
    """A widget that reads every value of its parameter (``?state=BRA&state=CHN``), blank ones
    left out (an empty box or "Any" on a page)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value not in ("", None)]


class RepeatedSelect(RepeatedValues, forms.Select):
    """One select on a page (the first value chosen), several values in an address."""


class RepeatedTextInput(RepeatedValues, forms.TextInput):
    """One text box on a page, where the values may also be separated by commas."""

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value) or None
        return super().format_value(value)


class OneOrMoreChoiceField(filter_fields.MultipleChoiceField):
    widget = RepeatedSelect

    def __init__(self, *args: Any, empty_label: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Shown as the first option of the page's select ("Any"); never a value.
        self.empty_label = empty_label


class OneOrMoreChoiceFilter(django_filters.MultipleChoiceFilter):
    """A choice filter taking one value or several, either of which a row may have."""

    field_class = OneOrMoreChoiceField


class OneOrMoreValuesField(forms.Field):
    """Several values, each given as its own parameter or separated by commas, each checked by
    the field's validators; cleaned to a list."""

    widget = RepeatedTextInput

    def to_python(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [part.strip() for item in values for part in str(item).split(",") if part.strip()]

    def run_validators(self, value: list[str]) -> None:
        for item in value:
            super().run_validators(item)


# Documented as a list: repeated in the query (``explode``, the default of a query parameter).
@extend_schema_field({"type": "array", "items": {"type": "string"}})
class OneOrMoreValuesFilter(django_filters.CharFilter):
    """A text filter taking one value or several (``?state=BRA&state=CHN`` or
    ``?state=BRA,CHN``); its method receives the list."""

    field_class = OneOrMoreValuesField


def _one_or_more(declared: django_filters.ChoiceFilter) -> OneOrMoreChoiceFilter:
    return OneOrMoreChoiceFilter(
        field_name=declared.field_name,
        lookup_expr=declared.lookup_expr,
        label=declared._label,
        exclude=declared.exclude,
        **declared.extra,
    )


def _has_updated_at(model: type[models.Model] | None) -> bool:
    try:
        return model is not None and bool(model._meta.get_field("updated_at"))
    except FieldDoesNotExist:
        return False


def _sync_filter(lookup: str, label: Any) -> django_filters.IsoDateTimeFilter:
    # Hidden on the pages: a sync parameter of machines, not a box a reader fills in.
    return django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr=lookup, label=label, widget=forms.HiddenInput
    )


class CommitteeFilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls) -> dict[str, Any]:
        filters = super().get_filters()
        for name, declared in list(filters.items()):
            if isinstance(declared, django_filters.NumberFilter):
                bound_to_column(declared, cls._meta.model)
            # A method reads one value (yes/no, a region): those stay single.
            elif type(declared) is django_filters.ChoiceFilter and declared.method is None:
                filters[name] = _one_or_more(declared)
        if _has_updated_at(cls._meta.model):
            filters.setdefault(
                "updated_at__gte", _sync_filter("gte", _("Changed at or after (ISO 8601)"))
            )
            filters.setdefault(
                "updated_at__lte", _sync_filter("lte", _("Changed at or before (ISO 8601)"))
            )
        return filters

    def get_form_class(self) -> type[forms.Form]:
        base = super().get_form_class()
        data = self.data
        single = [
            name
            for name, declared in self.filters.items()
            if not isinstance(declared, OneOrMoreChoiceFilter | OneOrMoreValuesFilter)
        ]

        class Form(base):  # type: ignore[valid-type,misc]
            def clean(form) -> dict[str, Any]:
                cleaned = super().clean()
                # A filter of one value given twice was answered with the last one alone.
                for name in single:
                    key = form.add_prefix(name)
                    if hasattr(data, "getlist") and len(data.getlist(key)) > 1:
                        form.add_error(name, ONE_VALUE)
                return cleaned

        return Form


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=name`` or ``?ordering=-submitted_on,state``, among the ViewSet's explicit
    ``ordering_fields``; any other field is a 400 naming those allowed (DRF's OrderingFilter
    ignores it silently, as django-filter did an unknown value). Rows that tie keep the order of
    their key, so that pages do not overlap."""

    def get_valid_fields(
        self, queryset: QuerySet[Any], view: Any, context: Mapping[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        fields = getattr(view, "ordering_fields", None) or []
        return [(field, field) for field in fields]

    def get_ordering(self, request: Any, queryset: QuerySet[Any], view: Any) -> Any:
        given = request.query_params.getlist(self.ordering_param)
        if not given:
            return self.get_default_ordering(view)
        if len(given) > 1:
            raise ValidationError({self.ordering_param: [str(ONE_VALUE)]})
        allowed = [name for name, _label in self.get_valid_fields(queryset, view)]
        fields = [term.strip() for term in given[0].split(",") if term.strip()]
        wrong = [term for term in fields if term.lstrip("-") not in allowed]
        if wrong or not fields:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("You cannot order by “%(field)s”. Order by one of: %(allowed)s.")
                        % {"field": ", ".join(wrong), "allowed": ", ".join(allowed) or "—"}
                    ]
                }
            )
        return fields

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        if self.ordering_param not in request.query_params:
            return queryset
        ordering = self.get_ordering(request, queryset, view)
        return queryset.order_by(*ordering, "pk")

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        fields = getattr(view, "ordering_fields", None)
        if not fields:
            return []
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Order by one field or several, separated by commas; a "
                "leading minus reverses the order. One of: " + ", ".join(fields) + ".",
                "schema": {"type": "string"},
            }
        ]


def all_filtersets() -> list[type[django_filters.FilterSet]]:
    """Every FilterSet of the project's apps (for the test that checks them all)."""
    import importlib

    for module in (
        "states.filtersets",
        "states.reports.filtersets",
        "states.matrices.filtersets",
        "states.practices.filtersets",
        "states.legislation.filtersets",
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
