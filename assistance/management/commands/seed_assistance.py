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
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assistance import services
from assistance.choices import (
    AssistanceKind,
    Eligibility,
    MatchStatus,
    ProjectStatus,
    RequestChannel,
    RequesterKind,
    RequestStatus,
    TrustFund,
)
from assistance.models import (
    AssistanceArea,
    AssistanceOffer,
    AssistanceProject,
    AssistanceRequest,
    AssistanceRequestStatusChange,
    Match,
    MatchStatusChange,
    OrganizationMembership,
    TrustFundContribution,
)
from core.choices import Role
from core.demo import minimal_pdf
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
# The member states of the Caribbean Community (Montserrat, a member, is not a UN member).
CARICOM_MEMBERS = [
    "ATG",
    "BHS",
    "BRB",
    "BLZ",
    "DMA",
    "GRD",
    "GUY",
    "HTI",
    "JAM",
    "KNA",
    "LCA",
    "VCT",
    "SUR",
    "TTO",
]
TITLE = "Demo {kind} {number}"
REQUEST_PATH = [
    RequestStatus.RECEIVED,
    RequestStatus.AUTHENTICATED,
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
            self._caricom_request(staff)
            self._offer_terms(random.Random(9_1540 + scale))
            self._projects_and_contributions(staff)
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
            state = rng.choice(states)
            made.append(
                AssistanceRequest(
                    state=state,
                    requesting_state_ids=[state.pk],
                    title=TITLE.format(kind="request", number=number),
                    date_received=received.date(),
                    channel=rng.choice(RequestChannel.values),
                    weapon_types=rng.sample(WeaponType.values, rng.randint(1, 3)),
                    assistance_type=rng.choice(AssistanceKind.values),
                    description="Demo request for assistance.",
                    publication_consent=rng.random() < 0.6,
                    consent_recorded_on=received.date(),
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
        concerned = AssistanceRequest.requesting_states.through
        concerned.objects.bulk_create(
            (
                concerned(assistancerequest_id=item.pk, memberstate_id=item.state_id)
                for item in fresh
            ),
            batch_size=2000,
        )
        # Each new request moved on a few steps, each step dated and attributed; one circulated
        # with its state's consent is posted on the website.
        steps, updates = [], []
        for item in fresh:
            moment = item.status_changed_at
            path = REQUEST_PATH[: rng.randint(1, 4)]
            if item.publication_consent and path[-1] == RequestStatus.CIRCULATED:
                path = [*path, RequestStatus.POSTED]
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
                if status == RequestStatus.POSTED:
                    item.posted, item.posted_on = True, moment.date()
                # The next step a few days on, never after now (a request received this week
                # has not moved on yet).
                moment = min(moment + timedelta(days=rng.randint(1, 40)), now)
            updates.append(item)
        AssistanceRequestStatusChange.objects.bulk_create(steps, batch_size=2000)
        AssistanceRequest.objects.bulk_update(
            updates,
            ["status", "status_changed_at", "last_activity_at", "posted", "posted_on"],
            batch_size=1000,
        )
        return list(
            AssistanceRequest.objects.filter(
                title__startswith="Demo request ",
                status__in=[RequestStatus.CIRCULATED, RequestStatus.POSTED],
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
                moved.append((item, moment, item.status))
                item.status = RequestStatus.MATCHED
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
                from_status=previous,
                to_status=RequestStatus.MATCHED,
                changed_at=moment,
                changed_by=staff,
                reason="a provider agreed",
            )
            for item, moment, previous in moved
        )
        for item, moment, _previous in moved:
            item.status_changed_at = item.last_activity_at = moment
        AssistanceRequest.objects.bulk_update(
            [item for item, _moment, _previous in moved],
            ["status", "status_changed_at", "last_activity_at"],
            batch_size=1000,
        )
        return len(made)

    def _caricom_request(self, staff) -> None:
        """One request as the 2017 template has it: from CARICOM for two of its members, with
        two numbered needs and the note verbale attached (entered in the register), taken
        through the Committee's steps to posting on the website with CARICOM's consent."""
        title = "Border and export control training for Jamaica and Trinidad and Tobago"
        if AssistanceRequest.objects.filter(title=title).exists():
            return
        caricom, _created = Organization.objects.get_or_create(
            name="Caribbean Community",
            defaults={"acronym": "CARICOM", "kind": "regional", "offers_assistance": False},
        )
        members = MemberState.objects.filter(iso3__in=CARICOM_MEMBERS)
        for state in members:
            OrganizationMembership.objects.get_or_create(organization=caricom, state=state)
        concerned = [MemberState.objects.get(iso3=iso3) for iso3 in ("JAM", "TTO")]
        note = ContentFile(minimal_pdf("Note verbale from the CARICOM Secretariat"), "note.pdf")
        request = services.submit_request(
            None,
            acting_user=staff,
            requester_kind=RequesterKind.ORGANIZATION,
            requesting_organization=caricom,
            requesting_states=concerned,
            title=title,
            assistance_type=AssistanceKind.TRAINING,
            description="One request for the subject area of border and export control.",
            areas=list(AssistanceArea.objects.filter(code="border-export-control")),
            weapon_types=[WeaponType.NUCLEAR, WeaponType.CHEMICAL],
            date_received=timezone.localdate() - timedelta(days=40),
            channel=RequestChannel.NOTE_VERBALE,
            publication_consent=True,
            needs=[
                {
                    "number": 1,
                    "description": "Training of customs officers in commodity identification.",
                    "assistance_type": AssistanceKind.TRAINING,
                    "weapon_types": [WeaponType.NUCLEAR, WeaponType.CHEMICAL],
                },
                {
                    "number": 2,
                    "description": "Advice on a common regional control list.",
                    "assistance_type": AssistanceKind.LEGISLATIVE,
                    "weapon_types": [],
                },
            ],
            contact_name="CARICOM 1540 Regional Coordinator",
            contact_function="Regional coordinator, CARICOM IMPACS",
            contact_email="1540.coordinator@example.org",
            document=note,
            reference="CARICOM/1540/demo",
        )
        for step in (
            RequestStatus.AUTHENTICATED,
            RequestStatus.ACKNOWLEDGED,
            RequestStatus.CIRCULATED,
            RequestStatus.POSTED,
        ):
            request = services.move_request(request, step, acting_user=staff)

    # --- Offer terms, projects and trust-fund contributions (9(b), 12(e)) ----------------------

    def _offer_terms(self, rng) -> None:
        """Give the demo offers that have none the terms the template asks: a contact person,
        languages, a period, a budget range and who may receive the help. A generator of its
        own, so that the offers, requests and matches above stay as they were."""
        offers = list(
            AssistanceOffer.objects.filter(title__startswith="Demo offer ", contact_name="")
        )
        today = timezone.localdate()
        names = ["A. Mensah", "M. Rossi", "L. Chen", "S. García", "N. Ivanova", "K. Haddad"]
        for offer in offers:
            name = rng.choice(names)
            offer.contact_name = name
            offer.contact_email = f"{name.split()[-1].lower()}@example.org"
            offer.contact_phone = f"+41 22 917 {rng.randint(1000, 9999)}"
            offer.languages = rng.sample(["ar", "zh", "en", "fr", "ru", "es"], rng.randint(1, 3))
            start = today - timedelta(days=rng.randint(0, 365))
            offer.available_from = start
            offer.available_to = start + timedelta(days=rng.randint(180, 900))
            low = rng.choice([5_000, 10_000, 25_000, 50_000])
            offer.budget_min, offer.budget_max = low, low * rng.choice([2, 4, 10])
            offer.budget_currency = rng.choice(["USD", "EUR", "CHF", "GBP", "JPY"])
            offer.eligibility = (
                Eligibility.REGION
                if offer.regions
                else Eligibility.GROUPS
                if rng.random() < 0.1
                else Eligibility.ALL
            )
            offer.eligibility_details = (
                "States of the regions served"
                if offer.regions
                else "Small island developing states"
                if offer.eligibility == Eligibility.GROUPS
                else ""
            )
        AssistanceOffer.objects.bulk_update(
            offers,
            [
                "contact_name",
                "contact_email",
                "contact_phone",
                "languages",
                "available_from",
                "available_to",
                "budget_min",
                "budget_max",
                "budget_currency",
                "eligibility",
                "eligibility_details",
            ],
            batch_size=1000,
        )

    def _projects_and_contributions(self, staff) -> None:
        """Three projects for groups of states and three contributions to the UN Trust Fund
        for Global and Regional Disarmament Activities, all dated in the past (12(e))."""
        today = timezone.localdate()
        states = {state.iso3: state for state in MemberState.objects.all()}
        organizations = {org.acronym: org for org in Organization.objects.all() if org.acronym}
        area = {a.code: a for a in AssistanceArea.objects.all()}
        projects = [
            (
                "Demo project: export control workshop for the Caribbean",
                ["JAM", "TTO", "BRB", "GUY"],
                {"implementing_organization": organizations.get("WCO")},
                ["border-export-control"],
                today - timedelta(days=400),
                today - timedelta(days=397),
                85_000,
                "USD",
                ProjectStatus.COMPLETED,
                True,
            ),
            (
                "Demo project: legislative review for West African states",
                ["GHA", "TGO", "BEN"],
                {"implementing_state": states.get("FRA")},
                ["legislative-drafting"],
                today - timedelta(days=200),
                today + timedelta(days=160),
                140_000,
                "EUR",
                ProjectStatus.ONGOING,
                True,
            ),
            (
                "Demo project: biosecurity training for Central Asia",
                ["KAZ", "KGZ", "TJK"],
                {"implementing_organization": organizations.get("BWC ISU")},
                ["biosafety-biosecurity"],
                today - timedelta(days=60),
                today + timedelta(days=300),
                60_000,
                "USD",
                ProjectStatus.ONGOING,
                False,
            ),
        ]
        made = {}
        for (
            title,
            iso3s,
            implementer,
            codes,
            start,
            end,
            amount,
            currency,
            status,
            public,
        ) in projects:
            implementer = {key: value for key, value in implementer.items() if value}
            if not implementer:
                implementer = {"implementing_state": states.get("JPN")}
            beneficiaries = [states[code] for code in iso3s if code in states]
            project, created = AssistanceProject.objects.get_or_create(
                title=title,
                defaults={
                    **implementer,
                    "start_date": start,
                    "end_date": end,
                    "budget_amount": amount,
                    "budget_currency": currency,
                    "status": status,
                    "is_public": public,
                    "state_ids": sorted(state.pk for state in beneficiaries),
                    "created_by": staff,
                },
            )
            if created:
                project.states.set(beneficiaries)
                project.areas.set([area[code] for code in codes if code in area])
            made[title] = project
        first, second, _third = made.values()
        contributions = [
            ("JPN", 250_000, "USD", today - timedelta(days=500), first, "Caribbean workshops"),
            ("DEU", 180_000, "EUR", today - timedelta(days=300), second, "Legislative reviews"),
            ("NOR", 1_200_000, "NOK", today - timedelta(days=90), None, "Regional assistance"),
        ]
        for iso3, amount, currency, received, project, purpose in contributions:
            if iso3 not in states:
                continue
            if TrustFundContribution.objects.filter(
                contributor_state=states[iso3], purpose=purpose
            ).exists():
                continue
            TrustFundContribution.objects.create(
                contributor_state=states[iso3],
                date_received=received,
                purpose=purpose,
                amount=amount,
                currency=currency,
                fund=TrustFund.UNTF_DISARMAMENT,
                project=project,
                created_by=staff,
            )
