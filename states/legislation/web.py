"""What the matrix pages read of the register: the choices of report and act an entry of a
state's matrix may cite."""

from __future__ import annotations

from django.utils.formats import date_format

from states.legislation.models import NationalLegislation
from states.reports.models import NationalReport


def source_choices(state_id: int) -> dict[str, list[tuple[int, str]]]:
    """The reports the state has submitted (newest first) and its acts, as (id, label) pairs
    for the selects of a section's edit page: two queries for the whole section."""
    reports = [
        (
            report.pk,
            f"{report.get_kind_display()}, {date_format(report.submitted_on)}"
            if report.submitted_on
            else str(report.get_kind_display()),
        )
        for report in NationalReport.objects.filter(state_id=state_id)
        .exclude(status="draft")
        .order_by("-submitted_on", "-pk")
    ]
    acts = [
        (act.pk, f"{act.title} ({act.year})")
        for act in NationalLegislation.objects.filter(state_id=state_id).order_by("-year", "title")
    ]
    return {"reports": reports, "acts": acts}
