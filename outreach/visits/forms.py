"""Forms of the country visit and training course pages. They check input; the services decide
the rules (dates in order, steps in order, the kind and size of files)."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.models import User
from outreach.choices import EventRegion
from outreach.models import Organization
from outreach.visits.choices import CourseFormat

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _states():
    # By label: outreach does not import states (pyproject.toml's contracts).
    return apps.get_model("states", "MemberState").objects.order_by("name")


class _StateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


def _owners():
    return User.objects.filter(is_active=True, role__in=[Role.SECRETARIAT, Role.EXPERT]).order_by(
        "username"
    )


class InvitationForm(forms.Form):
    state = _StateChoice(label=_("Host state"), queryset=_states())
    invitation_date = forms.DateField(label=_("Date of the invitation"), widget=DATE_INPUT)
    invitation_reference = forms.CharField(
        label=_("Reference of the invitation"),
        max_length=100,
        required=False,
        help_text=_(
            "The reference of the state's letter; it is entered in the correspondence register."
        ),
    )
    start_date = forms.DateField(label=_("Proposed start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("Proposed end date"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    region = forms.ChoiceField(label=_("Region"), choices=EventRegion.choices)
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=_("Show the visit on the public calendar once it is scheduled"),
        required=False,
        initial=True,
    )


class VisitParticipantsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=_owners(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organization.objects.active().order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    officials = forms.CharField(
        label=_("Officials of the state"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name and function."),
    )


class ScheduleForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End date"), widget=DATE_INPUT)


class VisitReportForm(forms.Form):
    report = forms.FileField(
        label=_("Report"),
        help_text=_("The visit's report, as a PDF file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_INPUT)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=_owners(), required=False)
    owner_name = forms.CharField(label=_("Owner (when not a user)"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE_INPUT, required=False)


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE_INPUT)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    format = forms.ChoiceField(label=_("Format"), choices=CourseFormat.choices)
    start_date = forms.DateField(label=_("Start date"), widget=DATE_INPUT)
    end_date = forms.DateField(label=_("End date"), widget=DATE_INPUT)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    region = forms.ChoiceField(label=_("Region"), choices=EventRegion.choices)
    organizer = forms.CharField(label=_("Organised with"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=_("Show the course on the public calendar"), required=False, initial=True
    )


class ParticipantForm(forms.Form):
    state = _StateChoice(label=_("State"), queryset=_states())
    name = forms.CharField(label=_("Name"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    is_poc = forms.BooleanField(label=_("National point of contact"), required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, DOCX or DOC."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
    )
