"""Use cases of effective practices (programme of work 8(h)) and national action plans (8(i)):
a state's point of contact submits them for their own state, the secretariat publishes them on
the website, and a submission not yet published can be withdrawn. Published ones are never
deleted. Each use case runs in one transaction, checks its rule first and records who acted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import sniff_document
from core.models import User
from core.permissions import require
from core.search import index_on_commit
from core.services import InvalidTransition, save_with_history
from states.models import MemberState
from states.practices.choices import PracticeArea, SubmissionStatus
from states.practices.models import EffectivePractice, NationalActionPlan, SharedByState

# Plans reach back to the first years of the resolution and look ahead a decade or so.
FIRST_PLAN_YEAR = 2004
PLAN_YEARS_AHEAD = 15


def _queue_search_index(kind: str, pk: int) -> None:
    # The website's search index is brought up to date once this transaction has committed
    # (a task, so that reading a document never slows the request; core/search.py).
    index_on_commit(kind, pk)


def _check_common(title: str, area: str, summary: str) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the title.")
    if area not in PracticeArea.values:
        errors["area"] = _("Choose an area from the list.")
    if not (summary or "").strip():
        errors["summary"] = _("Describe it in a few sentences.")
    if errors:
        raise ValidationError(errors)


def _require_submitter(acting_user: User, state: MemberState) -> None:
    require(acting_user, "states.submit_practice_for_state", state)


@transaction.atomic
def submit_effective_practice(
    state: MemberState,
    *,
    acting_user: User,
    title: str,
    area: str,
    summary: str,
    language: str = "en",
) -> EffectivePractice:
    """A point of contact shares one of their state's effective practices with the committee."""
    _require_submitter(acting_user, state)
    _check_common(title, area, summary)
    practice = EffectivePractice(
        state=state,
        title=title.strip(),
        area=area,
        summary=summary.strip(),
        language=language,
        submitted_by=acting_user,
    )
    practice.full_clean()
    save_with_history(practice, acting_user, reason="Submitted")
    return practice


def _check_period(period_start: int, period_end: int) -> None:
    latest = timezone.localdate().year + PLAN_YEARS_AHEAD
    errors = {}
    for field, year in (("period_start", period_start), ("period_end", period_end)):
        if not isinstance(year, int) or isinstance(year, bool):
            errors[field] = _("Give a year, such as 2024.")
        elif not FIRST_PLAN_YEAR <= year <= latest:
            errors[field] = _("Give a year between %(first)s and %(last)s.") % {
                "first": FIRST_PLAN_YEAR,
                "last": latest,
            }
    if not errors and period_end < period_start:
        errors["period_end"] = _("The plan cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_action_plan(
    state: MemberState,
    *,
    acting_user: User,
    title: str,
    area: str,
    summary: str,
    period_start: int,
    period_end: int,
    language: str = "en",
    document: File | None = None,
) -> NationalActionPlan:
    """A point of contact submits their state's national implementation action plan, with the
    plan's document (PDF or Word) when there is one."""
    _require_submitter(acting_user, state)
    _check_common(title, area, summary)
    _check_period(period_start, period_end)
    plan = NationalActionPlan(
        state=state,
        title=title.strip(),
        area=area,
        summary=summary.strip(),
        language=language,
        period_start=period_start,
        period_end=period_end,
        submitted_by=acting_user,
    )
    if document is not None:
        try:
            extension = sniff_document(document)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from None
        base = (document.name or "plan").rsplit(".", 1)[0]
        document.name = f"{base}.{extension}"
        plan.document = document
    plan.full_clean(exclude=["document"])
    save_with_history(plan, acting_user, reason="Submitted")
    return plan


def _publish[S: SharedByState](item: S, *, acting_user: User, kind: str) -> S:
    item = type(item).objects.select_for_update().get(pk=item.pk)
    require(acting_user, "states.publish_shared_item", item)
    if item.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(
            _("Only a submitted one can be published; its status is “%(status)s”.")
            % {"status": item.get_status_display()}
        )
    item.status = SubmissionStatus.PUBLISHED
    item.published_at = timezone.now()
    save_with_history(
        item,
        acting_user,
        update_fields=["status", "published_at", "updated_at"],
        reason="Published",
    )
    _queue_search_index(kind, item.pk)
    return item


def _withdraw[S: SharedByState](item: S, *, acting_user: User) -> S:
    item = type(item).objects.select_for_update().get(pk=item.pk)
    require(acting_user, "states.withdraw_shared_item", item)
    if item.status != SubmissionStatus.SUBMITTED:
        raise InvalidTransition(
            _("Only a submission not yet published can be withdrawn; its status is “%(status)s”.")
            % {"status": item.get_status_display()}
        )
    item.status = SubmissionStatus.WITHDRAWN
    save_with_history(item, acting_user, update_fields=["status", "updated_at"], reason="Withdrawn")
    return item


@transaction.atomic
def publish_effective_practice(
    practice: EffectivePractice, *, acting_user: User
) -> EffectivePractice:
    """Publish a submitted effective practice on the website (secretariat only)."""
    return _publish(practice, acting_user=acting_user, kind="practice")


@transaction.atomic
def publish_action_plan(plan: NationalActionPlan, *, acting_user: User) -> NationalActionPlan:
    """Publish a submitted national action plan on the website (secretariat only)."""
    return _publish(plan, acting_user=acting_user, kind="action_plan")


@transaction.atomic
def withdraw_effective_practice(
    practice: EffectivePractice, *, acting_user: User
) -> EffectivePractice:
    """The state takes back a practice before it is published; the record is kept."""
    return _withdraw(practice, acting_user=acting_user)


@transaction.atomic
def withdraw_action_plan(plan: NationalActionPlan, *, acting_user: User) -> NationalActionPlan:
    """The state takes back a plan before it is published; the record is kept."""
    return _withdraw(plan, acting_user=acting_user)
