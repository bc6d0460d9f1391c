"""The secretariat's pages that edit the outreach content, beside the Django admin: the FAQ
(11(b)(iii)), the cooperation pages (11(b)(ii)), the organisations (10(b)) and their contacts,
the roster of former experts (11(g)) and the calendar of events (11(b)(i)). One set of pages
for the six kinds of record: a list with search and pages, a form to add, a form to change and
a confirmation before deleting. The pages parse and check input; the services (outreach/
services.py) keep the rules, the history and the search index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from core.permissions import can, require
from core.web import add_errors, page_of
from outreach import forms as desk_forms
from outreach import services
from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)

PAGE_SIZE = 25


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


@dataclass(frozen=True)
class Desk:
    """One kind of record on the desk: where its list is, who keeps it, how it is searched and
    shown, and the services that add, change and delete it."""

    kind: str
    title: Promise
    rule: str
    queryset: Callable[[], models.QuerySet]
    search: tuple[str, ...]
    columns: tuple[tuple[Promise, Callable[[Any], Any]], ...]
    form: type[forms.ModelForm]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., None]


def _update_faq(faq: FAQ, *, acting_user, **changes: Any) -> FAQ:
    published = changes.pop("published")
    faq = services.update_faq(faq, acting_user=acting_user, **changes)
    if published != faq.published:
        faq = services.set_faq_published(faq, published, acting_user=acting_user)
    return faq


def _create_page(*, acting_user, **fields: Any) -> CooperationPage:
    return services.save_cooperation_page(None, acting_user=acting_user, **fields)


def _update_page(page: CooperationPage, *, acting_user, **changes: Any) -> CooperationPage:
    return services.save_cooperation_page(page, acting_user=acting_user, **changes)


def _create_contact(*, acting_user, organization, active: bool = True, **fields: Any):
    return services.add_organization_contact(organization, acting_user=acting_user, **fields)


def _event_fields(changes: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    participants = {"states": changes.pop("states"), "organizations": changes.pop("organizations")}
    return changes, participants


def _create_event(*, acting_user, **fields: Any) -> Event:
    fields, participants = _event_fields(fields)
    return services.create_event(acting_user=acting_user, **participants, **fields)


def _update_event(event: Event, *, acting_user, **changes: Any) -> Event:
    changes, participants = _event_fields(changes)
    status = changes.pop("status")
    event = services.update_event(event, acting_user=acting_user, **participants, **changes)
    if status != event.status:
        event = services.set_event_status(event, status, acting_user=acting_user)
    return event


DESKS: dict[str, Desk] = {
    desk.kind: desk
    for desk in [
        Desk(
            "faq",
            gettext_lazy("Frequently asked questions"),
            "outreach.manage_website_texts",
            lambda: FAQ.objects.order_by("position", "pk"),
            (
                "question_en",
                "question_fr",
                "question_es",
                "question_ru",
                "question_ar",
                "question_zh_hans",
            ),
            (
                (gettext_lazy("Question"), lambda row: row.question),
                (pgettext_lazy("sort order", "position"), lambda row: row.position),
                (gettext_lazy("Published"), lambda row: _yes_no(row.published)),
            ),
            desk_forms.FAQForm,
            services.create_faq,
            _update_faq,
            services.delete_faq,
        ),
        Desk(
            "cooperation-pages",
            gettext_lazy("Cooperation pages"),
            "outreach.manage_website_texts",
            lambda: CooperationPage.objects.order_by("position", "pk"),
            ("slug", "title_en", "title_fr", "title_es", "title_ru", "title_ar", "title_zh_hans"),
            (
                (gettext_lazy("Title"), lambda row: row.title),
                (gettext_lazy("Address"), lambda row: row.slug),
                (gettext_lazy("Published"), lambda row: _yes_no(row.published)),
            ),
            desk_forms.CooperationPageForm,
            _create_page,
            _update_page,
            services.delete_cooperation_page,
        ),
        Desk(
            "organizations",
            gettext_lazy("Organisations"),
            "outreach.manage_organizations",
            lambda: Organization.objects.order_by("name"),
            (
                "acronym",
                "name",
                "name_en",
                "name_fr",
                "name_es",
                "name_ru",
                "name_ar",
                "name_zh_hans",
            ),
            (
                (gettext_lazy("Name"), lambda row: row.name),
                (gettext_lazy("Acronym"), lambda row: row.acronym),
                (gettext_lazy("Kind"), lambda row: row.get_kind_display()),
                (gettext_lazy("Active"), lambda row: _yes_no(row.active)),
            ),
            desk_forms.OrganizationForm,
            services.create_organization,
            services.update_organization,
            services.delete_organization,
        ),
        Desk(
            "contacts",
            gettext_lazy("Organisation contacts"),
            "outreach.manage_organization_contacts",
            lambda: OrganizationContact.objects.select_related("organization").order_by(
                "organization__name", "-active", "name"
            ),
            ("name", "email", "organization__acronym", "organization__name"),
            (
                (gettext_lazy("Name"), lambda row: row.name),
                (gettext_lazy("Organisation"), lambda row: row.organization.short_name),
                (gettext_lazy("E-mail"), lambda row: row.email),
                (gettext_lazy("Active"), lambda row: _yes_no(row.active)),
            ),
            desk_forms.OrganizationContactForm,
            _create_contact,
            services.update_organization_contact,
            services.delete_organization_contact,
        ),
        Desk(
            "expert-roster",
            gettext_lazy("Expert roster"),
            "outreach.manage_expert_roster",
            lambda: FormerExpert.objects.order_by("name"),
            ("name", "email", "expertise", "nationality"),
            (
                (gettext_lazy("Name"), lambda row: row.name),
                (gettext_lazy("Expertise"), lambda row: row.expertise),
                (
                    pgettext_lazy("period of service", "Served"),
                    lambda row: f"{row.served_from}–{row.served_until}",
                ),
                (gettext_lazy("Available"), lambda row: _yes_no(row.available)),
            ),
            desk_forms.FormerExpertForm,
            services.add_former_expert,
            services.update_former_expert,
            services.delete_former_expert,
        ),
        Desk(
            "events",
            gettext_lazy("Events"),
            "outreach.manage_events",
            lambda: Event.objects.order_by("-start_date", "-pk"),
            (
                "title_en",
                "title_fr",
                "title_es",
                "title_ru",
                "title_ar",
                "title_zh_hans",
                "place_en",
            ),
            (
                (gettext_lazy("Title"), lambda row: row.title),
                (gettext_lazy("Kind"), lambda row: row.get_kind_display()),
                (gettext_lazy("Dates"), lambda row: row.start_date),
                (gettext_lazy("Status"), lambda row: row.get_status_display()),
            ),
            desk_forms.EventForm,
            _create_event,
            _update_event,
            services.delete_event,
        ),
    ]
}


def _desk(request: HttpRequest, kind: str) -> Desk:
    desk = DESKS.get(kind)
    if desk is None:
        raise Http404(_("There is no list “%(kind)s” to edit.") % {"kind": kind})
    require(request.user, "outreach.use_outreach_desk")
    require(request.user, desk.rule)
    return desk


@login_required
def desk_index(request: HttpRequest) -> HttpResponse:
    """The desk's front page: each kind of record with its count."""
    require(request.user, "outreach.use_outreach_desk")
    counts = [
        (desk, desk.queryset().count()) for desk in DESKS.values() if can(request.user, desk.rule)
    ]
    return render(request, "outreach/desk.html", {"counts": counts})


@login_required
def desk_list(request: HttpRequest, kind: str) -> HttpResponse:
    desk = _desk(request, kind)
    text = (request.GET.get("q") or "").strip()[:200]
    rows = desk.queryset()
    if text:
        condition = Q()
        for field in desk.search:
            condition |= Q(**{f"{field}__icontains": text})
        rows = rows.filter(condition)
    page = page_of(request, rows, PAGE_SIZE)
    table = [(row, [cell(row) for _label, cell in desk.columns]) for row in page.object_list]
    return render(
        request,
        "outreach/desk_list.html",
        {"desk": desk, "page": page, "table": table, "q": text},
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_create(request: HttpRequest, kind: str) -> HttpResponse:
    desk = _desk(request, kind)
    form = desk.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            desk.create(acting_user=request.user, **form.changes())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach:desk-list", kind=desk.kind)
    return render(
        request,
        "outreach/desk_form.html",
        {"desk": desk, "form": form, "row": None},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    desk = _desk(request, kind)
    row = get_object_or_404(desk.queryset(), pk=pk)
    form = desk.form(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            desk.update(row, acting_user=request.user, **form.changes())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach:desk-list", kind=desk.kind)
    return render(
        request,
        "outreach/desk_form.html",
        {"desk": desk, "form": form, "row": row},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (or says why the service refuses)."""
    desk = _desk(request, kind)
    row = get_object_or_404(desk.queryset(), pk=pk)
    refusal = ""
    if request.method == "POST":
        try:
            desk.delete(row, acting_user=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Deleted: %(name)s.") % {"name": row})
            return redirect("outreach:desk-list", kind=desk.kind)
    return render(
        request,
        "outreach/desk_confirm_delete.html",
        {"desk": desk, "row": row, "refusal": refusal},
        status=400 if refusal else 200,
    )
