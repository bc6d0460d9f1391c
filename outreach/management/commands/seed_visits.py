"""Demo country visits and training courses (outreach/visits/demo.py). Refuses to run with DEBUG
off (it writes demo records); safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.choices import Role
from core.models import User
from outreach.visits.demo import seed_visits


class Command(BaseCommand):
    help = "Create demo country visits (one held, one to come) and a training course held."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_visits writes demo records: it refuses to run with DEBUG off.")
        secretariat = (
            User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("id").first()
        )
        if secretariat is None:
            raise CommandError("No secretariat user: run manage.py seed_demo first.")
        with transaction.atomic():
            created = seed_visits(secretariat)
        self.stdout.write(
            f"visits demo data: {created['visits']} visits, {created['courses']} courses created"
        )
