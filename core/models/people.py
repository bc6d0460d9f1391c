"""People and roles: the shared base every app builds on.

The committee's own domain (programme of work, annual review, reminders) lives beside this in
its own modules of this package, so that apps may import the base without importing the domain.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from core.choices import Role

# What a person's history keeps: who they are, their role, their state and whether they may sign
# in. Never the password hash (a copy of it in the history would outlive a password change) nor
# the time of the last sign-in (every sign-in would write a row; axes keeps the sign-ins).
UNTRACKED_USER_FIELDS = ["password", "last_login"]
TRACKED_USER_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "state",
    "is_active",
    "is_superuser",
]
TRACKED_USER_SETS = {"groups": "name", "user_permissions": "codename"}


class UserChangeSummary(models.Model):
    """The extra column of a person's history rows: what changed, old and new value, as the audit
    log shows it ("role: Expert → Secretariat")."""

    history_changes = models.TextField(_("old and new values"), blank=True, default="")

    class Meta:
        abstract = True


class PersonHistory(HistoricalRecords):
    """History that is not written by a save touching only untracked columns: Django saves
    ``last_login`` on every sign-in and rehashes the password with ``update_fields``."""

    def post_save(
        self, instance: models.Model, created: bool, using: str | None = None, **kwargs: Any
    ) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person who signs in: secretariat staff, an expert of the Group of Experts, a Security
    Council delegate on the committee, or a national point of contact of one member state.

    Anonymous visitors are the public readers of the website and have no row here.
    """

    PUBLIC_PAGES_UNSHOWN = frozenset({"last_login"})

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
    # The language of the mail the system sends this person (core/notifications.py), one of the
    # site's (settings.LANGUAGES). Blank: a point of contact's state's language of
    # correspondence, else English.
    language = models.CharField(
        _("language of mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
    )

    # Who made whom secretariat, moved a point of contact, closed an account: on /audit/.
    history = PersonHistory(
        excluded_fields=UNTRACKED_USER_FIELDS,
        m2m_fields=list(TRACKED_USER_SETS),
        bases=[UserChangeSummary],
    )

    class Meta:
        # The base's models keep their app: the tables, the migrations and AUTH_USER_MODEL
        # "committee.User" of running deployments stay as they are.
        app_label = "committee"
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

    def save(self, *args: Any, **kwargs: Any) -> None:
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


def _shown(user: User, field: str) -> str:
    if field == "state":
        return str(user.state) if user.state_id else "—"
    if field == "role":
        return str(user.get_role_display())
    value = getattr(user, field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value) if value not in (None, "") else "—"


def _sets_of(user: User, history_row: UserChangeSummary | None = None) -> dict[str, set[str]]:
    """The names of the person's groups and permissions, now (``user``) or as a history row
    recorded them (the m2m snapshots simple-history keeps with each row)."""
    sets = {}
    for field, label in TRACKED_USER_SETS.items():
        if history_row is None:
            sets[field] = set(getattr(user, field).values_list(label, flat=True))
        else:
            rows = getattr(history_row, field).select_related(field_name_of(field))
            sets[field] = {str(getattr(getattr(row, field_name_of(field)), label)) for row in rows}
    return sets


def field_name_of(m2m_field: str) -> str:
    """The column of simple-history's m2m snapshot that points at the group or permission."""
    return cast(models.ManyToManyField, User._meta.get_field(m2m_field)).m2m_reverse_field_name()


def summarise_user_change(
    sender: type[UserChangeSummary],
    instance: models.Model,
    history_instance: UserChangeSummary,
    **kwargs: Any,
) -> None:
    """Write the old and new value of each tracked field on the person's new history row, so that
    the audit log shows them without reading two rows per line."""
    if not isinstance(instance, User):
        return
    # The record is kept in one language, whoever's language the page was in.
    with translation.override("en"):
        history_instance.history_changes = _summary(sender, instance)


def _summary(sender: Any, instance: User) -> str:
    # ``sender``: simple-history's model of a person's history, made at run time; its rows have
    # a person's fields, and are read as one below.
    previous = (
        sender.objects.filter(id=instance.pk).order_by("-history_date", "-history_id").first()
    )
    changes = []
    for field in TRACKED_USER_FIELDS:
        new = _shown(instance, field)
        if previous is None:
            if field in ("role", "state", "is_active", "is_superuser"):
                changes.append(f"{field}: {new}")
            continue
        old = _shown(previous, field)
        if old != new:
            changes.append(f"{field}: {old} → {new}")
    now = _sets_of(instance)
    before = _sets_of(instance, previous) if previous is not None else dict.fromkeys(now, set())
    for field in TRACKED_USER_SETS:
        added, removed = sorted(now[field] - before[field]), sorted(before[field] - now[field])
        if added or removed:
            changes.append(
                f"{field}: "
                + ", ".join([f"+{name}" for name in added] + [f"−{name}" for name in removed])
            )
    if getattr(instance, "_password", None) is not None:
        # Set through set_password and not yet saved: say so, never what it is.
        changes.append("password: changed")
    return "; ".join(changes)


pre_create_historical_record.connect(
    summarise_user_change, sender=User.history.model, dispatch_uid="summarise_user_change"
)
