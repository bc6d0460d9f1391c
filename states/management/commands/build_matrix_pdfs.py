"""Queue the PDF of every state's current published matrix in the six languages, for the worker
to build (states/matrices/pdfs.py): after an upgrade that changed what the PDF shows (the legend,
the header, a translation), or once after the upgrade that made PDFs built by the worker, so that
no public reader is told "being prepared". A file already built from the version as it is now is
kept; run it again at will."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from states.matrices import pdfs
from states.matrices.models import Matrix, MatrixPdf


class Command(BaseCommand):
    help = "Queue the six PDFs of each state's current published matrix for the worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--again",
            action="store_true",
            help="Build again even the files built from the version as it is now (after a "
            "change of the template or of a translation).",
        )

    def handle(self, *args, again: bool, **options) -> None:
        matrices = list(Matrix.objects.latest_published().order_by("pk"))
        if again:
            # Forget what the files were built from: each is built anew, and replaced once built.
            MatrixPdf.objects.filter(matrix__in=matrices).update(stamp="", requested_stamp="")
        for matrix in matrices:
            pdfs.request_all_languages(matrix)
        self.stdout.write(f"matrix PDFs: {len(matrices)} published versions queued in 6 languages")
