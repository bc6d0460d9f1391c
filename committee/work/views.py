"""Pages of the committee's own work: the dashboard of quantitative measures (12(h)), the
annual review (8(a)) and the reporting reminders (8(b))."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from committee.correspondence.models import notes_for
from committee.work import assignments as assignment_services
from committee.work import dashboard, home, progress, services
from committee.work import reviews as review_services
from committee.work.forms import (
    AnnualReviewForm,
    ExpertAssignmentForm,
    NoteTemplateForm,
    ProgressAssessmentForm,
    ReminderForm,
)
from committee.work.models import (
    AnnualReview,
    ExpertAssignment,
    ProgressAssessment,
    ReportingReminder,
    WorkItem,
)
from core.choices import Language, Role
from core.files import serve_file
from core.models import User
from core.pdf import language_refused
from core.permissions import can, require
from core.visibility import hidden_fields, with_hidden_fields
from core.web import add_errors, page_of
from states.models import MemberState

PAGE_SIZE = 50
# While a build runs, its page asks the browser to reload it (HTTP Refresh: no script needed).
REFRESH_SECONDS = 3


# --- Each role's home -----------------------------------------------------------------------------


def home_page(request: HttpRequest) -> HttpResponse:
    """The signed-in reader's worklist; the public (and a person of no role) has the public
    home page."""
    chosen = home.home_of(request.user)
    if chosen is None:
        return redirect("home")
    require(request.user, chosen.rule)
    return render(
        request,
        "committee/home.html",
        {
            "home": chosen,
            "worklist": chosen.worklist(request.user),
            "tasks": chosen.tasks(request.user),
        },
    )


# --- Dashboard (12(h)) ---------------------------------------------------------------------------


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "committee.see_dashboard")
    return render(request, "committee/dashboard.html", {"figures": dashboard.all_figures()})


@login_required
def dashboard_csv(request: HttpRequest, key: str) -> HttpResponse:
    require(request.user, "committee.see_dashboard")
    figure = dashboard.figure(key)
    if figure is None:
        raise Http404(_("There is no figure “%(key)s”.") % {"key": key})
    response = HttpResponse(figure.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="1540-{figure.key}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Annual review (8(a)) ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def annual_review_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "committee.see_annual_reviews")
    can_build = can(request.user, "committee.build_annual_review")
    form = None
    if can_build:
        form = AnnualReviewForm(request.POST) if request.method == "POST" else AnnualReviewForm()
        if request.method == "POST" and form.is_valid():
            try:
                review = review_services.request_annual_review(
                    form.cleaned_data["year"],
                    as_at=form.cleaned_data["as_at"],
                    language=form.cleaned_data["language"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The build has started."))
                return redirect(review)
    elif request.method == "POST":
        require(request.user, "committee.build_annual_review")
    reviews = AnnualReview.objects.visible_to(request.user).select_related("requested_by")
    page = page_of(request, reviews, PAGE_SIZE)
    response = render(
        request,
        "committee/annual_review_list.html",
        {"form": form, "page": page, "reviews": with_hidden_fields(request.user, page.object_list)},
        status=400 if form is not None and form.is_bound else 200,
    )
    if any(review.is_running for review in page.object_list):
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_required
def annual_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        AnnualReview.objects.visible_to(request.user).select_related("requested_by"), pk=pk
    )
    # Who requested the build is a staff username: the same rule as the API's.
    review.hidden_fields = hidden_fields(request.user, review)
    response = render(request, "committee/annual_review_detail.html", {"review": review})
    if review.is_running:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_required
def annual_review_download(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(AnnualReview.objects.visible_to(request.user), pk=pk)
    if not review.is_ready:
        raise Http404(_("This build has no PDF yet."))
    return serve_file(review.document, download_name=review.download_name())


# --- Reporting reminders (8(b)) ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest) -> HttpResponse:
    """The states without a first report, each with the date of its last reminder; the
    secretariat picks some and drafts a note verbale for each."""
    require(request.user, "committee.draft_reminders")
    form = ReminderForm(request.POST) if request.method == "POST" else ReminderForm()
    if request.method == "POST" and form.is_valid():
        try:
            drafted = services.draft_reporting_reminders(
                form.cleaned_data["states"], acting_user=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d note verbale drafted; download it below.",
                    "%(n)d notes verbales drafted; download them below.",
                    len(drafted),
                )
                % {"n": len(drafted)},
            )
            return redirect("committee:reminders")
    states = (
        MemberState.objects.without_first_report()
        .annotate(
            last_reminder=Max("reporting_reminders__drafted_at"),
            reminder_count=Count("reporting_reminders"),
        )
        .order_by("name")
    )
    page = page_of(request, states, 200)
    recent = list(ReportingReminder.objects.select_related("state", "drafted_by")[:20])
    # Each note as the correspondence register has it: approved and sent there.
    notes = notes_for(ReportingReminder, [reminder.pk for reminder in recent])
    for reminder in recent:
        reminder.note = notes.get(reminder.pk)
    return render(
        request,
        "committee/reminders.html",
        {"form": form, "page": page, "states": page.object_list, "recent": recent},
        status=400 if form.is_bound else 200,
    )


@login_required
def reminder_download(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(
        ReportingReminder.objects.visible_to(request.user).select_related("state"), pk=pk
    )
    return serve_file(reminder.document, download_name=reminder.download_name())


@login_required
@require_http_methods(["GET", "POST"])
def reminder_template(request: HttpRequest) -> HttpResponse:
    """The wording of the note verbale in one of the six languages (``?language=fr``; English
    by default), each edited on its own."""
    require(request.user, "committee.edit_reminder_template")
    language = request.GET.get("language", Language.ENGLISH)
    if language not in Language.values:
        # The page says why and offers the six; nothing is read or written.
        return render(
            request,
            "committee/reminder_template.html",
            {"refused": language_refused(language), "wording_languages": Language.choices},
            status=400,
        )
    template = services.default_note_template()
    if request.method == "POST":
        form = NoteTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.update_note_template(
                    template, acting_user=request.user, language=language, **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The wording in %(language)s was saved; new notes will use it.")
                    % {"language": Language(language).label},
                )
                return redirect("committee:reminders")
    else:
        subject, body = services.wording_in(template, language)
        form = NoteTemplateForm(initial={"subject": subject, "body": body})
    return render(
        request,
        "committee/reminder_template.html",
        {
            "form": form,
            "template": template,
            "language": language,
            "language_label": Language(language).label,
            "wording_languages": Language.choices,
        },
        status=400 if form.is_bound else 200,
    )


# --- Progress that follows the work: the secretariat's word on an item ------------------------


@login_required
@require_http_methods(["GET", "POST"])
def work_item_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat keeps a note on an item of the programme and may set its status instead
    of the one its records give it, saying why (committee/work/progress.py)."""
    item = get_object_or_404(WorkItem.objects.select_related("programme"), pk=pk)
    require(request.user, "committee.assess_progress", item)
    current = ProgressAssessment.objects.filter(work_item=item).first()
    initial = (
        {"status": current.status, "reason": current.reason, "note": current.note}
        if current
        else {}
    )
    form = (
        ProgressAssessmentForm(request.POST)
        if request.method == "POST"
        else ProgressAssessmentForm(initial=initial)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_progress(item, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The secretariat's word on %(p)s was kept.") % {"p": item.paragraph}
            )
            return redirect(item)
    state = progress.progress_of([item])[item.pk]
    return render(
        request,
        "committee/work_item_assessment.html",
        {"item": item, "form": form, "progress": state},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- The experts' assignments and workload (12(f)) -----------------------------------------------


@login_required
def expert_workload(request: HttpRequest) -> HttpResponse:
    """Per expert: the states and items of the programme they lead today, and what waits in
    those states (matrices under review, open assistance requests, dialogue follow-ups open)."""
    require(request.user, "committee.see_expert_workload")
    experts = User.objects.filter(role=Role.EXPERT, is_active=True).order_by("username")
    page = page_of(request, experts, PAGE_SIZE)
    return render(
        request,
        "committee/expert_workload.html",
        {"page": page, "loads": dashboard.expert_workload(list(page.object_list))},
    )


@login_required
def expert_assignments(request: HttpRequest) -> HttpResponse:
    """Every assignment, latest first, searchable by the expert's name."""
    require(request.user, "committee.manage_expert_assignments")
    text = (request.GET.get("q") or "").strip()[:200]
    rows = ExpertAssignment.objects.select_related("expert", "working_group").order_by(
        "-starts_on", "pk"
    )
    if text:
        rows = rows.filter(
            Q(expert__username__icontains=text)
            | Q(expert__first_name__icontains=text)
            | Q(expert__last_name__icontains=text)
        )
    page = page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "committee/expert_assignments.html",
        {"page": page, "assignments": page.object_list, "q": text},
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_assignment_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, "committee.manage_expert_assignments")
    row = get_object_or_404(ExpertAssignment, pk=pk) if pk else None
    form = ExpertAssignmentForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        values = form.changes()
        links = {"states": values.pop("states"), "work_items": values.pop("work_items")}
        try:
            if row is None:
                assignment_services.assign_expert(acting_user=request.user, **links, **values)
            else:
                assignment_services.update_assignment(
                    row, acting_user=request.user, **links, **values
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("committee:expert-assignments")
    return render(
        request,
        "committee/expert_assignment_form.html",
        {"form": form, "row": row},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes."""
    require(request.user, "committee.manage_expert_assignments")
    row = get_object_or_404(ExpertAssignment.objects.select_related("expert"), pk=pk)
    if request.method == "POST":
        assignment_services.delete_assignment(row, acting_user=request.user)
        messages.success(request, _("Deleted: %(name)s.") % {"name": row})
        return redirect("committee:expert-assignments")
    return render(request, "committee/expert_assignment_confirm_delete.html", {"row": row})
