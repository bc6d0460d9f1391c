"""Tasks that could not reach the broker, kept until they can."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuedTask(models.Model):
    """A background job (a digest, a letter, an annual review) whose message could not be handed
    to the Celery broker when its work was committed, because the broker was down. It is sent
    again every minute, and when a worker starts, until the broker takes it: work asked for
    while Redis is down is delayed, never lost."""

    PUBLIC_PAGES = False

    name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts to send"), default=1)
    last_error = models.TextField(_("last error"), blank=True)
    # The id of the request that queued the task (core/observability.py): sent with it later, so
    # that the worker's log lines still lead back to that request.
    request_id = models.CharField(_("request id"), max_length=128, blank=True)

    class Meta:
        # The base's models keep their app: the tables, the migrations and AUTH_USER_MODEL
        # "committee.User" of running deployments stay as they are.
        app_label = "committee"
        ordering = ["id"]
        verbose_name = _("task waiting for the broker")
        verbose_name_plural = _("tasks waiting for the broker")

    def __str__(self) -> str:
        return f"{self.name}{tuple(self.args)}"
