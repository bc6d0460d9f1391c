"""Pages of the annual review as the Committee writes it (8(a)): the reviews (the public reads
the issued ones), a review with its chapters, figures in place and the comments on them, the
chapter editor with the list of figures, and the steps: circulate, comment, answer, adopt,
issue. They parse the forms and call committee/work/written_reviews.py, which decides."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committee.work import review_figures, written_reviews
from committee.work.forms import (
    ReviewAdoptionForm,
    ReviewAnswerForm,
    ReviewChapterForm,
    ReviewCommentForm,
    ReviewIssueForm,
    WrittenReviewForm,
)
from committee.work.models import ReviewChapter, ReviewComment, WrittenReview
from core import symbols
from core.files import serve_file
from core.permissions import can, require
from core.web import add_errors, page_of

PAGE_SIZE = 25


def _review(request: HttpRequest, pk: int) -> WrittenReview:
    return get_object_or_404(
        WrittenReview.objects.visible_to(request.user).select_related("adoption_recorded_by"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def written_review_list(request: HttpRequest) -> HttpResponse:
    """The annual reviews as written: the issued ones for everyone, the drafts for the committee
    side; the secretariat opens a new draft here."""
    form = None
    if request.method == "POST":
        require(request.user, "committee.draft_written_review")
        form = WrittenReviewForm(request.POST)
        if form.is_valid():
            try:
                review = written_reviews.create_written_review(
                    form.cleaned_data["year"],
                    title=form.cleaned_data["title"],
                    language=form.cleaned_data["language"],
                    as_at=form.cleaned_data["as_at"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The draft is open: write its chapters."))
                return redirect(review)
    elif can(request.user, "committee.draft_written_review"):
        form = WrittenReviewForm()
    reviews = WrittenReview.objects.visible_to(request.user).order_by("-year", "language")
    page = page_of(request, reviews, PAGE_SIZE)
    return render(
        request,
        "committee/written_review_list.html",
        {"form": form, "page": page},
        status=400 if form is not None and form.is_bound else 200,
    )


def _detail(
    request: HttpRequest, review: WrittenReview, *, status: int = 200, **forms
) -> HttpResponse:
    comments = can(request.user, "committee.see_review_comments")
    chapters = review.chapters.order_by("position", "pk")
    if comments:
        chapters = chapters.prefetch_related(
            Prefetch(
                "comments",
                queryset=ReviewComment.objects.select_related("author", "answered_by"),
            )
        )
    # The generated figures, computed once for the whole review.
    context = review_figures.figures_context(review.year, review.as_at)
    return render(
        request,
        "committee/written_review_detail.html",
        {
            "review": review,
            "chapters": [
                {"chapter": chapter, "parts": review_figures.parts_of(chapter.text, context)}
                for chapter in chapters
            ],
            "show_comments": comments,
            "may_draft": can(request.user, "committee.draft_written_review"),
            "may_comment": review.is_circulated
            and can(request.user, "committee.comment_on_written_review"),
            "comment_form": forms.get("comment_form") or ReviewCommentForm(),
            "commented_chapter": forms.get("commented_chapter"),
            "answer_form": forms.get("answer_form"),
            "answered_comment": forms.get("answered_comment"),
            "refusal": forms.get("refusal"),
        },
        status=status,
    )


def written_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _review(request, pk))


def _chapter_page(
    request: HttpRequest, review: WrittenReview, chapter: ReviewChapter | None
) -> HttpResponse:
    require(request.user, "committee.draft_written_review")
    if request.method == "POST":
        form = ReviewChapterForm(request.POST)
        if form.is_valid():
            try:
                written_reviews.save_chapter(
                    review,
                    chapter=chapter,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    position=form.cleaned_data["position"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The chapter is saved."))
                return redirect(review)
    elif chapter is not None:
        form = ReviewChapterForm(
            initial={"title": chapter.title, "text": chapter.text, "position": chapter.position}
        )
    else:
        form = ReviewChapterForm()
    return render(
        request,
        "committee/written_review_chapter.html",
        {
            "review": review,
            "chapter": chapter,
            "form": form,
            "figures": list(review_figures.FIGURES.values()),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def written_review_chapter_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _chapter_page(request, _review(request, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def written_review_chapter(request: HttpRequest, pk: int) -> HttpResponse:
    chapter = get_object_or_404(ReviewChapter, pk=pk)
    return _chapter_page(request, _review(request, chapter.review_id), chapter)


@login_required
@require_POST
def written_review_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    try:
        written_reviews.circulate_review(review, acting_user=request.user)
    except ValidationError as error:
        return _detail(request, review, status=400, refusal=error.messages)
    messages.success(request, _("The review is circulated for comments."))
    return redirect(review)


@login_required
@require_POST
def written_review_comment(request: HttpRequest, pk: int) -> HttpResponse:
    chapter = get_object_or_404(ReviewChapter, pk=pk)
    review = _review(request, chapter.review_id)
    require(request.user, "committee.comment_on_written_review")
    form = ReviewCommentForm(request.POST)
    if form.is_valid():
        try:
            written_reviews.comment_on_chapter(
                chapter, form.cleaned_data["text"], acting_user=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your comment is recorded."))
            return redirect(review)
    return _detail(
        request,
        review,
        status=400,
        comment_form=form,
        commented_chapter=chapter.pk,
        refusal=form.non_field_errors(),
    )


@login_required
@require_POST
def written_review_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(ReviewComment.objects.select_related("chapter"), pk=pk)
    review = _review(request, comment.chapter.review_id)
    require(request.user, "committee.draft_written_review")
    form = ReviewAnswerForm(request.POST)
    if form.is_valid():
        try:
            written_reviews.answer_comment(
                comment,
                form.cleaned_data["answer"],
                resolved=form.cleaned_data["resolved"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The answer is recorded."))
            return redirect(review)
    return _detail(
        request,
        review,
        status=400,
        answer_form=form,
        answered_comment=comment.pk,
        refusal=[*form.non_field_errors(), *form.errors.get("answer", [])],
    )


@login_required
@require_http_methods(["GET", "POST"])
def written_review_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    require(request.user, "committee.draft_written_review")
    form = ReviewAdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            written_reviews.record_adoption(
                review,
                adopted_on=form.cleaned_data["adopted_on"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The adoption is recorded."))
            return redirect(review)
    return render(
        request,
        "committee/written_review_step.html",
        {"review": review, "form": form, "step": "adopt"},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def written_review_issue(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    require(request.user, "committee.draft_written_review")
    if request.method == "POST":
        form = ReviewIssueForm(request.POST)
    else:
        form = ReviewIssueForm(initial={"symbol": symbols.proposed_symbol()})
    if request.method == "POST" and form.is_valid():
        try:
            written_reviews.issue_review(
                review,
                symbol=form.cleaned_data["symbol"],
                issued_on=form.cleaned_data["issued_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The review is issued; its PDF is being built."))
            return redirect(review)
    return render(
        request,
        "committee/written_review_step.html",
        {"review": review, "form": form, "step": "issue"},
        status=400 if form.is_bound else 200,
    )


def written_review_download(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if not review.has_pdf:
        raise Http404(_("This review has no PDF yet."))
    return serve_file(review.document, download_name=review.download_name())
