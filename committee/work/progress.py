"""Progress that follows the work: each item of the programme of work is carried out by records
the system already keeps (the annual reviews for 8(a), the reporting reminders and notes
verbales for 8(b), the matrices approved and converted for 8(d), the digests for 9(h), the
events held for 11(b)(i), the monthly meetings for 12(a)...). ``SOURCES`` declares them once:
which model, which of its rows count, which date each carries, which paragraphs it serves.

Where an item stands follows from its records (``derive_status``):

- no record: *not started*;
- a one-off item (``ONE_OFF``: the annual review of 8(a), the closed meeting of 8(m), the
  conversion of the matrices of 8(d)) is *in progress* from its first record and *completed*
  once it has as many records as it asks for (one review ready, one meeting held); one with no
  such number (8(d): every matrix converted) is completed only by the secretariat's word;
- every other item says "continue to ...": it never finishes. With records it is *continuing,
  on track*, unless it has a rhythm (``RHYTHM``: the digest at least every quarter for 9(h),
  a meeting every month for 12(a)) and its latest record is older than that, when it reads *in
  progress* (behind its rhythm).

A parent item (10(i), 11(b)) counts its sub-items' records with its own. Records count from the
start of the programme's period.

The secretariat may set another status with a reason, and keep a note (ProgressAssessment):
the pages show the status set, by whom, when and why, beside the derived one.

Each source reads its model by label (``apps.get_model``), as the models refer to one another:
this module reads every app's records without importing them, so the working groups' pages may
show progress (pyproject's import-linter contracts). The figures for a whole programme cost one
query per source plus one, whatever the number of items and records (``progress_of``); an item's
records one query per source that serves it (``records_for``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from committee.work.choices import WorkItemStatus
from committee.work.models import ProgressAssessment, ReviewRecommendation, WorkItem
from core.permissions import can

# How many records of one source an item's page lists (the newest); the count says how many
# there are in all.
RECORDS_SHOWN = 100


def _url(obj: Any) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class Source:
    """One kind of record that carries out items of the programme."""

    key: str
    label: str | Promise
    model: str  # "app_label.ModelName"
    dated_by: str  # the field giving the record's date (a date or a moment)
    paragraphs: tuple[str, ...] = ()  # the items it serves...
    paragraph_field: str = ""  # ...or the field in which each record names its paragraph
    where: Q = field(default_factory=Q)  # which rows count (held, sent, published...)
    select_related: tuple[str, ...] = ()
    title: Callable[[Any], str] = str
    url: Callable[[Any], str] = _url
    # Which records the public may see listed (None: none; they count all the same, the
    # status is public). Staff, experts and committee members see every record.
    public_where: Q | None = None

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def serves(self, paragraph: str) -> bool:
        return bool(self.paragraph_field) or paragraph in self.paragraphs

    def _is_moment(self) -> bool:
        return isinstance(
            self.model_class()._meta.get_field(self.dated_by.split("__")[0]), models.DateTimeField
        )

    def rows(self, since: date | None = None) -> models.QuerySet:
        rows = self.model_class()._default_manager.filter(self.where)
        if since is not None:
            lookup = f"{self.dated_by}__date__gte" if self._is_moment() else f"{self.dated_by}__gte"
            rows = rows.filter(**{lookup: since})
        return rows.exclude(**{f"{self.dated_by}__isnull": True})

    def day(self, value: date | datetime | None) -> date | None:
        if isinstance(value, datetime):
            return timezone.localdate(value)
        return value


def _event(kinds: Iterable[str] | None = None) -> Q:
    held = Q(status="held")
    return held & Q(kind__in=list(kinds)) if kinds is not None else held


def _meetings(*kinds: str) -> Q:
    return Q(status="held", kind__in=kinds)


def _reminder_url(reminder: Any) -> str:
    return reverse("committee:reminder-download", kwargs={"pk": reminder.pk})


def _reminder_title(reminder: Any) -> str:
    return f"{reminder.reference}: {reminder.state.name}"


def _conversion_url(conversion: Any) -> str:
    return conversion.matrix.get_absolute_url()


def _conversion_title(conversion: Any) -> str:
    return str(
        _("%(state)s: matrix version %(version)s in the new format")
        % {"state": conversion.matrix.state.name, "version": conversion.matrix.version}
    )


def _assignments_url(assignment: Any) -> str:
    return reverse("committee:expert-assignments")


def _note_title(note: Any) -> str:
    return f"{note.reference}: {note.subject}"


PUBLIC = Q()

# The records that carry out the programme's items, declared once. Add a source here and every
# page (the programme, the item, the dashboard) and the coverage document's test follow it.
SOURCES: tuple[Source, ...] = (
    Source(
        key="annual-reviews",
        label=_("Annual reviews built"),
        model="committee.AnnualReview",
        dated_by="finished_at",
        paragraphs=("8(a)",),
        where=Q(status="ready"),
    ),
    Source(
        key="written-reviews",
        label=_("Annual reviews adopted and issued"),
        model="committee.WrittenReview",
        dated_by="issued_on",
        paragraphs=("8(a)",),
        where=Q(status="issued"),
        title=lambda review: f"{review.symbol} ({review.year})",
        url=lambda review: reverse("committee:written-review", kwargs={"pk": review.pk}),
        public_where=Q(status="issued"),
    ),
    Source(
        key="reminders",
        label=_("Reporting reminders drafted"),
        model="committee.ReportingReminder",
        dated_by="drafted_at",
        paragraphs=("8(b)",),
        select_related=("state",),
        title=_reminder_title,
        url=_reminder_url,
    ),
    Source(
        # Every note that went out names the paragraph it serves (8(b) for the reminders).
        key="notes-verbales",
        label=_("Notes verbales and letters sent"),
        model="committee.Correspondence",
        dated_by="date",
        paragraph_field="paragraph",
        where=Q(direction="out", status__in=["sent", "acknowledged", "replied"]),
        title=_note_title,
    ),
    Source(
        key="dialogue",
        label=_("Dialogue held with States"),
        model="states.Dialogue",
        dated_by="held_on",
        paragraphs=("8(b)", "8(f)"),
        select_related=("state",),
    ),
    Source(
        key="training-courses",
        label=_("Training courses for points of contact held"),
        model="outreach.TrainingCourse",
        dated_by="held_on",
        paragraphs=("8(c)",),
        where=Q(status="held"),
        select_related=("event",),
        public_where=Q(event__is_public=True),
    ),
    Source(
        # Courses on the calendar with no record of the course behind them (those with one
        # count above, once).
        key="poc-training",
        label=_("Training courses for points of contact on the calendar, held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("8(c)",),
        where=_event(["poc_training"]) & Q(training_course__isnull=True),
        public_where=Q(is_public=True),
    ),
    Source(
        key="matrices-approved",
        label=_("Matrices approved"),
        model="states.Matrix",
        dated_by="approved_at",
        paragraphs=("8(d)",),
        where=Q(status__in=["approved", "published"]),
        select_related=("state",),
        public_where=Q(status="published"),
    ),
    Source(
        key="matrix-conversions",
        label=_("Matrices converted to the new format"),
        model="states.MatrixConversion",
        dated_by="converted_at",
        paragraphs=("8(d)",),
        select_related=("matrix__state",),
        title=_conversion_title,
        url=_conversion_url,
    ),
    Source(
        key="effective-practices",
        label=_("Effective practices published"),
        model="states.EffectivePractice",
        dated_by="published_at",
        paragraphs=("8(h)", "10(i)(i)"),
        select_related=("state",),
        public_where=PUBLIC,
    ),
    Source(
        key="action-plans",
        label=_("National action plans published"),
        model="states.NationalActionPlan",
        dated_by="published_at",
        paragraphs=("8(i)",),
        select_related=("state",),
        public_where=PUBLIC,
    ),
    Source(
        key="closed-expert-meetings",
        label=_("Closed meetings at expert level held"),
        model="workinggroups.Meeting",
        dated_by="starts_at",
        paragraphs=("8(m)",),
        where=_meetings("closed_expert"),
        title=lambda meeting: meeting.title,
    ),
    Source(
        key="assistance-requests",
        label=_("Assistance requests received"),
        model="assistance.AssistanceRequest",
        dated_by="date_received",
        paragraphs=("9(a)", "9(b)", "10(i)(ii)"),
    ),
    Source(
        key="assistance-offers",
        label=_("Assistance offers registered"),
        model="assistance.AssistanceOffer",
        dated_by="created_at",
        paragraphs=("9(a)", "9(b)"),
    ),
    Source(
        key="matches",
        label=_("Requests and offers matched"),
        model="assistance.Match",
        dated_by="created_at",
        paragraphs=("9(c)", "9(g)"),
    ),
    Source(
        key="assistance-events",
        label=_("Assistance conferences and workshops held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("9(d)", "9(e)", "9(f)"),
        where=_event(["assistance_conference", "workshop"]),
        public_where=Q(is_public=True),
    ),
    Source(
        key="assistance-projects",
        label=_("Assistance projects registered"),
        model="assistance.AssistanceProject",
        dated_by="start_date",
        paragraphs=("9(f)",),
        public_where=Q(is_public=True),
    ),
    Source(
        key="trust-fund",
        label=_("Voluntary contributions received"),
        model="assistance.TrustFundContribution",
        dated_by="date_received",
        paragraphs=("12(e)",),
        select_related=("contributor_state", "contributor_organization"),
    ),
    Source(
        key="digests",
        label=_("Quarterly assistance digests built"),
        model="assistance.QuarterlyDigest",
        dated_by="built_at",
        paragraphs=("9(h)",),
        where=Q(build_status="done"),
    ),
    Source(
        key="organisation-events",
        label=_("Events with international, regional and subregional organisations held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("10(a)", "10(e)", "10(g)", "12(b)", "12(d)"),
        where=_event(["conference", "workshop", "joint_visit"]) & Q(organizations__isnull=False),
        public_where=Q(is_public=True),
    ),
    Source(
        key="visits",
        label=_("Country visits held"),
        model="outreach.CountryVisit",
        dated_by="held_on",
        paragraphs=("9(d)", "10(f)", "10(i)(iii)"),
        where=Q(status__in=["held", "reported", "follow_up"]),
        select_related=("event",),
        public_where=Q(event__is_public=True),
    ),
    Source(
        # Visits on the calendar with no record of the visit behind them (those with one count
        # above, once).
        key="country-visits",
        label=_("Country visits on the calendar, held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("9(d)", "10(f)", "10(i)(iii)"),
        where=_event(["country_visit", "joint_visit"]) & Q(country_visit__isnull=True),
        public_where=Q(is_public=True),
    ),
    Source(
        key="events-held",
        label=_("Outreach events held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("11(b)(i)",),
        where=_event(),
        public_where=Q(is_public=True),
    ),
    Source(
        key="open-meetings",
        label=_("Open briefings held"),
        model="workinggroups.Meeting",
        dated_by="starts_at",
        paragraphs=("11(a)", "11(h)"),
        where=_meetings("open_briefing"),
        title=lambda meeting: meeting.title,
    ),
    Source(
        key="outreach-to-states",
        label=_("Workshops and conferences held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("8(j)", "8(k)", "11(a)", "11(h)"),
        where=_event(["workshop", "conference"]),
        public_where=Q(is_public=True),
    ),
    Source(
        key="cooperation-pages",
        label=_("Cooperation pages published"),
        model="outreach.CooperationPage",
        dated_by="updated_at",
        paragraphs=("10(h)", "11(b)(ii)"),
        where=Q(published=True),
        public_where=PUBLIC,
    ),
    Source(
        key="faq",
        label=_("Questions answered on the website"),
        model="outreach.FAQ",
        dated_by="updated_at",
        paragraphs=("11(b)(iii)",),
        where=Q(published=True),
        public_where=PUBLIC,
    ),
    Source(
        key="civil-society",
        label=_("Outreach to civil society and academia held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("11(c)", "11(e)"),
        where=_event(["civil_society", "academia"]),
        public_where=Q(is_public=True),
    ),
    Source(
        key="industry",
        label=_("Outreach to industry held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("11(d)", "11(e)"),
        where=_event(["industry"]),
        public_where=Q(is_public=True),
    ),
    Source(
        key="parliamentarians",
        label=_("Outreach to parliamentarians held"),
        model="outreach.Event",
        dated_by="start_date",
        paragraphs=("11(f)",),
        where=_event(["parliamentarians"]),
        public_where=Q(is_public=True),
    ),
    Source(
        key="monthly-meetings",
        label=_("Monthly informal meetings held"),
        model="workinggroups.Meeting",
        dated_by="starts_at",
        paragraphs=("12(a)",),
        where=_meetings("informal"),
        title=lambda meeting: meeting.title,
    ),
    Source(
        key="expert-assignments",
        label=_("Experts assigned to working groups"),
        model="committee.ExpertAssignment",
        dated_by="starts_on",
        paragraphs=("12(f)",),
        select_related=("expert", "working_group"),
        url=_assignments_url,
    ),
    Source(
        key="committee-meetings",
        label=_("Meetings of the Committee and its working groups held"),
        model="workinggroups.Meeting",
        dated_by="starts_at",
        paragraphs=("12(c)",),
        where=_meetings("formal", "working_group"),
        title=lambda meeting: meeting.title,
    ),
)

# One-off items: how many records finish each (None: only the secretariat's word does).
ONE_OFF: dict[str, int | None] = {"8(a)": 1, "8(m)": 1, "8(d)": None}
# Recurring items with a rhythm: behind it when the latest record is older than this.
RHYTHM: dict[str, timedelta] = {"9(h)": timedelta(days=92), "12(a)": timedelta(days=45)}


def sources_for(paragraph: str) -> list[Source]:
    return [source for source in SOURCES if source.serves(paragraph)]


def derive_status(
    paragraph: str, count: int, latest: date | None, today: date | None = None
) -> str:
    """The status an item's records give it (see the module's docstring)."""
    if not count:
        return WorkItemStatus.NOT_STARTED
    if paragraph in ONE_OFF:
        needed = ONE_OFF[paragraph]
        if needed is not None and count >= needed:
            return WorkItemStatus.COMPLETED
        return WorkItemStatus.IN_PROGRESS
    rhythm = RHYTHM.get(paragraph)
    today = today or timezone.localdate()
    if rhythm is not None and latest is not None and today - latest > rhythm:
        return WorkItemStatus.IN_PROGRESS
    return WorkItemStatus.ONGOING


@dataclass
class Progress:
    """Where one item stands: its records counted, the latest date, the derived status, and
    the secretariat's assessment if any."""

    item: WorkItem
    count: int = 0
    latest: date | None = None
    derived: str = WorkItemStatus.NOT_STARTED
    assessment: ProgressAssessment | None = None

    @property
    def overridden(self) -> bool:
        return self.assessment is not None and self.assessment.overrides

    @property
    def status(self) -> str:
        if self.overridden:
            assert self.assessment is not None
            return self.assessment.status
        return self.derived

    def get_status_display(self) -> str:
        return str(WorkItemStatus(self.status).label)

    def get_derived_display(self) -> str:
        return str(WorkItemStatus(self.derived).label)


def _since(items: list[WorkItem]) -> date | None:
    starts = [item.programme.period_start for item in items if item.programme_id]
    return min(starts) if starts else None


def progress_of(items: Iterable[WorkItem]) -> dict[int, Progress]:
    """Where each of ``items`` stands, by item id: one query per source and one for the
    assessments, whatever the number of items and records (items with their programme
    selected)."""
    items = list(items)
    if not items:
        return {}
    since = _since(items)
    paragraphs = {item.paragraph for item in items}
    # Sub-items count towards their parent: ask for the parents' children too.
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in WorkItem.objects.filter(
        programme_id__in={item.programme_id for item in items}, parent__isnull=False
    ).values_list("paragraph", "parent__paragraph"):
        children[parent].append(child)
    wanted = paragraphs | {child for p in paragraphs for child in children.get(p, [])}
    counts: dict[str, int] = defaultdict(int)
    latest: dict[str, date] = {}

    def add(paragraph: str, n: int, day: date | None) -> None:
        counts[paragraph] += n
        if day is not None and (paragraph not in latest or day > latest[paragraph]):
            latest[paragraph] = day

    for source in SOURCES:
        rows = source.rows(since).order_by()
        if source.paragraph_field:
            for row in (
                rows.filter(**{f"{source.paragraph_field}__in": wanted})
                .values(source.paragraph_field)
                .annotate(n=Count("pk", distinct=True), last=Max(source.dated_by))
            ):
                add(row[source.paragraph_field], row["n"], source.day(row["last"]))
            continue
        served = [p for p in source.paragraphs if p in wanted]
        if not served:
            continue
        figures = rows.aggregate(n=Count("pk", distinct=True), last=Max(source.dated_by))
        for paragraph in served:
            add(paragraph, figures["n"], source.day(figures["last"]))
    assessments = {
        assessment.work_item_id: assessment
        for assessment in ProgressAssessment.objects.filter(
            work_item__in=[item.pk for item in items]
        ).select_related("set_by")
    }
    today = timezone.localdate()
    result = {}
    for item in items:
        own = [item.paragraph, *children.get(item.paragraph, [])]
        count = sum(counts.get(p, 0) for p in own)
        days = [latest[p] for p in own if p in latest]
        last = max(days) if days else None
        result[item.pk] = Progress(
            item=item,
            count=count,
            latest=last,
            derived=derive_status(item.paragraph, count, last, today),
            assessment=assessments.get(item.pk),
        )
    return result


@dataclass(frozen=True)
class Record:
    """One record that carried out an item: its date, what it is, where to read it."""

    day: date
    title: str
    url: str
    source: Source


def records_for(item: WorkItem, user: Any) -> list[Record]:
    """The records that carried out ``item`` (and its sub-items), newest first, as ``user`` may
    see them listed (the newest ``RECORDS_SHOWN`` of each source; ``progress_of`` counts them
    all). One query per source that serves the item, and one for the sub-items."""
    own = [item.paragraph, *item.sub_items.values_list("paragraph", flat=True)]
    sees_all = can(user, "committee.see_progress_records")
    since = item.programme.period_start
    records: list[Record] = []
    for source in SOURCES:
        served = [p for p in own if source.serves(p)]
        if not served:
            continue
        rows = source.rows(since)
        if source.paragraph_field:
            rows = rows.filter(**{f"{source.paragraph_field}__in": served})
        if not sees_all:
            if source.public_where is None:
                continue
            rows = rows.filter(source.public_where)
        if source.select_related:
            rows = rows.select_related(*source.select_related)
        rows = rows.order_by(f"-{source.dated_by}", "-pk")
        for obj in rows.distinct()[:RECORDS_SHOWN]:
            records.append(
                Record(
                    day=source.day(getattr(obj, source.dated_by)),  # type: ignore[arg-type]
                    title=source.title(obj),
                    url=source.url(obj),
                    source=source,
                )
            )
    records.sort(key=lambda record: record.day, reverse=True)
    return records


def by_area(items: Iterable[WorkItem]) -> list[dict[str, Any]]:
    """The programme by area (A monitoring ... E administration): items, items with records,
    the count of each status, records and the latest date (for the dashboard)."""
    items = list(items)
    progress = progress_of(items)
    areas: dict[str, dict[str, Any]] = {}
    for item in items:
        row = areas.setdefault(
            item.area,
            {
                "area": item.get_area_display(),
                "items": 0,
                "records": 0,
                "latest": None,
                "statuses": dict.fromkeys(WorkItemStatus.values, 0),
            },
        )
        state = progress[item.pk]
        row["items"] += 1
        row["records"] += state.count
        row["statuses"][state.status] += 1
        if state.latest and (row["latest"] is None or state.latest > row["latest"]):
            row["latest"] = state.latest
    return [areas[key] for key in sorted(areas)]


# --- Paragraph 6: the recommendations of the 2016 comprehensive review ---------------------------


def combine_statuses(statuses: Iterable[str]) -> str:
    """Where a recommendation stands from the items that carry it out: not started while none
    of them has started (or none is linked), completed once all are, continuing on track once
    every item is on track or completed, otherwise in progress."""
    statuses = list(statuses)
    if not statuses or all(s == WorkItemStatus.NOT_STARTED for s in statuses):
        return WorkItemStatus.NOT_STARTED
    if all(s == WorkItemStatus.COMPLETED for s in statuses):
        return WorkItemStatus.COMPLETED
    if all(s in (WorkItemStatus.ONGOING, WorkItemStatus.COMPLETED) for s in statuses):
        return WorkItemStatus.ONGOING
    return WorkItemStatus.IN_PROGRESS


@dataclass
class RecommendationProgress:
    """Where one recommendation stands: its items with theirs, and the status they give it."""

    recommendation: ReviewRecommendation
    items: list[Progress]
    status: str

    @property
    def count(self) -> int:
        return sum(state.count for state in self.items)

    @property
    def latest(self) -> date | None:
        days = [state.latest for state in self.items if state.latest]
        return max(days) if days else None

    def get_status_display(self) -> str:
        return str(WorkItemStatus(self.status).label)


def recommendation_progress(
    recommendations: Iterable[ReviewRecommendation],
) -> list[RecommendationProgress]:
    """Where each recommendation stands, from the items linked to it (their status as the
    items' pages show it: derived, or the secretariat's where it set one). Prefetch
    ``work_items__programme``: then the cost is ``progress_of``'s, whatever the number of
    recommendations and records."""
    recommendations = list(recommendations)
    items = {item.pk: item for r in recommendations for item in r.work_items.all()}
    standing = progress_of(items.values())
    result = []
    for recommendation in recommendations:
        linked = sorted(recommendation.work_items.all(), key=lambda item: item.position)
        states = [standing[item.pk] for item in linked]
        result.append(
            RecommendationProgress(
                recommendation=recommendation,
                items=states,
                status=combine_statuses(state.status for state in states),
            )
        )
    return result
