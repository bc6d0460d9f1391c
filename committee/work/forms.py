"""Forms of the committee's own pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.work.annual_review import FIRST_YEAR
from states.models import MemberState


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
