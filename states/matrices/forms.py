"""Forms of the matrix pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.choices import Language
from states.matrices.choices import CommentKind, CommentResponse, MatrixMark
from states.models import COUNTS_AS_REPORTED, MemberState, NationalReport

MAX_TEXT = 2000


class StartMatrixForm(forms.Form):
    state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        label=_("Member state"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )


class MatrixLetterForm(forms.Form):
    """The language to produce a matrix letter in again: one of the six official languages, the
    state's language of correspondence first."""

    language = forms.ChoiceField(
        label=_("Language of the letter"),
        choices=Language.choices,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not one of the six official languages: choose Arabic, Chinese, "
                "English, French, Russian or Spanish."
            ),
            "required": _("Choose the language of the document."),
        },
    )


class MatrixEntryForm(forms.Form):
    """One row of a section's edit page. ``revision`` is the entry's revision the page showed."""

    mark = forms.ChoiceField(label=_("Mark"), choices=MatrixMark.choices, required=False)
    legal_reference = forms.CharField(
        label=_("Legal reference"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 24}),
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 20}),
    )
    # The structured source: the state's own reports and acts only (``reports``, ``acts``:
    # (id, label) pairs, read once for the whole section by the view).
    legislation_id = forms.TypedChoiceField(
        label=_("Act cited"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an act of this state from the list.")},
    )
    source_report_id = forms.TypedChoiceField(
        label=_("National report cited"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a report of this state from the list.")},
    )
    source_page = forms.IntegerField(
        label=_("Page of the report"),
        required=False,
        min_value=1,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"size": 4}),
    )
    source_url = forms.URLField(
        label=_("Official address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"size": 24}),
    )
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, reports=(), acts=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["legislation_id"].choices = [("", "—"), *acts]
        self.fields["source_report_id"].choices = [("", "—"), *reports]


class MatrixCommentForm(forms.Form):
    """The state's comment on one row of its matrix, posted from the row itself on the review
    page (``entry`` is the row's, a hidden field). The document is checked by its content and
    size in the service (core.files.sniff_document), as every upload is."""

    entry = forms.IntegerField(
        label=_("Row"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Say which row the comment is on.")},
    )
    kind = forms.ChoiceField(
        label=_("Your comment"),
        choices=CommentKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether you accept the entry or propose a change."),
            "invalid_choice": _("Choose whether you accept the entry or propose a change."),
        },
    )
    proposed_mark = forms.ChoiceField(
        label=_("Proposed mark"), choices=MatrixMark.choices, required=False
    )
    proposed_legal_reference = forms.CharField(
        label=_("Proposed legal reference"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("The act and article."),
    )
    proposed_source = forms.CharField(
        label=_("Source of the proposal"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Required for a proposal: a national report and page, or an official website."),
    )
    text = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("A PDF or Word document supporting the comment (optional)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
    )


class CommentAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[c for c in CommentResponse.choices if c[0] != CommentResponse.OPEN],
    )
    text = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=MAX_TEXT,
        help_text=_("Required when the proposal is not adopted."),
    )


class ApproveMatrixForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Date of the committee's approval"),
        required=False,
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class MatrixSourceReportsForm(forms.Form):
    """The national reports a matrix version draws on: its state's reports received."""

    source_reports = forms.ModelMultipleChoiceField(
        label=_("National reports drawn on"),
        queryset=NationalReport.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose among the national reports of this state."),
            "invalid_pk_value": _("Choose among the national reports of this state."),
        },
    )

    def __init__(self, *args, matrix, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["source_reports"]
        field.queryset = NationalReport.objects.filter(
            state_id=matrix.state_id, status__in=COUNTS_AS_REPORTED
        ).order_by("submitted_on", "pk")
        field.label_from_instance = report_label


def report_label(report: NationalReport) -> str:
    label = _("%(kind)s of %(date)s") % {
        "kind": report.get_kind_display(),
        "date": date_format(report.submitted_on) if report.submitted_on else "—",
    }
    return f"{label} ({report.symbol})" if report.symbol else label


class MatrixWorkbookForm(forms.Form):
    """A workbook exported from the matrix, brought back with changes (checked by its content
    in states/matrices/spreadsheet.py, never by its name)."""

    file = forms.FileField(
        label=_("Workbook (XLSX)"),
        help_text=_("The workbook exported from this matrix, with your changes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Choose the workbook to import.")},
    )


class ApplyWorkbookForm(forms.Form):
    checksum = forms.CharField(max_length=64, widget=forms.HiddenInput)
