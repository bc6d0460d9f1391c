"""Effective practices (8(h)) and national action plans (8(i)) through their services: Li Wei
(point of contact of China) submits for China only; Ana Souza (Brazil) cannot submit for China;
the public and the experts cannot submit at all; Sam of the secretariat publishes; a refusal
writes nothing, not even history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.services import InvalidTransition
from states.practices import services
from states.practices.choices import PracticeArea, SubmissionStatus
from states.practices.models import EffectivePractice, NationalActionPlan
from tests import factories
from tests.helpers import Written

pytestmark = pytest.mark.django_db


def practice_fields(**overrides) -> dict:
    return {
        "title": "Inter-agency export control committee",
        "area": PracticeArea.BORDER_EXPORT,
        "summary": "Customs, licensing and intelligence meet weekly.",
        **overrides,
    }


def plan_fields(**overrides) -> dict:
    year = timezone.localdate().year
    return {
        "title": "National action plan 2025-2027",
        "area": PracticeArea.LEGISLATION,
        "summary": "Three years of legislative and enforcement steps.",
        "period_start": year,
        "period_end": year + 2,
        **overrides,
    }


def test_poc_submits_an_effective_practice_for_their_own_state(poc_chn):
    practice = services.submit_effective_practice(
        factories.state("CHN"), acting_user=poc_chn, **practice_fields()
    )
    assert practice.status == SubmissionStatus.SUBMITTED
    assert practice.submitted_by == poc_chn
    record = practice.history.get()
    assert record.history_user == poc_chn and record.history_change_reason == "Submitted"


@pytest.mark.parametrize("who", ["poc_bra", "expert", "secretariat", "member", "anonymous"])
def test_nobody_but_the_states_own_poc_submits_its_practice_or_plan(who, request):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    china = factories.state("CHN")
    written = Written(EffectivePractice, NationalActionPlan)
    with pytest.raises(PermissionDenied, match="own state"):
        services.submit_effective_practice(china, acting_user=user, **practice_fields())
    with pytest.raises(PermissionDenied, match="own state"):
        services.submit_action_plan(china, acting_user=user, **plan_fields())
    assert written.unchanged()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"area": "weather"}, "area"),
        ({"summary": ""}, "summary"),
    ],
)
def test_a_practice_with_missing_or_wrong_fields_is_refused_and_nothing_is_written(
    poc_chn, overrides, field
):
    written = Written(EffectivePractice, NationalActionPlan)
    with pytest.raises(ValidationError) as refused:
        services.submit_effective_practice(
            factories.state("CHN"), acting_user=poc_chn, **practice_fields(**overrides)
        )
    assert field in refused.value.message_dict
    assert written.unchanged()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"period_start": 1990}, "period_start", "between 2004"),
        ({"period_end": 2999}, "period_end", "between 2004"),
        ({"period_start": "soon"}, "period_start", "Give a year"),
        ({"period_start": 2030, "period_end": 2026}, "period_end", "cannot end before"),
        ({"document": factories.fake_pdf_upload("plan.pdf")}, "document", "not a PDF"),
        (
            {"document": SimpleUploadedFile("plan.pdf", b"", content_type="application/pdf")},
            "document",
            "empty",
        ),
    ],
)
def test_a_plan_with_bad_years_or_a_bad_document_is_refused_and_nothing_is_written(
    poc_chn, overrides, field, message, settings
):
    written = Written(EffectivePractice, NationalActionPlan)
    with pytest.raises(ValidationError) as refused:
        services.submit_action_plan(
            factories.state("CHN"), acting_user=poc_chn, **plan_fields(**overrides)
        )
    assert message in " ".join(refused.value.message_dict[field])
    assert written.unchanged()


def test_a_too_large_plan_document_is_refused(poc_chn, settings):
    settings.UPLOAD_MAX_BYTES = 100
    written = Written(EffectivePractice, NationalActionPlan)
    with pytest.raises(ValidationError) as refused:
        services.submit_action_plan(
            factories.state("CHN"),
            acting_user=poc_chn,
            document=factories.pdf_upload("plan.pdf"),
            **plan_fields(),
        )
    assert "largest document" in " ".join(refused.value.message_dict["document"])
    assert written.unchanged()


def test_a_plan_document_is_stored_under_the_kind_its_content_shows(poc_chn):
    plan = services.submit_action_plan(
        factories.state("CHN"),
        acting_user=poc_chn,
        document=factories.docx_upload("plan.pdf"),
        **plan_fields(),
    )
    assert plan.file_extension == "docx"
    assert plan.download_name().startswith("CHN-action-plan-")


def test_secretariat_publishes_and_the_public_then_sees_it(poc_chn, secretariat):
    practice = services.submit_effective_practice(
        factories.state("CHN"), acting_user=poc_chn, **practice_fields()
    )
    assert not EffectivePractice.objects.visible_to(AnonymousUser()).exists()
    practice = services.publish_effective_practice(practice, acting_user=secretariat)
    assert practice.status == SubmissionStatus.PUBLISHED and practice.published_at
    assert list(EffectivePractice.objects.visible_to(AnonymousUser())) == [practice]
    assert practice.history.first().history_user == secretariat


@pytest.mark.parametrize("who", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_publishes(who, request, poc_chn):
    plan = services.submit_action_plan(factories.state("CHN"), acting_user=poc_chn, **plan_fields())
    written = Written(EffectivePractice, NationalActionPlan)
    with pytest.raises(PermissionDenied, match="Only the secretariat"):
        services.publish_action_plan(plan, acting_user=request.getfixturevalue(who))
    assert written.unchanged()
    plan.refresh_from_db()
    assert plan.status == SubmissionStatus.SUBMITTED


def test_a_published_item_cannot_be_published_again_or_withdrawn(poc_chn, secretariat):
    plan = services.submit_action_plan(factories.state("CHN"), acting_user=poc_chn, **plan_fields())
    services.publish_action_plan(plan, acting_user=secretariat)
    with pytest.raises(InvalidTransition, match="its status is “Published”"):
        services.publish_action_plan(plan, acting_user=secretariat)
    with pytest.raises(InvalidTransition, match="not yet published"):
        services.withdraw_action_plan(plan, acting_user=poc_chn)


def test_poc_withdraws_their_own_submission_but_not_another_states(poc_chn, poc_bra):
    practice = services.submit_effective_practice(
        factories.state("CHN"), acting_user=poc_chn, **practice_fields()
    )
    with pytest.raises(PermissionDenied):
        services.withdraw_effective_practice(practice, acting_user=poc_bra)
    practice = services.withdraw_effective_practice(practice, acting_user=poc_chn)
    assert practice.status == SubmissionStatus.WITHDRAWN
    assert EffectivePractice.objects.filter(pk=practice.pk).exists()  # kept for the record


def test_a_poc_sees_their_own_states_submissions_but_not_another_states(poc_chn, poc_bra):
    mine = services.submit_effective_practice(
        factories.state("CHN"), acting_user=poc_chn, **practice_fields()
    )
    services.submit_effective_practice(
        factories.state("BRA"), acting_user=poc_bra, **practice_fields()
    )
    assert list(EffectivePractice.objects.visible_to(poc_chn)) == [mine]
