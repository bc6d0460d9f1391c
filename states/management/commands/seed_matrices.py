"""Demo-scale matrices: every member state gets two or three versions of its 1540 matrix, the
older ones approved and published in past years, the newest sometimes still under review, so
that the pages, the statistics and the benchmarks can be tried at full scale. Refuses to run with
DEBUG off; safe to run again (states that already have a matrix are left alone)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from core.choices import Role
from core.models import User
from states.matrices.choices import MatrixMark, MatrixStatus
from states.matrices.models import Matrix, MatrixEntry, MatrixTemplate
from states.matrices.template import load_2016_template
from states.models import MemberState

# The newest version's status, for states whose last version is not simply published.
IN_PROGRESS = [MatrixStatus.DRAFT, MatrixStatus.SENT, MatrixStatus.COMMENTED, MatrixStatus.APPROVED]


def _user(username: str, role: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "email": f"{username}@example.org"}
    )
    if created:
        user.set_unusable_password()  # seed_demo gives the demo users their password
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = "Give every member state 2-3 versions of its 1540 matrix (demo scale; idempotent)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--states", type=int, default=None, help="Only the first N states (by ISO3 code)."
        )

    def handle(self, *args, states: int | None, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_matrices writes invented matrices: it refuses to run with DEBUG off."
            )
        if not MemberState.objects.exists():
            call_command("load_states", stdout=self.stdout)
        template = MatrixTemplate.objects.filter(is_current=True).first()
        if template is None:
            template = load_2016_template().template
        expert = _user("expert", Role.EXPERT)
        secretariat = _user("secretariat", Role.SECRETARIAT)
        fields = list(template.fields.order_by("position"))
        chosen = MemberState.objects.order_by("iso3")
        if states is not None:
            chosen = chosen[:states]
        seeded = set(Matrix.objects.values_list("state_id", flat=True).distinct())
        created_matrices = created_entries = 0
        for state in chosen:
            if state.pk in seeded:
                continue
            with transaction.atomic():
                m, e = self.seed_state(state, template, fields, expert, secretariat)
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

    def seed_state(self, state, template, fields, expert, secretariat) -> tuple[int, int]:
        rng = random.Random(f"1540-{state.iso3}")
        count = rng.choice([2, 3, 3])
        year = rng.randint(2012, 2016)
        coverage = rng.uniform(0.15, 0.6)
        newest = rng.choice([MatrixStatus.PUBLISHED] * 3 + IN_PROGRESS)
        matrices, marks_by_version = [], []
        marks = {f.pk: self._mark(rng, coverage) for f in fields}
        for number in range(1, count + 1):
            status = MatrixStatus.PUBLISHED if number < count else newest
            approved = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 12, tzinfo=UTC)
            reviewed = status in (MatrixStatus.APPROVED, MatrixStatus.PUBLISHED)
            matrices.append(
                Matrix(
                    state=state,
                    template=template,
                    version=number,
                    status=status,
                    created_by=expert,
                    sent_at=approved - timedelta(days=90) if status != "draft" else None,
                    sent_by=expert if status != "draft" else None,
                    approved_at=approved if reviewed else None,
                    approved_by=secretariat if reviewed else None,
                    published_at=approved + timedelta(days=14)
                    if status == MatrixStatus.PUBLISHED
                    else None,
                    published_by=secretariat if status == MatrixStatus.PUBLISHED else None,
                )
            )
            marks_by_version.append(dict(marks))
            # Each later version records more measures: the state legislated meanwhile.
            coverage = min(0.95, coverage + rng.uniform(0.03, 0.15))
            marks = {pk: mark or self._mark(rng, coverage * 0.25) for pk, mark in marks.items()}
            year = min(year + rng.randint(2, 4), 2026)
        matrices = bulk_create_with_history(
            matrices, Matrix, default_user=expert, default_change_reason="Demo data"
        )
        matrices = list(Matrix.objects.filter(state=state).order_by("version"))
        for previous, matrix in zip(matrices, matrices[1:], strict=False):
            matrix.based_on = previous
        Matrix.objects.bulk_update(matrices[1:], ["based_on"])
        entries = []
        for matrix, marks in zip(matrices, marks_by_version, strict=True):
            for field in fields:
                mark = marks[field.pk]
                entries.append(
                    MatrixEntry(
                        matrix=matrix,
                        field=field,
                        mark=mark,
                        legal_reference=f"Act {rng.randint(1, 90)} of {rng.randint(1990, 2024)}, "
                        f"art. {rng.randint(1, 60)}"
                        if mark == MatrixMark.IN_PLACE
                        else "",
                        source=f"National report, p. {rng.randint(1, 80)}" if mark else "",
                        updated_by=expert,
                    )
                )
        bulk_create_with_history(
            entries,
            MatrixEntry,
            batch_size=2000,
            default_user=expert,
            default_change_reason="Demo data",
        )
        return len(matrices), len(entries)

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
