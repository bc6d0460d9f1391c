"""Forms of the committee's own pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committee.work.annual_review import FIRST_YEAR
from committee.work.choices import WorkItemStatus
from committee.work.models import ExpertAssignment
from core.choices import Language
from core.models import User
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


# --- The annual review as the Committee writes it (8(a)) --------------------------------------


def _day_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Give the day as a date, such as 2018-12-20.")},
    )


class WrittenReviewForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year under review"),
        min_value=FIRST_YEAR,
        error_messages={"invalid": _("Give the year as a number, such as 2018.")},
    )
    language = document_language_field(
        label=_("Language of the review"),
        help_text=_("The review is written in one of the six official languages."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    as_at = _day_field(
        _("Figures as at"),
        required=False,
        help_text=_("The figures count the data up to this day. Empty: the end of the year."),
    )

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or Language.ENGLISH

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].max_value = this_year
        self.fields["year"].widget.attrs["max"] = this_year
        self.fields["year"].initial = this_year


class ReviewChapterForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, error_messages={"required": _("Give a title.")}
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Paragraphs separated by an empty line. Place a figure or table on a line of its "
            "own, as [[figure:name]], with a name from the list of figures."
        ),
    )
    position = forms.IntegerField(
        label=_("Place in the review"), required=False, min_value=1, max_value=999
    )


class ReviewCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the comment.")},
    )


class ReviewAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolved = forms.BooleanField(label=_("Resolved"), required=False)


class ReviewAdoptionForm(forms.Form):
    adopted_on = _day_field(_("Adopted on"))
    note = forms.CharField(
        label=_("How it was adopted"),
        max_length=300,
        required=False,
        help_text=_("For example: at its 145th meeting, by silence procedure."),
    )


class ReviewIssueForm(forms.Form):
    symbol = forms.CharField(
        label=_("Symbol"),
        max_length=40,
        required=False,
        help_text=_("The next symbol of the year; leave it as proposed."),
    )
    issued_on = _day_field(_("Issued on"), required=False, help_text=_("Empty: today."))


class ProgressAssessmentForm(forms.Form):
    """The secretariat's word on an item of the programme (services.assess_progress)."""

    status = forms.ChoiceField(
        label=_("Status set by the secretariat"),
        choices=[("", _("None: follow the records")), *WorkItemStatus.choices],
        required=False,
        error_messages={
            "invalid_choice": _("Choose a status from the list, or none to follow the records.")
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Required when you set a status: why the records do not give it."),
    )
    note = forms.CharField(
        label=_("Secretariat's note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ExpertAssignmentForm(forms.ModelForm):
    """An expert put in charge of states and items of the programme (12(f)). The service checks
    that the person is an expert and that the dates are in order."""

    class Meta:
        model = ExpertAssignment
        fields = ["expert", "states", "working_group", "work_items", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "states": forms.SelectMultiple(attrs={"size": 10}),
            "work_items": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Every active person: the service refuses one who is not an expert, and says so.
        self.fields["expert"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["states"].queryset = MemberState.objects.order_by("name")
        self.fields["work_items"].queryset = self.fields["work_items"].queryset.order_by(
            "programme__number", "position"
        )
        for name in ("starts_on", "ends_on"):
            self.fields[name].error_messages["invalid"] = _("Give a date, such as 2025-05-20.")

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}

    def _post_clean(self) -> None:
        # The service checks the row, with the acting user, in its transaction.
        pass
