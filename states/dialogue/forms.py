"""The forms of the dialogue with states and of a state's profile. They check input; the
services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.models import User
from states.dialogue.choices import DialogueKind

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def committee_people():
    """Who may take part or own an action for the Committee: the secretariat and the experts."""
    return User.objects.filter(is_active=True, role__in=[Role.SECRETARIAT, Role.EXPERT]).order_by(
        "last_name", "first_name", "username"
    )


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class DialogueForm(forms.Form):
    held_on = forms.DateField(
        label=_("Held on"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Give a date, such as 2026-09-24.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DialogueKind.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    committee_participants = PersonChoiceField(
        label=_("Participants for the Committee"),
        queryset=committee_people(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Only members of the secretariat and experts can be chosen here.")
        },
    )
    other_committee_participants = forms.CharField(
        label=_("Other participants for the Committee"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Those who do not sign in here: members of the Committee, other officials."),
    )
    state_participants = forms.CharField(
        label=_("Participants for the State"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    discussed = forms.CharField(
        label=_("What was discussed"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    agreed = forms.CharField(
        label=_("What was agreed"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    correspondence_reference = forms.CharField(
        label=_("Correspondence reference"),
        max_length=100,
        required=False,
        help_text=_("The reference of the note verbale or letter in the correspondence register."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Read when the form is built: a person who joins the staff is listed at once.
        self.fields["committee_participants"].queryset = committee_people()


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Action"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = OwnerChoiceField(
        label=_("Owner"),
        queryset=committee_people(),
        required=False,
        empty_label=_("Someone else (name them below)"),
        error_messages={
            "invalid_choice": _("The owner must be a member of the secretariat or an expert.")
        },
    )
    owner_name = forms.CharField(label=_("Owner (when not a user)"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("Due on"),
        widget=DATE_INPUT,
        required=False,
        error_messages={"invalid": _("Give a date, such as 2026-09-24.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = committee_people()


class FollowUpDoneForm(forms.Form):
    done_on = forms.DateField(
        label=_("Done on"),
        widget=DATE_INPUT,
        error_messages={"invalid": _("Give a date, such as 2026-09-24.")},
    )


class StateProfileForm(forms.Form):
    industry = forms.CharField(
        label=_("Industry"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Chemical, biological and nuclear sectors, and related industry."),
    )
    export_activity = forms.CharField(
        label=_("Export activity"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    technical_needs = forms.CharField(
        label=_("Technical needs"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    priorities = forms.CharField(
        label=_("Priorities"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
