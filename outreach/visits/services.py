"""Use cases of country visits and training courses. Each runs in one transaction, checks its
rule first and records who acted (django-simple-history); the visit's or course's event is kept
in step (its dates, and its status: planned, confirmed, held, cancelled) and re-indexed for the
website's search once the change has committed. Nothing is deleted but a participant entered by
mistake (confirmed on its own page first)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import correspondence
from core.files import sniff_document
from core.permissions import Actor, require
from core.search import index_on_commit
from core.services import InvalidTransition, save_with_history
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import Event, Organization
from outreach.services import EVENT_YEARS_AHEAD, FIRST_EVENT_YEAR
from outreach.visits.choices import CourseFormat, CourseStatus, VisitStatus
from outreach.visits.models import (
    CountryVisit,
    CourseFollowUp,
    CourseMaterial,
    TrainingCourse,
    TrainingParticipant,
    VisitFollowUp,
)

# The steps of a visit: invitation received -> accepted -> scheduled -> held -> report issued ->
# follow-up; called off at any step before it is held.
VISIT_STEPS: dict[str, set[str]] = {
    VisitStatus.INVITED: {VisitStatus.ACCEPTED, VisitStatus.CANCELLED},
    VisitStatus.ACCEPTED: {VisitStatus.SCHEDULED, VisitStatus.CANCELLED},
    VisitStatus.SCHEDULED: {VisitStatus.HELD, VisitStatus.CANCELLED},
    VisitStatus.HELD: {VisitStatus.REPORTED},
    VisitStatus.REPORTED: {VisitStatus.FOLLOW_UP},
    VisitStatus.FOLLOW_UP: set(),
    VisitStatus.CANCELLED: set(),
}
# The event's status that each step of a visit puts on the calendar.
VISIT_EVENT_STATUS = {
    VisitStatus.INVITED: EventStatus.PLANNED,
    VisitStatus.ACCEPTED: EventStatus.PLANNED,
    VisitStatus.SCHEDULED: EventStatus.CONFIRMED,
    VisitStatus.HELD: EventStatus.HELD,
    VisitStatus.REPORTED: EventStatus.HELD,
    VisitStatus.FOLLOW_UP: EventStatus.HELD,
    VisitStatus.CANCELLED: EventStatus.CANCELLED,
}
COURSE_STEPS: dict[str, set[str]] = {
    CourseStatus.PLANNED: {CourseStatus.HELD, CourseStatus.CANCELLED},
    CourseStatus.HELD: set(),
    CourseStatus.CANCELLED: set(),
}


def _in_reason(label: Any) -> str:
    # The reason in English, whoever made the change: read in each reader's language.
    with translation.override("en"):
        return str(label)


def _check_date(errors: dict[str, str], field: str, value: Any, *, ahead: bool = True) -> None:
    last = timezone.localdate().year + (EVENT_YEARS_AHEAD if ahead else 0)
    if not isinstance(value, date):
        errors[field] = _("Give a date, such as 2025-05-20.")
    elif not FIRST_EVENT_YEAR <= value.year <= last:
        errors[field] = _("Give a date between %(first)s and %(last)s.") % {
            "first": FIRST_EVENT_YEAR,
            "last": last,
        }
    elif not ahead and value > timezone.localdate():
        errors[field] = _("This date cannot be later than today.")


def _check_dates(errors: dict[str, str], start: Any, end: Any) -> None:
    _check_date(errors, "start_date", start)
    _check_date(errors, "end_date", end)
    if "start_date" not in errors and "end_date" not in errors and end < start:
        errors["end_date"] = _("The end date cannot be before the start date.")


def _new_event(
    *,
    acting_user: Actor,
    kind: str,
    title: str,
    start_date: date,
    end_date: date,
    place: str,
    region: str,
    is_public: bool,
    states: Iterable[Any] = (),
) -> Event:
    event = Event(
        kind=kind,
        title=title,
        start_date=start_date,
        end_date=end_date,
        place=place,
        region=region,
        is_public=bool(is_public),
        status=EventStatus.PLANNED,
    )
    event.title_en = title  # type: ignore[attr-defined]
    event.place_en = place  # type: ignore[attr-defined]
    event.full_clean(exclude=["states", "organizations"])
    save_with_history(event, acting_user, reason="Created")
    event.states.set(states)
    index_on_commit("event", event.pk)
    return event


def _event_status(event: Event, status: str, acting_user: Actor, **dates: date) -> None:
    fields = ["status", "updated_at"]
    event.status = status
    for name, value in dates.items():
        setattr(event, name, value)
        fields.append(name)
    save_with_history(
        event,
        acting_user,
        update_fields=fields,
        reason=f"Status: {_in_reason(EventStatus(status).label)}",
    )
    index_on_commit("event", event.pk)


def _check_region(errors: dict[str, str], region: Any) -> None:
    if region not in EventRegion.values:
        errors["region"] = _("Choose a region from the list.")


# --- country visits ------------------------------------------------------------------------


@transaction.atomic
def record_invitation(
    *,
    acting_user: Actor,
    state: Any,
    invitation_date: date,
    start_date: date,
    end_date: date,
    region: str,
    invitation_reference: str = "",
    place: str = "",
    purpose: str = "",
    is_public: bool = True,
    title: str = "",
) -> CountryVisit:
    """Enter a state's invitation to a visit, with the dates it proposes: the visit goes on the
    internal calendar as planned (the public sees it once it is scheduled, if the event is
    public)."""
    require(acting_user, "outreach.manage_country_visits")
    errors: dict[str, str] = {}
    if state is None or not getattr(state, "pk", None):
        errors["state"] = _("Choose the host state from the list.")
    _check_date(errors, "invitation_date", invitation_date, ahead=False)
    _check_dates(errors, start_date, end_date)
    _check_region(errors, region)
    if not errors and start_date < invitation_date:
        errors["start_date"] = _("A visit cannot start before the state invited it.")
    if errors:
        raise ValidationError(errors)
    title = (title or "").strip() or _in_reason(gettext_lazy("Country visit to %(state)s")) % {
        "state": state.name
    }
    event = _new_event(
        acting_user=acting_user,
        kind=EventKind.COUNTRY_VISIT,
        title=title,
        start_date=start_date,
        end_date=end_date,
        place=place,
        region=region,
        is_public=is_public,
        states=[state],
    )
    visit = CountryVisit(
        event=event,
        state=state,
        invitation_date=invitation_date,
        invitation_reference=invitation_reference.strip(),
        purpose=purpose,
    )
    visit.full_clean(exclude=["event", "experts", "organizations"])
    save_with_history(visit, acting_user, reason="Invitation received")
    # The state's letter goes into the correspondence register, linked to the visit's event
    # (core/correspondence.py: outreach does not import the Committee's register).
    correspondence.received(
        correspondence.Received(
            concerns=event,
            subject=_in_reason(gettext_lazy("Invitation to a country visit")),
            language="en",
            received_on=invitation_date,
            reference=visit.invitation_reference,
            state=state,
            paragraph="8(e)",
        ),
        acting_user=acting_user,
    )
    return visit


def _locked_visit(visit: CountryVisit) -> CountryVisit:
    return CountryVisit.objects.select_for_update().select_related("event").get(pk=visit.pk)


@transaction.atomic
def set_visit_participants(
    visit: CountryVisit,
    *,
    acting_user: Actor,
    experts: Iterable[Any],
    organizations: Iterable[Organization],
    officials: str = "",
) -> CountryVisit:
    """Who takes part: the experts (people who sign in), the organisations, and the state's
    officials (as text, one a line)."""
    visit = _locked_visit(visit)
    require(acting_user, "outreach.manage_country_visits", visit)
    experts, organizations = list(experts), list(organizations)
    errors = {}
    outsiders = [person for person in experts if not (person.is_expert or person.is_secretariat)]
    if outsiders:
        errors["experts"] = _("%(name)s is not an expert or a member of the secretariat.") % {
            "name": outsiders[0].get_username()
        }
    inactive = [org for org in organizations if not org.active]
    if inactive:
        errors["organizations"] = _("%(name)s is no longer active.") % {"name": inactive[0]}
    if errors:
        raise ValidationError(errors)
    visit.officials = officials
    visit.full_clean(exclude=["event", "experts", "organizations", "report"])
    save_with_history(
        visit, acting_user, update_fields=["officials", "updated_at"], reason="Participants"
    )
    visit.experts.set(experts)
    visit.organizations.set(organizations)
    visit.event.organizations.set(organizations)
    return visit


@transaction.atomic
def move_visit(
    visit: CountryVisit,
    status: str,
    *,
    acting_user: Actor,
    start_date: date | None = None,
    end_date: date | None = None,
) -> CountryVisit:
    """Take the visit's next step: accept the invitation, schedule the visit (with its confirmed
    dates), record it held (on its first day, not after today), move to the follow-up, or call
    it off. The report has its own step (issue_visit_report)."""
    visit = _locked_visit(visit)
    require(acting_user, "outreach.manage_country_visits", visit)
    if status not in VisitStatus.values or status == VisitStatus.REPORTED:
        raise ValidationError({"status": _("Choose a step from the list.")})
    if status not in VISIT_STEPS[visit.status]:
        raise InvalidTransition(
            _("A visit whose status is “%(current)s” cannot move to “%(new)s”.")
            % {"current": visit.get_status_display(), "new": VisitStatus(status).label}
        )
    event = visit.event
    dates: dict[str, date] = {}
    if status == VisitStatus.SCHEDULED:
        errors: dict[str, str] = {}
        start_date = start_date or event.start_date
        end_date = end_date or event.end_date
        _check_dates(errors, start_date, end_date)
        if not errors and start_date < visit.invitation_date:
            errors["start_date"] = _("A visit cannot start before the state invited it.")
        if errors:
            raise ValidationError(errors)
        dates = {"start_date": start_date, "end_date": end_date}
    fields = ["status", "updated_at"]
    if status == VisitStatus.HELD:
        if event.start_date > timezone.localdate():
            raise InvalidTransition(_("A visit that has not started cannot be recorded as held."))
        visit.held_on = event.start_date
        fields.append("held_on")
    if status == VisitStatus.FOLLOW_UP and not visit.follow_ups.exists():
        raise InvalidTransition(_("Record at least one follow-up action first."))
    visit.status = status
    save_with_history(
        visit, acting_user, update_fields=fields, reason=_in_reason(VisitStatus(status).label)
    )
    new_event_status = VISIT_EVENT_STATUS[VisitStatus(status)]
    if new_event_status != event.status or dates:
        _event_status(event, new_event_status, acting_user, **dates)
    return visit


@transaction.atomic
def issue_visit_report(
    visit: CountryVisit, upload: File, *, acting_user: Actor, issued_on: date
) -> CountryVisit:
    """Attach the visit's report (a PDF) and record the day it was issued."""
    visit = _locked_visit(visit)
    require(acting_user, "outreach.manage_country_visits", visit)
    if visit.status != VisitStatus.HELD:
        raise InvalidTransition(_("The report is issued once the visit has been held."))
    errors: dict[str, str] = {}
    _check_date(errors, "issued_on", issued_on, ahead=False)
    if not errors and visit.held_on and issued_on < visit.held_on:
        errors["issued_on"] = _("The report cannot be issued before the visit was held.")
    try:
        if sniff_document(upload) != "pdf":
            errors["report"] = _("The report must be a PDF file.")
    except ValidationError as error:
        errors["report"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    visit.report.save("report.pdf", upload, save=False)
    visit.report_issued_on = issued_on
    visit.status = VisitStatus.REPORTED
    save_with_history(
        visit,
        acting_user,
        update_fields=["report", "report_issued_on", "status", "updated_at"],
        reason="Report issued",
    )
    return visit


def _check_follow_up(text: str, owner: Any, owner_name: str, due_on: Any) -> None:
    errors: dict[str, str] = {}
    if not (text or "").strip():
        errors["text"] = _("Say what is to be done.")
    if owner is not None and not (owner.is_expert or owner.is_secretariat or owner.is_poc):
        errors["owner"] = _(
            "Choose the owner among the staff, the experts and the points of contact."
        )
    if due_on is not None:
        _check_date(errors, "due_on", due_on)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_visit_follow_up(
    visit: CountryVisit,
    *,
    acting_user: Actor,
    text: str,
    owner: Any = None,
    owner_name: str = "",
    due_on: date | None = None,
) -> VisitFollowUp:
    """Record an action agreed after the visit, with its owner and due date."""
    visit = _locked_visit(visit)
    require(acting_user, "outreach.manage_country_visits", visit)
    if visit.status not in (VisitStatus.HELD, VisitStatus.REPORTED, VisitStatus.FOLLOW_UP):
        raise InvalidTransition(_("Follow-up actions are recorded once the visit has been held."))
    _check_follow_up(text, owner, owner_name, due_on)
    action = VisitFollowUp(
        visit=visit, text=text.strip(), owner=owner, owner_name=owner_name, due_on=due_on
    )
    action.full_clean()
    save_with_history(action, acting_user, reason="Added")
    return action


def _mark_done(action: Any, rule: str, record: Any, acting_user: Actor, done_on: date) -> Any:
    require(acting_user, rule, record)
    errors: dict[str, str] = {}
    _check_date(errors, "done_on", done_on, ahead=False)
    if errors:
        raise ValidationError(errors)
    if action.done_on is not None:
        raise InvalidTransition(_("This action is already done."))
    action.done_on = done_on
    save_with_history(action, acting_user, update_fields=["done_on", "updated_at"], reason="Done")
    return action


@transaction.atomic
def complete_visit_follow_up(
    action: VisitFollowUp, *, acting_user: Actor, done_on: date
) -> VisitFollowUp:
    action = VisitFollowUp.objects.select_for_update().select_related("visit").get(pk=action.pk)
    return _mark_done(action, "outreach.manage_country_visits", action.visit, acting_user, done_on)


# --- training courses ----------------------------------------------------------------------


@transaction.atomic
def create_course(
    *,
    acting_user: Actor,
    title: str,
    start_date: date,
    end_date: date,
    region: str,
    format: str = CourseFormat.COURSE,  # noqa: A002 - the course's own word
    place: str = "",
    organizer: str = "",
    summary: str = "",
    is_public: bool = True,
) -> TrainingCourse:
    """Put a training course or workshop for points of contact on the calendar (planned)."""
    require(acting_user, "outreach.manage_training_courses")
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Give the course's title in English.")
    if format not in CourseFormat.values:
        errors["format"] = _("Choose a format from the list.")
    _check_dates(errors, start_date, end_date)
    _check_region(errors, region)
    if errors:
        raise ValidationError(errors)
    event = _new_event(
        acting_user=acting_user,
        kind=EventKind.WORKSHOP if format == CourseFormat.WORKSHOP else EventKind.POC_TRAINING,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        place=place,
        region=region,
        is_public=is_public,
    )
    course = TrainingCourse(event=event, format=format, organizer=organizer, summary=summary)
    course.full_clean(exclude=["event"])
    save_with_history(course, acting_user, reason="Created")
    return course


def _locked_course(course: TrainingCourse) -> TrainingCourse:
    return TrainingCourse.objects.select_for_update().select_related("event").get(pk=course.pk)


@transaction.atomic
def add_participant(
    course: TrainingCourse,
    *,
    acting_user: Actor,
    state: Any,
    name: str,
    function: str = "",
    is_poc: bool = False,
) -> TrainingParticipant:
    """Enter a person trained, for a state; the state joins the event's participants."""
    course = _locked_course(course)
    require(acting_user, "outreach.manage_training_courses", course)
    errors: dict[str, str] = {}
    if state is None or not getattr(state, "pk", None):
        errors["state"] = _("Choose the participant's state from the list.")
    if not (name or "").strip():
        errors["name"] = _("Give the participant's name.")
    if course.status == CourseStatus.CANCELLED:
        raise InvalidTransition(_("The course was called off."))
    if errors:
        raise ValidationError(errors)
    participant = TrainingParticipant(
        course=course,
        state=state,
        name=name.strip(),
        function=function.strip(),
        is_poc=bool(is_poc),
    )
    participant.full_clean()
    save_with_history(participant, acting_user, reason="Added")
    course.event.states.add(state)
    return participant


@transaction.atomic
def remove_participant(participant: TrainingParticipant, *, acting_user: Actor) -> None:
    """Take off a participant entered by mistake (the history keeps the entry)."""
    participant = (
        TrainingParticipant.objects.select_for_update()
        .select_related("course__event")
        .get(pk=participant.pk)
    )
    course = participant.course
    require(acting_user, "outreach.manage_training_courses", course)
    participant._history_user = acting_user  # type: ignore[attr-defined]
    participant._change_reason = "Removed"  # type: ignore[attr-defined]
    state_id = participant.state_id
    participant.delete()
    if not course.participants.filter(state_id=state_id).exists():
        course.event.states.remove(state_id)


@transaction.atomic
def add_material(
    course: TrainingCourse, upload: File, *, acting_user: Actor, title: str
) -> CourseMaterial:
    """Attach a document given out at the course (PDF or Word)."""
    course = _locked_course(course)
    require(acting_user, "outreach.manage_training_courses", course)
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Give the document's title.")
    try:
        sniff_document(upload)
    except ValidationError as error:
        errors["file"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    upload.seek(0)
    material = CourseMaterial(course=course, title=title.strip(), uploaded_by=acting_user)
    material.file.save(
        getattr(upload, "name", "material.pdf") or "material.pdf", upload, save=False
    )
    save_with_history(material, acting_user, reason="Added")
    return material


@transaction.atomic
def move_course(course: TrainingCourse, status: str, *, acting_user: Actor) -> TrainingCourse:
    """Record the course held (on its first day, not after today) or call it off."""
    course = _locked_course(course)
    require(acting_user, "outreach.manage_training_courses", course)
    if status not in CourseStatus.values:
        raise ValidationError({"status": _("Choose a step from the list.")})
    if status not in COURSE_STEPS[course.status]:
        raise InvalidTransition(
            _("A course whose status is “%(current)s” cannot move to “%(new)s”.")
            % {"current": course.get_status_display(), "new": CourseStatus(status).label}
        )
    fields = ["status", "updated_at"]
    event = course.event
    if status == CourseStatus.HELD:
        if event.start_date > timezone.localdate():
            raise InvalidTransition(_("A course that has not started cannot be recorded as held."))
        course.held_on = event.start_date
        fields.append("held_on")
    course.status = status
    save_with_history(
        course, acting_user, update_fields=fields, reason=_in_reason(CourseStatus(status).label)
    )
    _event_status(
        event,
        EventStatus.HELD if status == CourseStatus.HELD else EventStatus.CANCELLED,
        acting_user,
    )
    return course


@transaction.atomic
def add_course_follow_up(
    course: TrainingCourse,
    *,
    acting_user: Actor,
    text: str,
    owner: Any = None,
    owner_name: str = "",
    due_on: date | None = None,
) -> CourseFollowUp:
    course = _locked_course(course)
    require(acting_user, "outreach.manage_training_courses", course)
    _check_follow_up(text, owner, owner_name, due_on)
    action = CourseFollowUp(
        course=course, text=text.strip(), owner=owner, owner_name=owner_name, due_on=due_on
    )
    action.full_clean()
    save_with_history(action, acting_user, reason="Added")
    return action


@transaction.atomic
def complete_course_follow_up(
    action: CourseFollowUp, *, acting_user: Actor, done_on: date
) -> CourseFollowUp:
    action = CourseFollowUp.objects.select_for_update().select_related("course").get(pk=action.pk)
    return _mark_done(
        action, "outreach.manage_training_courses", action.course, acting_user, done_on
    )
