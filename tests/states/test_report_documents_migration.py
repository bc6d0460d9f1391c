"""The migration of the reports to one document per language (states 0006 and 0007): every
report's document and language, as they were before, become its original document; migrating
back puts them on the report again."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.choices import Role
from states.models import MemberState
from tests.personas import make_user

# The last migration before the reports had documents of their own.
BEFORE = ("states", "0005_names_in_six_languages")
# The last of the two that move them.
AFTER = ("states", "0007_report_documents_replace_report_file")


def migrate(target: tuple[str, str] | None = None):
    """Migrate the states app back to ``target``, or every app to its latest migration; the
    models as they were there."""
    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_every_existing_document_becomes_its_reports_original_and_back(member_states):
    staff = make_user("sam.secretariat", Role.SECRETARIAT)
    old = migrate(BEFORE)
    Report = old.get_model("states", "NationalReport")
    states = {state.iso3: state.pk for state in MemberState.objects.filter(iso3__in=["CHN", "FRA"])}
    before = {
        Report.objects.create(
            state_id=states[iso3],
            kind=kind,
            language=language,
            document=path,
            status=status,
            submitted_on=submitted_on,
            created_by_id=staff.pk,
        ).pk: (language, path)
        for iso3, kind, language, path, status, submitted_on in [
            ("CHN", "first", "zh", "reports/CHN/a1.pdf", "published", date(2004, 10, 28)),
            ("CHN", "additional", "en", "reports/CHN/b2.docx", "submitted", date(2010, 3, 1)),
            ("FRA", "first", "fr", "reports/FRA/c3.pdf", "draft", None),
        ]
    }

    # Forward to the migration under test only: leaving the later migrations of every app
    # unapplied until the end saves two of the four full migrations (a minute and a half).
    new = migrate(AFTER)
    Report = new.get_model("states", "NationalReport")
    Document = new.get_model("states", "ReportDocument")
    History = new.get_model("states", "HistoricalReportDocument")
    assert Report.objects.count() == 3
    after = {
        document.report_id: (document.language, document.file.name)
        for document in Document.objects.all()
    }
    assert after == before
    assert set(Document.objects.values_list("original", flat=True)) == {True}
    for report in Report.objects.all():
        original = Document.objects.get(report=report, original=True)
        assert original.created_at == report.created_at
        created = History.objects.get(id=original.id)
        assert (
            created.history_type,
            created.history_user_id,
            created.history_change_reason,
        ) == ("+", staff.pk, "Moved from the report")

    old = migrate(BEFORE)
    Report = old.get_model("states", "NationalReport")
    assert {
        report.pk: (report.language, report.document.name) for report in Report.objects.all()
    } == before
    migrate()
