"""Serializers of the member states, and the state field the other apps' APIs use."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from states.models import MemberState


class StateField(serializers.SlugRelatedField):
    """A member state named by its ISO3 code, with a message that says what was wrong."""

    default_error_messages = {
        "does_not_exist": _("There is no member state with the code “{value}”."),
        "invalid": _("Give the state as a three-letter ISO code, such as CHN."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", MemberState.objects.all())
        super().__init__(slug_field="iso3", **kwargs)

    def to_internal_value(self, data):
        # "12" or "China" is not a code at all: say how to write one, not that no state has it.
        if not isinstance(data, str) or not re.fullmatch(r"[A-Za-z]{3}", data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data.strip().upper())


class MemberStateSerializer(serializers.ModelSerializer):
    first_report_date = serializers.DateField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = MemberState
        fields = [
            "iso3",
            "iso2",
            "name",
            "regional_group",
            "un_admission_date",
            "first_report_date",
            "url",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, state: MemberState) -> str:
        return self.context["request"].build_absolute_uri(state.get_absolute_url())
