"""Demo outreach content (outreach/demo.py): events held and to come, counted from today, the
FAQ, the cooperation pages, the organisations' contacts and the roster. Refuses to run with
DEBUG off (it writes demo records); safe to run again."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.choices import Role
from core.models import User
from outreach.demo import seed_outreach


class Command(BaseCommand):
    help = "Create demo events (held and upcoming), FAQ, cooperation pages and contacts."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_outreach writes demo records: it refuses to run with DEBUG off."
            )
        secretariat = (
            User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("id").first()
        )
        if secretariat is None:
            raise CommandError("No secretariat user: run manage.py seed_demo first.")
        with transaction.atomic():
            created = seed_outreach(secretariat)
        self.stdout.write(
            "outreach demo data: "
            + ", ".join(f"{count} {kind}" for kind, count in created.items())
            + " created"
        )
