"""Use cases of the annual review as the Committee writes it (8(a)): the secretariat drafts it
chapter by chapter, circulates it, the experts and the members comment on each chapter and the
secretariat answers, the adoption by the Committee is recorded, and the review is issued with its
symbol (core/symbols.py); the worker then builds its PDF: the chapters with the generated
figures in place, then the annex of the generated review.

Apart from committee/work/services.py for the reason committee/work/reviews.py is: it reads
every app through the generated review. Each use case runs in one transaction, checks its rule
first, saves with history naming the acting user, and queues the PDF for after the commit.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from committee.work import annual_review, review_figures
from committee.work.choices import ReviewPdfStatus, WrittenReviewStatus
from committee.work.models import ReviewChapter, ReviewComment, WrittenReview
from core import symbols
from core.choices import Language
from core.pdf import language_refused, locale_of, render_pdf
from core.permissions import Actor, require
from core.queue import enqueue
from core.services import InvalidTransition, save_with_history

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)
BUILD_TASK = "committee.tasks.build_written_review"


def _not_in_future(day: date | None, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(
            {
                field: _("%(day)s is in the future: give a day up to today.")
                % {"day": date_format(day, "DATE_FORMAT")}
            }
        )


def _check_text(title: str, *, field: str = "title") -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({field: _("Give a title.")})
    return title


@transaction.atomic
def create_written_review(
    year: Any, *, title: str, language: str, acting_user: Actor, as_at: date | None = None
) -> WrittenReview:
    """Open the draft of the annual review of ``year`` in ``language`` (one per year and
    language). Its figures count the data up to ``as_at``: by default the end of the year, or
    today during the year. Secretariat only."""
    require(acting_user, "committee.draft_written_review")
    title = _check_text(title)
    if language not in Language.values:
        raise ValidationError({"language": language_refused(language)})
    today = timezone.localdate()
    if not isinstance(year, int) or not annual_review.FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("The year must be between %(first)s and %(this)s.")
                % {"first": annual_review.FIRST_YEAR, "this": today.year}
            }
        )
    last_day = min(today, date(year, 12, 31))
    as_at = as_at or last_day
    _not_in_future(as_at, "as_at")
    if not date(year, 1, 1) <= as_at <= last_day:
        raise ValidationError(
            {
                "as_at": _("The figures of %(year)s count a day of that year, up to today.")
                % {"year": year}
            }
        )
    if WrittenReview.objects.filter(year=year, language=language).exists():
        raise ValidationError(
            {
                "year": _("The annual review of %(year)s in this language is already open.")
                % {"year": year}
            }
        )
    review = WrittenReview(
        year=year, language=language, title=title, as_at=as_at, created_by=acting_user
    )
    save_with_history(review, acting_user, reason="Draft opened")
    return review


def _may_edit(review: WrittenReview) -> None:
    if review.status not in (WrittenReviewStatus.DRAFT, WrittenReviewStatus.CIRCULATED):
        raise InvalidTransition(
            _("The review is %(status)s: its text no longer changes.")
            % {"status": review.get_status_display().lower()}
        )


@transaction.atomic
def save_chapter(
    review: WrittenReview,
    *,
    title: str,
    text: str,
    acting_user: Actor,
    chapter: ReviewChapter | None = None,
    position: int | None = None,
) -> ReviewChapter:
    """Write a new chapter of ``review`` (at the end, or at ``position``), or change
    ``chapter``. The text places figures by their markers; a marker naming no figure is refused,
    named. Secretariat, while the review is drafted or circulated."""
    require(acting_user, "committee.draft_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=review.pk)
    _may_edit(review)
    title = _check_text(title)
    review_figures.check_markers(text)
    if position is not None and not 1 <= position <= 999:
        raise ValidationError({"position": _("Give a place between 1 and 999.")})
    if chapter is None:
        if position is None:
            last = review.chapters.aggregate(last=Max("position"))["last"] or 0
            position = last + 1
        chapter = ReviewChapter(review=review, position=position, title=title, text=text)
        save_with_history(chapter, acting_user, reason="Chapter written")
        return chapter
    if chapter.review_id != review.pk:
        raise ValidationError(_("This chapter belongs to another review."))
    chapter.title = title
    chapter.text = text
    fields = ["title", "text", "updated_at"]
    if position is not None:
        chapter.position = position
        fields.append("position")
    save_with_history(chapter, acting_user, update_fields=fields, reason="Chapter changed")
    return chapter


@transaction.atomic
def circulate_review(review: WrittenReview, *, acting_user: Actor) -> WrittenReview:
    """Circulate the draft to the experts and the members for their comments (secretariat)."""
    require(acting_user, "committee.draft_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=review.pk)
    if review.status != WrittenReviewStatus.DRAFT:
        raise InvalidTransition(_("Only a draft is circulated for comments."))
    if not review.chapters.exists():
        raise InvalidTransition(_("Write at least one chapter before circulating the review."))
    review.status = WrittenReviewStatus.CIRCULATED
    review.circulated_on = timezone.localdate()
    save_with_history(
        review, acting_user, update_fields=["status", "circulated_on"], reason="Circulated"
    )
    return review


@transaction.atomic
def comment_on_chapter(chapter: ReviewChapter, text: str, *, acting_user: Actor) -> ReviewComment:
    """An expert's or a member's comment on a chapter, while the review is circulated."""
    require(acting_user, "committee.comment_on_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=chapter.review_id)
    if review.status != WrittenReviewStatus.CIRCULATED:
        raise InvalidTransition(
            _("Comments are made while the review is circulated; it is %(status)s.")
            % {"status": review.get_status_display().lower()}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    comment = ReviewComment(chapter=chapter, author=acting_user, text=text)
    save_with_history(comment, acting_user, reason="Comment made")
    return comment


@transaction.atomic
def answer_comment(
    comment: ReviewComment, answer: str, *, resolved: bool, acting_user: Actor
) -> ReviewComment:
    """The secretariat's answer to a comment, and whether it is resolved, before adoption."""
    require(acting_user, "committee.draft_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=comment.chapter.review_id)
    _may_edit(review)
    answer = (answer or "").strip()
    if not answer and not resolved:
        raise ValidationError({"answer": _("Write an answer, or mark the comment resolved.")})
    comment.answer = answer
    comment.resolved = resolved
    comment.answered_by = acting_user
    save_with_history(
        comment,
        acting_user,
        update_fields=["answer", "resolved", "answered_by"],
        reason="Comment answered",
    )
    return comment


@transaction.atomic
def record_adoption(
    review: WrittenReview, *, adopted_on: date, acting_user: Actor, note: str = ""
) -> WrittenReview:
    """Record that the Committee adopted the circulated review on ``adopted_on`` (a day from
    its circulation up to today), and who recorded it (secretariat)."""
    require(acting_user, "committee.draft_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=review.pk)
    if review.status != WrittenReviewStatus.CIRCULATED:
        raise InvalidTransition(
            _("The Committee adopts the review once it has been circulated for comments.")
        )
    if not isinstance(adopted_on, date):
        raise ValidationError({"adopted_on": _("Give the day of the adoption.")})
    _not_in_future(adopted_on, "adopted_on")
    if review.circulated_on and adopted_on < review.circulated_on:
        raise ValidationError(
            {
                "adopted_on": _("The review was circulated on %(day)s: it was adopted after.")
                % {"day": date_format(review.circulated_on, "DATE_FORMAT")}
            }
        )
    review.status = WrittenReviewStatus.ADOPTED
    review.adopted_on = adopted_on
    review.adoption_recorded_by = acting_user
    review.adoption_note = (note or "").strip()[:300]
    save_with_history(
        review,
        acting_user,
        update_fields=["status", "adopted_on", "adoption_recorded_by", "adoption_note"],
        reason="Adoption recorded",
    )
    return review


@transaction.atomic
def issue_review(
    review: WrittenReview, *, acting_user: Actor, symbol: str = "", issued_on: date | None = None
) -> WrittenReview:
    """Issue the adopted review with the next symbol of the year (or ``symbol``, which must be
    that one) on ``issued_on`` (today by default; not before its adoption, not after today),
    and queue its PDF for after the commit (secretariat)."""
    require(acting_user, "committee.draft_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=review.pk)
    if review.status != WrittenReviewStatus.ADOPTED:
        raise InvalidTransition(_("Only a review the Committee has adopted is issued."))
    issued_on = issued_on or timezone.localdate()
    _not_in_future(issued_on, "issued_on")
    if review.adopted_on and issued_on < review.adopted_on:
        raise ValidationError(
            {
                "issued_on": _("The review was adopted on %(day)s: it is issued after.")
                % {"day": date_format(review.adopted_on, "DATE_FORMAT")}
            }
        )
    issued = symbols.issue_symbol(review, acting_user=acting_user, symbol=symbol)
    review.symbol = issued.symbol
    review.issued_on = issued_on
    review.status = WrittenReviewStatus.ISSUED
    review.pdf_status = ReviewPdfStatus.QUEUED
    save_with_history(
        review,
        acting_user,
        update_fields=["symbol", "issued_on", "status", "pdf_status"],
        reason="Issued",
    )
    enqueue(BUILD_TASK, review.pk)
    return review


def render_review_pdf(review: WrittenReview) -> bytes:
    """The PDF of the review in its language: the chapters with the figures in place (the
    generated figures computed once), then the annex of the generated review."""
    with translation.override(locale_of(review.language)):
        context = review_figures.figures_context(review.year, review.as_at)
        chapters = [
            {"chapter": chapter, "parts": review_figures.parts_of(chapter.text, context)}
            for chapter in review.chapters.order_by("position", "pk")
        ]
        return render_pdf(
            "committee/written_review_pdf.html",
            {
                **context,
                "review": review,
                "written_chapters": chapters,
                "generated_at": timezone.now(),
            },
        )


def build_written_review_pdf(review_id: int) -> WrittenReview:
    """Build the PDF of an issued review (the Celery task calls this). Idempotent: a review
    whose PDF is built is left as it is."""
    review = WrittenReview.objects.get(pk=review_id)
    if review.pdf_status != ReviewPdfStatus.QUEUED:
        return review
    try:
        pdf = render_review_pdf(review)
    except TRANSIENT_ERRORS:
        raise
    except Exception as error:
        logger.exception("Written annual review %s: the PDF failed", review_id)
        review.pdf_status = ReviewPdfStatus.FAILED
        review.pdf_error = f"{type(error).__name__}: {error}"[:2000]
        save_with_history(
            review, None, update_fields=["pdf_status", "pdf_error"], reason="PDF failed"
        )
        return review
    with transaction.atomic():
        review = WrittenReview.objects.select_for_update().get(pk=review_id)
        if review.pdf_status != ReviewPdfStatus.QUEUED:
            return review
        review.document.save(f"review-{review.year}.pdf", ContentFile(pdf), save=False)
        review.pdf_status = ReviewPdfStatus.READY
        review.pdf_error = ""
        save_with_history(
            review, None, update_fields=["document", "pdf_status", "pdf_error"], reason="PDF built"
        )
    return review


@transaction.atomic
def rebuild_pdf(review: WrittenReview, *, acting_user: Actor) -> WrittenReview:
    """Queue the PDF of an issued review again (after a failure; secretariat)."""
    require(acting_user, "committee.draft_written_review")
    review = WrittenReview.objects.select_for_update().get(pk=review.pk)
    if review.status != WrittenReviewStatus.ISSUED:
        raise InvalidTransition(_("Only an issued review has a PDF."))
    review.pdf_status = ReviewPdfStatus.QUEUED
    save_with_history(review, acting_user, update_fields=["pdf_status"], reason="PDF queued")
    enqueue(BUILD_TASK, review.pk)
    return review
