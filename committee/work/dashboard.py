"""Quantitative measures of the committee's work (programme of work 12(h)): each figure is one
function returning a table (columns and rows) that the dashboard page draws as a chart and a
table, the API returns as JSON and the CSV download writes out. Reads the other apps; writes
nothing. Every figure costs a fixed number of queries, whatever the number of rows behind it.

Each figure is one function, listed in ``FIGURES``. Titles, descriptions, column headings and
the labels of rows are in the reader's language (the page's, the API's Accept-Language, the CSV's
request): a figure is built for each request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assistance.choices import REQUEST_MATCHED, DigestBuildStatus, MatchStatus, RequestStatus
from assistance.filtersets import AssistanceRequestFilterSet
from assistance.models import AssistanceRequest, Match, QuarterlyDigest
from committee.work import progress
from committee.work.annual_review import FIRST_YEAR
from committee.work.choices import AnnualReviewStatus, WorkingGroupNumber, WorkItemStatus
from committee.work.models import AnnualReview, WorkItem
from core.exports import csv_text
from core.models import OutgoingMail, OutgoingMailStatus, User
from outreach.choices import EventKind, EventStatus
from outreach.models import Event
from states.choices import RegionalGroup, ReportKind, ReportStatus
from states.matrices.choices import APPROVED_STATUSES, MatrixStatus
from states.matrices.models import Matrix
from states.models import COUNTS_AS_REPORTED, MemberState
from states.practices.models import EffectivePractice, NationalActionPlan
from states.reports.models import NationalReport
from workinggroups.choices import MeetingKind, MeetingStatus
from workinggroups.models import Meeting, MeetingDocument


@dataclass
class Figure:
    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # Which column the chart draws as bars (a count), and which labels them.
    chart_column: int = 1

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "columns": self.columns,
            "rows": self.rows,
        }

    def as_csv(self) -> str:
        # The shared writer: labels come from states' and users' text (core/exports.py).
        return csv_text([self.columns, *self.rows])

    def bars(self) -> list[dict]:
        """Label, value and width (percent of the largest) for the chart."""
        values = [row[self.chart_column] or 0 for row in self.rows]
        largest = max(values, default=0) or 1
        return [
            {"label": row[0], "value": value, "width": round(100 * value / largest, 1)}
            for row, value in zip(self.rows, values, strict=True)
        ]


def work_items_by_status() -> Figure:
    """Items of the current programme by lead working group and status."""
    counts = {
        (row["lead_working_group"], row["status"]): row["n"]
        for row in WorkItem.objects.current()
        .values("lead_working_group", "status")
        .annotate(n=Count("id"))
        .order_by()
    }
    statuses = WorkItemStatus.values
    rows = []
    for number, label in WorkingGroupNumber.choices:
        values = [counts.get((number, status), 0) for status in statuses]
        rows.append([label, sum(values), *values])
    return Figure(
        key="work-items",
        title=_("Programme of work: items by working group and status"),
        description=_("Items of the current programme of work, by lead working group."),
        columns=[_("Working group"), _("Items"), *[WorkItemStatus(s).label for s in statuses]],
        rows=rows,
    )


def _reported() -> Q:
    return Q(reports__kind=ReportKind.FIRST, reports__status__in=COUNTS_AS_REPORTED)


def first_reports_by_regional_group() -> Figure:
    rows = [
        [g["label"], g["reported"], g["not_reported"], g["total"]]
        for g in MemberState.objects.first_reports_by_regional_group()
    ]
    total = sum(r[3] for r in rows)
    reported = sum(r[1] for r in rows)
    rows.append([_("All member states"), reported, total - reported, total])
    return Figure(
        key="first-reports",
        title=_("States with and without a first report, by regional group"),
        description=_("Programme of work 8(b): universal reporting."),
        columns=[
            _("Regional group"),
            _("With a first report"),
            _("Without a first report"),
            _("States"),
        ],
        rows=rows,
    )


def first_reports_over_time() -> Figure:
    """How many states had reported by the end of each year since 2004."""
    # One date per state (at most 193 rows): counted here, as SQL cannot group by the year of
    # an aggregate.
    firsts = (
        MemberState.objects.annotate(first_on=Min("reports__submitted_on", filter=_reported()))
        .filter(first_on__isnull=False)
        .values_list("first_on", flat=True)
    )
    per_year = Counter(first_on.year for first_on in firsts)
    rows = []
    cumulative = 0
    last_year = max([timezone.localdate().year, *per_year])
    for year in range(min([FIRST_YEAR, *per_year]), last_year + 1):
        cumulative += per_year.get(year, 0)
        rows.append([year, per_year.get(year, 0), cumulative])
    return Figure(
        key="first-reports-over-time",
        title=_("First reports over time"),
        description=_(
            "First reports submitted each year, and states that had reported by its end."
        ),
        columns=[
            _("Year"),
            _("First reports submitted"),
            _("States reported by the end of the year"),
        ],
        rows=rows,
        chart_column=2,
    )


def reports_this_year() -> Figure:
    year = timezone.localdate().year
    counts = {
        row["kind"]: row["n"]
        for row in NationalReport.objects.filter(
            status__in=COUNTS_AS_REPORTED, submitted_on__year=year
        )
        .values("kind")
        .annotate(n=Count("id"))
        .order_by()
    }
    return Figure(
        key="reports-this-year",
        title=_("National reports received in %(year)s") % {"year": year},
        description=_("First reports and additional information submitted this year."),
        columns=[_("Kind"), _("Reports")],
        rows=[[label, counts.get(value, 0)] for value, label in ReportKind.choices],
    )


def meetings_this_year() -> Figure:
    year = timezone.localdate().year
    counts = {
        (row["kind"], row["status"]): row["n"]
        for row in Meeting.objects.filter(starts_at__year=year)
        .values("kind", "status")
        .annotate(n=Count("id"))
        .order_by()
    }
    rows = [
        [label, *[counts.get((value, status), 0) for status in MeetingStatus.values]]
        for value, label in MeetingKind.choices
    ]
    return Figure(
        key="meetings",
        title=_("Meetings in %(year)s") % {"year": year},
        description=_("Working-group and Committee meetings of the year, by status (4-5, 12(a))."),
        columns=[_("Kind of meeting"), *[MeetingStatus(s).label for s in MeetingStatus.values]],
        rows=rows,
    )


def late_documents() -> Figure:
    """Meeting documents per year of their meeting, and how many were circulated late."""
    rows = [
        [row["year"], row["documents"], row["late"]]
        for row in MeetingDocument.objects.annotate(year=ExtractYear("meeting__starts_at"))
        .values("year")
        .annotate(documents=Count("id"), late=Count("id", filter=Q(late=True)))
        .order_by("year")
    ]
    return Figure(
        key="late-documents",
        title=_("Meeting documents circulated late"),
        description=_(
            "Paragraph 5: documents go to all delegations before the meeting. Late: after the "
            "meeting started, or with less than the required notice."
        ),
        columns=[_("Year"), _("Documents circulated"), _("Circulated late")],
        rows=rows,
        chart_column=2,
    )


def matrices_approved_this_year() -> Figure:
    """Matrix versions the committee approved this year, by regional group (8(d))."""
    year = timezone.localdate().year
    counts = {
        row["state__regional_group"]: row
        for row in Matrix.objects.filter(status__in=APPROVED_STATUSES, approved_at__year=year)
        .values("state__regional_group")
        .annotate(matrices=Count("id"), states=Count("state", distinct=True))
        .order_by()
    }
    rows = [
        [label, counts.get(value, {}).get("matrices", 0), counts.get(value, {}).get("states", 0)]
        for value, label in RegionalGroup.choices
    ]
    return Figure(
        key="matrices-approved",
        title=_("Matrices approved in %(year)s") % {"year": year},
        description=_(
            "Versions of the states' 1540 matrices approved by the Committee this year, by "
            "regional group (8(d))."
        ),
        columns=[_("Regional group"), _("Matrices approved"), _("States")],
        rows=rows,
    )


def assistance_this_year() -> Figure:
    """Assistance requests received this year, how many of them are matched, and matches
    delivered this year (9(a), 9(c))."""
    year = timezone.localdate().year
    requests = AssistanceRequest.objects.filter(date_received__year=year).aggregate(
        received=Count("id"), matched=Count("id", filter=Q(status__in=REQUEST_MATCHED))
    )
    delivered = Match.objects.filter(
        status__in=[MatchStatus.DELIVERED, MatchStatus.CLOSED], delivered_on__year=year
    ).count()
    return Figure(
        key="assistance",
        title=_("Assistance in %(year)s") % {"year": year},
        description=_(
            "Requests received this year, those of them matched with a provider, and matches "
            "whose assistance was delivered this year (9(a), 9(c))."
        ),
        columns=[pgettext("a figure", "Measure"), pgettext("a number", "Count")],
        rows=[
            [_("Requests received"), requests["received"]],
            [_("of which matched"), requests["matched"]],
            [_("Matches delivered"), delivered],
        ],
    )


def events_held() -> Figure:
    """Outreach events held, by year and kind (8(c), 11(b)(i))."""
    rows = [
        [row["year"], row["n"], row["training"]]
        for row in Event.objects.filter(status=EventStatus.HELD)
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(n=Count("id"), training=Count("id", filter=Q(kind=EventKind.POC_TRAINING)))
        .order_by("year")
    ]
    return Figure(
        key="events-held",
        title=_("Outreach events held"),
        description=_(
            "Workshops, conferences, country visits, training courses for points of contact "
            "and other outreach events held, by year (8(c), 11)."
        ),
        columns=[_("Year"), _("Events held"), _("of which training courses for points of contact")],
        rows=rows,
    )


def programme_progress_by_area() -> Figure:
    """The programme by area, with where its items stand from the records of the work
    (committee/work/progress.py): items, records, the items of each status, the latest date."""
    items = WorkItem.objects.current().select_related("programme")
    statuses = WorkItemStatus.values
    rows = [
        [
            row["area"],
            row["records"],
            row["items"],
            *[row["statuses"][status] for status in statuses],
            date_format(row["latest"], "SHORT_DATE_FORMAT") if row["latest"] else "—",
        ]
        for row in progress.by_area(items)
    ]
    return Figure(
        key="programme-progress",
        title=_("Programme of work: progress by area"),
        description=_(
            "Items of the current programme by area, with the records of the work that carried "
            "them out and the status those give (or the secretariat set)."
        ),
        columns=[
            _("Area"),
            _("Records of the work"),
            _("Items"),
            *[WorkItemStatus(s).label for s in statuses],
            _("Latest"),
        ],
        rows=rows,
    )


FIGURES: dict[str, Callable[[], Figure]] = {
    "programme-progress": programme_progress_by_area,
    "work-items": work_items_by_status,
    "first-reports": first_reports_by_regional_group,
    "first-reports-over-time": first_reports_over_time,
    "reports-this-year": reports_this_year,
    "meetings": meetings_this_year,
    "late-documents": late_documents,
    "matrices-approved": matrices_approved_this_year,
    "assistance": assistance_this_year,
    "events-held": events_held,
}


def figure(key: str) -> Figure | None:
    builder = FIGURES.get(key)
    return builder() if builder else None


def all_figures() -> list[Figure]:
    return [builder() for builder in FIGURES.values()]


# --- Each role's home: what waits for the reader ------------------------------------------------
# The worklists read every app, as the figures above do, so they live in this module (the only
# one of committee.work that may read assistance, outreach and working groups: pyproject's
# import-linter contracts). committee/work/home.py picks the reader's home and draws it.


@dataclass(frozen=True)
class Waiting:
    """One count on a home page, linking to the list filtered to exactly what it counts."""

    label: str
    count: int | None  # None: a link without a count (the latest digest)
    url: str


def _this_week() -> tuple[date, date]:
    """Today and the six days after it, in the site's time zone."""
    today = timezone.localdate()
    return today, today + timedelta(days=6)


def _this_weeks_meetings() -> str:
    """The meeting list's own filters for the scheduled meetings of this week."""
    first, last = _this_week()
    return urlencode(
        {
            "starts_after": first.isoformat(),
            "starts_before": last.isoformat(),
            "status": MeetingStatus.SCHEDULED,
        }
    )


def _meetings_this_week(user: User | AnonymousUser) -> dict:
    first, last = _this_week()
    return (
        Meeting.objects.visible_to(user)
        .filter(
            status=MeetingStatus.SCHEDULED,
            starts_at__date__gte=first,
            starts_at__date__lte=last,
        )
        .aggregate(
            meetings=Count("pk", distinct=True),
            without_documents=Count("pk", filter=Q(documents__isnull=True), distinct=True),
        )
    )


def secretariat_worklist(user: User | AnonymousUser) -> list[Waiting]:
    """Inbox, submissions to publish, comments to answer, failed mail, builds, this week."""
    reports = NationalReport.objects.visible_to(user).awaiting_publication().count()
    practices = EffectivePractice.objects.visible_to(user).awaiting_publication().count()
    plans = NationalActionPlan.objects.visible_to(user).awaiting_publication().count()
    comments = Matrix.objects.visible_to(user).filter(status=MatrixStatus.COMMENTED).count()
    failed_mail = OutgoingMail.objects.filter(status=OutgoingMailStatus.FAILED).count()
    reviews = AnnualReview.objects.filter(
        status__in=[AnnualReviewStatus.QUEUED, AnnualReviewStatus.BUILDING]
    ).count()
    digests = QuarterlyDigest.objects.filter(
        build_status__in=[DigestBuildStatus.QUEUED, DigestBuildStatus.RUNNING]
    ).count()
    week = _meetings_this_week(user)
    when = _this_weeks_meetings()
    return [
        Waiting(_("Reports awaiting publication"), reports, reverse("states:inbox")),
        Waiting(
            _("Effective practices awaiting publication"),
            practices,
            reverse("states:practice-list") + "?status=submitted",
        ),
        Waiting(
            _("Action plans awaiting publication"),
            plans,
            reverse("states:action-plan-list") + "?status=submitted",
        ),
        Waiting(
            _("Matrices with comments to answer"),
            comments,
            reverse("states:matrix-list") + f"?status={MatrixStatus.COMMENTED}",
        ),
        Waiting(_("Mail that failed"), failed_mail, reverse("committee:mail") + "?status=failed"),
        Waiting(_("Annual reviews building"), reviews, reverse("committee:annual-reviews")),
        Waiting(_("Assistance digests building"), digests, reverse("assistance:digest-list")),
        Waiting(
            _("Meetings this week"),
            week["meetings"],
            reverse("workinggroups:meeting-list") + f"?{when}",
        ),
        Waiting(
            _("Meetings this week without documents"),
            week["without_documents"],
            reverse("workinggroups:meeting-list") + f"?{when}",
        ),
    ]


def _requests(user: User | AnonymousUser, label: str, **filters: str) -> Waiting:
    """Assistance requests counted by the list page's own filters, from the very query string
    the count links to: the count is the length of the list."""
    query = urlencode(filters)
    rows = AssistanceRequestFilterSet(
        QueryDict(query), queryset=AssistanceRequest.objects.visible_to(user)
    )
    count = rows.qs.count() if rows.is_valid() else 0
    return Waiting(label, count, reverse("assistance:request-list") + f"?{query}")


def expert_worklist(user: User | AnonymousUser) -> list[Waiting]:
    """Matrices in review, comments to answer, requests to match and stale requests."""
    matrices = Matrix.objects.visible_to(user).aggregate(
        sent=Count("pk", filter=Q(status=MatrixStatus.SENT)),
        commented=Count("pk", filter=Q(status=MatrixStatus.COMMENTED)),
    )
    matrix_list = reverse("states:matrix-list")
    return [
        Waiting(
            _("Matrices with the states for review"),
            matrices["sent"],
            f"{matrix_list}?status={MatrixStatus.SENT}",
        ),
        Waiting(
            _("Matrices with comments to answer"),
            matrices["commented"],
            f"{matrix_list}?status={MatrixStatus.COMMENTED}",
        ),
        _requests(user, _("Requests to match"), status=RequestStatus.CIRCULATED),
        _requests(user, _("Requests posted on the website, to match"), status=RequestStatus.POSTED),
        _requests(user, _("Requests with no movement for 90 days"), stale="true"),
    ]


def member_worklist(user: User | AnonymousUser) -> list[Waiting]:
    """Meetings this week, documents circulated and the latest digest. Matrices awaiting the
    Committee's approval are not listed: a delegation reads published matrices only
    (states.read_matrix), and the secretariat records the approval."""
    week = _meetings_this_week(user)
    today = timezone.localdate()
    # The documents of the meetings to come: the list of those meetings shows them.
    circulated = (
        MeetingDocument.objects.visible_to(user)
        .filter(meeting__status=MeetingStatus.SCHEDULED, meeting__starts_at__date__gte=today)
        .count()
    )
    digests = QuarterlyDigest.objects.visible_to(user).filter(build_status=DigestBuildStatus.DONE)
    latest = digests.order_by("-year", "-quarter", "-pk").first()
    meetings = reverse("workinggroups:meeting-list")
    waiting = [
        Waiting(_("Meetings this week"), week["meetings"], f"{meetings}?{_this_weeks_meetings()}"),
        Waiting(
            _("Documents circulated for the meetings to come"),
            circulated,
            f"{meetings}?{urlencode({'starts_after': today, 'status': MeetingStatus.SCHEDULED})}",
        ),
    ]
    if latest is not None:
        waiting.append(
            Waiting(
                _("Latest assistance digest: %(year)s, quarter %(quarter)s")
                % {"year": latest.year, "quarter": latest.quarter},
                None,
                reverse("assistance:digest-detail", args=[latest.pk]),
            )
        )
    return waiting


def poc_worklist(user: User | AnonymousUser) -> list[Waiting]:
    """What the Committee waits for from the POC's state, and what it sent them."""
    state = getattr(user, "state", None)
    if state is None:
        return []
    drafts = (
        NationalReport.objects.visible_to(user)
        .filter(state=state, status=ReportStatus.DRAFT)
        .count()
    )
    to_review = (
        Matrix.objects.visible_to(user).filter(state=state, status=MatrixStatus.SENT).count()
    )
    iso3 = state.iso3
    return [
        Waiting(_("Draft reports of your state"), drafts, reverse("states:my-state")),
        Waiting(
            _("Matrices sent for your review"),
            to_review,
            reverse("states:matrix-list") + f"?state={iso3}&status={MatrixStatus.SENT}",
        ),
        _requests(user, _("Your state's assistance requests"), state=iso3),
    ]


# --- The experts' workload (12(f)) ----------------------------------------------------------------


@dataclass
class ExpertLoad:
    """One expert's share of the work today: the states and items of the programme they lead,
    and what waits in those states."""

    expert: User
    states: list = field(default_factory=list)
    work_items: list = field(default_factory=list)
    open_matrix_reviews: int = 0
    open_assistance_requests: int = 0
    open_dialogue_follow_ups: int = 0


def expert_workload(experts: list[User], today: date | None = None) -> list[ExpertLoad]:
    """The workload of each of ``experts`` from their current assignments, in a fixed number of
    queries whatever the number of experts and states: the assignments (with their states and
    items), then one count per kind of waiting work, grouped by state."""
    from committee.work.models import ExpertAssignment
    from states.dialogue.models import DialogueFollowUp

    today = today or timezone.localdate()
    loads = {expert.pk: ExpertLoad(expert) for expert in experts}
    assignments = (
        ExpertAssignment.objects.current(today)
        .filter(expert__in=list(loads))
        .prefetch_related("states", "work_items")
    )
    state_ids: set[int] = set()
    for assignment in assignments:
        load = loads[assignment.expert_id]
        for state in assignment.states.all():
            if state not in load.states:
                load.states.append(state)
                state_ids.add(state.pk)
        for item in assignment.work_items.all():
            if item not in load.work_items:
                load.work_items.append(item)

    def by_state(queryset, key: str) -> Counter:
        return Counter({row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk"))})

    reviews = by_state(
        Matrix.objects.filter(
            state_id__in=state_ids, status__in=[MatrixStatus.SENT, MatrixStatus.COMMENTED]
        ),
        "state_id",
    )
    requests = by_state(
        AssistanceRequest.objects.filter(state_id__in=state_ids).exclude(
            status__in=[RequestStatus.COMPLETED, RequestStatus.WITHDRAWN, RequestStatus.CLOSED]
        ),
        "state_id",
    )
    follow_ups = by_state(
        DialogueFollowUp.objects.open().filter(dialogue__state_id__in=state_ids),
        "dialogue__state_id",
    )
    for load in loads.values():
        ids = [state.pk for state in load.states]
        load.states.sort(key=lambda state: state.name)
        load.open_matrix_reviews = sum(reviews[pk] for pk in ids)
        load.open_assistance_requests = sum(requests[pk] for pk in ids)
        load.open_dialogue_follow_ups = sum(follow_ups[pk] for pk in ids)
    return list(loads.values())
