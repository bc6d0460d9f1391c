"""The committee's members: the fifteen Security Council delegations, each for its term."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committee.work.choices import CommitteeRole


class CommitteeMemberQuerySet(models.QuerySet):
    def serving_on(self, day: date | None = None) -> CommitteeMemberQuerySet:
        """The delegations whose term covers ``day`` (today by default)."""
        day = day or timezone.localdate()
        return self.filter(term_start__lte=day, term_end__gte=day)


class CommitteeMember(models.Model):
    """A Security Council delegation sitting on the 1540 Committee for its term, as chair,
    vice-chair or member. The committee works through four working groups open to all members,
    each chaired by one of them (programme of work, paragraph 4)."""

    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("delegation of"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    role = models.CharField(
        _("role on the committee"),
        max_length=12,
        choices=CommitteeRole,
        default=CommitteeRole.MEMBER,
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    representative = models.CharField(
        _("representative"), max_length=200, blank=True, help_text=_("Who sits for the delegation.")
    )
    contact_email = models.EmailField(
        _("delegation e-mail"),
        blank=True,
        help_text=_("Where meeting notices and documents are sent, besides the delegates' own."),
    )

    history = HistoricalRecords()
    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-term_start", "state__name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")), name="committee_term_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["state", "term_start"], name="one_membership_per_state_and_term"
            ),
        ]

    def __str__(self) -> str:
        role = "" if self.role == CommitteeRole.MEMBER else f" ({self.get_role_display()})"
        return f"{self.state}{role}, {self.term_start:%Y}-{self.term_end:%Y}"
