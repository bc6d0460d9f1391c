"""Pages of the committee's own work: the dashboard of quantitative measures (12(h)), the
annual review (8(a)) and the reporting reminders (8(b))."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from committee.correspondence.models import notes_for
from committee.work import dashboard, home, services
from committee.work import reviews as review_services
from committee.work.forms import AnnualReviewForm, NoteTemplateForm, ReminderForm
from committee.work.models import AnnualReview, ReportingReminder
from core.choices import Language
from core.files import serve_file
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
