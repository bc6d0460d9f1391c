"""REST endpoint of the national legislation register: ``/api/v1/legislation/?covers=brokering``
answers which states have a law on brokering, and which act (``?format=csv`` as a file)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins

from core.api import CommitteeViewSet, PublicListCacheMixin, RequestLanguageMixin
from states.legislation.api.serializers import NationalLegislationSerializer
from states.legislation.filtersets import NationalLegislationFilterSet
from states.legislation.models import NationalLegislation


@extend_schema_view(
    list=extend_schema(
        summary="The national legislation register: acts by state, what each covers",
        description="Laws are public: everyone reads the register. Filter by what an act "
        "covers (`covers=brokering`), state (ISO3), weapon type and year; `format=csv` or "
        "`format=xlsx` downloads the list.",
    ),
    retrieve=extend_schema(summary="One act of a state's national legislation"),
)
class NationalLegislationViewSet(
    RequestLanguageMixin,
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CommitteeViewSet,
):
    queryset = NationalLegislation.objects.with_coverage().select_related("created_by")
    serializer_class = NationalLegislationSerializer
    filterset_class = NationalLegislationFilterSet
    ordering_fields = ["year", "title", "updated_at"]
