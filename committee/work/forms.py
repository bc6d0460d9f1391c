"""Forms of the committee's own pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.work.annual_review import FIRST_YEAR
from core.choices import Language
from states.models import MemberState


def document_language_field(*, label: str, help_text: str = "") -> forms.ChoiceField:
    """The choice of one of the six official languages for a document built or produced
    (core.choices.Language); one that is not among them is refused, saying which are. Left out
    (a request from before the choice existed), it is English: see ``clean_language``."""
    return forms.ChoiceField(
        label=label,
        choices=Language.choices,
        initial=Language.ENGLISH,
        required=False,
        help_text=help_text,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not one of the six official languages: choose Arabic, Chinese, "
                "English, French, Russian or Spanish."
            ),
        },
    )


class AnnualReviewForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year under review"),
        min_value=FIRST_YEAR,
        error_messages={"invalid": _("Give the year as a number, such as 2018.")},
    )
    as_at = forms.DateField(
        label=_("Data as at"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Only data up to the end of this day counts. Empty: the end of the year, or today."
        ),
    )
    language = document_language_field(
        label=_("Language of the review"),
        help_text=_("The review is built in one of the six official languages."),
    )

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or Language.ENGLISH

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].widget.attrs["max"] = timezone.localdate().year
        self.fields["year"].initial = timezone.localdate().year


class ReminderForm(forms.Form):
    states = forms.ModelMultipleChoiceField(
        label=_("States to remind"),
        queryset=MemberState.objects.none(),
        to_field_name="iso3",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one state."),
            "invalid_choice": _(
                "%(value)s is not among the states without a first report; no reminder is needed."
            ),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["states"].queryset = MemberState.objects.without_first_report()


class NoteTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Variables: {{ state }}, {{ iso3 }}, {{ date }}, {{ reference }}, {{ chair }}; "
            "filters: upper, lower, title, capfirst, default. Nothing else is allowed."
        ),
    )
