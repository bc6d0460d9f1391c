"""The figures and tables of the generated annual review (committee/work/annual_review.py) that
a chapter of the written review places in its text (8(a)): a line ``[[figure:<name>]]``. Each
figure is a table or a paragraph of figures of one generated chapter, rendered by the same
template fragment as in the generated review (``templates/committee/review/figures/``), so that
the generated data stay the single source of every number the Committee's text shows.

The generated figures are computed once per rendering (``annual_review.build_context``), for
every chapter at once: placing more figures adds no query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committee.work import annual_review

MARKER = re.compile(r"\[\[\s*figure\s*:\s*([^\]\s]*)\s*\]\]")


@dataclass(frozen=True)
class Figure:
    name: str
    title: str | Promise
    # The slug of the generated chapter whose data the fragment reads.
    chapter: str

    @property
    def template(self) -> str:
        return f"committee/review/figures/{self.name}.html"

    @property
    def marker(self) -> str:
        return f"[[figure:{self.name}]]"


FIGURES: dict[str, Figure] = {
    figure.name: figure
    for figure in [
        Figure("reporting_in_figures", gettext_lazy("Reporting status in figures"), "reporting"),
        Figure(
            "first_reports_by_region", gettext_lazy("First reports by regional group"), "reporting"
        ),
        Figure(
            "states_without_first_report",
            gettext_lazy("States that had not submitted a first report (8 (b))"),
            "reporting",
        ),
        Figure(
            "matrix_fields_by_section",
            gettext_lazy("Fields marked by section and weapon type"),
            "matrices",
        ),
        Figure(
            "matrices_by_regional_group",
            gettext_lazy("Approved matrices by regional group"),
            "matrices",
        ),
        Figure("assistance_by_area", gettext_lazy("By assistance area"), "assistance"),
        Figure("events_by_kind", gettext_lazy("Events held by kind"), "outreach"),
        Figure("events_by_region", gettext_lazy("Events held by region"), "outreach"),
        Figure(
            "working_groups_activity",
            gettext_lazy("The working groups' meetings and documents"),
            "working-groups",
        ),
        Figure("meetings_by_kind", gettext_lazy("Meetings of the year by kind"), "working-groups"),
        Figure(
            "programme_by_working_group",
            gettext_lazy("Programme of work: items by working group and status"),
            "programme",
        ),
        Figure(
            "programme_items",
            gettext_lazy("Programme of work: where each item stood"),
            "programme",
        ),
    ]
}


def markers_in(text: str) -> list[str]:
    """The names of the figures ``text`` places, in order."""
    return MARKER.findall(text or "")


def check_markers(text: str, *, field: str = "text") -> None:
    """Refuse a text that places a figure the catalogue does not have, naming it."""
    unknown = [name for name in markers_in(text) if name not in FIGURES]
    if unknown:
        raise ValidationError(
            {
                field: _(
                    "There is no figure “%(names)s”: choose one from the list of figures "
                    "(for example %(example)s)."
                )
                % {
                    "names": "”, “".join(unknown),
                    "example": FIGURES["first_reports_by_region"].marker,
                }
            }
        )


@dataclass(frozen=True)
class Part:
    """A piece of a chapter as rendered: a paragraph of text or a figure (already HTML)."""

    text: str = ""
    figure: Figure | None = None
    html: SafeString | None = None


def parts_of(text: str, context: dict[str, Any] | None) -> list[Part]:
    """The chapter's text as paragraphs (split at empty lines) and figures in place. With
    ``context`` (``annual_review.build_context``) the figures are rendered; without it (a page
    that shows the text alone) they are named. A generated chapter that has no data (no
    programme loaded, no approved matrix) renders its figure as a note saying so."""
    chapters = {chapter.slug: chapter for chapter in (context or {}).get("chapters", [])}
    parts: list[Part] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        position = 0
        for match in MARKER.finditer(block):
            before = block[position : match.start()].strip()
            if before:
                parts.append(Part(text=before))
            figure = FIGURES.get(match[1])
            if figure is not None:
                parts.append(Part(figure=figure, html=_render(figure, context, chapters)))
            position = match.end()
        rest = block[position:].strip()
        if rest:
            parts.append(Part(text=rest))
    return parts


def _render(figure: Figure, context: dict[str, Any] | None, chapters: dict) -> SafeString | None:
    if context is None:
        return None
    chapter = chapters.get(figure.chapter)
    if chapter is None:
        return format_html(
            "<p class='muted'>{}</p>", _("There are no data for this figure as at that day.")
        )
    return mark_safe(  # noqa: S308 - rendered by our own template, autoescaped
        render_to_string(figure.template, {"data": chapter.data, "period": context["period"]})
    )


def figures_context(year: int, as_at: date) -> dict[str, Any]:
    """Every generated figure of ``year`` as at ``as_at``: one computation for the whole review."""
    period = annual_review.ReviewPeriod(year=year, as_at=as_at)
    return annual_review.build_context(period)
