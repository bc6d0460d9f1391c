"""The staff's pages for the conversion of the existing matrices to the new format (programme of
work 8(d)): the list of conversion jobs, the confirmation page before one starts (what it will
convert, which states it will leave as they are and why), the POST-only action that queues it,
and each job's report. Kept beside views.py, which holds the matrices' own pages; the rules live
in states/matrices/conversion.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.permissions import require
from core.web import page_of
from states.matrices import conversion
from states.matrices.models import MatrixConversionBatch, MatrixTemplate

PAGE_SIZE = 50


def _target(request: HttpRequest, code: str | None) -> MatrixTemplate | None:
    """The template asked for (``?template=`` or the form's), the current one by default; None
    with a message when there is no such template."""
    if code:
        try:
            return conversion.template_named(code)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return None
    template = MatrixTemplate.objects.filter(is_current=True).first()
    if template is None:
        messages.error(request, _("No matrix template is in use yet."))
    return template


@login_required
@require_GET
def conversion_list(request: HttpRequest) -> HttpResponse:
    require(request.user, conversion.CONVERT)
    batches = MatrixConversionBatch.objects.select_related("to_template", "requested_by")
    page = page_of(request, batches, PAGE_SIZE)
    current = MatrixTemplate.objects.filter(is_current=True).first()
    return render(
        request,
        "states/matrix_conversions.html",
        {
            "page": page,
            "batches": page.object_list,
            "current": current,
            "under_way": conversion.running_batch(current) if current else None,
        },
    )


@login_required
@require_GET
def conversion_confirm(request: HttpRequest) -> HttpResponse:
    """What the job would do, before anything is written."""
    require(request.user, conversion.CONVERT)
    template = _target(request, request.GET.get("template"))
    if template is None:
        return redirect("states:matrix-conversions")
    candidates = conversion.candidates(template)
    return render(
        request,
        "states/matrix_conversion_confirm.html",
        {
            "template": template,
            "to_convert": [c for c in candidates if not c.is_open],
            "in_progress": [c for c in candidates if c.is_open],
            "under_way": conversion.running_batch(template),
        },
    )


@login_required
@require_POST
def conversion_start(request: HttpRequest) -> HttpResponse:
    require(request.user, conversion.CONVERT)
    template = _target(request, request.POST.get("template"))
    if template is None:
        return redirect("states:matrix-conversions")
    try:
        batch = conversion.start_conversion_batch(to_template=template, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("states:matrix-conversions")
    messages.success(
        request,
        _("The conversion was queued; this page shows its report once the worker has run it."),
    )
    return redirect(batch)


@login_required
@require_GET
def conversion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, conversion.CONVERT)
    batch = get_object_or_404(
        MatrixConversionBatch.objects.select_related("to_template", "requested_by"), pk=pk
    )
    conversions = batch.conversions.select_related(
        "matrix", "matrix__state", "converted_from", "from_template"
    ).order_by("matrix__state__name")
    page = page_of(request, conversions, PAGE_SIZE)
    for record in page.object_list:
        # What the experts should look at first: the fields gone with a mark in them.
        record.dropped_marked = [d for d in record.dropped_fields if d.get("mark")]
    return render(
        request,
        "states/matrix_conversion_detail.html",
        {"batch": batch, "page": page, "conversions": page.object_list},
    )
