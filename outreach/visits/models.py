"""Country visits (8(e), 10(f)) and training courses for points of contact (8(c), 9(d)).

Each is linked one-to-one to the Event that puts it on the calendar (kind "country visit" or
"training course for points of contact"): the event keeps the dates, the place and whether the
public sees it, and the calendar and its iCalendar feed stay as they are; the record here keeps
the work (the invitation, the participants, the report, the materials, the follow-up). The
services keep the event's status in step with the record's."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models.followups import FollowUpAction
from core.permissions import restrict
from core.validators import no_bidi_override
from outreach.models.events import Event
from outreach.models.organizations import Organization
from outreach.visits.choices import CourseFormat, CourseStatus, VisitStatus


def visit_report_upload_to(visit: CountryVisit, filename: str) -> str:
    return f"visits/{visit.pk}/report-{uuid.uuid4().hex}.pdf"


def course_material_upload_to(material: CourseMaterial, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"training/{material.course_id}/{uuid.uuid4().hex}.{extension}"


class CountryVisitQuerySet(models.QuerySet):
    def visible_to(self, user) -> CountryVisitQuerySet:
        return restrict(self, user, "outreach.read_country_visit")

    def held(self) -> CountryVisitQuerySet:
        """Visits that took place (whatever came after: report, follow-up)."""
        return self.filter(held_on__isnull=False)


class CountryVisit(models.Model):
    """A visit of the Committee's experts to a state at its invitation (8(e)); with other
    organisations, a joint visit (10(f)). From the state's letter of invitation (its date and
    reference, as entered in the correspondence register, where the note is linked to the
    visit's event) to the report and the follow-up of what was agreed."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="country_visit"
    )
    # By label: outreach and states are independent apps (pyproject.toml's contracts).
    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("host state"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=VisitStatus, default=VisitStatus.INVITED
    )
    invitation_date = models.DateField(_("date of the invitation"))
    invitation_reference = models.CharField(
        _("reference of the invitation"),
        max_length=100,
        blank=True,
        validators=[no_bidi_override],
        help_text=_("The reference of the state's letter, as in the correspondence register."),
    )
    purpose = models.TextField(_("purpose"), blank=True, validators=[no_bidi_override])
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("experts"), blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organisations"), blank=True, related_name="+"
    )
    officials = models.TextField(
        _("officials of the state"),
        blank=True,
        validators=[no_bidi_override],
        help_text=_("One per line: name and function."),
    )
    held_on = models.DateField(
        _("held on"), null=True, blank=True, help_text=_("The first day of the visit, once held.")
    )
    report = models.FileField(
        _("report"), upload_to=visit_report_upload_to, max_length=200, blank=True
    )
    report_issued_on = models.DateField(_("report issued on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[experts, organizations])
    objects = CountryVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-invitation_date", "-pk"]
        verbose_name = _("country visit")
        verbose_name_plural = _("country visits")

    def __str__(self) -> str:
        return self.event.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:visit-detail", kwargs={"pk": self.pk})

    @property
    def official_lines(self) -> list[str]:
        return [line.strip() for line in self.officials.splitlines() if line.strip()]


class VisitFollowUp(FollowUpAction):
    """An action agreed during or after a country visit."""

    visit = models.ForeignKey(
        CountryVisit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    history = HistoricalRecords()

    class Meta(FollowUpAction.Meta):
        verbose_name = _("follow-up action of a visit")
        verbose_name_plural = _("follow-up actions of visits")


class TrainingCourseQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrainingCourseQuerySet:
        return restrict(self, user, "outreach.read_training_course")

    def held(self) -> TrainingCourseQuerySet:
        return self.filter(held_on__isnull=False)


class TrainingCourse(models.Model):
    """A training course or workshop for national points of contact (8(c)), often regional and
    with an organisation's help (9(d)): who took part, by state, the materials given out, and
    the follow-up agreed."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="training_course"
    )
    format = models.CharField(
        _("format"), max_length=10, choices=CourseFormat, default=CourseFormat.COURSE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CourseStatus, default=CourseStatus.PLANNED
    )
    organizer = models.CharField(
        _("organised with"), max_length=200, blank=True, validators=[no_bidi_override]
    )
    summary = models.TextField(_("summary"), blank=True, validators=[no_bidi_override])
    held_on = models.DateField(
        _("held on"), null=True, blank=True, help_text=_("The first day of the course, once held.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        ordering = ["-event__start_date", "-pk"]
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")

    def __str__(self) -> str:
        return self.event.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:course-detail", kwargs={"pk": self.pk})


class TrainingParticipantQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrainingParticipantQuerySet:
        return restrict(self, user, "outreach.read_training_participant")


class TrainingParticipant(models.Model):
    """One person trained, for a state."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    state = models.ForeignKey(
        "states.MemberState", verbose_name=_("state"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_bidi_override])
    function = models.CharField(
        _("function"), max_length=200, blank=True, validators=[no_bidi_override]
    )
    is_poc = models.BooleanField(_("national point of contact"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TrainingParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["state__name", "name", "pk"]
        verbose_name = _("participant in a training course")
        verbose_name_plural = _("participants in training courses")

    def __str__(self) -> str:
        return self.name


class CourseMaterial(models.Model):
    """A document given out at a course: slides, exercises, a guide."""

    course = models.ForeignKey(
        TrainingCourse, verbose_name=_("course"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    file = models.FileField(_("file"), upload_to=course_material_upload_to, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")

    def __str__(self) -> str:
        return self.title

    def download_name(self) -> str:
        extension = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else "pdf"
        return f"training-{self.course_id}-{self.pk}.{extension}"


class CourseFollowUp(FollowUpAction):
    """An action agreed at a training course."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    history = HistoricalRecords()

    class Meta(FollowUpAction.Meta):
        verbose_name = _("follow-up action of a course")
        verbose_name_plural = _("follow-up actions of courses")


__all__ = [
    "CountryVisit",
    "CourseFormat",
    "CourseFollowUp",
    "CourseMaterial",
    "CourseStatus",
    "TrainingCourse",
    "TrainingParticipant",
    "VisitFollowUp",
    "VisitStatus",
]
