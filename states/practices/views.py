"""Pages of effective practices (8(h)) and national action plans (8(i)): public lists by state
and area, the submission form of a state's point of contact, and the secretariat's
confirmation pages to publish (or withdraw) them."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.files import serve_file
from core.page_cache import cache_public_page
from core.permissions import can, require
from core.web import page_of
from states.practices import services
from states.practices.choices import SubmissionStatus
from states.practices.filtersets import EffectivePracticeFilterSet, NationalActionPlanFilterSet
from states.practices.forms import EffectivePracticeForm, NationalActionPlanForm
from states.practices.models import EffectivePractice, NationalActionPlan

PAGE_SIZE = 25


@dataclass(frozen=True)
class Kind:
    """What differs between the two kinds of page."""

    model: type
    filterset: type
    form: type
    submit: object
    publish: object
    withdraw: object
    url_prefix: str
    title: str
    one: str


PRACTICES = Kind(
    model=EffectivePractice,
    filterset=EffectivePracticeFilterSet,
    form=EffectivePracticeForm,
    submit=services.submit_effective_practice,
    publish=services.publish_effective_practice,
    withdraw=services.withdraw_effective_practice,
    url_prefix="states:practice",
    title=gettext_lazy("Effective practices"),
    one=gettext_lazy("effective practice"),
)
ACTION_PLANS = Kind(
    model=NationalActionPlan,
    filterset=NationalActionPlanFilterSet,
    form=NationalActionPlanForm,
    submit=services.submit_action_plan,
    publish=services.publish_action_plan,
    withdraw=services.withdraw_action_plan,
    url_prefix="states:action-plan",
    title=gettext_lazy("National action plans"),
    one=gettext_lazy("national action plan"),
)
KINDS = {"practices": PRACTICES, "action_plans": ACTION_PLANS}


def _visible(request: HttpRequest, kind: Kind):
    return kind.model.objects.visible_to(request.user).select_related("state")


def _list(request: HttpRequest, kind: Kind) -> HttpResponse:
    filterset = kind.filterset(request.GET, queryset=_visible(request, kind))
    items = filterset.qs if filterset.is_valid() else kind.model.objects.none()
    page = page_of(request, items, PAGE_SIZE)
    return render(
        request,
        "states/shared_list.html",
        {"kind": kind, "filter": filterset, "page": page, "items": page.object_list},
    )


def _detail(request: HttpRequest, kind: Kind, pk: int) -> HttpResponse:
    item = get_object_or_404(_visible(request, kind).select_related("submitted_by"), pk=pk)
    user = request.user
    actions = {
        "publish": item.status == SubmissionStatus.SUBMITTED
        and can(user, "states.publish_shared_item", item),
        "withdraw": item.status == SubmissionStatus.SUBMITTED
        and can(user, "states.withdraw_shared_item", item),
    }
    return render(
        request, "states/shared_detail.html", {"kind": kind, "item": item, "can": actions}
    )


def _submit(request: HttpRequest, kind: Kind) -> HttpResponse:
    require(request.user, "states.submit_practice")
    posted = request.method == "POST"
    form = kind.form(request.POST, request.FILES) if posted else kind.form()
    if posted and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None or k != "document"}
        try:
            item = kind.submit(request.user.state, acting_user=request.user, **data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you: the secretariat will publish it on the website.")
            )
            return redirect(item.get_absolute_url())
    return render(
        request,
        "states/shared_form.html",
        {"kind": kind, "form": form, "state": request.user.state},
    )


def _step(request: HttpRequest, kind: Kind, pk: int, action: str) -> HttpResponse:
    """A confirmation page, then the step: publishing is public for good."""
    item = get_object_or_404(_visible(request, kind), pk=pk)
    perm = "states.publish_shared_item" if action == "publish" else "states.withdraw_shared_item"
    require(request.user, perm, item)
    if request.method == "POST":
        step = kind.publish if action == "publish" else kind.withdraw
        try:
            step(item, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("It is now published on the website.")
                if action == "publish"
                else _("The submission was withdrawn."),
            )
        return redirect(item.get_absolute_url())
    return render(
        request, "states/shared_confirm.html", {"kind": kind, "item": item, "action": action}
    )


@cache_public_page(query=EffectivePracticeFilterSet)
def practice_list(request: HttpRequest) -> HttpResponse:
    return _list(request, PRACTICES)


def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, PRACTICES, pk)


@login_required
@require_http_methods(["GET", "POST"])
def practice_submit(request: HttpRequest) -> HttpResponse:
    return _submit(request, PRACTICES)


@login_required
@require_http_methods(["GET", "POST"])
def practice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, PRACTICES, pk, "publish")


@login_required
@require_http_methods(["GET", "POST"])
def practice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, PRACTICES, pk, "withdraw")


@cache_public_page(query=NationalActionPlanFilterSet)
def action_plan_list(request: HttpRequest) -> HttpResponse:
    return _list(request, ACTION_PLANS)


def action_plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, ACTION_PLANS, pk)


@login_required
@require_http_methods(["GET", "POST"])
def action_plan_submit(request: HttpRequest) -> HttpResponse:
    return _submit(request, ACTION_PLANS)


@login_required
@require_http_methods(["GET", "POST"])
def action_plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, ACTION_PLANS, pk, "publish")


@login_required
@require_http_methods(["GET", "POST"])
def action_plan_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, ACTION_PLANS, pk, "withdraw")


def action_plan_document(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(_visible(request, ACTION_PLANS), pk=pk)
    if not plan.document:
        raise Http404(_("This plan has no document."))
    return serve_file(plan.document, download_name=plan.download_name())
