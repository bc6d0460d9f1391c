"""Site-wide pages: the health checks, and the base's own pages: restarting a
stalled build, the outgoing mail and the audit log (their URLs: core/urls.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import audit, mail
from core.builds import BackgroundBuild, restart_stalled_build
from core.filtersets import OutgoingMailFilterSet
from core.health import for_reader, readiness, run_checks
from core.models import OutgoingMail
from core.permissions import can, require
from core.web import page_of

PAGE_SIZE = 50


def _health_details(request: HttpRequest) -> bool:
    # The errors can name hosts and addresses: anonymous callers (load balancers, monitors) learn
    # whether each part is ok, the secretariat why not.
    return can(request.user, "committee.see_health_details")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, checks = run_checks()
    failed = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "failed": failed,
            "checks": for_reader(checks, details=_health_details(request)),
        },
        status=200 if healthy else 503,
    )


@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the process serves requests. No dependency is asked, so that a database or
    Redis outage never gets healthy processes restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 503 only when the database does not answer ("unavailable"); with the cache or
    the broker down the host keeps serving, 200, and says "degraded" (core/health.py)."""
    ready, checks = readiness()
    failed = [name for name, result in checks.items() if not result["ok"]]
    status = "unavailable" if not ready else "degraded" if failed else "ok"
    return JsonResponse(
        {
            "status": status,
            "failed": failed,
            "checks": for_reader(checks, details=_health_details(request)),
        },
        status=200 if ready else 503,
    )


# --- Stalled builds ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def build_restart(request: HttpRequest, pk: int, *, model: type[BackgroundBuild]) -> HttpResponse:
    """Ask for confirmation, then restart a build that has stalled (core/builds.py): the
    annual review's and the digest's alike (``model`` comes from the URL pattern)."""
    build: BackgroundBuild = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    require(request.user, "committee.restart_build")
    if request.method == "POST":
        try:
            restart_stalled_build(build, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The build has started."))
        return redirect(build)
    return render(request, "committee/build_restart.html", {"build": build})


# --- Outgoing mail ------------------------------------------------------------------------------


@login_required
def mail_list(request: HttpRequest) -> HttpResponse:
    """Every message the system sent or tried to send (meeting notices, circulated documents,
    digests), newest first, with whether it went out: a failed one can be sent again."""
    require(request.user, "committee.see_outgoing_mail")
    filterset = OutgoingMailFilterSet(request.GET, queryset=OutgoingMail.objects.all())
    valid = filterset.is_valid()
    rows = filterset.qs if valid else OutgoingMail.objects.none()
    page = page_of(request, rows.defer("body", "html_body"), PAGE_SIZE)
    return render(
        request,
        "committee/mail_list.html",
        {"form": filterset.form, "page": page, "messages_sent": page.object_list},
        status=200 if valid else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mail_resend(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, then send a failed message again (secretariat)."""
    require(request.user, "committee.resend_mail")
    outgoing = get_object_or_404(OutgoingMail, pk=pk)
    if request.method == "POST":
        try:
            mail.resend_mail(outgoing, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The message is being sent again."))
        return redirect("committee:mail")
    return render(request, "committee/mail_resend.html", {"outgoing": outgoing})


# --- Audit log -----------------------------------------------------------------------------------


@login_required
def audit_log(request: HttpRequest, log: str) -> HttpResponse:
    """Who changed what (``log="changes"``) or who signed in (``log="sign-ins"``), newest first,
    filtered by person and dates (and kind of record, for changes)."""
    require(request.user, "committee.see_audit_log")
    form = audit.AuditFilterForm(request.GET, kinds=log == "changes")
    rows: Sequence[audit.Change | audit.SignIn] = []
    older: datetime | None = None
    if form.is_valid():
        rows, older = (audit.changes if log == "changes" else audit.sign_ins)(form)
    filters = ("person", "kind", "since", "until", "before")
    return render(
        request,
        "committee/audit.html",
        {
            "log": log,
            "form": form,
            "rows": rows,
            "older": older.isoformat() if older else "",
            "filtered": any(request.GET.get(name) for name in filters),
        },
        status=200 if form.is_valid() else 400,
    )
