"""Demo records of the Committee's year (committee/work/demo.py): the monthly meetings held and
the next one scheduled (12(a)), the last quarterly digest built (9(h)) and the experts in charge
of states and items (12(f)), so that the programme's progress follows from them. Refuses to run
with DEBUG off (it writes demo records); safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assistance.digest import last_finished_quarter
from assistance.models import QuarterlyDigest
from assistance.services import build_digest
from committee.work.demo import seed_expert_assignments
from core.choices import Role
from core.models import User
from workinggroups import services as meetings
from workinggroups.choices import MeetingKind
from workinggroups.models import Meeting


def seed_monthly_meetings(secretariat, *, months: int = 6) -> int:
    """The Committee's informal meeting of each of the last ``months`` months (12(a)), held with
    its outcome, and next month's on the schedule; returns how many it created."""
    now = timezone.localtime()
    created = 0
    for back in range(months, -2, -1):
        starts_at = (now - timedelta(days=30 * back)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        if back >= 0 and starts_at >= now:
            starts_at -= timedelta(days=1)
        title = f"Informal meeting of the Committee, {starts_at:%B %Y}"
        if Meeting.objects.filter(kind=MeetingKind.INFORMAL, title=title).exists():
            continue
        meeting = meetings.schedule_meeting(
            acting_user=secretariat,
            kind=MeetingKind.INFORMAL,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place="Conference Room 7, United Nations Headquarters",
            agenda="1. Progress against the programme of work.\n2. Matrices under review.",
        )
        if back > 0:
            meetings.record_outcome(
                meeting,
                acting_user=secretariat,
                outcome="The Committee reviewed the progress of the programme of work.",
            )
        created += 1
    return created


def seed_digest() -> int:
    """The quarterly assistance digest of the last quarter ended (9(h)), built as the beat
    builds it; returns 1 when it built one."""
    year, quarter = last_finished_quarter()
    if QuarterlyDigest.objects.filter(year=year, quarter=quarter, built_at__isnull=False).exists():
        return 0
    build_digest(year, quarter)
    return 1


class Command(BaseCommand):
    help = "Create the demo meetings, the last quarterly digest and the experts' assignments."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_committee_work writes demo records: it refuses to run with DEBUG off."
            )
        secretariat = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("id")
        if not secretariat.exists():
            raise CommandError("No secretariat user: run manage.py seed_demo first.")
        experts = list(User.objects.filter(role=Role.EXPERT, is_active=True).order_by("id"))
        meetings = seed_monthly_meetings(secretariat.first())
        digests = seed_digest()
        assignments = seed_expert_assignments(secretariat.first(), experts)
        self.stdout.write(
            f"committee demo data: {meetings} meetings, {digests} digest built, "
            f"{assignments} expert assignments"
        )
