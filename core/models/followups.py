"""What was agreed and who will do it by when: the follow-up actions of a dialogue with a state
(8(b)), a country visit (10(f)) or a training course (8(c)).

One abstract model, so that every record that carries work keeps its actions the same way; each
app adds the link to its own record (``dialogue``, ``visit``, ``course``) in a concrete subclass.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import no_bidi_override


class FollowUpAction(models.Model):
    """One action agreed: what, who owns it (a person who signs in, or a name), by when, and
    when it was done."""

    text = models.TextField(_("action"), validators=[no_bidi_override])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_name = models.CharField(
        _("owner (when not a user)"), max_length=200, blank=True, validators=[no_bidi_override]
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        if self.done_on is not None or self.due_on is None:
            return False
        return self.due_on < timezone.localdate()
