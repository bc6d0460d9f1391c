"""API pagination. Its own module: DRF reads it from settings while importing its generic views,
so it cannot live beside the base ViewSet that imports those views."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
