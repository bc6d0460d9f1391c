"""Site-wide pages: the home page and the health checks."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from committee.caching import cache_public_page
from committee.health import readiness, run_checks
from states.choices import RegionalGroup, ReportKind
from states.models import COUNTS_AS_REPORTED, MemberState


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    """How many states have submitted a first report, overall and by regional group."""
    reported = Q(reports__kind=ReportKind.FIRST, reports__status__in=COUNTS_AS_REPORTED)
    rows = (
        MemberState.objects.values("regional_group")
        .annotate(
            total=Count("id", distinct=True), reported=Count("id", filter=reported, distinct=True)
        )
        .order_by("regional_group")
    )
    by_group = {row["regional_group"]: row for row in rows}
    groups = []
    for value, label in RegionalGroup.choices:
        row = by_group.get(value, {"total": 0, "reported": 0})
        percent = round(100 * row["reported"] / row["total"]) if row["total"] else 0
        groups.append(
            {
                "value": value,
                "label": label,
                "total": row["total"],
                "reported": row["reported"],
                "percent": percent,
            }
        )
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


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, checks = run_checks()
    failed = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "failed": failed, "checks": checks},
        status=200 if healthy else 503,
    )


@never_cache
def livez(request: HttpRequest) -> JsonResponse:
    """Liveness: the process serves requests. No dependency is asked, so that a database or
    Redis outage never gets healthy processes restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 503 only when the database does not answer; the cache and the broker are
    reported (pages keep serving without them; committee/health.py)."""
    ready, checks = readiness()
    failed = [name for name, result in checks.items() if not result["ok"]]
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "failed": failed, "checks": checks},
        status=200 if ready else 503,
    )
