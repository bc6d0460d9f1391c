"""Use cases of the working groups: establishing the four groups and their chairs, scheduling
and cancelling meetings, circulating meeting documents, recording outcomes and progress on the
programme of work, and the private calendar feed. Each runs in one transaction, checks its rule,
saves with history, and sends mail to the delegations only once the transaction has committed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.work.choices import WorkingGroupNumber, WorkItemStatus
from committee.work.models import CommitteeMember, WorkItem
from core import symbols
from core.choices import Language, Role
from core.files import sniff_document
from core.mail import queue_mail
from core.models import User
from core.permissions import require
from core.services import InvalidTransition, save_with_history
from workinggroups.calendar import meetings_calendar
from workinggroups.choices import MeetingKind, MeetingStatus, MeetingTimeZone
from workinggroups.models import (
    CalendarFeed,
    Meeting,
    MeetingDocument,
    ProgressUpdate,
    WorkingGroup,
    circulated_late,
    new_calendar_token,
)

# The four groups of paragraph 7, with what the programme gives each to do.
WORKING_GROUPS = {
    WorkingGroupNumber.MONITORING: (
        "Monitoring and national implementation",
        "Paragraph 8 of the programme of work: reporting by States (first reports and "
        "additional information), the matrices, effective practices, national action plans, "
        "training of points of contact and the annual review.",
    ),
    WorkingGroupNumber.ASSISTANCE: (
        "Assistance",
        "Paragraph 9: the lists of assistance requests and offers, matching them, follow-up, "
        "and informing the Committee at least once a quarter.",
    ),
    WorkingGroupNumber.COOPERATION: (
        "Cooperation with international organizations",
        "Paragraph 10: cooperation with international, regional and subregional organizations "
        "and other United Nations bodies, including the 1267 and 1373 committees.",
    ),
    WorkingGroupNumber.TRANSPARENCY: (
        "Transparency and media outreach",
        "Paragraph 11: interaction with all Member States, the website, industry, academia, "
        "civil society and parliamentarians.",
    ),
}
# Meetings are entered from the year of the resolution, and scheduled at most two years ahead.
EARLIEST_MEETING_YEAR = 2004
SCHEDULE_HORIZON = timedelta(days=2 * 366)


# --- Mail to the delegations -------------------------------------------------------------------


def delegation_addresses() -> list[str]:
    """Every Security Council delegation on the committee: the committee members' own
    addresses and the delegations' addresses for the current term."""
    people = User.objects.filter(role=Role.COMMITTEE_MEMBER, is_active=True).exclude(email="")
    delegations = CommitteeMember.objects.serving_on().exclude(contact_email="")
    return sorted(
        {
            *people.values_list("email", flat=True),
            *delegations.values_list("contact_email", flat=True),
        }
    )


def _mail_delegations(
    subject: str,
    body: str,
    *,
    about: models.Model | None = None,
    invitation: Meeting | None = None,
) -> None:
    """One message, addresses in Bcc (delegations do not see each other's), recorded in this
    transaction and sent by a Celery task after the commit (core/mail.py): a rolled-back
    change announces nothing, and a mail server that is down never fails the change. With
    ``invitation``, the message carries the meeting as an .ics file: a calendar program adds,
    moves or cancels it (same UID, higher SEQUENCE)."""
    recipients = delegation_addresses()
    if not recipients:
        return
    topic = f"{about._meta.label_lower}:{about.pk}" if about is not None else ""
    attachments = []
    if invitation is not None:
        attachments.append(
            {
                "name": "meeting.ics",
                # The calendar's name is one line (a title typed with a line break is not).
                "content": meetings_calendar(
                    [invitation], name=" ".join(invitation.title.split())
                ).decode(),
                "mimetype": "text/calendar",
            }
        )
    queue_mail(
        subject=subject,
        body=body,
        # Always a text: the setting has a default (its helper's type allows None).
        to=[str(settings.DEFAULT_FROM_EMAIL)],
        bcc=recipients,
        topic=topic,
        attachments=attachments,
    )


def _when(meeting: Meeting) -> str:
    # The delegations read the time where the meeting is held, with the zone named.
    return meeting.when()


# --- Working groups ----------------------------------------------------------------------------


@transaction.atomic
def establish_working_groups() -> list[WorkingGroup]:
    """Create the four working groups if they do not exist yet (run by ``load_programme``)."""
    groups = []
    for number, (name, mandate) in WORKING_GROUPS.items():
        group = WorkingGroup.objects.filter(number=number).first()
        if group is None:
            group = WorkingGroup(number=number, name=name, mandate=mandate)
            save_with_history(group, None, reason="Established (programme of work, paragraph 4)")
        groups.append(group)
    return groups


@transaction.atomic
def appoint_chair(
    group: WorkingGroup, member: CommitteeMember, *, acting_user: User
) -> WorkingGroup:
    """Make a committee member the chair of a working group (paragraph 4)."""
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    require(acting_user, "workinggroups.appoint_chair", group)
    if member.term_end < timezone.localdate():
        raise ValidationError(
            {"chair": _("The term of %(member)s on the committee has ended.") % {"member": member}}
        )
    group.chair = member
    save_with_history(group, acting_user, update_fields=["chair"], reason="Chair appointed")
    return group


# --- Meetings -----------------------------------------------------------------------------------


def _check_meeting_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Give the start with its time zone.")})
    if starts_at.year < EARLIEST_MEETING_YEAR or starts_at > timezone.now() + SCHEDULE_HORIZON:
        raise ValidationError(
            {
                "starts_at": _(
                    "A meeting can be entered from %(first)s and scheduled at most two years ahead."
                )
                % {"first": EARLIEST_MEETING_YEAR}
            }
        )
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def _check_time_zone(time_zone: str) -> None:
    if time_zone not in MeetingTimeZone.values:
        raise ValidationError(
            {
                "time_zone": _("Unknown time zone “%(zone)s”: use one of %(zones)s.")
                % {"zone": time_zone, "zones": ", ".join(MeetingTimeZone.values)}
            }
        )


def _check_group(kind: str, working_group: WorkingGroup | None) -> None:
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting from the list.")})
    if kind == MeetingKind.WORKING_GROUP and working_group is None:
        raise ValidationError({"working_group": _("Say which working group meets.")})
    if kind != MeetingKind.WORKING_GROUP and working_group is not None:
        raise ValidationError(
            {"working_group": _("Only a working-group meeting belongs to a working group.")}
        )


@transaction.atomic
def schedule_meeting(
    *,
    acting_user: User,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str,
    working_group: WorkingGroup | None = None,
    ends_at: datetime | None = None,
    agenda: str = "",
    time_zone: str = MeetingTimeZone.NEW_YORK,
) -> Meeting:
    """Put a meeting on the schedule and announce it to all delegations (paragraphs 4-5). A
    past meeting may be entered for the record; it is not announced. The times are moments
    (aware datetimes); ``time_zone``, the zone of the place, is how they are shown."""
    require(acting_user, "workinggroups.schedule_meeting")
    _check_group(kind, working_group)
    _check_time_zone(time_zone)
    _check_meeting_times(starts_at, ends_at)
    meeting = Meeting(
        kind=kind,
        working_group=working_group,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        time_zone=time_zone,
        agenda=agenda,
        created_by=acting_user,
    )
    meeting.full_clean()
    save_with_history(meeting, acting_user, reason="Scheduled")
    if starts_at > timezone.now():
        _mail_delegations(
            _("Meeting announced: %(title)s") % {"title": title},
            _("%(title)s\n%(when)s\n%(place)s\n\nAgenda:\n%(agenda)s\n\nOpen to all delegations.")
            % {"title": title, "when": _when(meeting), "place": place, "agenda": agenda or "-"},
            about=meeting,
            invitation=meeting,
        )
    return meeting


@transaction.atomic
def update_meeting(meeting: Meeting, *, acting_user: User, **changes: Any) -> Meeting:
    """Change a scheduled meeting's details. Moving it re-marks its documents: a document in
    time for the old date may be late for the new one, and the other way round."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require(acting_user, "workinggroups.change_meeting", meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise InvalidTransition(
            _("This meeting's status is “%(status)s”; only a scheduled meeting can be changed.")
            % {"status": meeting.get_status_display()}
        )
    allowed = {"title", "starts_at", "ends_at", "place", "time_zone", "agenda"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    if "time_zone" in changes:
        _check_time_zone(changes["time_zone"])
    moved = "starts_at" in changes and changes["starts_at"] != meeting.starts_at
    _check_meeting_times(
        changes.get("starts_at", meeting.starts_at), changes.get("ends_at", meeting.ends_at)
    )
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    meeting.full_clean()
    save_with_history(
        meeting,
        acting_user,
        update_fields=[*changes, "sequence", "updated_at"],
        reason="Moved" if moved else "Details changed",
    )
    if moved:
        for document in meeting.documents.select_for_update():
            late = circulated_late(document.circulated_at, meeting.starts_at)
            if late != document.late:
                document.late = late
                save_with_history(
                    document, acting_user, update_fields=["late"], reason="Meeting moved"
                )
        if meeting.starts_at > timezone.now():
            _mail_delegations(
                _("Meeting moved: %(title)s") % {"title": meeting.title},
                _("%(title)s now takes place on %(when)s, %(place)s.")
                % {"title": meeting.title, "when": _when(meeting), "place": meeting.place},
                about=meeting,
                invitation=meeting,
            )
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, acting_user: User, reason: str) -> Meeting:
    """Cancel a scheduled meeting and tell the delegations. The meeting stays on record."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require(acting_user, "workinggroups.cancel_meeting", meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise InvalidTransition(
            _("This meeting's status is “%(status)s”; only a scheduled meeting can be cancelled.")
            % {"status": meeting.get_status_display()}
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason.strip()[:300]
    meeting.sequence += 1
    save_with_history(
        meeting,
        acting_user,
        update_fields=["status", "cancellation_reason", "sequence", "updated_at"],
        reason="Cancelled",
    )
    _mail_delegations(
        _("Meeting cancelled: %(title)s") % {"title": meeting.title},
        _("%(title)s, planned for %(when)s, is cancelled: %(reason)s")
        % {"title": meeting.title, "when": _when(meeting), "reason": meeting.cancellation_reason},
        about=meeting,
        invitation=meeting,
    )
    return meeting


@transaction.atomic
def record_outcome(
    meeting: Meeting, *, acting_user: User, outcome: str, feedback: str = ""
) -> Meeting:
    """After the meeting: mark it held, with its outcome and the feedback to the members
    (paragraph 4: the schedule includes regular feedback). May be amended later."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require(acting_user, "workinggroups.record_outcome", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise InvalidTransition(_("This meeting was cancelled; it has no outcome."))
    if not meeting.has_started:
        raise ValidationError(_("This meeting has not taken place yet."))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Say what the meeting decided or discussed.")})
    meeting.status = MeetingStatus.HELD
    meeting.outcome = outcome.strip()
    meeting.feedback = (feedback or "").strip()
    save_with_history(
        meeting,
        acting_user,
        update_fields=["status", "outcome", "feedback", "updated_at"],
        reason="Outcome recorded",
    )
    return meeting


# --- Meeting documents -------------------------------------------------------------------------


@transaction.atomic
def circulate_document(
    meeting: Meeting,
    *,
    acting_user: User,
    title: str,
    file: File,
    language: str = Language.ENGLISH,
    symbol: str = "",
    issue_symbol: bool = False,
) -> MeetingDocument:
    """Circulate a document to all delegations for a meeting (paragraph 5). The moment is kept;
    a document circulated after the meeting started or with less than the notice required is
    marked late. The delegations are told by e-mail; the document itself stays behind the
    permission-checked download.

    A working paper the Committee issues as its own document (``issue_symbol``) gets the next
    UN symbol of the year, or ``symbol`` if that is the one entered (core/symbols.py); without
    it, ``symbol`` is one the document already carries (a Council document, an earlier issue)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require(acting_user, "workinggroups.circulate_document", meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise InvalidTransition(_("This meeting was cancelled; its documents are not circulated."))
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the document a title.")})
    if language not in Language.values:
        raise ValidationError({"language": _("Choose one of the six official languages.")})
    try:
        extension = sniff_document(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    base = (file.name or "document").rsplit(".", 1)[0]
    file.name = f"{base}.{extension}"
    # Checked and held before the file is stored: a refused symbol leaves nothing behind.
    if issue_symbol:
        reserved = symbols.reserve_symbol(symbol)
    else:
        reserved = None
        symbols.check_carried_symbol(symbol)
    now = timezone.now()
    document = MeetingDocument(
        meeting=meeting,
        title=title.strip(),
        symbol=reserved.symbol if reserved else symbol.strip(),
        language=language,
        file=file,
        circulated_at=now,
        circulated_by=acting_user,
        late=circulated_late(now, meeting.starts_at),
    )
    document.full_clean(exclude=["file"])
    save_with_history(document, acting_user, reason="Circulated")
    if reserved is not None:
        reserved.record(document, acting_user=acting_user)
    _mail_delegations(
        _("Document circulated for %(title)s") % {"title": meeting.title},
        _(
            "“%(document)s” has been circulated for %(title)s (%(when)s). Sign in to the 1540 "
            "Committee site to read it: %(path)s"
        )
        % {
            "document": document.title,
            "title": meeting.title,
            "when": _when(meeting),
            "path": meeting.get_absolute_url(),
        },
        about=meeting,
    )
    return document


# --- Progress against the programme of work ----------------------------------------------------


@transaction.atomic
def record_progress(
    work_item: WorkItem,
    *,
    acting_user: User,
    status: str,
    progress: int,
    note: str,
    meeting: Meeting | None = None,
) -> ProgressUpdate:
    """Record where an item of the programme stands, usually at a meeting (12(a)); the item
    takes the new status and progress, and the update is kept with its note."""
    work_item = WorkItem.objects.select_for_update().get(pk=work_item.pk)
    require(acting_user, "committee.record_progress", work_item)
    errors: dict[str, str] = {}
    if status not in WorkItemStatus.values:
        errors["status"] = _("Choose a status from the list.")
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a whole number from 0 to 100.")
    elif status == WorkItemStatus.COMPLETED and progress != 100:
        errors["progress"] = _("A completed item is at 100 %.")
    if not (note or "").strip():
        errors["note"] = _("Say what was done or decided.")
    if meeting is not None and meeting.status == MeetingStatus.CANCELLED:
        errors["meeting"] = _("That meeting was cancelled.")
    elif meeting is not None and not meeting.has_started:
        errors["meeting"] = _("That meeting has not taken place yet.")
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(
        work_item=work_item,
        meeting=meeting,
        status=status,
        progress=progress,
        note=note.strip(),
        recorded_by=acting_user,
    )
    save_with_history(update, acting_user, reason="Recorded")
    work_item.status = status
    work_item.progress = progress
    save_with_history(
        work_item,
        acting_user,
        update_fields=["status", "progress", "updated_at"],
        reason=f"Progress recorded ({update.pk})",
    )
    return update


# --- The private calendar feed -----------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(user: User) -> CalendarFeed:
    """The person's calendar feed, created on first use."""
    require(user, "workinggroups.use_calendar_feed")
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed(user=user)
        save_with_history(feed, user, reason="Created")
    return feed


@transaction.atomic
def replace_calendar_token(user: User) -> CalendarFeed:
    """A new private address; the old one stops working at once (e.g. after it leaked)."""
    feed = calendar_feed_for(user)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = new_calendar_token()
    save_with_history(feed, user, update_fields=["token"], reason="Address replaced")
    return feed
