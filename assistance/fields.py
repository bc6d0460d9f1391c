"""A model field for a small set of choices (weapon types, regional groups, matrix sections)."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _


class ChoiceSetField(models.CharField):
    """A set of values from a fixed list of choices, kept in the list's order.

    Stored as ``",nuclear,chemical,"`` in one text column rather than as JSON: "has this value"
    is then ``__contains=",nuclear,"``, which works on SQLite as on PostgreSQL (SQLite has no
    JSON containment lookup), and the column needs no join.
    """

    # For the type checker (django-stubs): a list of values is set and read, not a str.
    _pyi_private_set_type: Iterable[str] | Combinable
    _pyi_private_get_type: list[str]

    def __init__(self, *args, item_choices: Iterable[tuple[str, str]] = (), **kwargs) -> None:
        # The choices are checked in Python only and stay out of migrations (deconstruct), so
        # rewording a label does not make one.
        self.item_choices = list(item_choices)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    @staticmethod
    def has(value: str) -> str:
        """The argument of a ``__contains`` lookup that finds rows holding ``value``."""
        return f",{value},"

    def _order(self) -> list[str]:
        return [value for value, _label in self.item_choices]

    def to_python(self, value) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [item for item in value.strip(",").split(",") if item]
        return list(value)

    def from_db_value(self, value, expression, connection) -> list[str]:
        return self.to_python(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value  # already stored form, or the argument of a lookup
        items = self.to_python(value)
        order = self._order()
        # Stable: duplicates dropped, known values in the choices' order, others as given.
        items = sorted(
            dict.fromkeys(items), key=lambda item: order.index(item) if item in order else 999
        )
        return f",{','.join(items)}," if items else ""

    def value_to_string(self, obj) -> str:
        return ",".join(self.value_from_object(obj))

    def validate(self, value, model_instance) -> None:
        allowed = set(self._order())
        unknown = [item for item in self.to_python(value) if item not in allowed]
        if unknown:
            raise ValidationError(
                _("“%(value)s” is not one of the choices: %(choices)s.")
                % {"value": unknown[0], "choices": ", ".join(self._order())},
                code="invalid_choice",
            )
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value) -> None:
        # The maximum length applies to the stored text, which get_prep_value keeps short.
        return

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.item_choices,
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name.capitalize() if self.verbose_name else None,
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        return forms.TypedMultipleChoiceField(
            **{key: value for key, value in defaults.items() if key != "form_class"}
        )
