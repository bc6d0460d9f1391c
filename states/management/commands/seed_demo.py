"""Create the demo users and a demo data set. Refuses to run with DEBUG off: demo accounts
with a known password must never exist in production. Safe to run again (nothing duplicated)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.choices import Language, Role
from core.demo import minimal_pdf
from core.models import User
from states.choices import ReportKind, ReportStatus
from states.models import MemberState
from states.reports import services
from states.reports.models import NationalPointOfContact

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
        self.stdout.write(
            f"demo data: {created} reports created, {contacts} points of contact created"
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
        rng = random.Random(1540)
        created = 0
        for state in MemberState.objects.order_by("iso3"):
            if state.iso3 in NOT_REPORTED or state.reports.exists():
                continue
            first_on = date(2004, 10, 1) + timedelta(days=rng.randint(0, 6 * 365))
            statuses = [ReportStatus.PUBLISHED]
            dates = [first_on]
            for _i in range(rng.choice([0, 1, 1, 2, 3])):
                dates.append(dates[-1] + timedelta(days=rng.randint(200, 1400)))
                statuses.append(ReportStatus.PUBLISHED)
            if rng.random() < 0.08:
                dates.append(date(2026, 10, 1) + timedelta(days=rng.randint(0, 40)))
                statuses.append(ReportStatus.SUBMITTED)
            with transaction.atomic():
                for index, (submitted_on, status) in enumerate(zip(dates, statuses, strict=True)):
                    created += self._report(state, secretariat, index, submitted_on, status, rng)
        return created

    def _report(self, state, secretariat, index, submitted_on, status, rng) -> int:
        kind = ReportKind.FIRST if index == 0 else ReportKind.ADDITIONAL
        language = rng.choice(Language.values)
        title = (
            "First national report"
            if index == 0
            else f"Additional information ({submitted_on.year})"
        )
        text = f"{state.name}: {title} on the implementation of resolution 1540 (2004)."
        document = ContentFile(
            minimal_pdf(text, f"Submitted on {submitted_on:%d %B %Y}."), name="report.pdf"
        )
        report = services.create_report(
            state,
            kind=kind,
            language=language,
            document=document,
            acting_user=secretariat,
            title=title,
            submitted_on=submitted_on,
            symbol=f"S/AC.44/{submitted_on.year}/{rng.randint(1, 40)}"
            if status == ReportStatus.PUBLISHED
            else "",
        )
        report = services.submit_report(report, acting_user=secretariat)
        if status == ReportStatus.PUBLISHED:
            services.publish_report(report, acting_user=secretariat)
        return 1

    def create_points_of_contact(self, secretariat: User) -> int:
        rng = random.Random(8)
        created = 0
        for state in MemberState.objects.order_by("iso3"):
            if (
                state.iso3 in NOT_REPORTED
                or NationalPointOfContact.objects.filter(state=state).exists()
            ):
                continue
            services.register_point_of_contact(
                state,
                acting_user=secretariat,
                name=f"National point of contact of {state.name}",
                agency=rng.choice(AGENCIES),
                email=f"1540-poc@{state.iso2.lower()}.example.org",
                since=date(2012, 1, 1) + timedelta(days=rng.randint(0, 4000)),
            )
            created += 1
        return created
