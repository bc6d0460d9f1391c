"""Demo-scale matrices: every member state gets two or three versions of its 1540 matrix, the
older ones approved and published in past years, the newest sometimes still under review, so
that the pages, the statistics and the benchmarks can be tried at full scale. Refuses to run with
DEBUG off; safe to run again (states that already have a matrix are left alone).

Each version is on the template in use when it was made: versions before 2017 on the template in
use before the 2017 format (China's, approved on 1 June 2013, among them: programme of work 8(d)
asks to convert those to the new format), later ones on the 2017 format. An entry of OP 1 (and of
the OP 6 and OP 8 (d) worksheet) records adherence, "Ratified 9 March 1992", never an act's
article; the acts cited under OP 2 and OP 3 are older than the version citing them, and nothing is
dated after today."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.choices import Role
from core.models import User
from states.legislation.demo import cite_demo_sources
from states.matrices.choices import MatrixColumn, MatrixMark, MatrixStatus
from states.matrices.models import Matrix, MatrixEntry, MatrixField, MatrixTemplate
from states.matrices.template import load_all_templates
from states.models import MemberState

# The newest version's status, for states whose last version is not simply published.
IN_PROGRESS = [MatrixStatus.DRAFT, MatrixStatus.SENT, MatrixStatus.COMMENTED, MatrixStatus.APPROVED]
# The 2017 format applies to the versions made from this day.
FORMAT_2017_FROM = datetime(2017, 1, 1, tzinfo=UTC)
# China's matrix as the issue describes it: approved on 1 June 2013, on the template in use then.
FIXED = {"CHN": [date(2010, 3, 15), date(2013, 6, 1)]}
ONE_FIELD_ROWS = (MatrixColumn.ADHERENCE, MatrixColumn.COOPERATION)
# Where an entry's "relevant information" goes: its own field once the model has one.
INFORMATION = (
    "information"
    if any(f.name == "information" for f in MatrixEntry._meta.get_fields())
    else "legal_reference"
)
# How an adherence entry opens, by the heading of its row (states/matrices/data/*.csv).
WORDING = {
    "Membership of international organizations": ["Member since"],
    "Safeguards and verification agreements": ["In force since", "Signed"],
    "Codes of conduct and guidance": ["Political commitment expressed on", "Subscribed"],
    "Export control arrangements and initiatives": ["Participant since", "Endorsed"],
    "Statements (OP 1, OP 5, OP 8 and OP 10)": ["Stated in the national report of"],
}
TREATY_WORDING = ["Ratified", "Acceded", "Signed", "Ratified"]
COOPERATION_WORDING = ["In place since", "Adopted", "Reported on"]


def _user(username: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "email": f"{username}@example.org"}
    )
    if created:
        user.set_unusable_password()  # seed_demo gives the demo users their password
        user.save(update_fields=["password"])
    return user


def _spelled(day: date) -> str:
    # English, as the matrix is kept (8(d)): "9 March 1992".
    return f"{day.day} {day:%B} {day.year}"


def _day_before(rng: random.Random, latest: date, earliest: date = date(1970, 1, 1)) -> date:
    return earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))


class Command(BaseCommand):
    help = "Give every member state 2-3 versions of its 1540 matrix (demo scale; idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--states", type=int, default=None, help="Only the first N states (by ISO3 code)."
        )
        parser.add_argument(
            "--iso3", default="", help="Only these states (ISO3 codes, comma-separated)."
        )

    def handle(self, *args, states: int | None, iso3: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_matrices writes invented matrices: it refuses to run with DEBUG off."
            )
        if not MemberState.objects.exists():
            call_command("load_states", stdout=self.stdout)
        if MatrixTemplate.objects.filter(code__in=["2016", "2017"]).count() != 2:
            load_all_templates()
        templates = {
            template: list(template.fields.order_by("position"))
            for template in MatrixTemplate.objects.filter(code__in=["2016", "2017"]).order_by(
                "in_use_from"
            )
        }
        expert = _user("expert", Role.EXPERT)
        secretariat = _user("secretariat", Role.SECRETARIAT)
        chosen = MemberState.objects.order_by("iso3")
        if iso3:
            chosen = chosen.filter(iso3__in=[code.strip().upper() for code in iso3.split(",")])
        if states is not None:
            chosen = chosen[:states]
        seeded = set(Matrix.objects.values_list("state_id", flat=True).distinct())
        created_matrices = created_entries = 0
        for state in chosen:
            if state.pk in seeded:
                continue
            with transaction.atomic():
                m, e = self.seed_state(state, templates, expert, secretariat)
            created_matrices += m
            created_entries += e
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner after a bulk load of some 190,000 rows.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE states_matrix, states_matrixentry")
        self.stdout.write(
            f"matrices: {created_matrices} versions with {created_entries} entries created; "
            f"{Matrix.objects.count()} versions in all"
        )

    def _moments(self, state: MemberState, rng: random.Random) -> list[datetime]:
        """When each version was approved (or, for the newest in progress, sent), oldest first,
        at least a month before today."""
        latest = timezone.now() - timedelta(days=30)
        if state.iso3 in FIXED:
            return [datetime(d.year, d.month, d.day, 12, tzinfo=UTC) for d in FIXED[state.iso3]]
        count = rng.choice([2, 3, 3])
        year = rng.randint(2012, 2016)
        moments = []
        for _number in range(count):
            moment = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 12, tzinfo=UTC)
            moments.append(min(moment, latest - timedelta(days=rng.randint(0, 200))))
            year = min(year + rng.randint(2, 4), 2026)
        return sorted(moments)

    def seed_state(self, state, templates, expert, secretariat) -> tuple[int, int]:
        rng = random.Random(f"1540-{state.iso3}")
        moments = self._moments(state, rng)
        coverage = rng.uniform(0.15, 0.6)
        newest = (
            MatrixStatus.PUBLISHED
            if state.iso3 in FIXED
            else rng.choice([MatrixStatus.PUBLISHED] * 3 + IN_PROGRESS)
        )
        old_template, new_template = list(templates)
        matrices, marks_by_version = [], []
        marks: dict[str, str] = {}
        for number, approved in enumerate(moments, start=1):
            status = MatrixStatus.PUBLISHED if number < len(moments) else newest
            template = new_template if approved >= FORMAT_2017_FROM else old_template
            reviewed = status in (MatrixStatus.APPROVED, MatrixStatus.PUBLISHED)
            published = approved + timedelta(days=14)
            matrices.append(
                Matrix(
                    state=state,
                    template=template,
                    version=number,
                    status=status,
                    created_by=expert,
                    # A version still with the state was sent on its day; a reviewed one
                    # three months before it was approved.
                    sent_at=(
                        None
                        if status == MatrixStatus.DRAFT
                        else approved - timedelta(days=90)
                        if reviewed
                        else approved
                    ),
                    sent_by=expert if status != "draft" else None,
                    approved_at=approved if reviewed else None,
                    approved_by=secretariat if reviewed else None,
                    published_at=published if status == MatrixStatus.PUBLISHED else None,
                    published_by=secretariat if status == MatrixStatus.PUBLISHED else None,
                )
            )
            for field in templates[template]:
                if field.code not in marks:
                    marks[field.code] = self._mark(rng, coverage)
            marks_by_version.append(dict(marks))
            # Each later version records more measures: the state legislated meanwhile.
            coverage = min(0.95, coverage + rng.uniform(0.03, 0.15))
            marks = {code: mark or self._mark(rng, coverage * 0.25) for code, mark in marks.items()}
        bulk_create_with_history(
            matrices, Matrix, default_user=expert, default_change_reason="Demo data"
        )
        matrices = list(Matrix.objects.filter(state=state).order_by("version"))
        for previous, matrix in zip(matrices, matrices[1:], strict=False):
            matrix.based_on = previous
        # Made when its work started, not when the demo ran (created_at is auto_now_add): a
        # draft in progress was started a few weeks ago.
        for matrix, moment in zip(matrices, moments, strict=True):
            started = matrix.sent_at or min(moment, timezone.now() - timedelta(days=21))
            matrix.created_at = started - timedelta(days=60)
        Matrix.objects.bulk_update(matrices, ["based_on", "created_at"])
        # The date a state joined a treaty or an arrangement stays the same in every version.
        joined: dict[str, date] = {}
        entries = []
        for matrix, marks, approved in zip(matrices, marks_by_version, moments, strict=True):
            for field in templates[matrix.template]:
                mark = marks[field.code]
                entries.append(
                    MatrixEntry(
                        matrix=matrix,
                        field=field,
                        mark=mark,
                        source=f"National report, p. {rng.randint(1, 80)}" if mark else "",
                        updated_by=expert,
                        # Written before the version went to the state, not when the demo ran.
                        updated_at=matrix.sent_at or approved,
                        **self._values(field, mark, rng, approved.date(), joined),
                    )
                )
        # OP 2 and OP 3 entries marked X cite the state's acts and reports, none dated after
        # the version (states/legislation/demo.py).
        cite_demo_sources(state, entries, dict(zip(matrices, moments, strict=True)), expert)
        bulk_create_with_history(
            entries,
            MatrixEntry,
            batch_size=2000,
            default_user=expert,
            default_change_reason="Demo data",
        )
        return len(matrices), len(entries)

    @staticmethod
    def _values(
        field: MatrixField, mark: str, rng: random.Random, approved: date, joined: dict
    ) -> dict[str, str]:
        if mark != MatrixMark.IN_PLACE:
            return {}
        if field.column in ONE_FIELD_ROWS:
            day = joined.get(field.code)
            if day is None or day > approved:
                day = joined[field.code] = _day_before(rng, approved)
            if field.column == MatrixColumn.COOPERATION:
                words = rng.choice(COOPERATION_WORDING)
            else:
                heading = getattr(field, "group_en", "") or ""
                words = rng.choice(WORDING.get(heading, TREATY_WORDING))
            return {INFORMATION: f"{words} {_spelled(day)}"}
        year = rng.randint(min(1990, approved.year), approved.year)
        return {"legal_reference": f"Act {rng.randint(1, 90)} of {year}, art. {rng.randint(1, 60)}"}

    @staticmethod
    def _mark(rng: random.Random, coverage: float) -> str:
        draw = rng.random()
        if draw < coverage:
            return MatrixMark.IN_PLACE
        if draw < coverage + 0.05:
            return MatrixMark.DOUBTFUL
        if draw < coverage + 0.08:
            return MatrixMark.NOT_APPLICABLE
        return MatrixMark.EMPTY
