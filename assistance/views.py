"""Pages of the assistance app: the public assistance database (requests published with the
state's consent, public offers, with a "matched" indicator and CSV export), the point of
contact's request form, the experts' and secretariat's work on requests, suggestions and matches,
the stale-items dashboard, and the quarterly digests."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assistance import services
from assistance.api.views import (
    AssistanceOfferViewSet,
    AssistanceRequestViewSet,
    MatchViewSet,
)
from assistance.choices import (
    MATCH_STEPS,
    REQUEST_FINAL,
    REQUEST_STEPS,
    REQUEST_UNMATCHED,
    MatchStatus,
    RequestStatus,
)
from assistance.digest import in_reader_language, last_finished_quarter, quarter_of
from assistance.filtersets import AssistanceOfferFilterSet, AssistanceRequestFilterSet
from assistance.forms import (
    AssistanceOfferForm,
    AssistanceRequestForm,
    DigestBuildForm,
    FeedbackForm,
    FollowUpForm,
    MatchStepForm,
    ReasonForm,
    RequestStepForm,
)
from assistance.models import (
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    QuarterlyDigest,
)
from assistance.suggestions import suggest_offers
from core.exports import csv_response, export_list
from core.files import serve_file
from core.opendata import open_data_response
from core.page_cache import cache_public_page
from core.permissions import can, require
from core.visibility import hidden_fields, may_see, with_hidden_fields
from core.web import add_errors, page_of

PAGE_SIZE = 50


def _requests(user):
    return (
        AssistanceRequest.objects.visible_to(user)
        .select_related("state", "requesting_organization")
        .prefetch_related("areas")
    )


def _offers(user):
    return (
        AssistanceOffer.objects.visible_to(user)
        .with_matched(user)
        .select_related("provider_state", "provider_organization")
        .prefetch_related("areas", "states_served")
    )


# --- The public assistance database ---------------------------------------------------------------


@cache_public_page(query=AssistanceRequestFilterSet)
def request_list(request: HttpRequest) -> HttpResponse:
    filterset = AssistanceRequestFilterSet(request.GET, queryset=_requests(request.user))
    rows = filterset.qs if filterset.is_valid() else AssistanceRequest.objects.none()
    page = page_of(request, rows)
    return render(
        request,
        "assistance/request_list.html",
        {"filter": filterset, "page": page, "requests": page.object_list},
    )


@cache_public_page(query=AssistanceOfferFilterSet)
def offer_list(request: HttpRequest) -> HttpResponse:
    filterset = AssistanceOfferFilterSet(request.GET, queryset=_offers(request.user))
    rows = filterset.qs if filterset.is_valid() else AssistanceOffer.objects.none()
    page = page_of(request, rows)
    return render(
        request,
        "assistance/offer_list.html",
        {"filter": filterset, "page": page, "offers": page.object_list},
    )


def _csv(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    # The shared writer neutralises formula-like cells (a POC's title is not trusted).
    return csv_response(filename, itertools.chain([header], rows))


def request_csv(request: HttpRequest) -> HttpResponse:
    """The requests of the list page, with the same filters, as CSV."""
    filterset = AssistanceRequestFilterSet(request.GET, queryset=_requests(request.user))
    if not filterset.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = (
        (
            r.pk,
            r.state.iso3,
            r.state.name,
            r.state.regional_group,
            r.title,
            r.date_received.isoformat(),
            r.get_assistance_type_display(),
            "; ".join(area.name for area in r.areas.all()),
            "; ".join(r.weapon_types),
            r.get_status_display(),
            "yes" if r.is_matched else "no",
        )
        for r in filterset.qs.iterator(chunk_size=2000)
    )
    header = ["id", "iso3", "state", "regional_group", "title", "date_received", "type"]
    header += ["areas", "weapon_types", "status", "matched"]
    return _csv("assistance-requests.csv", header, rows)


def offer_csv(request: HttpRequest) -> HttpResponse:
    filterset = AssistanceOfferFilterSet(request.GET, queryset=_offers(request.user))
    if not filterset.is_valid():
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    rows = (
        (
            o.pk,
            o.provider_name,
            o.title,
            o.get_assistance_type_display(),
            "; ".join(area.name for area in o.areas.all()),
            "; ".join(o.weapon_types) or "all",
            "; ".join(o.regions),
            "; ".join(state.iso3 for state in o.states_served.all()),
            o.valid_until.isoformat() if o.valid_until else "",
            o.get_status_display(),
            "yes" if o.matched else "no",
        )
        for o in filterset.qs.iterator(chunk_size=2000)
    )
    header = ["id", "provider", "title", "type", "areas", "weapon_types", "regions"]
    header += ["states_served", "valid_until", "status", "matched"]
    return _csv("assistance-offers.csv", header, rows)


# --- Requests -------------------------------------------------------------------------------------


def _visible_request(request: HttpRequest, pk: int) -> AssistanceRequest:
    # Another state's unpublished request does not exist for this reader.
    return get_object_or_404(_requests(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    """A point of contact fills in the 1540 assistance template for their state; the secretariat
    and experts record a request received by note verbale or in a national report."""
    user = request.user
    require(user, "assistance.submit_request")
    on_behalf = can(user, "assistance.act_for_any_state")
    posted = request.method == "POST"
    form = (
        AssistanceRequestForm(request.POST, on_behalf=on_behalf)
        if posted
        else AssistanceRequestForm(on_behalf=on_behalf)
    )
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        state = data.pop("state") if on_behalf else user.state
        if on_behalf and not data.get("channel"):
            data.pop("channel", None)
        try:
            created = services.submit_request(state, acting_user=user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The request was recorded."))
            return redirect(created)
    return render(request, "assistance/request_form.html", {"form": form, "on_behalf": on_behalf})


@login_required
def request_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The note verbale or filled template of a request: the staff's and the requesting states'
    points of contact's, never the public's (even once the request is posted)."""
    assistance_request = _visible_request(request, pk)
    require(request.user, "assistance.see_request_document", assistance_request)
    if not assistance_request.document:
        raise Http404(_("No note verbale or template was attached to this request."))
    extension = assistance_request.document.name.rsplit(".", 1)[-1].lower()
    return serve_file(
        assistance_request.document,
        download_name=f"assistance-request-{assistance_request.pk}.{extension}",
    )


@cache_public_page
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assistance_request = _visible_request(request, pk)
    user = request.user
    steps = (
        assistance_request.status_changes.select_related("changed_by")
        if may_see(user, assistance_request, "status_history")
        else AssistanceRequestStatusChange.objects.none()
    )
    matches = with_hidden_fields(
        user,
        Match.objects.visible_to(user)
        .filter(request=assistance_request)
        .select_related("request", "offer__provider_state", "offer__provider_organization"),
    )
    next_steps = []
    if can(user, "assistance.move_request", assistance_request):
        next_steps = [
            (value, RequestStatus(value).label, value in REQUEST_FINAL)
            for value in REQUEST_STEPS[assistance_request.status]
        ]
    elif assistance_request.is_open and can(
        user, "assistance.withdraw_request", assistance_request
    ):
        next_steps = [(RequestStatus.WITHDRAWN, RequestStatus.WITHDRAWN.label, True)]
    suggestions = None
    if can(user, "assistance.see_suggestions", assistance_request) and (assistance_request.is_open):
        suggestions = suggest_offers(assistance_request)
    return render(
        request,
        "assistance/request_detail.html",
        {
            "item": assistance_request,
            "steps": steps,
            "matches": matches,
            "next_steps": next_steps,
            "suggestions": suggestions,
            "can_edit": can(user, "assistance.edit_request", assistance_request),
            "needs": assistance_request.needs.all(),
            "requesting_states": assistance_request.requesting_states.all(),
            "hidden": hidden_fields(user, assistance_request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a request on. A step that ends the request (completed, withdrawn, closed) is asked for
    on a confirmation page first."""
    assistance_request = _visible_request(request, pk)
    posted = request.method == "POST"
    form = RequestStepForm(request.POST if posted else request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a status the request can move to."))
        return redirect(assistance_request)
    to_status = form.cleaned_data["to_status"]
    if not posted:
        return render(
            request,
            "assistance/confirm.html",
            {
                "form": form,
                "object": assistance_request,
                "title": _("Give this request the status “%(status)s”?")
                % {"status": RequestStatus(to_status).label},
                "warning": _("The request will be closed for good: it cannot be reopened."),
                "button": RequestStatus(to_status).label,
            },
        )
    try:
        services.move_request(
            assistance_request,
            to_status,
            acting_user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The request's status is now “%(status)s”.")
            % {"status": RequestStatus(to_status).label},
        )
    return redirect(assistance_request)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    assistance_request = _visible_request(request, pk)
    offer = get_object_or_404(AssistanceOffer.objects.visible_to(request.user), pk=offer_pk)
    try:
        match = services.propose_match(
            assistance_request,
            offer,
            acting_user=request.user,
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(assistance_request)
    messages.success(request, _("The match was proposed."))
    return redirect(match)


# --- Offers ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "assistance.record_offer")
    poc_state = None if can(user, "assistance.act_for_any_state") else user.state
    posted = request.method == "POST"
    form = (
        AssistanceOfferForm(request.POST, poc_state=poc_state)
        if posted
        else AssistanceOfferForm(poc_state=poc_state)
    )
    if posted and form.is_valid():
        data = dict(form.cleaned_data)
        if poc_state is not None:
            data["provider_state"] = poc_state
        try:
            offer = services.record_offer(acting_user=user, **data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The offer was recorded."))
            return redirect(offer)
    return render(request, "assistance/offer_form.html", {"form": form, "poc_state": poc_state})


def _visible_offer(request: HttpRequest, pk: int) -> AssistanceOffer:
    return get_object_or_404(_offers(request.user), pk=pk)


@cache_public_page
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _visible_offer(request, pk)
    matches = with_hidden_fields(
        request.user,
        Match.objects.visible_to(request.user)
        .filter(offer=offer)
        .select_related("request__state", "offer__provider_state"),
    )
    return render(
        request,
        "assistance/offer_detail.html",
        {
            "offer": offer,
            "matches": matches,
            "can_withdraw": offer.is_active and can(request.user, "assistance.edit_offer", offer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _visible_offer(request, pk)
    require(request.user, "assistance.edit_offer", offer)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_offer(offer, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The offer was withdrawn."))
        return redirect(offer)
    return render(
        request,
        "assistance/confirm.html",
        {
            "form": form,
            "object": offer,
            "title": _("Withdraw this offer?"),
            "warning": _(
                "A withdrawn offer stays on record but is no longer suggested or matched. "
                "It cannot be made active again."
            ),
            "button": _("Withdraw"),
        },
    )


# --- Matches --------------------------------------------------------------------------------------


def _visible_match(request: HttpRequest, pk: int) -> Match:
    return get_object_or_404(
        Match.objects.visible_to(request.user).select_related(
            "request__state", "offer__provider_state", "offer__provider_organization"
        ),
        pk=pk,
    )


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = _visible_match(request, pk)
    can_manage = can(request.user, "assistance.manage_matches", match)
    hidden = hidden_fields(request.user, match)
    return render(
        request,
        "assistance/match_detail.html",
        {
            "match": match,
            "hidden": hidden,
            "steps": match.status_changes.select_related("changed_by")
            if "status_history" not in hidden
            else [],
            "notes": match.follow_ups.select_related("written_by")
            if "follow_ups" not in hidden
            else [],
            "can_manage": can_manage,
            "next_steps": [(v, MatchStatus(v).label) for v in MATCH_STEPS[match.status]]
            if can_manage
            else [],
            "step_form": MatchStepForm(),
            "note_form": FollowUpForm(),
            "feedback_form": FeedbackForm(
                initial={"need_met": match.need_met, "feedback": match.feedback}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def match_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a match on; closing it is asked for on a confirmation page first."""
    match = _visible_match(request, pk)
    require(request.user, "assistance.manage_matches", match)
    posted = request.method == "POST"
    form = MatchStepForm(request.POST if posted else request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(match)
    data = form.cleaned_data
    if not posted:
        return render(
            request,
            "assistance/confirm.html",
            {
                "form": form,
                "object": match,
                "title": _("Close this match?"),
                "warning": _("A closed match cannot be reopened."),
                "button": _("Close the match"),
            },
        )
    try:
        services.move_match(
            match,
            data["to_status"],
            acting_user=request.user,
            reason=data["reason"],
            delivered_on=data["delivered_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The match moved on."))
    return redirect(match)


@login_required
@require_POST
def match_note(request: HttpRequest, pk: int) -> HttpResponse:
    match = _visible_match(request, pk)
    form = FollowUpForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write the note."))
        services.add_follow_up(match, acting_user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The note was added."))
    return redirect(match)


@login_required
@require_POST
def match_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    match = _visible_match(request, pk)
    form = FeedbackForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Answer yes, partly or no."))
        services.record_feedback(match, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The feedback was recorded."))
    return redirect(match)


# --- The experts' and secretariat's dashboard -----------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Stale requests first (no movement for 90 days, 9(c)), then requests waiting for a step."""
    require(request.user, "assistance.see_dashboard")
    base = AssistanceRequest.objects.select_related("state")
    stale = base.stale().order_by("last_activity_at")
    waiting = base.filter(status__in=REQUEST_UNMATCHED).order_by("date_received")
    open_matches = (
        Match.objects.exclude(status=MatchStatus.CLOSED)
        .select_related("request__state", "offer__provider_state", "offer__provider_organization")
        .order_by("status_changed_at")
    )
    page = page_of(request, stale)
    return render(
        request,
        "assistance/dashboard.html",
        {
            "page": page,
            "stale": page.object_list,
            "waiting": waiting[:PAGE_SIZE],
            "waiting_count": waiting.count(),
            "open_matches": open_matches[:PAGE_SIZE],
            "open_match_count": open_matches.count(),
        },
    )


# --- Quarterly digests (9(h)) ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def digest_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "assistance.read_digests")
    can_build = can(user, "assistance.build_digest")
    year, quarter = last_finished_quarter()
    form = DigestBuildForm(
        request.POST if request.method == "POST" else None,
        initial={"year": year, "quarter": quarter},
    )
    if request.method == "POST":
        require(user, "assistance.build_digest")
        if form.is_valid():
            try:
                digest = services.request_digest_build(
                    form.cleaned_data["year"],
                    form.cleaned_data["quarter"],
                    language=form.cleaned_data["language"],
                    acting_user=user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The digest is being built."))
                return redirect(digest)
    page = page_of(request, QuarterlyDigest.objects.visible_to(user))
    return render(
        request,
        "assistance/digest_list.html",
        {
            "page": page,
            "digests": page.object_list,
            "form": form if can_build else None,
            "current": quarter_of(timezone.now()),
        },
        # A build refused (its input, or the service's rule) is a bad request, the form says why.
        status=400 if form.is_bound else 200,
    )


def _visible_digest(request: HttpRequest, pk: int) -> QuarterlyDigest:
    require(request.user, "assistance.read_digests")
    return get_object_or_404(QuarterlyDigest.objects.visible_to(request.user), pk=pk)


@login_required
def digest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    digest = _visible_digest(request, pk)
    # The mail server's error is the secretariat's: the same rule as the API's.
    digest.hidden_fields = hidden_fields(request.user, digest)
    response = render(
        request,
        "assistance/digest_detail.html",
        {"digest": digest, "figures": in_reader_language(digest.figures)},
    )
    if digest.is_building:
        # Progress without JavaScript: the browser reloads the page while the build runs.
        response["Refresh"] = "3"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def digest_resend_mail(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, then send the digest's failed mailing again (secretariat)."""
    digest = _visible_digest(request, pk)
    require(request.user, "committee.resend_mail")
    if request.method == "POST":
        try:
            services.resend_digest_mail(digest, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The digest is being sent again."))
        return redirect(digest)
    return render(
        request,
        "assistance/digest_confirm.html",
        {
            "digest": digest,
            "question": _("Send this digest again to the committee's members?"),
            "explanation": _(
                "The last mailing failed. The PDF of the current version is sent again, once, "
                "to the members it was addressed to."
            ),
            "button": _("Send again"),
        },
    )


@login_required
def digest_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    digest = _visible_digest(request, pk)
    field = digest.pdf_file if kind == "pdf" else digest.html_file
    if not field:
        raise Http404(_("This digest has not been built yet."))
    return serve_file(
        field, download_name=f"assistance-digest-{digest.year}-Q{digest.quarter}.{kind}"
    )


# --- Exports and open data ------------------------------------------------------------------------


def request_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The requests of the list page, with its filters, as CSV or XLSX."""
    return export_list(request, fmt, AssistanceRequestViewSet, stem="assistance-requests")


def offer_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return export_list(request, fmt, AssistanceOfferViewSet, stem="assistance-offers")


@login_required
def match_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The matches this reader may see (the experts' and the secretariat's work)."""
    return export_list(request, fmt, MatchViewSet, stem="assistance-matches")


def request_open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """The requests published with the requesting state's consent, as open data."""
    return open_data_response(
        request, fmt, viewset=AssistanceRequestViewSet, stem="1540-assistance-requests"
    )


def offer_open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    return open_data_response(
        request, fmt, viewset=AssistanceOfferViewSet, stem="1540-assistance-offers"
    )
