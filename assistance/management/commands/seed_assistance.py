"""Demo data for assistance at any scale: organisations, requests, offers, matches and their
steps, spread over the last two years. Refuses to run with DEBUG off (it writes demo records),
and is safe to run again: the rows it made before are counted, and only the missing ones added.

    manage.py seed_assistance --scale 1      # about 300 requests, 200 offers, 150 matches
    manage.py seed_assistance --scale 20     # thousands of each (the benchmark's scale)

Rows are written in bulk, not through the services: at demo scale the services' one-row-at-a-time
transactions would take minutes. The workflow's invariants are kept by construction (one
provider per offer, matches only between an open request and another state's or an
organisation's offer, a dated step for every status)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assistance.choices import AssistanceKind, MatchStatus, RequestChannel, RequestStatus
from assistance.models import (
    AssistanceArea,
    AssistanceOffer,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchStatusChange,
)
from core.choices import Role
from core.models import User
from outreach.models import Organization
from states.choices import RegionalGroup, WeaponType
from states.models import MemberState

ORGANIZATIONS = [
    ("International Atomic Energy Agency", "IAEA", "international"),
    ("Organisation for the Prohibition of Chemical Weapons", "OPCW", "international"),
    ("Biological Weapons Convention Implementation Support Unit", "BWC ISU", "international"),
    ("International Criminal Police Organization", "INTERPOL", "international"),
    ("World Customs Organization", "WCO", "international"),
    ("United Nations Office on Drugs and Crime", "UNODC", "international"),
    ("Organization for Security and Co-operation in Europe", "OSCE", "regional"),
    ("Organization of American States", "OAS", "regional"),
    ("African Union", "AU", "regional"),
    ("Economic Community of West African States", "ECOWAS", "subregional"),
]
TITLE = "Demo {kind} {number}"
REQUEST_PATH = [
    RequestStatus.RECEIVED,
    RequestStatus.ACKNOWLEDGED,
    RequestStatus.CIRCULATED,
    RequestStatus.MATCHED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.COMPLETED,
]
MATCH_PATH = [
    MatchStatus.PROPOSED,
    MatchStatus.CONTACTED,
    MatchStatus.AGREED,
    MatchStatus.DELIVERED,
]


class Command(BaseCommand):
    help = "Create demo assistance requests, offers and matches (idempotent; --scale N)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scale", type=int, default=1, help="1: ~300 requests; 20: ~6,000 (default 1)."
        )

    def handle(self, *args, scale: int, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_assistance writes demo records: it refuses to run with DEBUG off."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not MemberState.objects.exists():
            call_command("load_states", stdout=self.stdout)
        AssistanceArea.objects.ensure_taxonomy()
        staff = self._staff()
        rng = random.Random(1540 + scale)
        with transaction.atomic():
            organizations = self._organizations()
            offers = self._offers(300 * scale * 2 // 3, staff, organizations, rng)
            requests = self._requests(300 * scale, staff, rng)
            matches = self._matches(150 * scale, staff, requests, offers, rng)
        self.stdout.write(
            f"assistance demo data: {AssistanceRequest.objects.count()} requests, "
            f"{AssistanceOffer.objects.count()} offers, {Match.objects.count()} matches "
            f"({matches} matches added)"
        )

    def _staff(self) -> User:
        user = User.objects.filter(role=Role.EXPERT, is_active=True).order_by("id").first()
        if user is None:
            user, _created = User.objects.get_or_create(
                username="seed-expert", defaults={"role": Role.EXPERT, "email": ""}
            )
        return user

    def _organizations(self) -> list[Organization]:
        for name, acronym, kind in ORGANIZATIONS:
            Organization.objects.get_or_create(
                name=name, defaults={"acronym": acronym, "kind": kind, "offers_assistance": True}
            )
        return list(Organization.objects.filter(offers_assistance=True, active=True))

    def _offers(self, wanted: int, staff, organizations, rng) -> list[AssistanceOffer]:
        existing = AssistanceOffer.objects.filter(title__startswith="Demo offer ").count()
        states = list(MemberState.objects.all())
        areas = list(AssistanceArea.objects.all())
        today = timezone.localdate()
        made = []
        for number in range(existing, wanted):
            by_state = rng.random() < 0.4
            made.append(
                AssistanceOffer(
                    provider_state=rng.choice(states) if by_state else None,
                    provider_organization=None if by_state else rng.choice(organizations),
                    title=TITLE.format(kind="offer", number=number),
                    assistance_type=rng.choice(AssistanceKind.values),
                    description="Demo offer of assistance.",
                    weapon_types=rng.sample(WeaponType.values, rng.randint(0, 2)),
                    regions=rng.sample(RegionalGroup.values, rng.choice([0, 0, 1, 2])),
                    valid_until=rng.choice([None, today + timedelta(days=rng.randint(-200, 900))]),
                    is_public=rng.random() < 0.8,
                    created_by=staff,
                )
            )
        AssistanceOffer.objects.bulk_create(made, batch_size=1000)
        made = list(AssistanceOffer.objects.filter(title__startswith="Demo offer ", areas=None))
        through = AssistanceOffer.areas.through
        through.objects.bulk_create(
            (
                through(assistanceoffer_id=offer.pk, assistancearea_id=area.pk)
                for offer in made
                for area in rng.sample(areas, rng.randint(1, 3))
            ),
            batch_size=2000,
        )
        return list(AssistanceOffer.objects.filter(title__startswith="Demo offer "))

    def _requests(self, wanted: int, staff, rng) -> list[AssistanceRequest]:
        existing = AssistanceRequest.objects.filter(title__startswith="Demo request ").count()
        states = list(MemberState.objects.all())
        areas = list(AssistanceArea.objects.all())
        now = timezone.now()
        made = []
        for number in range(existing, wanted):
            received = now - timedelta(days=rng.randint(0, 730), hours=rng.randint(0, 23))
            made.append(
                AssistanceRequest(
                    state=rng.choice(states),
                    title=TITLE.format(kind="request", number=number),
                    date_received=received.date(),
                    channel=rng.choice(RequestChannel.values),
                    weapon_types=rng.sample(WeaponType.values, rng.randint(1, 3)),
                    assistance_type=rng.choice(AssistanceKind.values),
                    description="Demo request for assistance.",
                    publication_consent=rng.random() < 0.6,
                    status=RequestStatus.RECEIVED,
                    status_changed_at=received,
                    last_activity_at=received,
                    created_by=staff,
                )
            )
        AssistanceRequest.objects.bulk_create(made, batch_size=1000)
        fresh = list(
            AssistanceRequest.objects.filter(title__startswith="Demo request ", areas=None)
        )
        through = AssistanceRequest.areas.through
        through.objects.bulk_create(
            (
                through(assistancerequest_id=item.pk, assistancearea_id=area.pk)
                for item in fresh
                for area in rng.sample(areas, rng.randint(1, 3))
            ),
            batch_size=2000,
        )
        # Each new request moved on a few steps, each step dated and attributed.
        steps, updates = [], []
        for item in fresh:
            moment = item.status_changed_at
            path = REQUEST_PATH[: rng.randint(1, 3)]
            for previous, status in zip(["", *path], path, strict=False):
                steps.append(
                    AssistanceRequestStatusChange(
                        request=item,
                        from_status=previous,
                        to_status=status,
                        changed_at=moment,
                        changed_by=staff,
                    )
                )
                item.status, item.status_changed_at, item.last_activity_at = status, moment, moment
                moment += timedelta(days=rng.randint(1, 40))
            updates.append(item)
        AssistanceRequestStatusChange.objects.bulk_create(steps, batch_size=2000)
        AssistanceRequest.objects.bulk_update(
            updates, ["status", "status_changed_at", "last_activity_at"], batch_size=1000
        )
        return list(
            AssistanceRequest.objects.filter(
                title__startswith="Demo request ", status=RequestStatus.CIRCULATED
            ).exclude(matches__isnull=False)
        )

    def _matches(self, wanted: int, staff, requests, offers, rng) -> int:
        existing = Match.objects.filter(request__title__startswith="Demo request ").count()
        missing = max(0, wanted - existing)
        rng.shuffle(requests)
        made, steps, moved = [], [], []
        now = timezone.now()
        for item in requests[:missing]:
            others = [offer for offer in offers if offer.provider_state_id != item.state_id]
            if not others:  # never a state's own offer
                continue
            offer = rng.choice(others)
            moment = min(item.status_changed_at + timedelta(days=rng.randint(1, 30)), now)
            path = MATCH_PATH[: rng.randint(1, 4)]
            match = Match(
                request=item,
                offer=offer,
                status=path[-1],
                status_changed_at=moment,
                proposed_by=staff,
                delivered_on=moment.date() if MatchStatus.DELIVERED in path else None,
            )
            made.append((match, path, moment))
            if MatchStatus.AGREED in path:
                item.status = RequestStatus.MATCHED
                moved.append((item, moment))
        Match.objects.bulk_create([match for match, _path, _moment in made], batch_size=1000)
        for match, path, moment in made:
            for previous, status in zip(["", *path], path, strict=False):
                steps.append(
                    MatchStatusChange(
                        match=match,
                        from_status=previous,
                        to_status=status,
                        changed_at=moment,
                        changed_by=staff,
                    )
                )
        MatchStatusChange.objects.bulk_create(steps, batch_size=2000)
        AssistanceRequestStatusChange.objects.bulk_create(
            AssistanceRequestStatusChange(
                request=item,
                from_status=RequestStatus.CIRCULATED,
                to_status=RequestStatus.MATCHED,
                changed_at=moment,
                changed_by=staff,
                reason="a provider agreed",
            )
            for item, moment in moved
        )
        for item, moment in moved:
            item.status_changed_at = item.last_activity_at = moment
        AssistanceRequest.objects.bulk_update(
            [item for item, _moment in moved],
            ["status", "status_changed_at", "last_activity_at"],
            batch_size=1000,
        )
        return len(made)
