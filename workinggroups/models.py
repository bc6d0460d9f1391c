"""The four working groups, their meetings and meeting documents, progress updates on the
programme of work, and the private calendar feeds of the schedule."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.work.choices import WorkingGroupNumber, WorkItemStatus
from core.choices import Language
from core.permissions import restrict
from core.validators import no_bidi_override
from workinggroups.choices import MeetingKind, MeetingStatus, MeetingTimeZone


class WorkingGroup(models.Model):
    """One of the committee's four working groups, open to all members, each chaired by a
    committee member and supported by the secretariat and the Group of Experts (programme of
    work, paragraph 4): 1 monitoring and national implementation; 2 assistance; 3 cooperation
    with international organizations; 4 transparency and media outreach."""

    number = models.PositiveSmallIntegerField(_("number"), choices=WorkingGroupNumber, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[no_bidi_override])
    mandate = models.TextField(_("mandate"))
    chair = models.ForeignKey(
        "committee.CommitteeMember",
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_working_groups",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return gettext("Working Group %(n)s: %(name)s") % {"n": self.number, "name": self.name}

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:working-group", kwargs={"number": self.number})


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        return restrict(self, user, "workinggroups.see_meetings")

    def upcoming(self) -> MeetingQuerySet:
        return self.filter(starts_at__gte=timezone.now(), status=MeetingStatus.SCHEDULED)


class Meeting(models.Model):
    """A meeting of a working group or of the committee: working-group meetings, formal and
    monthly informal meetings (12(a)), open briefings (11(a)) and closed meetings at expert
    level (8(m)). Every meeting is announced to all Security Council delegations and its
    documents circulated to them before it starts (paragraphs 4-5)."""

    PUBLIC_PAGES = "workinggroups.see_meetings"

    kind = models.CharField(_("kind"), max_length=16, choices=MeetingKind)
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    # The times are kept in UTC like every other; the zone says how to read them.
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=MeetingTimeZone,
        default=MeetingTimeZone.NEW_YORK,
        help_text=_("The zone of the place: the meeting's times are entered and shown in it."),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus, default=MeetingStatus.SCHEDULED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    feedback = models.TextField(
        _("feedback"), blank=True, help_text=_("Feedback to the members after the meeting.")
    )
    cancellation_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    uid = models.UUIDField(
        _("calendar identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    sequence = models.PositiveIntegerField(
        _("calendar revision"), default=0, help_text=_("Raised at every change (RFC 5545).")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=MeetingKind.WORKING_GROUP) & Q(working_group__isnull=False))
                | (~Q(kind=MeetingKind.WORKING_GROUP) & Q(working_group__isnull=True)),
                name="working_group_meeting_has_its_group",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.when()}"

    def get_absolute_url(self) -> str:
        return reverse("workinggroups:meeting", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def document_deadline(self) -> datetime:
        return notice_deadline(self.starts_at)

    def when(self, zone: str | None = None) -> str:
        """When the meeting takes place, in the active language's own date and time forms: in
        the meeting's time zone, named ("1 December 2026, 10:00–13:00 (New York time)"), or in
        ``zone``, a reader's (an IANA name)."""
        zone = zone or self.time_zone
        starts = timezone.localtime(self.starts_at, ZoneInfo(zone))
        times = time_format(starts)
        if self.ends_at is not None:
            ends = timezone.localtime(self.ends_at, ZoneInfo(zone))
            if ends.date() == starts.date():
                times = f"{times}–{time_format(ends)}"
            else:
                times = f"{times} – {date_format(ends)}, {time_format(ends)}"
        return gettext("%(date)s, %(time)s (%(zone)s)") % {
            "date": date_format(starts),
            "time": times,
            "zone": time_zone_label(zone),
        }


def time_zone_label(zone: str) -> str:
    """How a time zone is named next to a time: the committee's own by their translated names
    ("New York time"), any other by its IANA name ("Asia/Kuala Lumpur")."""
    if zone in MeetingTimeZone.values:
        return str(MeetingTimeZone(zone).label)
    return zone.replace("_", " ")


def notice_deadline(starts_at: datetime, working_days: int | None = None) -> datetime:
    """The latest moment a document may be circulated for a meeting starting at ``starts_at``:
    the same time of day, ``working_days`` working days (Monday to Friday) earlier. The default
    is settings.MEETING_DOCUMENT_NOTICE_WORKING_DAYS."""
    if working_days is None:
        working_days = settings.MEETING_DOCUMENT_NOTICE_WORKING_DAYS
    moment = timezone.localtime(starts_at)
    remaining = working_days
    while remaining > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


def circulated_late(circulated_at: datetime, starts_at: datetime) -> bool:
    """Late: after the meeting started, or with less than the notice before it."""
    return circulated_at >= starts_at or circulated_at > notice_deadline(starts_at)


class MeetingDocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingDocumentQuerySet:
        return restrict(self, user, "workinggroups.read_meeting_document")

    def late(self) -> MeetingDocumentQuerySet:
        return self.filter(late=True)


def meeting_document_upload_to(document: MeetingDocument, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"meetings/{document.meeting_id}/{uuid.uuid4().hex}.{extension}"


class MeetingDocument(models.Model):
    """A document of a meeting (agenda, draft, background paper), circulated to all Security
    Council delegations before the meeting (paragraph 5). The moment of circulation is kept; a
    document circulated after the meeting started, or with less than the notice required before
    it, is marked late and shows on the meeting page and the dashboard."""

    PUBLIC_PAGES = "workinggroups.read_meeting_document"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    symbol = models.CharField(_("UN document symbol"), max_length=60, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    file = models.FileField(_("file"), upload_to=meeting_document_upload_to, max_length=200)
    circulated_at = models.DateTimeField(_("circulated at"))
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("circulated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(
        _("circulated late"),
        default=False,
        db_index=True,
        help_text=_("Set at circulation, and again if the meeting is moved."),
    )

    history = HistoricalRecords()
    objects = MeetingDocumentQuerySet.as_manager()

    # The delegations read the document; who circulated it is a staff username
    # (core/visibility.py).
    FIELD_PERMISSIONS = {"circulated_by": "workinggroups.see_who_circulated_document"}

    class Meta:
        ordering = ["meeting", "circulated_at"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    @property
    def file_extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if self.file else ""

    def download_name(self) -> str:
        return f"meeting-{self.meeting_id}-document-{self.pk}.{self.file_extension}"


class ProgressUpdate(models.Model):
    """Progress on one item of the programme of work, recorded by the secretariat or the
    experts, usually at a meeting (the monthly informal meetings review it, 12(a))."""

    work_item = models.ForeignKey(
        "committee.WorkItem",
        verbose_name=_("work item"),
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
    )
    status = models.CharField(_("status"), max_length=12, choices=WorkItemStatus)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="update_progress_is_a_percent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_item.paragraph}: {self.get_status_display()} ({self.progress} %)"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar address for the meeting schedule: the token in the address
    is the only credential a calendar program can send, so it is long, random and replaceable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    # The token is a credential: history records who replaced it and when, not its value.
    history = HistoricalRecords(excluded_fields=["token", "last_used_at"])

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return gettext("Calendar feed of %(person)s") % {"person": self.user}
