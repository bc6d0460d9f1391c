"""Forms of the matrix pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import Language
from states.matrices.choices import CommentKind, CommentResponse, MatrixMark
from states.models import MemberState

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
    revision = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class MatrixCommentForm(forms.Form):
    """The state's comment on one field."""

    entry = forms.TypedChoiceField(label=_("Field"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Your comment"), choices=CommentKind.choices, widget=forms.RadioSelect
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

    def __init__(self, *args, entries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [
            (entry.pk, f"{entry.field.code}: {entry.field.text}") for entry in entries
        ]


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
