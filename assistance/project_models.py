"""Assistance projects for one state or a group of states, and the contributions to the trust
funds that pay for assistance (programme of work 12(e)): records with amounts and currencies.
Imported by assistance/models.py, whose app they belong to."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.choices import ProjectStatus, TrustFund
from assistance.currencies import validate_currency
from core.fields import IdSetField
from core.permissions import restrict
from core.validators import no_bidi_override


class AssistanceProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssistanceProjectQuerySet:
        return restrict(self, user, "assistance.read_project")


class AssistanceProject(models.Model):
    """A project of assistance carried out for one state or a group of states (a regional
    workshop for the CARICOM states, a legislative review for two neighbours...): who carries it
    out, in which areas, when, for how much, and the requests and matches it answers."""

    title = models.CharField(_("title"), max_length=200, validators=[no_bidi_override])
    description = models.TextField(_("description"), blank=True)
    states = models.ManyToManyField(
        "states.MemberState",
        verbose_name=_("beneficiary states"),
        related_name="assistance_projects",
    )
    # The beneficiary states' ids, kept by the services beside ``states``: the rule on who
    # reads a project (a point of contact reads those that include their state) is then one
    # condition on the row, tested without a query (core/permissions.py, ``__has``).
    state_ids = IdSetField(editable=False)
    implementing_organization = models.ForeignKey(
        "outreach.Organization",
        verbose_name=_("implementing organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_projects",
    )
    implementing_state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("implementing state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_projects_implemented",
    )
    areas = models.ManyToManyField(
        "assistance.AssistanceArea",
        verbose_name=_("areas"),
        related_name="projects",
        blank=True,
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    budget_amount = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus, default=ProjectStatus.PLANNED
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown to the public on the assistance pages.")
    )
    requests = models.ManyToManyField(
        "assistance.AssistanceRequest",
        verbose_name=_("requests answered"),
        related_name="projects",
        blank=True,
    )
    matches = models.ManyToManyField(
        "assistance.Match", verbose_name=_("matches"), related_name="projects", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[states, areas])
    objects = AssistanceProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("assistance project")
        verbose_name_plural = _("assistance projects")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assistance:project-detail", kwargs={"pk": self.pk})

    @property
    def implementer_name(self) -> str:
        if self.implementing_organization_id:
            return self.implementing_organization.short_name
        return self.implementing_state.name if self.implementing_state_id else "—"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.implementing_organization_id and not self.implementing_state_id:
            errors["implementing_organization"] = _(
                "Name who carries the project out: an organisation or a state."
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The project cannot end before it starts.")
        if self.budget_amount is not None and self.budget_amount < 0:
            errors["budget_amount"] = _("An amount cannot be negative.")
        if self.budget_amount is not None and not self.budget_currency:
            errors["budget_currency"] = _("Give the currency of the amount.")
        if errors:
            raise ValidationError(errors)


class TrustFundContributionQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrustFundContributionQuerySet:
        return restrict(self, user, "assistance.read_contribution")


class TrustFundContribution(models.Model):
    """A contribution received by a fund that pays for assistance (the UN Trust Fund for Global
    and Regional Disarmament Activities, or another), from a state or an organisation."""

    contributor_state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("contributing state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trust_fund_contributions",
    )
    contributor_organization = models.ForeignKey(
        "outreach.Organization",
        verbose_name=_("contributing organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trust_fund_contributions",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date_received = models.DateField(_("date received"))
    purpose = models.TextField(_("purpose"), blank=True)
    fund = models.CharField(
        _("fund"), max_length=20, choices=TrustFund, default=TrustFund.UNTF_DISARMAMENT
    )
    fund_name = models.CharField(
        _("name of the fund"),
        max_length=200,
        blank=True,
        help_text=_("For another fund: its name."),
    )
    project = models.ForeignKey(
        AssistanceProject,
        verbose_name=_("earmarked for the project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = TrustFundContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-date_received", "-id"]
        verbose_name = _("trust fund contribution")
        verbose_name_plural = _("trust fund contributions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(contributor_state__isnull=False) & Q(contributor_organization__isnull=True)
                )
                | (Q(contributor_state__isnull=True) & Q(contributor_organization__isnull=False)),
                name="contribution_has_exactly_one_contributor",
                violation_error_message=_(
                    "A contribution comes from exactly one contributor: a member state or an "
                    "organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="contribution_amount_positive",
                violation_error_message=_("The amount of a contribution must be above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor_name}: {self.amount} {self.currency}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:contribution-detail", kwargs={"pk": self.pk})

    @property
    def contributor_name(self) -> str:
        if self.contributor_state_id:
            return self.contributor_state.name
        if self.contributor_organization_id:
            return self.contributor_organization.short_name
        return "—"

    @property
    def fund_label(self) -> str:
        if self.fund == TrustFund.OTHER and self.fund_name:
            return self.fund_name
        return str(self.get_fund_display())

    def clean(self) -> None:
        super().clean()
        errors = {}
        if bool(self.contributor_state_id) == bool(self.contributor_organization_id):
            errors["contributor_state"] = _(
                "A contribution comes from exactly one contributor: a member state or an "
                "organisation."
            )
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount of a contribution must be above zero.")
        if self.fund == TrustFund.OTHER and not self.fund_name:
            errors["fund_name"] = _("Name the fund.")
        if errors:
            raise ValidationError(errors)
