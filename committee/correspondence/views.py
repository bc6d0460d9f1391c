"""Pages of the correspondence register: the register, a note with its thread, registering an
incoming note, drafting an outgoing one, and the steps of a note (approve, send, register,
acknowledge, circulate), each confirmed before it is taken. Thin: the rules are the services'."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from committee.correspondence import services
from committee.correspondence.choices import GONE_OUT, CorrespondenceStatus
from committee.correspondence.filtersets import CorrespondenceFilterSet
from committee.correspondence.forms import (
    AcknowledgementForm,
    DocumentForm,
    IncomingForm,
    LinkForm,
    OutgoingForm,
)
from committee.correspondence.models import Correspondence, CorrespondenceDocument
from core.files import serve_file
from core.permissions import can, require
from core.web import add_errors, page_of


def _register(user: Any):
    return Correspondence.objects.visible_to(user).select_related("state", "organization")


@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    """Every note the reader may read, newest first, with the register's filters."""
    require(request.user, "committee.see_correspondence_register")
    filterset = CorrespondenceFilterSet(request.GET, queryset=_register(request.user))
    rows = filterset.qs if filterset.is_valid() else Correspondence.objects.none()
    page = page_of(request, rows)
    return render(
        request,
        "committee/correspondence_list.html",
        {"filter": filterset, "page": page, "notes": page.object_list},
        status=200 if filterset.is_valid() else 400,
    )


def _links_seen(item: Correspondence, user: Any) -> list[dict[str, Any]]:
    """What the note concerns, each record the reader may open (one query per kind of record:
    a record the reader may not open is left out, not named)."""
    by_type: dict[int, list[Any]] = defaultdict(list)
    for link in item.links.all():
        by_type[link.content_type_id].append(link)
    shown = []
    for type_id, links in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        rows = model._default_manager.all()
        if hasattr(rows, "visible_to"):
            rows = rows.visible_to(user)
        found = rows.in_bulk([link.object_id for link in links])
        for link in links:
            if link.object_id in found:
                shown.append({"link": link, "record": found[link.object_id]})
    return shown


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A note, its documents, what it concerns, and its thread read as one conversation."""
    item = get_object_or_404(_register(request.user), pk=pk)
    return _detail_with(request, item, status=200)


def _parent(request: HttpRequest) -> Correspondence | None:
    """The note answered (``?in_reply_to=``), among those the reader may open."""
    raw = request.POST.get("in_reply_to") or request.GET.get("in_reply_to")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    return get_object_or_404(_register(request.user), pk=int(raw))


def _initial_from(parent: Correspondence | None) -> dict[str, Any]:
    if parent is None:
        return {}
    return {
        "in_reply_to": parent.pk,
        "counterpart": parent.counterpart,
        "state": parent.state_id,
        "organization": parent.organization_id,
        "counterpart_name": parent.counterpart_name,
        "committee_party": parent.committee_party,
        "language": parent.language,
        "subject": parent.subject,
    }


@login_required
@require_http_methods(["GET", "POST"])
def register_incoming(request: HttpRequest) -> HttpResponse:
    """Enter a note received (a reply with ``?in_reply_to=``)."""
    require(request.user, "committee.register_correspondence")
    parent = _parent(request)
    if request.method == "POST":
        form = IncomingForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                item = services.register_incoming(
                    acting_user=request.user,
                    reference=form.cleaned_data["reference"],
                    received_on=form.cleaned_data["date"],
                    in_reply_to=parent,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The incoming note was entered in the register."))
                return redirect(item)
    else:
        form = IncomingForm(initial=_initial_from(parent))
    return render(
        request,
        "committee/correspondence_form.html",
        {"form": form, "parent": parent, "title": _("Register an incoming note")},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_outgoing(request: HttpRequest) -> HttpResponse:
    """Draft a note or letter (a reply with ``?in_reply_to=``)."""
    require(request.user, "committee.draft_correspondence")
    parent = _parent(request)
    if request.method == "POST":
        form = OutgoingForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                item = services.draft_outgoing(
                    acting_user=request.user, in_reply_to=parent, **form.service_arguments()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The draft was entered; the secretariat approves it before it is sent."),
                )
                return redirect(item)
    else:
        form = OutgoingForm(initial=_initial_from(parent))
    return render(
        request,
        "committee/correspondence_form.html",
        {"form": form, "parent": parent, "title": _("Draft an outgoing note")},
        status=400 if form.is_bound else 200,
    )


# The steps of a note: the rule, the service, and what the confirmation page says.
STEPS: dict[str, dict[str, Any]] = {
    "approve": {
        "rule": "committee.approve_correspondence",
        "service": services.approve,
        "title": gettext_lazy("Approve this note"),
        "warning": gettext_lazy("Once approved, the secretariat may send it."),
        "button": gettext_lazy("Approve"),
        "done": gettext_lazy("The note was approved."),
    },
    "send": {
        "rule": "committee.send_correspondence",
        "service": services.send,
        "title": gettext_lazy("Send this note"),
        "warning": gettext_lazy(
            "Sending gives the note the Committee's next reference of the year and today's "
            "date; the state's point of contact reads it from then on. This cannot be undone."
        ),
        "button": gettext_lazy("Send"),
        "done": gettext_lazy("The note was sent."),
    },
    "register": {
        "rule": "committee.register_correspondence",
        "service": services.register,
        "title": gettext_lazy("Mark this note registered"),
        "warning": gettext_lazy("The note has been checked, linked and routed."),
        "button": gettext_lazy("Mark registered"),
        "done": gettext_lazy("The note was registered."),
    },
    "circulate": {
        "rule": "committee.circulate_correspondence",
        "service": services.circulate,
        "title": gettext_lazy("Circulate this note to the members"),
        "warning": gettext_lazy("Every member of the Committee will read it."),
        "button": gettext_lazy("Circulate"),
        "done": gettext_lazy("The note was circulated to the members."),
    },
    "acknowledge": {
        "rule": "committee.register_correspondence",
        "service": services.record_acknowledgement,
        "form": AcknowledgementForm,
        "title": gettext_lazy("Record the acknowledgement"),
        "warning": gettext_lazy("The state acknowledged receipt of this note."),
        "button": gettext_lazy("Record"),
        "done": gettext_lazy("The acknowledgement was recorded."),
    },
}


@login_required
@require_http_methods(["GET", "POST"])
def item_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """A step of a note, confirmed on its own page before it is taken."""
    if step not in STEPS:
        raise Http404
    chosen = STEPS[step]
    item = get_object_or_404(_register(request.user), pk=pk)
    require(request.user, chosen["rule"], item)
    form_class = chosen.get("form")
    form = None
    if form_class is not None:
        form = form_class(request.POST) if request.method == "POST" else form_class()
    if request.method == "POST" and (form is None or form.is_valid()):
        arguments = form.cleaned_data if form is not None else {}
        try:
            chosen["service"](item, acting_user=request.user, **arguments)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(item)
            add_errors(form, error)
        else:
            messages.success(request, str(chosen["done"]))
            return redirect(item)
    return render(
        request,
        "committee/correspondence_confirm.html",
        {
            "object": item,
            "form": form,
            "title": chosen["title"],
            "warning": chosen["warning"],
            "button": chosen["button"],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def add_document(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_register(request.user), pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(
                item,
                form.cleaned_data["document"],
                acting_user=request.user,
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect(item)
    else:
        require(
            request.user,
            "committee.draft_correspondence"
            if item.is_outgoing
            else "committee.register_correspondence",
            item,
        )
    return _detail_with(request, item, document_form=form)


@login_required
@require_POST
def add_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_register(request.user), pk=pk)
    require(request.user, "committee.draft_correspondence", item)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.add_links(item, form.cleaned_data["links"], acting_user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The link was added."))
            return redirect(item)
    return _detail_with(request, item, link_form=form)


def _actions(item: Correspondence, user: Any) -> list[tuple[str, str]]:
    """The steps the reader may take on the note now: (address, label)."""
    status = item.status
    found: list[tuple[str, str]] = []

    def step(name: str) -> None:
        if can(user, STEPS[name]["rule"], item):
            url = reverse("committee:correspondence-step", kwargs={"pk": item.pk, "step": name})
            found.append((url, str(STEPS[name]["title"])))

    if status == CorrespondenceStatus.DRAFT:
        step("approve")
    if status == CorrespondenceStatus.APPROVED:
        step("send")
    if status == CorrespondenceStatus.RECEIVED:
        step("register")
    if status == CorrespondenceStatus.SENT:
        step("acknowledge")
    gone = not item.is_outgoing or status in GONE_OUT
    if gone and not item.circulated_to_members:
        step("circulate")
    if item.is_outgoing and status in GONE_OUT and can(user, "committee.register_correspondence"):
        url = reverse("committee:correspondence-incoming")
        found.append((f"{url}?in_reply_to={item.pk}", _("Register the reply")))
    if not item.is_outgoing and can(user, "committee.draft_correspondence"):
        url = reverse("committee:correspondence-draft")
        found.append((f"{url}?in_reply_to={item.pk}", _("Draft a reply")))
    return found


def _detail_with(
    request: HttpRequest, item: Correspondence, *, status: int = 400, **forms: Any
) -> HttpResponse:
    thread = (
        _register(request.user)
        .filter(thread_id=item.thread_id)
        .order_by("date", "created_at")
        .prefetch_related("documents")
    )
    return render(
        request,
        "committee/correspondence_detail.html",
        {
            "item": item,
            "thread": thread,
            "documents": item.documents.all(),
            "links": _links_seen(item, request.user),
            "actions": _actions(item, request.user),
            "may_add_document": can(
                request.user,
                "committee.draft_correspondence"
                if item.is_outgoing
                else "committee.register_correspondence",
                item,
            ),
            "may_link": can(request.user, "committee.draft_correspondence", item),
            "document_form": forms.get("document_form", DocumentForm()),
            "link_form": forms.get("link_form", LinkForm()),
        },
        status=status,
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        CorrespondenceDocument.objects.select_related("item"),
        pk=pk,
        item__in=_register(request.user),
    )
    return serve_file(document.file, download_name=document.download_name())
