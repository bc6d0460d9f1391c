"""Forms and filters of the pages on assistance projects and trust-fund contributions (12(e)).
They check input; the services (assistance/project_services.py) decide the rules."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.choices import ProjectStatus, TrustFund
from assistance.currencies import CURRENCY_CHOICES
from assistance.filtersets import area_filter
from assistance.forms import ServiceForm, areas_field
from assistance.models import AssistanceProject, TrustFundContribution
from core.filters import CommitteeFilterSet
from outreach.models import Organization
from states.models import MemberState

NOT_A_MEMBER = _("Choose member states from the list.")
NOT_A_CURRENCY = _("“%(value)s” is not an ISO 4217 currency code (such as USD, EUR or CHF).")


def currency_field(label, *, required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "—"), *CURRENCY_CHOICES],
        required=required,
        label=label,
        error_messages={"invalid_choice": NOT_A_CURRENCY},
    )


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class AssistanceProjectForm(ServiceForm):
    states = forms.ModelMultipleChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        label=_("Beneficiary states"),
        error_messages={
            "required": _("Name at least one beneficiary state."),
            "invalid_choice": NOT_A_MEMBER,
            "invalid_pk_value": NOT_A_MEMBER,
        },
    )
    implementing_state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        required=False,
        label=_("Implementing state"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
    implementing_organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(), required=False, label=_("Implementing organisation")
    )
    areas = areas_field()
    budget_currency = currency_field(_("Currency"), required=False)

    class Meta:
        model = AssistanceProject
        fields = [
            "title",
            "description",
            "states",
            "implementing_organization",
            "implementing_state",
            "areas",
            "start_date",
            "end_date",
            "budget_amount",
            "budget_currency",
            "status",
            "is_public",
        ]
        widgets = {"start_date": date_input(), "end_date": date_input()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].required = False

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The project cannot end before it starts."))
        amount = data.get("budget_amount")
        if amount is not None and amount < 0:
            self.add_error("budget_amount", _("An amount cannot be negative."))
        return data


class TrustFundContributionForm(ServiceForm):
    contributor_state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        required=False,
        label=_("Contributing state"),
        help_text=_("Either a state or an organisation, not both."),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
    contributor_organization = forms.ModelChoiceField(
        queryset=Organization.objects.all(), required=False, label=_("Contributing organisation")
    )
    currency = currency_field(_("Currency"), required=True)
    project = forms.ModelChoiceField(
        queryset=AssistanceProject.objects.all(),
        required=False,
        label=_("Earmarked for the project"),
    )

    class Meta:
        model = TrustFundContribution
        fields = [
            "contributor_state",
            "contributor_organization",
            "amount",
            "currency",
            "date_received",
            "fund",
            "fund_name",
            "purpose",
            "project",
        ]
        widgets = {"date_received": date_input()}

    def clean(self):
        data = super().clean()
        if (
            "contributor_state" in data
            and "contributor_organization" in data
            and bool(data["contributor_state"]) == bool(data["contributor_organization"])
        ):
            raise forms.ValidationError(
                _(
                    "A contribution comes from exactly one contributor: choose a member "
                    "state or an organisation, not both."
                )
            )
        amount = data.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("The amount of a contribution must be above zero."))
        day = data.get("date_received")
        if day and day > timezone.localdate():
            self.add_error("date_received", _("The date received cannot be in the future."))
        return data


class AssistanceProjectFilterSet(CommitteeFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ProjectStatus.choices, label=_("Status"), empty_label=_("Any")
    )
    state = django_filters.ModelChoiceFilter(
        field_name="states",
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        label=_("Beneficiary state (ISO code)"),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
    area = area_filter()
    title = django_filters.CharFilter(lookup_expr="icontains", label=_("Title contains"))

    class Meta:
        model = AssistanceProject
        fields = ["status", "state", "area", "title"]


class TrustFundContributionFilterSet(CommitteeFilterSet):
    fund = django_filters.ChoiceFilter(
        choices=TrustFund.choices, label=_("Fund"), empty_label=_("Any")
    )
    contributor_state = django_filters.ModelChoiceFilter(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        label=_("Contributing state (ISO code)"),
        empty_label=_("Any"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
    received_from = django_filters.DateFilter(
        field_name="date_received", lookup_expr="gte", label=_("Received on or after")
    )
    received_to = django_filters.DateFilter(
        field_name="date_received", lookup_expr="lte", label=_("Received on or before")
    )

    class Meta:
        model = TrustFundContribution
        fields = ["fund", "contributor_state", "received_from", "received_to"]
