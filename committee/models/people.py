"""People and roles: the shared base every app builds on.

The committee's own domain (programme of work, annual review, reminders) lives beside this in
its own modules of this package, so that apps may import the base without importing the domain.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committee.choices import Role


class User(AbstractUser):
    """A person who signs in: secretariat staff, an expert of the Group of Experts, a Security
    Council delegate on the committee, or a national point of contact of one member state.

    Anonymous visitors are the public readers of the website and have no row here.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.COMMITTEE_MEMBER)
    state = models.ForeignKey(
        "states.MemberState",
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Only for national points of contact: the state they act for."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # A point of contact acts for exactly one state; nobody else acts for a state.
            models.CheckConstraint(
                condition=(Q(role=Role.POC) & Q(state__isnull=False))
                | (~Q(role=Role.POC) & Q(state__isnull=True)),
                name="user_state_iff_poc",
            )
        ]

    def save(self, *args, **kwargs) -> None:
        # The Django admin is the secretariat's tool; the flag follows the role.
        self.is_staff = self.role == Role.SECRETARIAT or self.is_superuser
        super().save(*args, **kwargs)

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.role == Role.SECRETARIAT or self.is_superuser)

    @property
    def is_expert(self) -> bool:
        return self.is_active and self.role == Role.EXPERT

    @property
    def is_committee_member(self) -> bool:
        return self.is_active and self.role == Role.COMMITTEE_MEMBER

    @property
    def is_poc(self) -> bool:
        return self.is_active and self.role == Role.POC and self.state_id is not None

    @property
    def sees_all_states(self) -> bool:
        """Secretariat and experts work on every state's files, drafts included."""
        return self.is_secretariat or self.is_expert

    def acts_for(self, state_id: int | None) -> bool:
        """True when this person is the point of contact of the given state."""
        return self.is_poc and state_id is not None and self.state_id == state_id
