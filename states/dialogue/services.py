"""Use cases of the dialogue with states (8(b)) and the state profiles (8(f)): the secretariat and
the experts record an exchange with a state, correct it, add the follow-up actions agreed, mark
them done, and keep a state's profile. Each runs in one transaction, checks its rule first and
records who acted in the history; a refused change writes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.permissions import can, require
from core.services import save_with_history
from states.dialogue.choices import DialogueKind
from states.dialogue.models import Dialogue, DialogueFollowUp, StateProfile
from states.models import MemberState

# The fields of a dialogue that the forms and the API change (besides its participants).
TEXT_FIELDS = (
    "place",
    "other_committee_participants",
    "state_participants",
    "discussed",
    "agreed",
    "correspondence_reference",
)
EDITABLE = ("held_on", "kind", *TEXT_FIELDS)
PROFILE_FIELDS = ("industry", "export_activity", "technical_needs", "priorities", "notes")


def _past_date(value: object, field: str, *, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise ValidationError({field: _("Give a date, such as 2026-09-24.")})
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future: give the day it happened.")})
    return value


def _text(values: dict[str, Any], errors: dict[str, Any]) -> dict[str, str]:
    cleaned = {}
    for name, value in values.items():
        value = "" if value is None else value
        if not isinstance(value, str):
            errors[name] = _("Give this as text.")
            continue
        cleaned[name] = value.strip()
    return cleaned


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    errors: dict[str, Any] = {}
    cleaned: dict[str, Any] = _text({k: v for k, v in values.items() if k in TEXT_FIELDS}, errors)
    if "held_on" in values:
        try:
            cleaned["held_on"] = _past_date(values["held_on"], "held_on")
        except ValidationError as error:
            errors.update(error.message_dict)
    if "kind" in values:
        if values["kind"] not in DialogueKind.values:
            errors["kind"] = _("Choose how the dialogue was held from the list.")
        else:
            cleaned["kind"] = values["kind"]
    if "discussed" in cleaned and not cleaned["discussed"]:
        errors["discussed"] = _("Say what was discussed.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _staff(people: Iterable[Any], field: str) -> list[User]:
    """Users who act for the Committee: the secretariat and the experts, nobody else."""
    chosen = list(dict.fromkeys(people))
    wrong = [
        person
        for person in chosen
        if not isinstance(person, User)
        or not person.is_active
        or not can(person, "states.keep_dialogue")
    ]
    if wrong:
        raise ValidationError(
            {
                field: _(
                    "Only members of the secretariat and experts take part for the Committee: "
                    "name the others in the free text."
                )
            }
        )
    return chosen


@transaction.atomic
def record_dialogue(
    state: MemberState,
    *,
    acting_user: User,
    held_on: date,
    kind: str,
    discussed: str,
    committee_participants: Iterable[User] = (),
    **details: Any,
) -> Dialogue:
    """Record an exchange with ``state``, held on ``held_on`` (not in the future)."""
    require(acting_user, "states.keep_dialogue", state)
    values = _clean({"held_on": held_on, "kind": kind, "discussed": discussed, **details})
    participants = _staff(committee_participants, "committee_participants")
    dialogue = Dialogue(state=state, created_by=acting_user, **values)
    dialogue.full_clean(exclude=["created_by"])
    save_with_history(dialogue, acting_user, reason="Recorded")
    if participants:
        dialogue.committee_participants.set(participants)
    return dialogue


@transaction.atomic
def update_dialogue(
    dialogue: Dialogue,
    *,
    acting_user: User,
    committee_participants: Iterable[User] | None = None,
    **changes: Any,
) -> Dialogue:
    """Correct a dialogue's details or participants (``committee_participants``: the whole new
    list). Its state does not change: an exchange with another state is another record."""
    dialogue = Dialogue.objects.select_for_update().select_related("state").get(pk=dialogue.pk)
    require(acting_user, "states.keep_dialogue", dialogue.state)
    values = _clean(changes)
    participants = (
        _staff(committee_participants, "committee_participants")
        if committee_participants is not None
        else None
    )
    for name, value in values.items():
        setattr(dialogue, name, value)
    dialogue.full_clean(exclude=["created_by"])
    save_with_history(
        dialogue, acting_user, update_fields=[*values, "updated_at"], reason="Corrected"
    )
    if participants is not None:
        dialogue.committee_participants.set(participants)
    return dialogue


@transaction.atomic
def add_follow_up(
    dialogue: Dialogue,
    *,
    acting_user: User,
    text: str,
    owner: User | None = None,
    owner_name: str = "",
    due_on: date | None = None,
) -> DialogueFollowUp:
    """Add an action agreed in ``dialogue``: owned by a member of the staff or an expert
    (``owner``), or by someone named (``owner_name``: the state's authority, an organisation)."""
    require(acting_user, "states.keep_dialogue", dialogue.state)
    errors: dict[str, Any] = {}
    cleaned = _text({"text": text, "owner_name": owner_name}, errors)
    if not errors and not cleaned["text"]:
        errors["text"] = _("Say what is to be done.")
    if owner is not None:
        try:
            _staff([owner], "owner")
        except ValidationError as error:
            errors.update(error.message_dict)
    if due_on is not None and not isinstance(due_on, date):
        errors["due_on"] = _("Give a date, such as 2026-09-24.")
    elif due_on is not None and due_on < dialogue.held_on:
        errors["due_on"] = _("The due date cannot be before the dialogue was held.")
    if errors:
        raise ValidationError(errors)
    follow_up = DialogueFollowUp(dialogue=dialogue, owner=owner, due_on=due_on, **cleaned)
    follow_up.full_clean(exclude=["dialogue", "owner"])
    save_with_history(follow_up, acting_user, reason="Agreed")
    return follow_up


@transaction.atomic
def mark_follow_up_done(
    follow_up: DialogueFollowUp, *, acting_user: User, done_on: date | None = None
) -> DialogueFollowUp:
    """Mark an action done on ``done_on`` (today when not given; never in the future nor before
    the dialogue), or, with ``done_on`` None on an action done, leave it as it is."""
    follow_up = (
        DialogueFollowUp.objects.select_for_update()
        .select_related("dialogue__state")
        .get(pk=follow_up.pk)
    )
    require(acting_user, "states.keep_dialogue", follow_up.dialogue.state)
    day = _past_date(done_on if done_on is not None else timezone.localdate(), "done_on")
    assert day is not None
    if day < follow_up.dialogue.held_on:
        raise ValidationError({"done_on": _("It cannot be done before the dialogue was held.")})
    follow_up.done_on = day
    save_with_history(
        follow_up, acting_user, update_fields=["done_on", "updated_at"], reason="Done"
    )
    return follow_up


@transaction.atomic
def save_state_profile(state: MemberState, *, acting_user: User, **values: Any) -> StateProfile:
    """Write ``state``'s profile (created the first time): the fields given change, the others
    stay."""
    require(acting_user, "states.keep_state_profile", state)
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    errors: dict[str, Any] = {}
    cleaned = _text(values, errors)
    if errors:
        raise ValidationError(errors)
    profile = StateProfile.objects.select_for_update().filter(state=state).first()
    if profile is None:
        profile = StateProfile(state=state, updated_by=acting_user, **cleaned)
        profile.full_clean(exclude=["updated_by"])
        save_with_history(profile, acting_user, reason="Recorded")
        return profile
    for name, value in cleaned.items():
        setattr(profile, name, value)
    profile.updated_by = acting_user
    profile.full_clean(exclude=["updated_by"])
    save_with_history(
        profile, acting_user, update_fields=[*cleaned, "updated_by", "updated_at"], reason="Updated"
    )
    return profile
