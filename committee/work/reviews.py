"""Use cases of the annual review (8(a)): asking for a build (a new version), the build the beat
schedule asks for on 1 December, restarting a stalled build, and the build itself that the Celery
task runs. Apart from committee/work/services.py (the programme of work, the members, the
reminders) because it reads every app through committee/work/annual_review.py, and the working
groups, which use those services, may not depend on that (pyproject's import contracts).

Each use case runs in one transaction, checks its permission rule first, saves with history
naming the acting user, and queues the build for after the commit. The builds triggered by the
beat schedule run as the system: no acting user, no permission check.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committee.work import annual_review
from committee.work.choices import AnnualReviewStatus
from committee.work.models import AnnualReview
from core.builds import heartbeat, restart_stalled_build
from core.choices import Language
from core.pdf import language_refused, locale_of, render_pdf
from core.permissions import require
from core.queue import enqueue
from core.services import InvalidTransition, save_with_history

logger = logging.getLogger(__name__)

# Errors worth a retry by the task: the database went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


def _check_review_dates(year, as_at: date | None) -> date:
    today = timezone.localdate()
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError({"year": _("Give the year as a number, such as 2018.")})
    if not annual_review.FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)s and %(this)s.")
                % {"first": annual_review.FIRST_YEAR, "this": today.year}
            }
        )
    last_day = min(today, date(year, 12, 31))
    as_at = as_at or last_day
    if not date(year, 1, 1) <= as_at <= last_day:
        raise ValidationError(
            {
                "as_at": _(
                    "The review of %(year)s is built from the data as at a day of that year, "
                    "up to today: between %(first)s and %(last)s."
                )
                % {
                    "year": year,
                    "first": date(year, 1, 1).isoformat(),
                    "last": last_day.isoformat(),
                }
            }
        )
    return as_at


def _enqueue_build(review: AnnualReview) -> None:
    # By the task's name (committee/work/tasks.py): the tasks module imports this one.
    enqueue("committee.tasks.build_annual_review", review.pk)


def _new_review(
    year: int, as_at: date, acting_user, language: str = Language.ENGLISH
) -> AnnualReview:
    running = AnnualReview.objects.select_for_update().filter(year=year).in_progress().first()
    if running is not None:
        raise InvalidTransition(
            _("Version %(version)s of the %(year)s review is still being built; wait for it.")
            % {"version": running.version, "year": year}
        )
    latest = AnnualReview.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
    review = AnnualReview(
        year=year,
        version=latest + 1,
        as_at=as_at,
        language=language,
        requested_by=acting_user,
        stage="Queued",
    )
    save_with_history(review, acting_user, reason="Build requested")
    _enqueue_build(review)
    return review


@transaction.atomic
def request_annual_review(
    year, *, acting_user, as_at: date | None = None, language: str = Language.ENGLISH
) -> AnnualReview:
    """Queue a new build (a new version) of the annual review of ``year`` from the data as at
    ``as_at`` (default: the end of the year, or today during the year), in ``language``, one of
    the six official languages (core.choices.Language; English by default). Secretariat only."""
    require(acting_user, "committee.build_annual_review")
    as_at = _check_review_dates(year, as_at)
    if language not in Language.values:
        raise ValidationError({"language": language_refused(language)})
    return _new_review(year, as_at, acting_user, language)


@transaction.atomic
def request_scheduled_annual_review(today: date | None = None) -> AnnualReview:
    """The build the beat schedule starts on 1 December: this year's review as at today. If a
    build of the year is already running, that one is returned instead of a second one."""
    today = today or timezone.localdate()
    running = AnnualReview.objects.filter(year=today.year).in_progress().first()
    if running is not None:
        return running
    return _new_review(today.year, today, None)


def _set_progress(review_id: int, percent: int, stage: str) -> None:
    # Progress ticks are not history: a plain UPDATE the status page reads on its next refresh.
    AnnualReview.objects.filter(pk=review_id).update(
        progress=percent, stage=stage[:120], heartbeat_at=timezone.now()
    )


def restart_annual_review(review: AnnualReview, *, acting_user) -> AnnualReview:
    """Queue again a review whose build has stalled (core/builds.py; secretariat)."""
    return restart_stalled_build(review, acting_user=acting_user)


def build_annual_review(review_id: int) -> AnnualReview:
    """Build the PDF of a queued review (the Celery task calls this). Idempotent: a review
    already built or failed, or being built by a living worker, is left as it is. The file is
    written under a new name and the row points at it only once it is complete."""
    with transaction.atomic():
        review = AnnualReview.objects.select_for_update().get(pk=review_id)
        if not review.may_be_claimed():  # done, failed, or alive on another worker
            return review
        review.status = AnnualReviewStatus.BUILDING
        review.started_at = review.heartbeat_at = timezone.now()
        review.progress = 5
        review.stage = "Collecting the figures"
        save_with_history(
            review,
            review.requested_by,
            update_fields=["status", "started_at", "heartbeat_at", "progress", "stage"],
            reason="Build started",
        )
    beat = AnnualReview.objects.filter(pk=review_id)
    try:
        # The whole review in the language it was asked in: its words, the states' names and the
        # regional groups' as the figures are gathered, its dates as the PDF is rendered.
        with (
            heartbeat(lambda: beat.update(heartbeat_at=timezone.now())),
            translation.override(locale_of(review.language)),
        ):
            period = annual_review.ReviewPeriod(year=review.year, as_at=review.as_at)
            context = annual_review.build_context(
                period, progress=lambda percent, stage: _set_progress(review_id, percent, stage)
            )
            _set_progress(review_id, 70, "Rendering the PDF")
            pdf = render_pdf(
                "committee/annual_review_pdf.html",
                {**context, "review": review, "generated_at": timezone.now()},
            )
            _set_progress(review_id, 95, "Storing the PDF")
            with transaction.atomic():
                review = AnnualReview.objects.select_for_update().get(pk=review_id)
                if review.status != AnnualReviewStatus.BUILDING:
                    return review
                review.document.save(f"review-{review.year}.pdf", ContentFile(pdf), save=False)
                review.status = AnnualReviewStatus.READY
                review.progress = 100
                review.stage = "Ready"
                review.finished_at = timezone.now()
                save_with_history(
                    review,
                    review.requested_by,
                    update_fields=["document", "status", "progress", "stage", "finished_at"],
                    reason="Built",
                )
            return review
    except TRANSIENT_ERRORS:
        # The task retries: give the build back to the queue, for the retry to claim it again.
        AnnualReview.objects.filter(pk=review_id, status=AnnualReviewStatus.BUILDING).update(
            status=AnnualReviewStatus.QUEUED, heartbeat_at=timezone.now()
        )
        raise
    except Exception as error:
        logger.exception("Annual review %s failed", review_id)
        with transaction.atomic():
            review = AnnualReview.objects.select_for_update().get(pk=review_id)
            review.status = AnnualReviewStatus.FAILED
            review.error = f"{type(error).__name__}: {error}"[:2000]
            review.stage = "Failed"
            review.finished_at = timezone.now()
            save_with_history(
                review,
                review.requested_by,
                update_fields=["status", "error", "stage", "finished_at"],
                reason="Build failed",
            )
        return review
