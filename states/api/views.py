"""REST endpoints of the member states: thin, the rules live in services and
permissions."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions

from core.api import CommitteeViewSet, PublicListCacheMixin, RequestLanguageMixin
from states.api.serializers import (
    MemberStateSerializer,
)
from states.filtersets import MemberStateFilterSet
from states.models import MemberState

NAMES = (
    " Each state's `name` and `formal_name` are in the language of the Accept-Language header "
    "(ar, zh-hans, en, fr, ru or es; English by default and where a translation is missing), "
    "and `names` carries its short name in all six."
)


@extend_schema_view(
    list=extend_schema(
        summary="List the 193 member states",
        description="Public. Filter by regional group, by whether a first report has been "
        "submitted, or search a name (in the language of the request or in English) or a code. "
        "The states come in the alphabetical order of that language." + NAMES,
    ),
    retrieve=extend_schema(
        summary="One member state, by its ISO3 code (e.g. CHN)",
        description="Public." + NAMES,
    ),
)
class MemberStateViewSet(
    RequestLanguageMixin,
    PublicListCacheMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CommitteeViewSet,
):
    queryset = MemberState.objects.with_first_report_date()
    serializer_class = MemberStateSerializer
    ordering_fields = ["iso3", "name", "regional_group", "un_admission_date", "first_report_date"]
    filterset_class = MemberStateFilterSet
    permission_classes = [permissions.AllowAny]
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_object(self):
        self.kwargs[self.lookup_field] = self.kwargs[self.lookup_field].upper()
        return super().get_object()
