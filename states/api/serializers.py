"""Serializers of the member states, and the state field the other apps' APIs use."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import IsoCodeField
from states.models import MemberState


class StateField(IsoCodeField):
    """A member state named by its ISO3 code, with a message that says what was wrong."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", MemberState.objects.all())
        super().__init__(**kwargs)


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
