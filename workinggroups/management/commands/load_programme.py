"""Load the four working groups and the seventeenth programme of work (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from committee.work import services as committee_services
from workinggroups import services


class Command(BaseCommand):
    help = (
        "Create the four working groups and load the programme of work from "
        "committee/work/data/programme-of-work-17.json (run again to refresh; status and progress "
        "recorded on the items are kept)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=committee_services.PROGRAMME_FILE,
            help="Another programme data file in the same format.",
        )

    def handle(self, *args, file: Path, **options) -> None:
        groups = services.establish_working_groups()
        programme = committee_services.load_programme_of_work(
            committee_services.read_programme_file(file)
        )
        self.stdout.write(
            f"{len(groups)} working groups; {programme}: {programme.items.count()} work items"
        )
