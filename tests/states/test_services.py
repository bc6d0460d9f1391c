"""The use cases of national reports and points of contact: their rules and their history."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.services import InvalidTransition
from states.reports import services
from states.reports.models import NationalPointOfContact, NationalReport
from tests import factories


def test_a_poc_files_a_draft_for_their_own_state(poc_chn):
    report = factories.report("CHN", by=poc_chn)
    assert report.status == "draft"
    assert report.created_by == poc_chn
    assert report.original.file.name.startswith("reports/CHN/")
    assert report.original.file.name.endswith(".pdf")


def test_a_poc_cannot_file_for_another_state(poc_bra):
    with pytest.raises(PermissionDenied, match="your own state"):
        factories.report("CHN", by=poc_bra)
    assert NationalReport.objects.count() == 0


def test_a_committee_member_cannot_file_a_report(member):
    with pytest.raises(PermissionDenied):
        factories.report("CHN", by=member)


def test_experts_file_on_a_states_behalf(expert):
    report = factories.report("CHN", by=expert, status="submitted", submitted_on=date(2005, 3, 1))
    assert report.submitted_on == date(2005, 3, 1)
    assert report.submitted_by == expert


def test_submission_is_dated_today_when_no_date_is_given(poc_chn):
    report = factories.report("CHN", by=poc_chn, status="submitted")
    assert report.submitted_on == timezone.localdate()


def test_a_future_submission_date_is_refused(expert):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        factories.report("CHN", by=expert, submitted_on=tomorrow)
    assert "future" in str(error.value.message_dict["submitted_on"])
    assert NationalReport.objects.count() == 0


def test_a_document_named_pdf_that_is_not_a_pdf_is_refused(poc_chn):
    with pytest.raises(ValidationError, match="not a PDF or Word document"):
        services.create_report(
            factories.state("CHN"),
            kind="first",
            language="zh",
            document=factories.fake_pdf_upload(),
            acting_user=poc_chn,
        )
    assert NationalReport.objects.count() == 0


def test_a_document_over_the_limit_is_refused(poc_chn, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="largest document accepted"):
        factories.report("CHN", by=poc_chn)
    assert NationalReport.objects.count() == 0


def test_a_word_document_is_accepted_and_stored_as_docx(poc_chn):
    report = services.create_report(
        factories.state("CHN"),
        kind="first",
        language="zh",
        document=factories.docx_upload(name="rapport.pdf"),
        acting_user=poc_chn,
    )
    assert report.original.file.name.endswith(".docx")


def test_only_a_draft_can_be_submitted(poc_chn):
    report = factories.report("CHN", by=poc_chn, status="submitted")
    with pytest.raises(InvalidTransition, match="only a draft"):
        services.submit_report(report, acting_user=poc_chn)


def test_a_second_first_report_must_be_filed_as_additional(poc_chn):
    factories.report("CHN", by=poc_chn, kind="first", status="submitted")
    with pytest.raises(ValidationError, match="additional report"):
        factories.report("CHN", by=poc_chn, kind="first")
    assert NationalReport.objects.filter(kind="first").count() == 1


def test_two_first_drafts_cannot_both_be_submitted(poc_chn):
    one = factories.report("CHN", by=poc_chn, kind="first")
    two = factories.report("CHN", by=poc_chn, kind="first")
    services.submit_report(one, acting_user=poc_chn)
    with pytest.raises(ValidationError, match="additional report"):
        services.submit_report(two, acting_user=poc_chn)
    two.refresh_from_db()
    assert two.status == "draft"


def test_only_the_secretariat_publishes(poc_chn, expert, secretariat):
    report = factories.report("CHN", by=poc_chn, status="submitted")
    for outsider in (poc_chn, expert):
        with pytest.raises(PermissionDenied, match="secretariat"):
            services.publish_report(report, acting_user=outsider)
    published = services.publish_report(report, acting_user=secretariat)
    assert published.status == "published"
    assert published.published_at is not None


def test_a_draft_cannot_be_published(secretariat):
    report = factories.report("CHN", by=secretariat)
    with pytest.raises(InvalidTransition, match="Only a submitted report"):
        services.publish_report(report, acting_user=secretariat)


def test_a_poc_edits_only_their_own_drafts(poc_chn, poc_bra):
    report = factories.report("CHN", by=poc_chn)
    services.update_draft_report(report, acting_user=poc_chn, title="Premier rapport")
    with pytest.raises(PermissionDenied):
        services.update_draft_report(report, acting_user=poc_bra, title="Hijacked")
    report.refresh_from_db()
    assert report.title == "Premier rapport"


def test_a_submitted_report_cannot_be_edited_or_deleted(poc_chn):
    report = factories.report("CHN", by=poc_chn, status="submitted")
    with pytest.raises(PermissionDenied):
        services.update_draft_report(report, acting_user=poc_chn, title="Changed")
    with pytest.raises(PermissionDenied):
        services.discard_draft_report(report, acting_user=poc_chn)
    assert NationalReport.objects.filter(pk=report.pk).exists()


def test_every_step_is_in_the_history_with_who_did_it(poc_chn, secretariat):
    report = factories.report("CHN", by=poc_chn)
    services.update_draft_report(report, acting_user=poc_chn, title="First report of China")
    services.submit_report(report, acting_user=poc_chn)
    services.publish_report(report, acting_user=secretariat)

    records = list(report.history.order_by("history_date"))
    assert [(r.history_user, r.history_change_reason, r.status) for r in records] == [
        (poc_chn, "Draft created", "draft"),
        (poc_chn, "Draft edited", "draft"),
        (poc_chn, "Submitted", "submitted"),
        (secretariat, "Published", "published"),
    ]
    changed = {change.field for change in records[1].diff_against(records[0]).changes}
    assert "title" in changed


def test_the_secretariat_registers_and_deactivates_a_point_of_contact(secretariat):
    contact = services.register_point_of_contact(
        factories.state("CHN"),
        acting_user=secretariat,
        name="Zhang San",
        agency="Ministry of Foreign Affairs",
        email="1540@mfa.example.cn",
        since=date(2020, 5, 1),
    )
    services.deactivate_point_of_contact(contact, acting_user=secretariat)
    contact.refresh_from_db()
    assert not contact.active
    assert contact.deactivated_on == timezone.localdate()
    assert [r.history_user for r in contact.history.all()] == [secretariat, secretariat]
    with pytest.raises(InvalidTransition):
        services.deactivate_point_of_contact(contact, acting_user=secretariat)


def test_only_the_secretariat_keeps_the_register_of_points_of_contact(poc_chn, expert):
    for outsider in (poc_chn, expert):
        with pytest.raises(PermissionDenied):
            services.register_point_of_contact(
                factories.state("CHN"),
                acting_user=outsider,
                name="X",
                agency="Y",
                email="x@example.org",
                since=date(2020, 1, 1),
            )
    assert NationalPointOfContact.objects.count() == 0


def test_a_point_of_contact_with_a_bad_email_or_future_start_is_refused(secretariat):
    base = {
        "acting_user": secretariat,
        "name": "X",
        "agency": "Y",
        "email": "x@example.org",
        "since": date(2020, 1, 1),
    }
    with pytest.raises(ValidationError) as error:
        services.register_point_of_contact(
            factories.state("CHN"), **{**base, "email": "not-an-email"}
        )
    assert "email" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.register_point_of_contact(
            factories.state("CHN"), **{**base, "since": timezone.localdate() + timedelta(days=3)}
        )
    assert "since" in error.value.message_dict
    assert NationalPointOfContact.objects.count() == 0
