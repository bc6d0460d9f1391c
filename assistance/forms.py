"""Forms of the assistance pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from assistance.choices import Eligibility, MatchStatus, NeedMet, OfferLanguage, RequestStatus
from assistance.currencies import CURRENCY_CHOICES
from assistance.models import (
    AssistanceArea,
    AssistanceOffer,
    AssistanceRequest,
    offer_terms_errors,
)
from core.choices import Language
from outreach.models import Organization
from states.choices import RegionalGroup, WeaponType
from states.models import MemberState


def areas_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=AssistanceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Areas of assistance"),
        error_messages={"required": _("Choose at least one area of assistance.")},
    )


def choice_set(choices, *, label, help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
        help_text=help_text,
    )


class ServiceForm(forms.ModelForm):
    # The service validates the row and saves it; the form must not do either on its own.
    def _post_clean(self) -> None:
        pass


class AssistanceRequestForm(ServiceForm):
    """The 1540 assistance template. The secretariat and experts recording a request received by
    other means also give the state, the date and the channel."""

    state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        label=_("Requesting state"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
    areas = areas_field()
    weapon_types = choice_set(WeaponType.choices, label=_("Weapon types concerned"))

    class Meta:
        model = AssistanceRequest
        fields = [
            "state",
            "date_received",
            "channel",
            "title",
            "assistance_type",
            "areas",
            "weapon_types",
            "description",
            "action_taken",
            "action_plan_reference",
            "publication_consent",
        ]
        widgets = {"date_received": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, on_behalf: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not on_behalf:
            for name in ("state", "date_received", "channel"):
                del self.fields[name]
        else:
            self.fields["date_received"].required = False
            self.fields["date_received"].help_text = _("Leave empty for today.")

    def clean_date_received(self):
        value = self.cleaned_data.get("date_received")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        return value


class AssistanceOfferForm(ServiceForm):
    provider_state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        required=False,
        label=_("Offering state"),
        help_text=_("Either a state or an organisation, not both."),
    )
    provider_organization = forms.ModelChoiceField(
        queryset=Organization.objects.active(), required=False, label=_("Offering organisation")
    )
    areas = areas_field()
    weapon_types = choice_set(
        WeaponType.choices,
        label=_("Weapon types"),
        help_text=_("Leave empty for assistance that concerns every weapon type."),
    )
    regions = choice_set(
        RegionalGroup.choices,
        label=_("Regional groups served"),
        help_text=_("Leave regions and states empty for an offer open to every state."),
    )
    states_served = forms.ModelMultipleChoiceField(
        queryset=MemberState.objects.all(), required=False, label=_("States served")
    )
    languages = choice_set(
        OfferLanguage.choices,
        label=_("Languages of the help"),
        help_text=_("The languages in which the help can be given."),
    )
    budget_currency = forms.ChoiceField(
        choices=[("", "—"), *CURRENCY_CHOICES],
        required=False,
        label=_("Currency of the budget"),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not an ISO 4217 currency code (such as USD, EUR or CHF)."
            )
        },
    )

    class Meta:
        model = AssistanceOffer
        fields = [
            "provider_state",
            "provider_organization",
            "title",
            "assistance_type",
            "description",
            "areas",
            "weapon_types",
            "regions",
            "states_served",
            "valid_until",
            "contact_name",
            "contact_email",
            "contact_phone",
            "languages",
            "other_languages",
            "available_from",
            "available_to",
            "budget_min",
            "budget_max",
            "budget_currency",
            "eligibility",
            "eligibility_details",
            "is_public",
        ]
        widgets = {
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "available_from": forms.DateInput(attrs={"type": "date"}),
            "available_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, poc_state: MemberState | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if poc_state is not None:
            # A point of contact offers for their own state only.
            del self.fields["provider_state"]
            del self.fields["provider_organization"]
        self.fields["eligibility"].required = False

    def clean_eligibility(self) -> str:
        # Left out (a form from before the field existed): open to every state.
        return self.cleaned_data.get("eligibility") or Eligibility.ALL

    def clean(self):
        data = super().clean()
        if "provider_state" in self.fields:
            state, organization = data.get("provider_state"), data.get("provider_organization")
            if bool(state) == bool(organization):
                raise forms.ValidationError(
                    _(
                        "An offer comes from exactly one provider: choose a member state or an "
                        "organisation, not both."
                    )
                )
        for field, message in offer_terms_errors(
            available_from=data.get("available_from"),
            available_to=data.get("available_to"),
            budget_min=data.get("budget_min"),
            budget_max=data.get("budget_max"),
            budget_currency=data.get("budget_currency"),
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestStepForm(ReasonForm):
    to_status = forms.ChoiceField(choices=RequestStatus.choices, widget=forms.HiddenInput)


class MatchStepForm(ReasonForm):
    to_status = forms.ChoiceField(choices=MatchStatus.choices, widget=forms.HiddenInput)
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For the step “delivered”; leave empty for today."),
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("Follow-up note"), widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    need_met = forms.ChoiceField(
        choices=NeedMet.choices, label=_("Was the need met?"), widget=forms.RadioSelect
    )
    feedback = forms.CharField(
        label=_("The requesting state's feedback"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def quarter_choices():
    return [
        (q, pgettext("quarter of a year", "Q%(quarter)s") % {"quarter": q}) for q in (1, 2, 3, 4)
    ]


class DigestBuildForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2100)
    quarter = forms.TypedChoiceField(choices=quarter_choices, coerce=int, label=_("Quarter"))
    # Left out (a request from before the choice existed), the digest is in English.
    language = forms.ChoiceField(
        label=_("Language of the digest"),
        choices=Language.choices,
        initial=Language.ENGLISH,
        required=False,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not one of the six official languages: choose Arabic, Chinese, "
                "English, French, Russian or Spanish."
            ),
        },
    )

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or Language.ENGLISH
