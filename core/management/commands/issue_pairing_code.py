"""Issue a one-time pairing code, for the first secretariat account (or a superuser) who has
nobody yet to issue one in the admin."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import User
from core.pairing import issue_pairing_code


class Command(BaseCommand):
    help = (
        "Print a one-time pairing code that lets USERNAME pair a first authenticator app "
        "(shown this once; only its hash is stored)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as missing:
            raise CommandError(f"No user is called {username!r}.") from missing
        try:
            code, record = issue_pairing_code(user, acting_user=None)
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        self.stdout.write(f"Pairing code for {username}: {code}")
        self.stdout.write(f"Valid once, until {record.expires_at:%Y-%m-%d %H:%M %Z}.")
