"""REST endpoints of the member states: thin, the rules live in services and
permissions."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions

from core.api import CommitteeViewSet, PublicListCacheMixin
from states.api.serializers import (
    MemberStateSerializer,
)
from states.filtersets import MemberStateFilterSet
from states.models import MemberState


@extend_schema_view(
    list=extend_schema(
        summary="List the 193 member states",
        description="Public. Filter by "
        "regional group, by whether a first report has been submitted, or search.",
    ),
    retrieve=extend_schema(summary="One member state, by its ISO3 code (e.g. CHN)"),
)
class MemberStateViewSet(
    PublicListCacheMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, CommitteeViewSet
):
    queryset = MemberState.objects.with_first_report_date()
    serializer_class = MemberStateSerializer
    filterset_class = MemberStateFilterSet
    permission_classes = [permissions.AllowAny]
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()
