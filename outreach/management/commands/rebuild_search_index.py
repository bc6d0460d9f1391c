"""Rebuild the website's search index from the published records: after a deployment that
changes how entries are built (as the one that gave each entry its language did), or to
repair it. Entries are derived data; nothing is lost by rebuilding them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from outreach import search


class Command(BaseCommand):
    help = "Index every published record of the website's search again (documents are re-read)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search.rebuild()
        self.stdout.write(f"Indexed {count} published records.")
