"""Pages of the states app: public pages on states and reports, the point of contact's own
state, and the secretariat's inbox of reports awaiting publication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import symbols
from core.audit import reason_label
from core.exports import export_list
from core.files import serve_file
from core.opendata import open_data_response
from core.page_cache import cache_public_page
from core.permissions import can, require
from core.services import InvalidTransition
from core.web import add_errors, page_of
from states.api.views import MemberStateViewSet
from states.choices import ReportStatus
from states.filtersets import MemberStateFilterSet
from states.matrices.choices import MatrixStatus
from states.matrices.models import Matrix, MatrixEntry
from states.models import MemberState
from states.reports import services
from states.reports.api.views import NationalPointOfContactViewSet, NationalReportViewSet
from states.reports.forms import (
    NationalReportForm,
    OnBehalfStateForm,
    PublishReportForm,
    ReportDocumentForm,
)
from states.reports.models import NationalReport, ReportDocument


@cache_public_page(query=MemberStateFilterSet)
def state_list(request: HttpRequest) -> HttpResponse:
    # Always bound: an unbound FilterSet is never "valid", so no filter at all listed no state.
    filterset = MemberStateFilterSet(
        request.GET, queryset=MemberState.objects.with_first_report_date()
    )
    states = filterset.qs if filterset.is_valid() else MemberState.objects.none()
    page = page_of(request, states)
    return render(
        request,
        "states/state_list.html",
        {"filter": filterset, "page": page, "states": page.object_list},
    )


@cache_public_page
def state_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    state = get_object_or_404(MemberState.objects.with_first_report_date(), iso3=iso3.upper())
    reports = (
        NationalReport.objects.visible_to(request.user)
        .filter(state=state)
        .select_related("state")
        .with_documents()
    )
    return render(request, "states/state_detail.html", {"state": state, "reports": reports})


def _safe_next(request: HttpRequest) -> str | None:
    """The ``next`` page asked for, if it is on this site (never an open redirect)."""
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _visible_report(request: HttpRequest, pk: int) -> NationalReport:
    # Another state's draft is not "forbidden", it does not exist for this reader.
    return get_object_or_404(
        NationalReport.objects.visible_to(request.user)
        .select_related("state", "submitted_by")
        .with_documents(),
        pk=pk,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report, its documents in every language it has (the reader's first), and, for those
    who may, a form to add one in another language (posted here)."""
    report = _visible_report(request, pk)
    document_form = ReportDocumentForm()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(request.user, "states.edit_report_documents", report)
        document_form = ReportDocumentForm(request.POST, request.FILES)
        if document_form.is_valid():
            try:
                version = services.add_report_document(
                    report, acting_user=request.user, **document_form.cleaned_data
                )
            except ValidationError as error:
                add_errors(document_form, error)
            else:
                messages.success(
                    request,
                    _("The report in %(language)s was added.")
                    % {"language": version.get_language_display()},
                )
                return redirect(report)
    history = []
    if can(request.user, "states.see_history", report):
        records = list(report.history.select_related("history_user")[:51])
        for newer, older in zip(records, [*records[1:], None], strict=False):
            changes = newer.diff_against(older).changes if older is not None else []
            reason = reason_label(newer.history_change_reason or "")
            history.append({"record": newer, "changes": changes, "reason": reason})
        history = history[:50]
    user = request.user
    actions = {
        "submit": report.is_draft and can(user, "states.submit_report", report),
        "discard": can(user, "states.discard_draft_report", report),
        "publish": report.status == ReportStatus.SUBMITTED
        and can(user, "states.publish_report", report),
        "add_document": can(user, "states.edit_report_documents", report),
    }
    return render(
        request,
        "states/report_detail.html",
        {
            "report": report,
            "versions": report.versions_for_reader(_reader_language(request)),
            "history": history,
            "can": actions,
            "document_form": document_form,
        },
    )


def _reader_language(request: HttpRequest) -> str:
    """The language whose version the reader gets first: the page's when its address names one
    (/fr/...), otherwise the one their browser asks for (Accept-Language, or the language they
    chose on the site), since the address without a prefix is only the default, English."""
    if translation.get_language_from_path(request.path_info):
        return translation.get_language()
    return translation.get_language_from_request(request)


def report_document(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the report's documents: in ``?language=`` (ar, zh, en, fr, ru or es), or the
    original."""
    report = _visible_report(request, pk)
    if not can(request.user, "states.read_report", report):
        raise Http404
    version = _version_asked_for(report, request.GET.get("language"))
    return serve_file(version.file, download_name=version.download_name())


def _version_asked_for(report: NationalReport, language: str | None) -> ReportDocument:
    version = report.version_in(language) if language else report.original
    if version is None:
        raise Http404(_("This report has no document in that language."))
    if not version.file:
        raise Http404(_("This report has no document."))
    return version


def _save_report(
    request: HttpRequest, state: MemberState, form: NationalReportForm
) -> NationalReport | None:
    """Create the draft and, if asked, submit it, in one transaction: both or neither."""
    data = dict(form.cleaned_data)
    try:
        with transaction.atomic():
            report = services.create_report(state, acting_user=request.user, **data)
            if "submit" in request.POST:
                report = services.submit_report(report, acting_user=request.user)
    except ValidationError as error:
        add_errors(form, error)
        return None
    return report


@login_required
@require_http_methods(["GET", "POST"])
def my_state(request: HttpRequest) -> HttpResponse:
    """A point of contact's own state: their reports with their status, and a form to file one."""
    require(request.user, "states.see_my_state")
    state = request.user.state
    posted = request.method == "POST"
    # Bound on every POST, even an empty one, so that missing fields are reported.
    form = NationalReportForm(request.POST, request.FILES) if posted else NationalReportForm()
    if posted and form.is_valid():
        report = _save_report(request, state, form)
        if report is not None:
            if report.is_draft:
                messages.success(request, _("Your draft was saved."))
            else:
                messages.success(request, _("Your report was submitted to the committee."))
            return redirect("states:my-state")
    reports = (
        NationalReport.objects.filter(state=state)
        .select_related("state", "submitted_by")
        .with_documents()
    )
    # The matrix the experts sent for the state's comments comes first on the page.
    open_matrix = (
        Matrix.objects.open().exclude(status=MatrixStatus.DRAFT).filter(state=state).first()
    )
    left = (
        MatrixEntry.objects.filter(matrix=open_matrix).left_to_review().count()
        if open_matrix is not None and open_matrix.status == MatrixStatus.SENT
        else 0
    )
    return render(
        request,
        "states/my_state.html",
        {
            "state": state,
            "form": form,
            "reports": reports,
            "open_matrix": open_matrix,
            "left_to_review": left,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create_on_behalf(request: HttpRequest) -> HttpResponse:
    """Secretariat and experts file a report a state sent by other means (note verbale, e-mail)."""
    require(request.user, "states.file_report_on_behalf")
    posted = request.method == "POST"
    if posted:
        state_form = OnBehalfStateForm(request.POST)
        form = NationalReportForm(request.POST, request.FILES, on_behalf=True)
    else:
        state_form = OnBehalfStateForm(initial={"state": request.GET.get("state")})
        form = NationalReportForm(on_behalf=True)
    if posted and state_form.is_valid() and form.is_valid():
        report = _save_report(request, state_form.cleaned_data["state"], form)
        if report is not None:
            messages.success(request, _("The report was recorded."))
            return redirect(report)
    return render(request, "states/report_form.html", {"form": form, "state_form": state_form})


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    try:
        services.submit_report(report, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report was submitted to the committee."))
    return redirect(report)


@login_required
@require_http_methods(["GET", "POST"])
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, then publish: once published, a report is public for good."""
    report = _visible_report(request, pk)
    require(request.user, "states.publish_report", report)
    form = PublishReportForm(initial={"symbol": symbols.proposed_symbol()})
    if request.method == "POST":
        form = PublishReportForm(request.POST)
        if form.is_valid():
            try:
                report = services.publish_report(
                    report, acting_user=request.user, symbol=form.cleaned_data["symbol"]
                )
            except InvalidTransition as error:
                messages.error(request, " ".join(error.messages))
                return redirect(_safe_next(request) or report.get_absolute_url())
            except ValidationError as error:
                # A symbol refused: the page again, with why and the next one to use.
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    "{} {}".format(
                        _("The report is now published on the website."),
                        _("Its symbol is %(symbol)s.") % {"symbol": report.symbol},
                    ),
                )
                return redirect(_safe_next(request) or report.get_absolute_url())
    return render(
        request,
        "states/report_confirm.html",
        {"report": report, "action": "publish", "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_discard(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    require(request.user, "states.discard_draft_report", report)
    if request.method == "POST":
        services.discard_draft_report(report, acting_user=request.user)
        messages.success(request, _("The draft was deleted."))
        if can(request.user, "states.see_my_state"):
            return redirect("states:my-state")
        return redirect("states:inbox")
    return render(request, "states/report_confirm.html", {"report": report, "action": "discard"})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Reports submitted and awaiting publication, oldest first."""
    require(request.user, "states.see_report_inbox")
    reports = (
        NationalReport.objects.awaiting_publication()
        .select_related("state", "submitted_by")
        .order_by("submitted_on", "created_at")
    )
    page = page_of(request, reports)
    return render(request, "states/inbox.html", {"page": page, "reports": page.object_list})


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    """The home page: how many states have submitted a first report, overall and by regional
    group (national reports are what it shows, so it lives with them)."""
    groups = MemberState.objects.first_reports_by_regional_group()
    for group in groups:
        group["percent"] = round(100 * group["reported"] / group["total"]) if group["total"] else 0
    total = sum(g["total"] for g in groups)
    reported_total = sum(g["reported"] for g in groups)
    return render(
        request,
        "home.html",
        {
            "groups": groups,
            "total": total,
            "reported": reported_total,
            "not_reported": total - reported_total,
            "percent": round(100 * reported_total / total) if total else 0,
        },
    )


# --- Exports and open data ------------------------------------------------------------------------


def state_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The states of the list page, with its filters, as CSV or XLSX."""
    return export_list(request, fmt, MemberStateViewSet, stem="member-states")


def state_open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    return open_data_response(request, fmt, viewset=MemberStateViewSet, stem="1540-member-states")


def report_open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """The published national reports (what the public may see), as open data."""
    return open_data_response(request, fmt, viewset=NationalReportViewSet, stem="1540-reports")


def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The national reports this reader may see (the public: the published ones), as CSV or
    XLSX, with the API's report filters."""
    return export_list(request, fmt, NationalReportViewSet, stem="national-reports")


@login_required
def contact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The national points of contact this reader may see, as CSV or XLSX."""
    return export_list(request, fmt, NationalPointOfContactViewSet, stem="points-of-contact")
