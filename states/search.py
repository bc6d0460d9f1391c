"""What the website's search finds of the states app: published national reports (with the
text of their documents), effective practices and national action plans. Registered with the
search registry (core/search.py) when the app is ready; the search (outreach) reads them there."""

from __future__ import annotations

from core import search
from states.choices import ReportStatus
from states.practices.models import EffectivePractice, NationalActionPlan
from states.reports.models import NationalReport


def report_entry(pk: int) -> list[dict] | None:
    report = (
        NationalReport.objects.select_related("state")
        .prefetch_related("documents")
        .filter(pk=pk)
        .first()
    )
    if report is None or not report.is_published:
        return None
    common = {
        "title": report.title or f"{report.state.name}: {report.get_kind_display()}",
        "body": report.symbol,
        "url": report.get_absolute_url(),
        "state_name": report.state.name,
        "date": report.submitted_on,
    }
    # One entry per language the report is published in: each document's text is searched
    # with its own language's stemming (outreach/search.py).
    return [
        {**common, "language": version.language, "document": version} for version in report.versions
    ] or [common]


def _shared_entry(model, pk: int) -> dict | None:
    item = model.objects.select_related("state").filter(pk=pk).first()
    if item is None or not item.is_published:
        return None
    return {
        "language": item.language,
        "title": item.title,
        "body": item.summary,
        "document": item,
        "url": item.get_absolute_url(),
        "state_name": item.state.name,
        "date": item.published_at.date() if item.published_at else None,
    }


def register() -> None:
    search.register(
        "report",
        entry=report_entry,
        public=lambda: NationalReport.objects.filter(status=ReportStatus.PUBLISHED),
    )
    search.register(
        "practice",
        entry=lambda pk: _shared_entry(EffectivePractice, pk),
        public=lambda: EffectivePractice.objects.published(),
    )
    search.register(
        "action_plan",
        entry=lambda pk: _shared_entry(NationalActionPlan, pk),
        public=lambda: NationalActionPlan.objects.published(),
    )
