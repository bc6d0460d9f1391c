"""Create the demo users and a demo data set. Refuses to run with DEBUG off: demo accounts
with a known password must never exist in production. Safe to run again (nothing duplicated)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.choices import Language, Role
from core.demo import day_between, days_ago, demo_today, minimal_pdf, not_after_today
from core.models import User
from core.search import index_on_commit
from states.choices import ReportKind, ReportStatus
from states.dialogue.demo import seed_dialogue
from states.models import MemberState
from states.practices.demo import seed_practices
from states.reports.models import NationalPointOfContact, NationalReport, ReportDocument

DEMO_USERS = [
    # username, role, state, first name, last name
    ("secretariat", Role.SECRETARIAT, None, "Sam", "Secretariat"),
    ("expert", Role.EXPERT, None, "Eva", "Expert"),
    ("member", Role.COMMITTEE_MEMBER, None, "Mo", "Member"),
    ("poc-chn", Role.POC, "CHN", "Li", "Wei"),
    ("poc-bra", Role.POC, "BRA", "Ana", "Souza"),
]
# Demo states that have not yet reported, so the 8(b) question has an answer to show.
NOT_REPORTED = ["TCD", "COM", "GNQ", "GNB", "MLI", "SOM", "SSD", "TLS", "MRT", "KIR", "TUV", "DMA"]
AGENCIES = [
    "Ministry of Foreign Affairs",
    "Ministry of Defence",
    "Customs Administration",
    "Nuclear Regulatory Authority",
    "National Authority for the CWC",
]


class Command(BaseCommand):
    help = "Create the demo users (password $DEMO_PASSWORD, default demo-1540) and demo data."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a known password: it refuses to run "
                "with DEBUG off."
            )
        if not MemberState.objects.exists():
            call_command("load_states", stdout=self.stdout)
        users = self.create_users()
        created = self.create_reports(users["secretariat"])
        contacts = self.create_points_of_contact(users["secretariat"])
        dialogue = seed_dialogue(users["secretariat"], users["expert"])
        practices = seed_practices(users["secretariat"], [users["poc-chn"], users["poc-bra"]])
        self.stdout.write(
            f"demo data: {created} reports created, {contacts} points of contact created, "
            f"{dialogue} exchanges of dialogue recorded, "
            f"{practices} effective practices and action plans shared"
        )
        self.stdout.write("")
        self.stdout.write(f"Demo users (password: {settings.DEMO_PASSWORD})")
        for username, role, iso3, *_names in DEMO_USERS:
            suffix = f" of {iso3}" if iso3 else ""
            self.stdout.write(f"  {username:<12} {Role(role).label}{suffix}")
        if settings.TWO_FACTOR_REQUIRED:
            self.print_pairing_codes(users)

    def print_pairing_codes(self, users: dict[str, User]) -> None:
        """With two-factor sign-in on, staff pair an authenticator app first, which takes a
        pairing code from the secretariat: the demo prints one for each unpaired staff user."""
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from core.pairing import issue_pairing_code, needs_second_factor

        self.stdout.write("")
        self.stdout.write("Pairing codes for their authenticator app (once each, 72 hours):")
        for user in users.values():
            if not needs_second_factor(user):
                continue
            if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
                self.stdout.write(f"  {user.username:<12} already paired")
                continue
            code, _record = issue_pairing_code(user, acting_user=None)
            self.stdout.write(f"  {user.username:<12} {code}")

    @transaction.atomic
    def create_users(self) -> dict[str, User]:
        users = {}
        for username, role, iso3, first, last in DEMO_USERS:
            state = MemberState.objects.get(iso3=iso3) if iso3 else None
            user, _created = User.objects.get_or_create(
                username=username,
                defaults={
                    "role": role,
                    "state": state,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            user.role, user.state = role, state
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            users[username] = user
        return users

    def create_reports(self, secretariat: User) -> int:
        # Every date counted back from today: no report from before the state was a member,
        # none after today; the few awaiting publication came in over the last two months.
        rng = random.Random(1540)
        today = demo_today()
        planned = []
        for state in (
            MemberState.objects.filter(reports=None).exclude(iso3__in=NOT_REPORTED).order_by("iso3")
        ):
            first_on = max(
                date(2004, 10, 1) + timedelta(days=rng.randint(0, 6 * 365)),
                state.un_admission_date + timedelta(days=rng.randint(60, 400)),
            )
            statuses = [ReportStatus.PUBLISHED]
            dates = [not_after_today(first_on, days_ago(365, today))]
            for _i in range(rng.choice([0, 1, 1, 2, 3])):
                later = dates[-1] + timedelta(days=rng.randint(200, 1400))
                if later > days_ago(120, today):
                    break
                dates.append(later)
                statuses.append(ReportStatus.PUBLISHED)
            if rng.random() < 0.08:
                dates.append(days_ago(rng.randint(5, 60), today))
                statuses.append(ReportStatus.SUBMITTED)
            for index, (submitted_on, status) in enumerate(zip(dates, statuses, strict=True)):
                planned.append((state, index, submitted_on, status))
        return self._reports(planned, secretariat, rng)

    @transaction.atomic
    def _reports(self, planned, secretariat: User, rng: random.Random) -> int:
        """The reports, their documents and their history, written in bulk (through the
        services, one at a time, the reports of 180 states took half a minute and more): as
        the services leave them, received on their day and published a few weeks later (by a
        symbol of their year), the latest few still awaiting publication."""
        now = timezone.now()
        reports, documents = [], []
        for state, index, submitted_on, status in planned:
            language = rng.choice(Language.values)
            title = (
                "First national report"
                if index == 0
                else f"Additional information ({submitted_on.year})"
            )
            published = status == ReportStatus.PUBLISHED
            received = timezone.make_aware(datetime.combine(submitted_on, time(10)))
            report = NationalReport(
                state=state,
                kind=ReportKind.FIRST if index == 0 else ReportKind.ADDITIONAL,
                title=title,
                submitted_on=submitted_on,
                symbol=f"S/AC.44/{submitted_on.year}/{rng.randint(1, 40)}" if published else "",
                status=status,
                created_by=secretariat,
                submitted_by=secretariat,
                published_at=(
                    min(received + timedelta(days=rng.randint(20, 90)), now) if published else None
                ),
            )
            report.created_at = received  # set again below: bulk_create stamps auto_now_add
            reports.append(report)
            text = f"{state.name}: {title} on the implementation of resolution 1540 (2004)."
            document = ReportDocument(report=report, language=language, original=True)
            document.file.save(
                "report.pdf",
                ContentFile(minimal_pdf(text, f"Submitted on {submitted_on:%d %B %Y}.")),
                save=False,
            )
            documents.append(document)
        received_at = {id(report): report.created_at for report in reports}
        bulk_create_with_history(
            reports, NationalReport, default_user=secretariat, default_change_reason="Demo data"
        )
        for report in reports:
            report.created_at = received_at[id(report)]
        NationalReport.objects.bulk_update(reports, ["created_at"], batch_size=1000)
        for document in documents:
            document.report_id = document.report.pk
        bulk_create_with_history(
            documents, ReportDocument, default_user=secretariat, default_change_reason="Demo data"
        )
        for report in reports:
            if report.status == ReportStatus.PUBLISHED:
                # The website's search reads each published report (as publish_report asks).
                index_on_commit("report", report.pk)
        return len(reports)

    @transaction.atomic
    def create_points_of_contact(self, secretariat: User) -> int:
        """One point of contact for each state that reported, written in bulk with its history
        (as register_point_of_contact leaves it; one at a time it took ten seconds)."""
        rng = random.Random(8)
        contacts = [
            NationalPointOfContact(
                state=state,
                name=f"National point of contact of {state.name}",
                agency=rng.choice(AGENCIES),
                email=f"1540-poc@{state.iso2.lower()}.example.org",
                since=day_between(
                    rng,
                    max(date(2012, 1, 1), state.un_admission_date),
                    days_ago(30),
                ),
            )
            for state in MemberState.objects.exclude(iso3__in=NOT_REPORTED)
            .exclude(pk__in=NationalPointOfContact.objects.values("state"))
            .order_by("iso3")
        ]
        bulk_create_with_history(
            contacts,
            NationalPointOfContact,
            default_user=secretariat,
            default_change_reason="Registered",
        )
        return len(contacts)
