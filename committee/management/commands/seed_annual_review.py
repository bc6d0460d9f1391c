"""Demo annual review as the Committee wrote it (committee/work/demo.py): last year's, issued
with its symbol, its PDF built by the worker. Refuses to run with DEBUG off (it writes demo
records); safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from committee.work.demo import seed_written_review
from core.choices import Role
from core.models import User


def _first(role: str):
    return User.objects.filter(role=role, is_active=True).order_by("id").first()


class Command(BaseCommand):
    help = "Create last year's annual review as the Committee wrote, adopted and issued it."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_annual_review writes demo records: it refuses to run with DEBUG off."
            )
        secretariat = _first(Role.SECRETARIAT)
        if secretariat is None:
            raise CommandError("No secretariat user: run manage.py seed_demo first.")
        with transaction.atomic():
            created = seed_written_review(
                secretariat, _first(Role.EXPERT), _first(Role.COMMITTEE_MEMBER)
            )
        self.stdout.write(f"annual review demo data: {created} review issued")
