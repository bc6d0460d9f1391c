"""The migration of the note verbale's wording to the six languages (committee 0013): a wording
never edited becomes the standard one of every language; an edited English wording is kept, and
the other five languages get the standard wording, so that no state writing in French is sent the
English."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from committee.work.models import NoteVerbaleTemplate
from committee.work.reminders import DEFAULT_BODIES, DEFAULT_SUBJECTS

BEFORE = ("committee", "0012_programme_in_six_languages")
# The English standard wording as it was before (a migration's module name starts with a digit).
EARLIER = import_module(
    "committee.migrations.0013_documents_in_six_languages"
).EARLIER_STANDARD_BODY


def migrate(target: tuple[str, str] | None = None):
    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("english", "kept"),
    [(EARLIER, False), ("Dear {{ state }}, our own words.", True)],
)
def test_the_default_wording_gets_the_six_languages(english, kept):
    old = migrate(BEFORE)
    old.get_model("committee", "NoteVerbaleTemplate").objects.create(
        name="Reminder: first national report",
        subject="Submission of the first national report under resolution 1540 (2004)",
        body=english,
        is_default=True,
    )

    migrate()

    template = NoteVerbaleTemplate.objects.get()
    assert template.body_en == (english if kept else DEFAULT_BODIES["en"])
    for language in ("fr", "es", "ru", "zh_hans", "ar"):
        code = language.replace("_", "-")
        assert getattr(template, f"body_{language}") == DEFAULT_BODIES[code], language
        assert getattr(template, f"subject_{language}") == DEFAULT_SUBJECTS[code], language
