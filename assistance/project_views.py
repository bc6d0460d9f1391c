"""Pages of assistance projects for one state or a group of states and of trust-fund
contributions (programme of work 12(e)). The secretariat records and changes them; the experts
and committee members read them all; a point of contact reads the projects that include their
state and their state's contributions; the public reads the projects marked public."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assistance import project_services
from assistance.models import AssistanceProject, TrustFundContribution
from assistance.project_forms import (
    AssistanceProjectFilterSet,
    AssistanceProjectForm,
    TrustFundContributionFilterSet,
    TrustFundContributionForm,
)
from core.permissions import require
from core.web import add_errors, page_of


def _projects(user):
    return (
        AssistanceProject.objects.visible_to(user)
        .select_related("implementing_organization", "implementing_state")
        .prefetch_related("states", "areas")
    )


def _contributions(user):
    return TrustFundContribution.objects.visible_to(user).select_related(
        "contributor_state", "contributor_organization", "project"
    )


def project_list(request: HttpRequest) -> HttpResponse:
    filterset = AssistanceProjectFilterSet(request.GET, queryset=_projects(request.user))
    rows = filterset.qs if filterset.is_valid() else AssistanceProject.objects.none()
    page = page_of(request, rows)
    return render(
        request,
        "assistance/project_list.html",
        {"filter": filterset, "page": page, "projects": page.object_list},
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_projects(request.user), pk=pk)
    return render(
        request,
        "assistance/project_detail.html",
        {
            "project": project,
            "contributions": _contributions(request.user).filter(project=project),
            "requests": project.requests.visible_to(request.user).select_related("state"),
        },
    )


def _project_form_page(request: HttpRequest, project: AssistanceProject | None) -> HttpResponse:
    require(request.user, "assistance.manage_projects")
    posted = request.method == "POST"
    form = AssistanceProjectForm(request.POST if posted else None, instance=project)
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if project is None:
                project = project_services.record_project(acting_user=request.user, **data)
            else:
                project = project_services.update_project(project, acting_user=request.user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The project was saved."))
            return redirect(project)
    return render(request, "assistance/project_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    return _project_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_projects(request.user), pk=pk)
    return _project_form_page(request, project)


@login_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    filterset = TrustFundContributionFilterSet(request.GET, queryset=_contributions(request.user))
    rows = filterset.qs if filterset.is_valid() else TrustFundContribution.objects.none()
    page = page_of(request, rows)
    return render(
        request,
        "assistance/contribution_list.html",
        {"filter": filterset, "page": page, "contributions": page.object_list},
    )


@login_required
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(_contributions(request.user), pk=pk)
    return render(request, "assistance/contribution_detail.html", {"contribution": contribution})


def _contribution_form_page(
    request: HttpRequest, contribution: TrustFundContribution | None
) -> HttpResponse:
    require(request.user, "assistance.manage_contributions")
    posted = request.method == "POST"
    form = TrustFundContributionForm(request.POST if posted else None, instance=contribution)
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if contribution is None:
                contribution = project_services.record_contribution(
                    acting_user=request.user, **data
                )
            else:
                contribution = project_services.update_contribution(
                    contribution, acting_user=request.user, **data
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The contribution was saved."))
            return redirect(contribution)
    return render(
        request,
        "assistance/contribution_form.html",
        {"form": form, "contribution": contribution},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest) -> HttpResponse:
    return _contribution_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(_contributions(request.user), pk=pk)
    return _contribution_form_page(request, contribution)
