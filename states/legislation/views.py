"""Pages of the national legislation register: the public list (by state, topic, weapon type
and year, with CSV and XLSX downloads), an act's page with the matrix entries that cite it, and
the forms by which the secretariat and the experts record, correct and delete acts (deleting
behind a confirmation page, refused while entries cite the act)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.exports import export_list
from core.files import serve_file
from core.page_cache import cache_public_page
from core.permissions import require, restrict
from core.web import add_errors, page_of
from states.legislation import services
from states.legislation.api.views import NationalLegislationViewSet
from states.legislation.filtersets import NationalLegislationFilterSet
from states.legislation.forms import NationalLegislationForm
from states.legislation.models import NationalLegislation
from states.matrices.models import MatrixEntry

PAGE_SIZE = 50
# The citing entries an act's page lists: the newest first; the rest is counted.
CITATIONS_SHOWN = 100


@cache_public_page(query=NationalLegislationFilterSet)
def legislation_list(request: HttpRequest) -> HttpResponse:
    filterset = NationalLegislationFilterSet(
        request.GET, queryset=NationalLegislation.objects.with_coverage()
    )
    valid = filterset.is_valid()
    acts = filterset.qs if valid else NationalLegislation.objects.none()
    page = page_of(request, acts, PAGE_SIZE)
    return render(
        request,
        "states/legislation_list.html",
        {"filter": filterset, "page": page, "acts": page.object_list},
        status=200 if valid else 400,
    )


def legislation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list, with the page's filters, as CSV or XLSX (the API's columns)."""
    return export_list(request, fmt, NationalLegislationViewSet, stem="national-legislation")


def legislation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(NationalLegislation.objects.with_coverage(), pk=pk)
    # Only the entries of matrices this reader may open: a draft's are the staff's and the
    # state's.
    citing = restrict(
        MatrixEntry.objects.filter(legislation=act), request.user, "states.read_matrix", "matrix__"
    )
    citations = list(
        citing.select_related("matrix__state", "field").order_by(
            "-matrix__version", "field__position"
        )[:CITATIONS_SHOWN]
    )
    return render(
        request,
        "states/legislation_detail.html",
        {"act": act, "citations": citations, "citation_count": citing.count()},
    )


def legislation_document(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(NationalLegislation.objects.select_related("state"), pk=pk)
    if not act.document:
        raise Http404(_("This act has no document: read it at its official address."))
    return serve_file(act.document, download_name=act.download_name())


def _form_data(form: NationalLegislationForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("state", None)
    if not data.get("document"):
        data.pop("document", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def legislation_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "states.manage_legislation")
    posted = request.method == "POST"
    initial = {"state": request.GET.get("state", "").upper()} if request.GET.get("state") else {}
    form = (
        NationalLegislationForm(request.POST, request.FILES)
        if posted
        else NationalLegislationForm(initial=initial)
    )
    if posted and form.is_valid():
        try:
            act = services.record_legislation(
                form.cleaned_data["state"], acting_user=request.user, **_form_data(form)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The act was recorded in the register."))
            return redirect(act)
    return render(
        request,
        "states/legislation_form.html",
        {"form": form, "act": None},
        status=400 if posted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def legislation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    act = get_object_or_404(NationalLegislation.objects.with_coverage(), pk=pk)
    require(request.user, "states.manage_legislation", act.state)
    posted = request.method == "POST"
    initial = {
        "title": act.title,
        "year": act.year,
        "articles": act.articles,
        "language": act.language,
        "topics": act.topic_values(),
        "weapon_types": act.weapon_type_values(),
        "official_url": act.official_url,
        "notes": act.notes,
    }
    form = (
        NationalLegislationForm(request.POST, request.FILES, editing=True, initial=initial)
        if posted
        else NationalLegislationForm(editing=True, initial=initial)
    )
    if posted and form.is_valid():
        try:
            services.update_legislation(act, acting_user=request.user, **_form_data(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The act was corrected."))
            return redirect(act)
    return render(
        request,
        "states/legislation_form.html",
        {"form": form, "act": act},
        status=400 if posted else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def legislation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the deletion; an act that entries cite is kept, and the page
    says which entries cite it."""
    act = get_object_or_404(NationalLegislation.objects.select_related("state"), pk=pk)
    require(request.user, "states.manage_legislation", act.state)
    citations = services.citations_of(act)
    refusal = None
    if request.method == "POST":
        try:
            services.delete_legislation(act, acting_user=request.user)
        except services.ActIsCited as cited:
            refusal = " ".join(cited.messages)
            citations = cited.citations
        else:
            messages.success(request, _("The act was deleted from the register."))
            return redirect(f"{reverse('states:legislation-list')}?state={act.state.iso3}")
    return render(
        request,
        "states/legislation_confirm_delete.html",
        {"act": act, "citations": citations, "refusal": refusal},
        status=409 if refusal else 200,
    )
