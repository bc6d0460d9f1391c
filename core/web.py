"""The view helpers every app's pages share: paging and a service's refusal shown on its form.
One copy here, so that a fix (the page size, how an error without a
field is shown) reaches every page at once. CSV downloads: core/exports.py's ``csv_response``;
stored files: core/files.py's ``serve_file``; the permission a page needs: core/permissions.py's
``require`` and ``can``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest

PAGE_SIZE = 50


def page_of(
    request: HttpRequest, queryset: QuerySet[Any] | Sequence[Any], size: int = PAGE_SIZE
) -> Page[Any]:
    """The page asked for in ``?page=``; a missing, invalid or too large number gives the first
    or the last page rather than an error (a shared link outlives the rows it listed)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it concerns where the form has
    that field, otherwise at the top of the form (a refusal is never dropped)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
