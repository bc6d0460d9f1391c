"""What the website's search finds of the states app: published national reports (with the
text of their documents), effective practices and national action plans, published versions of
the 1540 matrices and the member states themselves. Registered with the search registry
(core/search.py) when the app is ready; the search (outreach) reads them there."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from core import search
from states.choices import ReportStatus
from states.matrices.choices import MatrixStatus
from states.matrices.models import Matrix, MatrixEntry
from states.models import MemberState
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
        "state_code": report.state.iso3,
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
        "state_code": item.state.iso3,
        "date": item.published_at.date() if item.published_at else None,
    }


def matrix_entry(pk: int) -> dict | None:
    """A published version of a state's matrix: the text of each field it says something about
    (a mark, a legal reference or remarks), with the legal reference and the remarks. The empty
    fields are left out: every matrix has them all, and "nuclear" would otherwise find every
    state's matrix, whatever it says. The matrix is kept in English (8(d))."""
    matrix = Matrix.objects.select_related("state").filter(pk=pk).first()
    if matrix is None or not matrix.is_published:
        return None
    rows = (
        MatrixEntry.objects.filter(matrix=matrix)
        .exclude(mark="", legal_reference="", remarks="")
        .select_related("field")
        .order_by("field__position")
    )
    texts = [
        "\n".join(part for part in (row.field.text, row.legal_reference, row.remarks) if part)
        for row in rows
    ]
    titles = {}
    for code in settings.MODELTRANSLATION_LANGUAGES:
        # "China — matrix version 2" in each reader's language, the state's name included.
        with translation.override(code):
            titles[f"title_{code.replace('-', '_')}"] = str(matrix)
    return {
        **titles,
        "title": titles["title_en"],
        "body": "\n".join(texts),
        "url": matrix.get_absolute_url(),
        "state_name": matrix.state.name_en,
        "state_code": matrix.state.iso3,
        "date": matrix.published_at.date() if matrix.published_at else None,
    }


def state_entry(pk: int) -> list[dict] | None:
    """A member state, once for each language its names are kept in: its short name (searched
    as the title) and its formal name. Every member state is public."""
    state = MemberState.objects.filter(pk=pk).first()
    if state is None:
        return None
    common = {
        "url": state.get_absolute_url(),
        "state_name": state.name_en,
        "state_code": state.iso3,
    }
    return [{**values, **common} for values in search.per_language(state, "name", "formal_name")]


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
    search.register(
        "matrix",
        entry=matrix_entry,
        public=lambda: Matrix.objects.filter(status=MatrixStatus.PUBLISHED),
    )
    search.register("state", entry=state_entry, public=lambda: MemberState.objects.all())
    # The matrices' services and the states' loading command do not call index_on_commit():
    # the entry follows the row (a published matrix's entries no longer change).
    search.follow(Matrix, "matrix")
    search.follow(MemberState, "state")
