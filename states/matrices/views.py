"""Pages of the 1540 matrix: the public list and pages of published matrices, the experts' drafts
and their section-by-section editing, the state's review with comments, approval and
publication (each behind a confirmation page), the diff between versions, the exports, and the
public statistics (12(h))."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core import opendata
from core.choices import Language
from core.files import serve_file
from core.page_cache import cache_public_page
from core.permissions import can, require
from core.services import InvalidTransition
from core.web import add_errors, page_of
from states.choices import MatrixSectionCode, RegionalGroup, WeaponType
from states.legislation.web import source_choices
from states.matrices import pdfs, spreadsheet
from states.matrices import services as services
from states.matrices import statistics as matrix_statistics
from states.matrices.api.views import MatrixViewSet
from states.matrices.charts import bar_chart
from states.matrices.choices import APPROVED_STATUSES, CommentResponse, MatrixStatus
from states.matrices.diff import diff
from states.matrices.exports import XLSX, matrix_csv, matrix_xlsx, sections_of
from states.matrices.filtersets import MatrixListFilterSet
from states.matrices.forms import (
    ApplyWorkbookForm,
    ApproveMatrixForm,
    CommentAnswerForm,
    MatrixCommentForm,
    MatrixEntryForm,
    MatrixLetterForm,
    MatrixSourceReportsForm,
    MatrixWorkbookForm,
    StartMatrixForm,
)
from states.matrices.header import header_of
from states.matrices.models import Matrix, MatrixComment, MatrixEntry, MatrixWorkbookImport
from states.matrices.web import open_data_response, statistics_csv_response, statistics_thresholds
from states.models import MemberState, reader_order

PAGE_SIZE = 50


def _visible_matrix(request: HttpRequest, pk: int) -> Matrix:
    # A version this reader may not see does not exist for them.
    return get_object_or_404(
        Matrix.objects.visible_to(request.user).select_related(
            "state", "template", "created_by", "sent_by", "approved_by", "published_by"
        ),
        pk=pk,
    )


def listed_matrices(user) -> QuerySet[Matrix]:
    """What the matrices page lists: each state's current published matrix, one row per state,
    and beside it any version not published that the reader may see (the experts' and the
    secretariat's working versions, the version a point of contact reviews). Earlier published
    versions are reached from each matrix's page."""
    current = Matrix.objects.latest_published().values("pk")
    return (
        Matrix.objects.visible_to(user)
        .filter(~Q(status=MatrixStatus.PUBLISHED) | Q(pk__in=current))
        .select_related("state", "template")
        .order_by(reader_order("state__"), "-version")
    )


@cache_public_page(query=MatrixListFilterSet)
def matrix_list(request: HttpRequest) -> HttpResponse:
    filterset = MatrixListFilterSet(request.GET, queryset=listed_matrices(request.user))
    matrices = filterset.qs if filterset.is_valid() else Matrix.objects.none()
    page = page_of(request, matrices, PAGE_SIZE)
    return render(
        request,
        "states/matrix_list.html",
        {
            "filter": filterset,
            "page": page,
            "matrices": page.object_list,
            "start_form": StartMatrixForm()
            if can(request.user, "states.start_matrix_draft")
            else None,
        },
    )


def state_matrix(request: HttpRequest, iso3: str) -> HttpResponse:
    """A state's current published matrix, or a page that says there is none yet."""
    state = get_object_or_404(MemberState, iso3=iso3.upper())
    latest = Matrix.objects.latest_published().filter(state=state).first()
    if latest is not None:
        return redirect(latest)
    return render(request, "states/matrix_none.html", {"state": state}, status=200)


@login_required
@require_POST
def matrix_start(request: HttpRequest) -> HttpResponse:
    form = StartMatrixForm(request.POST)
    require(request.user, "states.start_matrix_draft")
    if form.is_valid():
        try:
            matrix = services.start_draft(form.cleaned_data["state"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The draft was started."))
            return redirect(matrix)
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect("states:matrix-list")


@cache_public_page
def matrix_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    user = request.user
    versions = list(
        Matrix.objects.visible_to(user)
        .filter(state_id=matrix.state_id)
        .exclude(pk=matrix.pk)
        .only("pk", "version", "status")
        .order_by("-version")
    )
    sees_comments = can(user, "states.see_matrix_comments", matrix)
    open_comments = (
        matrix.comments.filter(response=CommentResponse.OPEN).count() if sees_comments else 0
    )
    actions = {
        "edit": matrix.is_editable and can(user, "states.edit_matrix", matrix),
        "send": matrix.is_draft and can(user, "states.send_matrix", matrix),
        "comment": matrix.status == MatrixStatus.SENT
        and can(user, "states.comment_on_matrix", matrix),
        "approve": matrix.status in (MatrixStatus.SENT, MatrixStatus.COMMENTED)
        and can(user, "states.approve_matrix", matrix),
        "publish": matrix.status == MatrixStatus.APPROVED
        and can(user, "states.publish_matrix", matrix),
        "letter": bool(matrix.letter) and can(user, "states.read_matrix_letter", matrix),
        "produce_letter": not matrix.is_draft and can(user, "states.produce_matrix_letter", matrix),
        "comments": sees_comments,
        "new_draft": not matrix.is_open and can(user, "states.start_matrix_draft"),
        "edit_sources": matrix.is_editable and can(user, "states.edit_matrix", matrix),
    }
    return render(
        request,
        "states/matrix_detail.html",
        {
            "matrix": matrix,
            "header": header_of(matrix),
            "sections": sections_of(matrix),
            "versions": versions,
            "can": actions,
            "open_comments": open_comments,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """The experts edit one section of a draft. A save made from an out-of-date page is refused
    entry by entry, with the colleague's values shown, and nothing saved is lost."""
    matrix = _visible_matrix(request, pk)
    if section not in MatrixSectionCode.values:
        raise Http404(_("The matrix has no section %s.") % section)
    require(request.user, "states.edit_matrix", matrix)
    if not matrix.is_editable:
        messages.error(
            request,
            _("This matrix's status is “%(status)s”: it can no longer be edited.")
            % {"status": matrix.get_status_display()},
        )
        return redirect(matrix)
    entries = list(
        MatrixEntry.objects.filter(matrix=matrix, field__section__code=section)
        .select_related("field", "updated_by")
        .order_by("field__position")
    )
    conflicts: dict[int, MatrixEntry] = {}
    sources = source_choices(matrix.state_id)
    data = request.POST.copy() if request.method == "POST" else None
    rows = _entry_rows(entries, data, sources)
    if request.method == "POST" and all(row["form"].is_valid() for row in rows):
        edits = [
            services.EntryEdit(
                row["entry"].pk,
                row["form"].cleaned_data["revision"],
                {name: row["form"].cleaned_data[name] for name in MatrixEntry.VALUE_FIELDS},
            )
            for row in rows
        ]
        try:
            changed = services.save_entries(matrix, edits, acting_user=request.user)
        except services.StaleEntry as stale:
            messages.error(request, " ".join(stale.messages))
            conflicts = {entry.pk: entry for entry in stale.conflicts}
            # The page now carries the colleague's revision: saving again replaces their values
            # with these, knowingly.
            for entry in stale.conflicts:
                data[f"{entry.pk}-revision"] = str(entry.revision)
            rows = _entry_rows(entries, data, sources)
            for row in rows:
                row["form"].is_valid()
        except ValidationError as error:
            _add_entry_errors(rows, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d entry saved.", "%(count)d entries saved.", changed)
                % {"count": changed},
            )
            return redirect(f"{matrix.get_absolute_url()}#section-{section}")
    for row in rows:
        row["conflict"] = conflicts.get(row["entry"].pk)
    return render(
        request,
        "states/matrix_section_edit.html",
        {
            "matrix": matrix,
            "section": section,
            "section_title": MatrixSectionCode(section).label,
            "rows": rows,
        },
    )


def _entry_rows(entries: list[MatrixEntry], data, sources: dict | None = None) -> list[dict]:
    rows = []
    for entry in entries:
        initial = {**entry.values(), "revision": entry.revision}
        form = MatrixEntryForm(data, prefix=str(entry.pk), initial=initial, **(sources or {}))
        rows.append({"entry": entry, "form": form})
    return rows


def _add_entry_errors(rows: list[dict], error: ValidationError) -> None:
    forms_by_id = {str(row["entry"].pk): row["form"] for row in rows}
    if not hasattr(error, "error_dict"):
        rows[0]["form"].add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        entry_id, _sep, field = key.partition("-")
        form = forms_by_id.get(entry_id)
        if form is not None:
            form.add_error(field if field in form.fields else None, errors)


def _confirm(request, matrix, *, step, permission, template_action, form=None, **kwargs):
    require(request.user, permission, matrix)
    if request.method == "POST" and (form is None or form.is_valid()):
        extra = dict(form.cleaned_data) if form is not None else {}
        if extra.get("approved_on") is None:
            extra.pop("approved_on", None)
        try:
            step(matrix, acting_user=request.user, **extra)
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                add_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(matrix)
        else:
            messages.success(request, kwargs["done"])
            return redirect(matrix)
    return render(
        request,
        "states/matrix_confirm.html",
        {"matrix": matrix, "action": template_action, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_send(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    return _confirm(
        request,
        matrix,
        step=services.send_matrix,
        permission="states.send_matrix",
        template_action="send",
        done=_("The matrix was sent to the state; its letter is being prepared."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_return_comments(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    return _confirm(
        request,
        matrix,
        step=services.return_comments,
        permission="states.return_matrix_comments",
        template_action="return",
        done=_("Your comments were sent to the committee's experts."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_approve(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    form = ApproveMatrixForm(request.POST if request.method == "POST" else None)
    return _confirm(
        request,
        matrix,
        step=services.approve_matrix,
        permission="states.approve_matrix",
        template_action="approve",
        form=form,
        done=_("The committee's approval was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_publish(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    return _confirm(
        request,
        matrix,
        step=services.publish_matrix,
        permission="states.publish_matrix",
        template_action="publish",
        done=_("The matrix is now published on the website."),
    )


def _review_sections(matrix: Matrix) -> list[dict]:
    """The sections of the version's template in order, each with its rows and how many the
    state has left to review (two queries, whatever the number of rows)."""
    titles = dict(MatrixSectionCode.choices)
    progress = MatrixEntry.objects.filter(matrix=matrix).review_progress()
    sections = []
    for code, title in matrix.template.sections.order_by("position").values_list("code", "title"):
        counts = progress.get(code, {"total": 0, "left": 0})
        sections.append({"code": code, "title": titles.get(code, title), **counts})
    return sections


def _review_page(
    request: HttpRequest,
    matrix: Matrix,
    *,
    section: str | None = None,
    comment_form: MatrixCommentForm | None = None,
    commented_entry: int | None = None,
    answer_form: CommentAnswerForm | None = None,
    answered_comment: int | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    sections = _review_sections(matrix)
    if section is None:
        section = request.GET.get("section") or ""
    codes = [s["code"] for s in sections]
    if section and section not in codes:
        raise Http404(_("The matrix has no section %s.") % section)
    if not section:
        # The first section with rows left: where the review goes on.
        section = next((s["code"] for s in sections if s["left"]), codes[0] if codes else "")
    current = next((s for s in sections if s["code"] == section), None)
    later = sections[codes.index(section) + 1 :] if section in codes else []
    can_comment = matrix.status == MatrixStatus.SENT and can(
        user, "states.comment_on_matrix", matrix
    )
    can_answer = matrix.status == MatrixStatus.COMMENTED and can(
        user, "states.respond_to_matrix_comment", matrix
    )
    entries = list(
        MatrixEntry.objects.filter(matrix=matrix, field__section__code=section)
        .select_related("field")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=MatrixComment.objects.visible_to(user)
                .select_related("author", "responded_by")
                .order_by("created_at"),
            )
        )
        .order_by("field__position")
    )
    open_comments = (
        MatrixComment.objects.filter(matrix=matrix, response=CommentResponse.OPEN).count()
        if can_answer
        else 0
    )
    return render(
        request,
        "states/matrix_comments.html",
        {
            "matrix": matrix,
            "sections": sections,
            "section": current,
            "next_section": later[0] if later else None,
            "entries": entries,
            "left": sum(s["left"] for s in sections),
            "total": sum(s["total"] for s in sections),
            "open_comments": open_comments,
            "can_comment": can_comment,
            "can_answer": can_answer,
            "form": MatrixCommentForm() if can_comment else None,
            "comment_form": comment_form,
            "commented_entry": commented_entry,
            "answer_form": answer_form or (CommentAnswerForm() if can_answer else None),
            "answered_comment": answered_comment,
            "can_return": can_comment and can(user, "states.return_matrix_comments", matrix),
        },
        status=status,
    )


def _row_url(matrix: Matrix, entry: MatrixEntry) -> str:
    # Back to the row the form was posted from: its section, at its anchor.
    url = reverse("states:matrix-comments", kwargs={"pk": matrix.pk})
    return f"{url}?section={entry.field.section.code}#row-{entry.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def matrix_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The review of a version with the state, section by section: the matrix as it stands, each
    row with the state's comments and the experts' answers in place, and what is left to review.
    The state's point of contact comments on a row where it stands (accepts it, or proposes a
    change with its source, with a document if need be) while the version is with the state;
    the experts answer each comment there once the state has returned them. Every form posts
    back to its row's anchor, so the page works without JavaScript."""
    matrix = _visible_matrix(request, pk)
    user = request.user
    require(user, "states.see_matrix_comments", matrix)
    if request.method != "POST":
        return _review_page(request, matrix)
    require(user, "states.comment_on_matrix", matrix)
    if matrix.status != MatrixStatus.SENT:
        messages.error(
            request,
            _("Comments are taken while the matrix is with the state; its status is “%(status)s”.")
            % {"status": matrix.get_status_display()},
        )
        return redirect("states:matrix-comments", pk=matrix.pk)
    form = MatrixCommentForm(request.POST, request.FILES)
    posted_entry = request.POST.get("entry", "")
    # The row the form was posted from, so that its errors are shown on it, even when another
    # of its fields is wrong.
    entry = (
        MatrixEntry.objects.filter(matrix=matrix, pk=int(posted_entry))
        .select_related("field__section")
        .first()
        if posted_entry.isdigit()
        else None
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("entry")
        if entry is None:
            form.add_error(None, _("This row is not part of this matrix."))
        else:
            try:
                services.comment_on_entry(matrix, entry, acting_user=user, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your comment on %s was recorded.") % entry.field.code)
                return redirect(_row_url(matrix, entry))
    return _review_page(
        request,
        matrix,
        section=entry.field.section.code if entry else None,
        comment_form=form,
        commented_entry=entry.pk if entry else None,
        status=400,
    )


@login_required
@require_POST
def matrix_comment_answer(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    """The experts answer one comment of the state, on its row of the review page."""
    matrix = _visible_matrix(request, pk)
    comment = get_object_or_404(
        MatrixComment.objects.visible_to(request.user).select_related("entry__field__section"),
        matrix=matrix,
        pk=comment_id,
    )
    require(request.user, "states.respond_to_matrix_comment", matrix)
    form = CommentAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.respond_to_comment(comment, acting_user=request.user, **form.cleaned_data)
        except InvalidTransition as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_row_url(matrix, comment.entry))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your answer was recorded."))
            return redirect(_row_url(matrix, comment.entry))
    return _review_page(
        request,
        matrix,
        section=comment.entry.field.section.code,
        answer_form=form,
        answered_comment=comment.pk,
        status=400,
    )


def matrix_comment_document(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    """The document a state attached to a comment: for the state and the experts only."""
    matrix = _visible_matrix(request, pk)
    comment = get_object_or_404(
        MatrixComment.objects.visible_to(request.user), matrix=matrix, pk=comment_id
    )
    if not comment.document:
        raise Http404(_("This comment has no document."))
    extension = comment.document.name.rsplit(".", 1)[-1].lower()
    return serve_file(
        comment.document,
        download_name=f"{matrix.download_stem()}-comment-{comment.pk}.{extension}",
    )


def matrix_diff(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    versions = list(
        Matrix.objects.visible_to(request.user)
        .filter(state_id=matrix.state_id)
        .exclude(pk=matrix.pk)
        .order_by("-version")
    )
    against_id = request.GET.get("against", "")
    against = next((v for v in versions if str(v.pk) == against_id), None)
    if against is None and versions and not against_id:
        # By default, what changed since the committee last approved this state's matrix: what
        # the members are asked to approve now.
        against = next(
            (v for v in versions if v.version < matrix.version and v.status in APPROVED_STATUSES),
            versions[0],
        )
    error = None
    if against is None and against_id:
        error = _("There is no other version %(id)s of this matrix you can see.") % {
            "id": against_id
        }
    changes = diff(matrix, against) if against is not None else []
    return render(
        request,
        "states/matrix_diff.html",
        {
            "matrix": matrix,
            "against": against,
            "versions": versions,
            "changes": changes,
            "error": error,
        },
        status=400 if error else 200,
    )


def _download(content, *, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def matrix_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in ("csv", "xlsx", "pdf"):
        raise Http404(_("The matrix is exported as csv, xlsx or pdf."))
    matrix = _visible_matrix(request, pk)
    stem = matrix.download_stem()
    if kind == "csv":
        return _download(
            matrix_csv(matrix), name=f"{stem}.csv", content_type="text/csv; charset=utf-8"
        )
    if kind == "xlsx":
        return _download(matrix_xlsx(matrix), name=f"{stem}.xlsx", content_type=XLSX)
    return matrix_pdf_download(request, matrix)


def matrix_pdf_download(request: HttpRequest, matrix: Matrix) -> HttpResponse:
    """The version's PDF in the reader's language, as the worker stored it (the reader may see
    the version: the caller found it among those visible to them). Not built yet, or built
    before the version last changed: its build is queued, and the reader is told it is being
    prepared (202), never kept waiting while it renders."""
    language = pdfs.reader_document_language()
    stored = pdfs.stored_pdf(matrix, language)
    if stored is not None:
        return serve_file(stored.file, download_name=f"{matrix.download_stem()}.pdf")
    pdfs.request_pdf(matrix, language)
    response = render(
        request,
        "states/matrix_pdf_pending.html",
        {"matrix": matrix, "retry_after": int(pdfs.RETRY_AFTER.total_seconds())},
        status=202,
    )
    response["Retry-After"] = str(int(pdfs.RETRY_AFTER.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def matrix_sources(request: HttpRequest, pk: int) -> HttpResponse:
    """The experts say which national reports a version draws on (its header lists them with
    their dates): the state's reports received, those of the draft ticked."""
    matrix = _visible_matrix(request, pk)
    require(request.user, "states.edit_matrix", matrix)
    if not matrix.is_editable:
        messages.error(
            request,
            _("This matrix's status is “%(status)s”: it can no longer be edited.")
            % {"status": matrix.get_status_display()},
        )
        return redirect(matrix)
    form = MatrixSourceReportsForm(
        request.POST if request.method == "POST" else None,
        matrix=matrix,
        initial={"source_reports": list(matrix.source_reports.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_source_reports(
                matrix, form.cleaned_data["source_reports"], acting_user=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The national reports drawn on were recorded."))
            return redirect(matrix)
    return render(
        request,
        "states/matrix_sources.html",
        {"matrix": matrix, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_letter_produce(request: HttpRequest, pk: int) -> HttpResponse:
    """The experts and the secretariat produce the letter of a version sent to the state again,
    in another of the six languages when the state asks for it (its language of correspondence
    is the one offered first)."""
    matrix = _visible_matrix(request, pk)
    require(request.user, "states.produce_matrix_letter", matrix)
    form = MatrixLetterForm(
        request.POST if request.method == "POST" else None,
        initial={"language": matrix.state.correspondence_language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.produce_letter(
                matrix, acting_user=request.user, language=form.cleaned_data["language"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect(matrix)
        else:
            messages.success(
                request,
                _("The letter is being written in %(language)s; it replaces the current one.")
                % {"language": Language(form.cleaned_data["language"]).label},
            )
            return redirect(matrix)
    return render(
        request,
        "states/matrix_confirm.html",
        {"matrix": matrix, "action": "letter", "form": form},
        status=400 if form.is_bound else 200,
    )


def matrix_letter(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _visible_matrix(request, pk)
    if not can(request.user, "states.read_matrix_letter", matrix) or not matrix.letter:
        raise Http404(_("This matrix has no letter you can read."))
    return serve_file(matrix.letter, download_name=f"{matrix.download_stem()}-letter.pdf")


def open_data(request: HttpRequest) -> HttpResponse:
    return open_data_response()


def _statistics(request: HttpRequest):
    try:
        thresholds = statistics_thresholds(request.GET.get("at_most"))
    except ValidationError as error:
        return None, " ".join(error.messages)
    return matrix_statistics.cached(thresholds=thresholds), None


@cache_public_page(query=("at_most",))
def statistics(request: HttpRequest) -> HttpResponse:
    figures, error = _statistics(request)
    if figures is None:
        figures = matrix_statistics.cached()
    sections = dict(MatrixSectionCode.choices)
    weapons = dict(WeaponType.choices)
    groups = dict(RegionalGroup.choices)
    # The groups by name in the reader's language (the figures name them by their value).
    by_group = [
        {**row, "label": groups.get(row["regional_group"], row["regional_group"])}
        for row in figures.by_regional_group
    ]
    charts = [
        bar_chart(
            _("Fields marked X, by section and weapon type (all states)"),
            [
                (
                    f"{row['section']} · {weapons.get(row['weapon_type'], _('General'))}",
                    row["marked"],
                )
                for row in figures.by_section
            ],
        ),
        bar_chart(
            _("Fields marked X per state, on average, by regional group"),
            [(row["label"], row["average"]) for row in by_group],
        ),
        bar_chart(
            _("States with at most N fields marked X"),
            [(_("at most %d") % row["n"], row["states"]) for row in figures.at_most],
        ),
        bar_chart(
            _("Fields marked X per state, on average, at the end of each year"),
            [(str(row["year"]), row["average"]) for row in figures.by_year],
        ),
    ]
    return render(
        request,
        "states/matrix_statistics.html",
        {
            "figures": figures,
            "charts": charts,
            "sections": sections,
            "weapons": weapons,
            "groups": groups,
            "by_regional_group": by_group,
            "error": error,
        },
        status=400 if error else 200,
    )


def statistics_csv(request: HttpRequest) -> HttpResponse:
    figures, error = _statistics(request)
    if figures is None:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    return statistics_csv_response(figures)


def matrix_open_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """The published matrices, one row per matrix, as open data (the fields' answers are in
    ``open_data``'s CSV, one row per state and field)."""
    return opendata.open_data_response(request, fmt, viewset=MatrixViewSet, stem="1540-matrices")


# --- The workbook brought back (states/matrices/spreadsheet.py) ----------------------------------


def _importable_matrix(request: HttpRequest, pk: int) -> Matrix:
    matrix = _visible_matrix(request, pk)
    require(request.user, "states.import_matrix_workbook", matrix)
    return matrix


def _not_editable(request: HttpRequest, matrix: Matrix) -> HttpResponse:
    messages.error(
        request,
        _("This matrix's status is “%(status)s”: it can no longer be edited.")
        % {"status": matrix.get_status_display()},
    )
    return redirect(matrix)


@login_required
@require_http_methods(["GET", "POST"])
def matrix_import(request: HttpRequest, pk: int) -> HttpResponse:
    """The experts bring back a workbook exported from the matrix: it is checked cell by cell,
    and its changes are shown before anything is written (``matrix_import_preview``)."""
    matrix = _importable_matrix(request, pk)
    if not matrix.is_editable:
        return _not_editable(request, matrix)
    form = MatrixWorkbookForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context: dict = {"matrix": matrix, "form": form, "cells": [], "stale": None}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                staged, _changes = spreadsheet.stage_workbook(
                    matrix, upload, acting_user=request.user, name=upload.name
                )
            except services.StaleEntry as stale:
                context["stale"] = " ".join(stale.messages)
                status = 409
            except spreadsheet.WorkbookErrors as errors:
                context["cells"] = errors.cells
            except ValidationError as error:
                add_errors(form, error)
            else:
                return redirect("states:matrix-import-preview", pk=matrix.pk, upload=staged.pk)
    return render(request, "states/matrix_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def matrix_import_preview(request: HttpRequest, pk: int, upload: int) -> HttpResponse:
    """What a workbook uploaded by this person would change, field by field; applying it (POST)
    writes exactly that, with its history."""
    matrix = _importable_matrix(request, pk)
    staged = get_object_or_404(
        MatrixWorkbookImport.objects.uploaded_by(request.user), matrix=matrix, pk=upload
    )
    if staged.applied_at is not None:
        messages.info(request, _("This workbook has already been imported."))
        return redirect(matrix)
    if not matrix.is_editable:
        return _not_editable(request, matrix)
    context: dict = {"matrix": matrix, "staged": staged, "changes": [], "stale": None}
    status = 200
    if request.method == "POST":
        form = ApplyWorkbookForm(request.POST)
        checksum = form.cleaned_data["checksum"] if form.is_valid() else ""
        try:
            changed = spreadsheet.apply_workbook(
                staged, acting_user=request.user, checksum=checksum
            )
        except services.StaleEntry as stale:
            context["stale"] = " ".join(stale.messages)
            status = 409
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("states:matrix-import", pk=matrix.pk)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d entry was changed from the workbook.",
                    "%(count)d entries were changed from the workbook.",
                    changed,
                )
                % {"count": changed},
            )
            return redirect(matrix)
    else:
        try:
            context["changes"] = spreadsheet.preview(staged)
        except services.StaleEntry as stale:
            context["stale"] = " ".join(stale.messages)
            status = 409
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("states:matrix-import", pk=matrix.pk)
    context["apply_form"] = ApplyWorkbookForm(initial={"checksum": staged.sha256})
    return render(request, "states/matrix_import_preview.html", context, status=status)
