"""The dialogue with states (programme of work 8(b)) and the profile of each state that the
staff keep (8(f)).

A ``Dialogue`` is one exchange with a state: a meeting on the margins of the General Assembly, a
call, a visit, correspondence; who took part on each side, what was discussed and what was
agreed. What was agreed becomes ``DialogueFollowUp`` actions, each with an owner and a due date.
The Committee's programme of work counts the dialogue held by ``held_on``.

A note verbale or letter of the exchange stays in the correspondence register
(committee/correspondence/), above this app in the layering: the register links its entry to the
dialogue (its generic ``CorrespondenceLink``); here the dialogue keeps only the register's
reference as text, so that the reader can look it up."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models.followups import FollowUpAction
from core.permissions import Actor, restrict
from core.validators import no_bidi_override
from states.dialogue.choices import DialogueKind
from states.models.member_state import MemberState


class DialogueQuerySet(models.QuerySet):
    def visible_to(self, user: Actor) -> DialogueQuerySet:
        """The staff and the experts see every state's dialogue; a point of contact their own
        state's; nobody else any."""
        return restrict(self, user, "states.read_dialogue")

    def for_list(self) -> DialogueQuerySet:
        """What a list shows of each exchange, in three queries for the whole page."""
        return self.select_related("state", "created_by").prefetch_related(
            "committee_participants", "follow_ups"
        )


class Dialogue(models.Model):
    """One exchange of the Committee (its experts and the secretariat) with a state on the
    implementation of resolution 1540 (programme of work 8(b)): when and how it was held, who
    took part, what was discussed and what was agreed. Kept by the staff and the experts; the
    state's own point of contact reads it."""

    PUBLIC_PAGES = "states.read_dialogue"

    state = models.ForeignKey(
        MemberState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="dialogue"
    )
    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind"), max_length=20, choices=DialogueKind)
    place = models.CharField(_("place"), max_length=200, blank=True, validators=[no_bidi_override])
    committee_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants for the Committee"),
        blank=True,
        related_name="dialogue_taken_part_in",
    )
    other_committee_participants = models.TextField(
        _("other participants for the Committee"),
        max_length=2000,
        blank=True,
        validators=[no_bidi_override],
    )
    state_participants = models.TextField(
        _("participants for the State"), max_length=2000, blank=True, validators=[no_bidi_override]
    )
    discussed = models.TextField(
        _("what was discussed"), max_length=10000, validators=[no_bidi_override]
    )
    agreed = models.TextField(
        _("what was agreed"), max_length=10000, blank=True, validators=[no_bidi_override]
    )
    correspondence_reference = models.CharField(
        _("correspondence reference"),
        max_length=100,
        blank=True,
        validators=[no_bidi_override],
        help_text=_("The reference of the note verbale or letter in the correspondence register."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[committee_participants])
    objects = DialogueQuerySet.as_manager()

    # Usernames (core/visibility.py): for the staff only; the state's point of contact reads the
    # names of those who took part on the pages, not the names they sign in with.
    FIELD_PERMISSIONS = {
        "created_by": "states.see_who_keeps_dialogue",
        "committee_participants": "states.see_who_keeps_dialogue",
    }

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("dialogue with a State")
        verbose_name_plural = _("dialogue with States")
        indexes = [models.Index(fields=["state", "-held_on"], name="dialogue_state_held_on")]

    def __str__(self) -> str:
        return f"{self.state} – {self.get_kind_display()} ({self.held_on})"

    def get_absolute_url(self) -> str:
        return reverse("states:dialogue-detail", kwargs={"pk": self.pk})


class DialogueFollowUpQuerySet(models.QuerySet):
    def visible_to(self, user: Actor) -> DialogueFollowUpQuerySet:
        return restrict(self, user, "states.read_dialogue", "dialogue__")

    def open(self) -> DialogueFollowUpQuerySet:
        return self.filter(done_on__isnull=True)


class DialogueFollowUp(FollowUpAction):
    """One action agreed in a dialogue with a state: what, who owns it (a member of the staff
    or an expert, or a name), by when, and when it was done."""

    PUBLIC_PAGES = "dialogue"

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="follow_ups"
    )

    history = HistoricalRecords()
    objects = DialogueFollowUpQuerySet.as_manager()

    FIELD_PERMISSIONS = {"owner": "states.see_who_keeps_dialogue"}

    class Meta(FollowUpAction.Meta):
        verbose_name = _("follow-up action of a dialogue")
        verbose_name_plural = _("follow-up actions of dialogue")
        indexes = [models.Index(fields=["done_on", "due_on"], name="dialogue_followup_due")]

    @property
    def state_id(self) -> int:
        return self.dialogue.state_id


class StateProfileQuerySet(models.QuerySet):
    def visible_to(self, user: Actor) -> StateProfileQuerySet:
        return restrict(self, user, "states.read_state_profile")


class StateProfile(models.Model):
    """What the staff and the experts know of a state's capacities and priorities, to prepare
    the dialogue with it and match assistance (programme of work 8(f)): its industry (chemical,
    biological, nuclear sectors), its export activity, its technical needs and its priorities.
    Kept by the staff and the experts; the state's own point of contact reads it."""

    PUBLIC_PAGES = "states.read_state_profile"

    state = models.OneToOneField(
        MemberState, verbose_name=_("state"), on_delete=models.PROTECT, related_name="profile"
    )
    industry = models.TextField(
        _("industry"),
        max_length=5000,
        blank=True,
        validators=[no_bidi_override],
        help_text=_("Chemical, biological and nuclear sectors, and related industry."),
    )
    export_activity = models.TextField(
        _("export activity"), max_length=5000, blank=True, validators=[no_bidi_override]
    )
    technical_needs = models.TextField(
        _("technical needs"), max_length=5000, blank=True, validators=[no_bidi_override]
    )
    priorities = models.TextField(
        _("priorities"), max_length=5000, blank=True, validators=[no_bidi_override]
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True, validators=[no_bidi_override])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = StateProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("state profile")
        verbose_name_plural = _("state profiles")

    def __str__(self) -> str:
        return str(self.state)

    def get_absolute_url(self) -> str:
        return reverse("states:state-profile", kwargs={"iso3": self.state.iso3})
