"""Load the four working groups, the seventeenth programme of work and the recommendations of the
2016 comprehensive review that its paragraph 6 refers to (idempotent)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from committee.work import services as committee_services
from workinggroups import services


class Command(BaseCommand):
    help = (
        "Create the four working groups and load the programme of work from "
        "committee/work/data/programme-of-work-17.json, and the recommendations of the 2016 "
        "comprehensive review (paragraph 6) from "
        "committee/work/data/comprehensive-review-2016-recommendations.json (run again to "
        "refresh; status and progress recorded on the items are kept)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=committee_services.PROGRAMME_FILE,
            help="Another programme data file in the same format.",
        )
        parser.add_argument(
            "--recommendations",
            type=Path,
            default=committee_services.RECOMMENDATIONS_FILE,
            help="Another data file of a review's recommendations in the same format.",
        )

    def handle(self, *args, file: Path, recommendations: Path, **options) -> None:
        groups = services.establish_working_groups()
        programme = committee_services.load_programme_of_work(
            committee_services.read_programme_file(file)
        )
        loaded = committee_services.load_review_recommendations(
            committee_services.read_programme_file(recommendations)
        )
        self.stdout.write(
            f"{len(groups)} working groups; {programme}: {programme.items.count()} work items; "
            f"{len(loaded)} recommendations of the comprehensive review"
        )
