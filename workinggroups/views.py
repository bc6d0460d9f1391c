"""Pages of the working groups: the programme of work and its progress (public, with internal
notes for the committee side), the four groups, the meeting schedule with its documents (for
the delegations, the secretariat and the experts), and the private calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from committee.work import progress
from committee.work.choices import ProgrammeArea
from committee.work.models import ReviewRecommendation, WorkItem
from committee.work.models.programme import paragraph_of_slug
from committee.work.models.recommendations import CITED_AS, REVIEW_SYMBOL
from core.exports import export_list
from core.files import serve_file
from core.permissions import can, require
from core.web import add_errors, page_of
from workinggroups import services
from workinggroups.api.views import MeetingViewSet, WorkItemViewSet
from workinggroups.calendar import meetings_calendar
from workinggroups.filtersets import MeetingFilterSet, WorkItemFilterSet
from workinggroups.forms import (
    CancelForm,
    MeetingDocumentForm,
    MeetingForm,
    OutcomeForm,
    ProgressForm,
    ReaderTimeZoneForm,
)
from workinggroups.models import CalendarFeed, Meeting, MeetingDocument, WorkingGroup


def _require_schedule_reader(request: HttpRequest) -> None:
    require(request.user, "workinggroups.see_meetings")


# Where the reader's own time zone is kept between pages (their session, not their browser's
# settings: a delegate in New York may want Geneva time for a meeting there).
READER_TIME_ZONE = "reader_time_zone"


def _reader_time_zone(request: HttpRequest) -> tuple[ReaderTimeZoneForm, str]:
    """The zone in which the reader asked to see the meeting times as well ("" for none):
    chosen with ``?tz=Asia/Tokyo``, stopped with ``?tz=``, and kept in their session. An unknown
    zone is explained on the form and changes nothing. Called once the reader may see meetings."""
    if "tz" not in request.GET:
        zone = request.session.get(READER_TIME_ZONE, "")
        return ReaderTimeZoneForm(initial={"tz": zone}), zone
    form = ReaderTimeZoneForm(request.GET)
    if form.is_valid():
        if form.cleaned_data["tz"]:
            request.session[READER_TIME_ZONE] = form.cleaned_data["tz"]
        else:
            request.session.pop(READER_TIME_ZONE, None)
    return form, request.session.get(READER_TIME_ZONE, "")


# --- The programme of work -------------------------------------------------------------------


def programme(request: HttpRequest) -> HttpResponse:
    """The current programme of work, item by item, with the status of each (public)."""
    filterset = WorkItemFilterSet(request.GET, queryset=WorkItem.objects.current())
    items = (
        filterset.qs.select_related("programme")
        if filterset.is_valid()
        else WorkItem.objects.none()
    )
    page = page_of(request, items, 100)
    # Where each item stands follows from the records of the work (committee/work/progress.py).
    standing = progress.progress_of(page.object_list)
    return render(
        request,
        "workinggroups/programme.html",
        {
            "filter": filterset,
            "page": page,
            "items": page.object_list,
            "rows": [(item, standing[item.pk]) for item in page.object_list],
            "areas": dict(ProgrammeArea.choices),
        },
    )


@require_http_methods(["GET", "POST"])
def work_item_by_paragraph(request: HttpRequest, paragraph: str) -> HttpResponse:
    """An item of the current programme by its paragraph as people cite it (/programme/items/8b/
    for 8(b))."""
    cited = paragraph_of_slug(paragraph)
    item = get_object_or_404(WorkItem.objects.current(), paragraph=cited) if cited else None
    if item is None:
        raise Http404(_("There is no such paragraph in the programme."))
    return work_item(request, item.pk)


@require_http_methods(["GET", "POST"])
def work_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WorkItem.objects.select_related("programme", "parent"), pk=pk)
    user = request.user
    can_record = can(user, "committee.record_progress", item)
    form = None
    if can_record:
        form = (
            ProgressForm(request.POST)
            if request.method == "POST"
            else ProgressForm(initial={"status": item.status, "progress": item.progress})
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.record_progress(item, acting_user=user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The progress was recorded."))
                return redirect(item)
    elif request.method == "POST":
        require(user, "committee.record_progress", item)
    updates = []
    if can(user, "committee.see_progress_notes"):
        updates = item.progress_updates.select_related("meeting", "recorded_by")[:50]
    return render(
        request,
        "workinggroups/work_item.html",
        {
            "item": item,
            "progress": progress.progress_of([item])[item.pk],
            "records": progress.records_for(item, user),
            "sub_items": item.sub_items.order_by("position"),
            "updates": updates,
            "form": form,
            "group": WorkingGroup.objects.filter(number=item.lead_working_group).first(),
        },
    )


@require_http_methods(["GET", "HEAD"])
def review_recommendations(request: HttpRequest) -> HttpResponse:
    """Paragraph 6 of the programme: the recommendations of the 2016 comprehensive review, each
    with the items of the current programme that carry it out and where it stands from their
    records (public; nothing to write here: the data file holds them, ``load_programme`` loads
    them)."""
    current = WorkItem.objects.current().select_related("programme").order_by("position")
    recommendations = ReviewRecommendation.objects.filter(symbol=REVIEW_SYMBOL).prefetch_related(
        Prefetch("work_items", queryset=current)
    )
    page = page_of(request, recommendations, 100)
    return render(
        request,
        "workinggroups/review_recommendations.html",
        {
            "page": page,
            "rows": progress.recommendation_progress(page.object_list),
            "symbol": REVIEW_SYMBOL,
            "cited_as": CITED_AS,
        },
    )


# --- The working groups ------------------------------------------------------------------------


def working_group_list(request: HttpRequest) -> HttpResponse:
    led = dict(
        WorkItem.objects.current()
        .values("lead_working_group")
        .annotate(n=Count("id"))
        .values_list("lead_working_group", "n")
    )
    groups = list(WorkingGroup.objects.select_related("chair__state"))
    for group in groups:
        group.items_led = led.get(group.number, 0)
    return render(request, "workinggroups/working_group_list.html", {"groups": groups})


def working_group_detail(request: HttpRequest, number: int) -> HttpResponse:
    group = get_object_or_404(WorkingGroup.objects.select_related("chair__state"), number=number)
    items = WorkItem.objects.current().filter(lead_working_group=number)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(working_group=group)
        .order_by("-starts_at")[:20]
    )
    return render(
        request,
        "workinggroups/working_group_detail.html",
        {"group": group, "items": items, "meetings": meetings},
    )


# --- Meetings ----------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    _require_schedule_reader(request)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .select_related("working_group")
        .annotate(
            document_count=Count("documents"),
            late_count=Count("documents", filter=Q(documents__late=True)),
        )
        .order_by("-starts_at", "-pk")  # an aggregate query does not keep Meta.ordering
    )
    filterset = MeetingFilterSet(request.GET, queryset=meetings)
    rows = filterset.qs if filterset.is_valid() else Meeting.objects.none()
    page = page_of(request, rows)
    zone_form, reader_zone = _reader_time_zone(request)
    return render(
        request,
        "workinggroups/meeting_list.html",
        {
            "filter": filterset,
            "page": page,
            "meetings": page.object_list,
            "now": timezone.now(),
            "zone_form": zone_form,
            "reader_zone": reader_zone,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "workinggroups.schedule_meeting")
    form = MeetingForm(request.POST) if request.method == "POST" else MeetingForm()
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is on the schedule and was announced."))
            return redirect(meeting)
    return render(request, "workinggroups/meeting_form.html", {"form": form})


def _visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    _require_schedule_reader(request)
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("working_group", "created_by"),
        pk=pk,
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    return _render_meeting(request, meeting)


def _render_meeting(request, meeting, *, document_form=None, outcome_form=None, status=200):
    user = request.user
    actions = {
        "circulate": not meeting.is_cancelled
        and can(user, "workinggroups.circulate_document", meeting),
        "outcome": not meeting.is_cancelled
        and meeting.has_started
        and can(user, "workinggroups.record_outcome", meeting),
        "cancel": meeting.status == "scheduled"
        and can(user, "workinggroups.schedule_meeting", meeting),
    }
    documents = meeting.documents.select_related("circulated_by")
    zone_form, reader_zone = _reader_time_zone(request)
    return render(
        request,
        "workinggroups/meeting_detail.html",
        {
            "meeting": meeting,
            "documents": documents,
            "late_count": sum(1 for d in documents if d.late),
            "updates": meeting.progress_updates.select_related("work_item"),
            "can": actions,
            "document_form": document_form or MeetingDocumentForm(),
            "outcome_form": outcome_form
            or OutcomeForm(initial={"outcome": meeting.outcome, "feedback": meeting.feedback}),
            "zone_form": zone_form,
            "reader_zone": reader_zone,
        },
        status=status,
    )


@login_required
@require_POST
def meeting_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    require(request.user, "workinggroups.circulate_document", meeting)
    form = MeetingDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.circulate_document(
                meeting, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if document.late:
                messages.warning(
                    request,
                    _(
                        "The document was circulated, late: the delegations had less notice "
                        "than required."
                    ),
                )
            else:
                messages.success(request, _("The document was circulated to all delegations."))
            return redirect(meeting)
    return _render_meeting(request, meeting, document_form=form, status=400)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request, pk)
    require(request.user, "workinggroups.record_outcome", meeting)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(meeting, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect(meeting)
    return _render_meeting(request, meeting, outcome_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation and a reason, then cancel: the delegations are told at once."""
    meeting = _visible_meeting(request, pk)
    require(request.user, "workinggroups.schedule_meeting", meeting)
    form = CancelForm(request.POST) if request.method == "POST" else CancelForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(meeting, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The meeting is cancelled; the delegations were told."))
            return redirect(meeting)
    return render(request, "workinggroups/meeting_cancel.html", {"meeting": meeting, "form": form})


@login_required
def meeting_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Meeting documents have no public address: this view checks who is asking."""
    document = get_object_or_404(
        MeetingDocument.objects.visible_to(request.user).select_related("meeting"), pk=pk
    )
    if not can(request.user, "workinggroups.read_meeting_document", document):
        raise Http404
    return serve_file(document.file, download_name=document.download_name())


# --- The private calendar feed -----------------------------------------------------------------


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_for(request.user)
    url = request.build_absolute_uri(
        reverse("workinggroups:calendar-feed", kwargs={"token": feed.token})
    )
    return render(request, "workinggroups/calendar.html", {"feed": feed, "feed_url": url})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_replace(request: HttpRequest) -> HttpResponse:
    """Confirm, then give the person a new private address; the old one stops working."""
    if request.method == "POST":
        services.replace_calendar_token(request.user)
        messages.success(
            request, _("Your calendar has a new address; the old one no longer works.")
        )
        return redirect("workinggroups:calendar")
    require(request.user, "workinggroups.use_calendar_feed")
    return render(request, "workinggroups/calendar_replace.html")


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The schedule for a calendar program, which can send no cookie: the private token in the
    address is the credential. A token whose owner may no longer see meetings gives nothing."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not can(feed.user, "workinggroups.see_meetings"):
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    meetings = (
        Meeting.objects.visible_to(feed.user).select_related("working_group").order_by("starts_at")
    )
    body = meetings_calendar(meetings, name=_("1540 Committee meetings"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="1540-committee-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Exports --------------------------------------------------------------------------------------


def programme_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The programme of work's items, with the page's filters, as CSV or XLSX."""
    return export_list(request, fmt, WorkItemViewSet, stem="programme-of-work")


def meeting_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_schedule_reader(request)
    return export_list(request, fmt, MeetingViewSet, stem="meetings")
