"""What the annual review (programme of work 8(a)) says, chapter by chapter, from the data as it
stood at the end of the ``as_at`` day. Reads the other apps; writes nothing. Its words, the
states' names and every label are in the language active while it runs: the build's
(committee/work/reviews.py).

Each chapter is one function ``(period) -> Chapter | None`` in ``CHAPTERS``; the PDF template
renders them in that order, with the contents page built from the same list. A new chapter is
added the same way: write the function, append it to ``CHAPTERS``, give it a template under
``templates/committee/review/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.choices import REQUEST_UNMATCHED
from assistance.models import AssistanceArea, AssistanceOffer, AssistanceRequest, Match
from committee.work.choices import CommitteeRole, WorkingGroupNumber, WorkItemStatus
from committee.work.models import CommitteeMember, ProgrammeOfWork, WorkItem
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import Event
from states.choices import MatrixSectionCode, RegionalGroup, ReportKind, WeaponType
from states.matrices.statistics import compute as compute_matrix_statistics
from states.models import COUNTS_AS_REPORTED, MemberState, StateName, reader_order
from states.reports.models import NationalPointOfContact, NationalReport
from workinggroups.choices import MeetingKind, MeetingStatus
from workinggroups.models import Meeting, MeetingDocument, ProgressUpdate, WorkingGroup

# Resolution 1540 was adopted in April 2004: there is no review of an earlier year.
FIRST_YEAR = 2004


@dataclass(frozen=True)
class ReviewPeriod:
    """The year under review and the last day whose data counts."""

    year: int
    as_at: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end_of_as_at(self) -> datetime:
        """The first instant after the ``as_at`` day, in the site's time zone."""
        return timezone.make_aware(datetime.combine(self.as_at + timedelta(days=1), time.min))

    @property
    def start_of_year(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))


@dataclass
class Chapter:
    slug: str
    title: str
    template: str
    data: dict = field(default_factory=dict)


def _first_report_filter(period: ReviewPeriod) -> Q:
    # A first report counts from the day it was submitted (states.models.COUNTS_AS_REPORTED).
    return Q(
        reports__kind=ReportKind.FIRST,
        reports__status__in=COUNTS_AS_REPORTED,
        reports__submitted_on__lte=period.as_at,
    )


def member_states(period: ReviewPeriod):
    return MemberState.objects.filter(un_admission_date__lte=period.as_at)


def reporting_status(period: ReviewPeriod) -> Chapter:
    """First reports, additional information and national points of contact (8(b), 8(c))."""
    states = member_states(period)
    with_first = states.filter(_first_report_filter(period)).distinct()
    groups = [
        {
            "label": g["label"],
            "total": g["total"],
            "with_first_report": g["reported"],
            "without_first_report": g["not_reported"],
        }
        for g in states.first_reports_by_regional_group(as_at=period.as_at)
    ]
    submitted = NationalReport.objects.filter(
        status__in=COUNTS_AS_REPORTED,
        submitted_on__gte=period.start,
        submitted_on__lte=period.as_at,
    )
    contacts = NationalPointOfContact.objects.filter(since__lte=period.as_at).filter(
        Q(deactivated_on__isnull=True) | Q(deactivated_on__gt=period.as_at)
    )
    total = states.count()
    reported = with_first.count()
    return Chapter(
        slug="reporting",
        title=_("Reporting status"),
        template="committee/review/reporting.html",
        data={
            "total": total,
            "with_first_report": reported,
            "without_first_report": total - reported,
            "groups": groups,
            "first_reports_this_year": submitted.filter(kind=ReportKind.FIRST).count(),
            "additional_this_year": submitted.filter(kind=ReportKind.ADDITIONAL).count(),
            "states_with_additional": states.filter(
                reports__kind=ReportKind.ADDITIONAL,
                reports__status__in=COUNTS_AS_REPORTED,
                reports__submitted_on__lte=period.as_at,
            )
            .distinct()
            .count(),
            "states_with_contact": contacts.values("state").distinct().count(),
            "contacts": contacts.count(),
            # In the review's language and that language's order.
            "not_reported": list(
                states.exclude(pk__in=with_first.values("pk"))
                .order_by(reader_order())
                .values_list(StateName(), flat=True)
            ),
        },
    )


def working_groups(period: ReviewPeriod) -> Chapter:
    """The working groups' and the committee's meetings in the year, and the documents
    circulated for them, late ones counted (paragraphs 4-5, 12(a))."""
    meetings = Meeting.objects.filter(
        starts_at__gte=period.start_of_year, starts_at__lt=period.end_of_as_at
    ).exclude(status=MeetingStatus.CANCELLED)
    documents = MeetingDocument.objects.filter(
        meeting__in=meetings, circulated_at__lt=period.end_of_as_at
    )
    per_group = {
        row["working_group"]: row
        for row in meetings.filter(kind=MeetingKind.WORKING_GROUP)
        .values("working_group")
        .annotate(count=Count("id"))
    }
    docs_per_group = {
        row["meeting__working_group"]: row
        for row in documents.values("meeting__working_group").annotate(
            count=Count("id"), late=Count("id", filter=Q(late=True))
        )
    }
    groups = []
    for group in WorkingGroup.objects.select_related("chair__state"):
        meeting_row = per_group.get(group.pk, {"count": 0})
        doc_row = docs_per_group.get(group.pk, {"count": 0, "late": 0})
        groups.append(
            {
                "name": str(group),
                "chair": group.chair.state.name if group.chair else "",
                "meetings": meeting_row["count"],
                "documents": doc_row["count"],
                "late": doc_row["late"],
            }
        )
    by_kind = {
        row["kind"]: row["count"] for row in meetings.values("kind").annotate(count=Count("id"))
    }
    members = CommitteeMember.objects.serving_on(period.as_at).select_related("state")
    return Chapter(
        slug="working-groups",
        title=_("The Committee and its working groups"),
        template="committee/review/working_groups.html",
        data={
            "groups": groups,
            "meetings_by_kind": [
                {"label": label, "count": by_kind.get(value, 0)}
                for value, label in MeetingKind.choices
            ],
            "documents": documents.count(),
            "late_documents": documents.filter(late=True).count(),
            # The role named only for the chair and vice-chairs, in the review's language.
            "members": [
                {
                    "state": m.state.name,
                    "role": m.get_role_display() if m.role != CommitteeRole.MEMBER else "",
                }
                for m in members
            ],
        },
    )


def programme_progress(period: ReviewPeriod) -> Chapter | None:
    """Where each item of the programme of work stood at the end of ``as_at`` (12(a))."""
    programme = (
        ProgrammeOfWork.objects.filter(period_start__lte=period.as_at).order_by("-number").first()
    )
    if programme is None:
        return None
    # The items as they were then, from their history (django-simple-history); their words as
    # the programme gives them now, in the language the review is built in (the texts are not
    # progress: a correction or a translation of the data file applies to every year).
    items = sorted(
        WorkItem.history.as_of(period.end_of_as_at).filter(programme_id=programme.pk),
        key=lambda item: item.position,
    )
    summaries = {item.pk: item.beginning(20) for item in programme.items.all()}
    latest_note: dict[int, str] = {}
    for update in (
        ProgressUpdate.objects.filter(
            work_item__programme=programme, recorded_at__lt=period.end_of_as_at
        )
        .order_by("work_item_id", "-recorded_at", "-pk")
        .values("work_item_id", "note")
    ):
        latest_note.setdefault(update["work_item_id"], update["note"])
    by_status = {value: 0 for value in WorkItemStatus.values}
    by_group: dict[int, dict[str, int]] = {
        number: {value: 0 for value in WorkItemStatus.values}
        for number in WorkingGroupNumber.values
    }
    for item in items:
        by_status[item.status] += 1
        by_group[item.lead_working_group][item.status] += 1
    labels = dict(WorkItemStatus.choices)
    return Chapter(
        slug="programme",
        title=_("Progress against the programme of work"),
        template="committee/review/programme.html",
        data={
            "programme": programme,
            "by_status": [{"label": labels[s], "count": n} for s, n in by_status.items()],
            "by_group": [
                {
                    "label": WorkingGroupNumber(number).label,
                    "counts": [counts[s] for s in WorkItemStatus.values],
                    "total": sum(counts.values()),
                }
                for number, counts in by_group.items()
            ],
            "status_labels": [labels[s] for s in WorkItemStatus.values],
            "items": [
                {
                    "paragraph": item.paragraph,
                    "summary": summaries.get(item.pk) or item.beginning(20),
                    "group": item.lead_working_group,
                    "status": labels[item.status],
                    "progress": item.progress,
                    "note": latest_note.get(item.id, ""),
                }
                for item in items
            ],
        },
    )


def matrix_statistics(period: ReviewPeriod) -> Chapter | None:
    """Fields marked in the latest approved matrix of each state, by section and weapon type and
    by regional group, as approved by the end of ``as_at`` (8(d), 12(h))."""
    figures = compute_matrix_statistics(as_of=period.end_of_as_at)
    if not figures.states:
        return None
    sections = dict(MatrixSectionCode.choices)
    weapons = {"": "—", **dict(WeaponType.choices)}
    return Chapter(
        slug="matrices",
        title=_("The 1540 matrices"),
        template="committee/review/matrices.html",
        data={
            "states": figures.states,
            "fields": figures.fields,
            "average": figures.average,
            "by_section": [
                {
                    **row,
                    "section": sections.get(row["section"], row["section"]),
                    "weapon_type": weapons.get(row["weapon_type"], row["weapon_type"]),
                }
                for row in figures.by_section
            ],
            "by_regional_group": figures.by_regional_group,
        },
    )


def assistance(period: ReviewPeriod) -> Chapter:
    """Requests received and offers made in the year, matches agreed and delivered, requests
    still waiting, by assistance area (9(a)-(c))."""
    received = AssistanceRequest.objects.filter(
        date_received__gte=period.start, date_received__lte=period.as_at
    )
    offers = AssistanceOffer.objects.filter(
        created_at__gte=period.start_of_year, created_at__lt=period.end_of_as_at
    )
    matches = Match.objects.filter(
        created_at__gte=period.start_of_year, created_at__lt=period.end_of_as_at
    )
    delivered = Match.objects.filter(
        delivered_on__gte=period.start, delivered_on__lte=period.as_at
    ).count()
    waiting = AssistanceRequest.objects.filter(
        date_received__lte=period.as_at, status__in=REQUEST_UNMATCHED
    ).count()
    by_area = [
        {"name": row["name"], "requests": row["request_count"], "offers": row["offer_count"]}
        for row in AssistanceArea.objects.annotate(
            request_count=Count(
                "requests",
                filter=Q(
                    requests__date_received__gte=period.start,
                    requests__date_received__lte=period.as_at,
                ),
                distinct=True,
            ),
            offer_count=Count(
                "offers",
                filter=Q(
                    offers__created_at__gte=period.start_of_year,
                    offers__created_at__lt=period.end_of_as_at,
                ),
                distinct=True,
            ),
        )
        .values("name", "request_count", "offer_count")
        .order_by("name")
    ]
    return Chapter(
        slug="assistance",
        title=_("Assistance"),
        template="committee/review/assistance.html",
        data={
            "received": received.count(),
            "offers": offers.count(),
            "matches": matches.count(),
            "delivered": delivered,
            "waiting": waiting,
            "by_area": by_area,
        },
    )


def outreach(period: ReviewPeriod) -> Chapter:
    """Outreach and cooperation events held in the year up to ``as_at``, by kind and by region,
    with the organisations that took part (8(c), 10, 11)."""
    held = Event.objects.filter(
        status=EventStatus.HELD, start_date__gte=period.start, start_date__lte=period.as_at
    )
    by_kind = {row["kind"]: row["n"] for row in held.values("kind").annotate(n=Count("id"))}
    by_region = {row["region"]: row["n"] for row in held.values("region").annotate(n=Count("id"))}
    organizations = list(
        held.filter(organizations__isnull=False)
        .values_list("organizations__acronym", flat=True)
        .distinct()
        .order_by("organizations__acronym")
    )
    return Chapter(
        slug="outreach",
        title=_("Cooperation and outreach"),
        template="committee/review/outreach.html",
        data={
            "held": held.count(),
            "by_kind": [
                {"label": label, "count": by_kind.get(value, 0)}
                for value, label in EventKind.choices
            ],
            "by_region": [
                {"label": label, "count": by_region.get(value, 0)}
                for value, label in EventRegion.choices
            ],
            "organizations": organizations,
        },
    )


CHAPTERS: list[Callable[[ReviewPeriod], Chapter | None]] = [
    reporting_status,
    matrix_statistics,
    assistance,
    outreach,
    working_groups,
    programme_progress,
]


def annex(period: ReviewPeriod) -> list[dict]:
    """One line per member state: its reporting record as at the date."""
    contact_active = Q(
        points_of_contact__since__lte=period.as_at,
    ) & (
        Q(points_of_contact__deactivated_on__isnull=True)
        | Q(points_of_contact__deactivated_on__gt=period.as_at)
    )
    first = (
        member_states(period)
        .annotate(first_report_on=Min("reports__submitted_on", filter=_first_report_filter(period)))
        .values("pk", "iso3", "regional_group", "first_report_on", state_name=StateName())
        .order_by(reader_order())
    )
    additional = dict(
        member_states(period)
        .annotate(
            n=Count(
                "reports",
                filter=Q(
                    reports__kind=ReportKind.ADDITIONAL,
                    reports__status__in=COUNTS_AS_REPORTED,
                    reports__submitted_on__lte=period.as_at,
                ),
            )
        )
        .values_list("pk", "n")
    )
    contacts = dict(
        member_states(period)
        .annotate(n=Count("points_of_contact", filter=contact_active))
        .values_list("pk", "n")
    )
    groups = dict(RegionalGroup.choices)
    return [
        {
            "name": row["state_name"],
            "iso3": row["iso3"],
            "group": groups.get(row["regional_group"], row["regional_group"]),
            "first_report_on": row["first_report_on"],
            "additional": additional.get(row["pk"], 0),
            "contact": contacts.get(row["pk"], 0) > 0,
        }
        for row in first
    ]


def build_context(
    period: ReviewPeriod, *, progress: Callable[[int, str], None] | None = None
) -> dict:
    """Everything the PDF template needs. ``progress(percent, stage)`` is told as chapters
    are computed, for the progress indicator."""
    chapters = []
    for number, builder in enumerate(CHAPTERS):
        if progress:
            progress(10 + 50 * number // len(CHAPTERS), f"Chapter {number + 1}: {builder.__name__}")
        chapter = builder(period)
        if chapter is not None:
            chapters.append(chapter)
    if progress:
        progress(60, "Annex: member states")
    return {"period": period, "chapters": chapters, "annex": annex(period)}
