"""Use cases of the national legislation register: the secretariat and the experts record an act
of a state's legislation, correct it, or remove it. Each runs in one transaction, checks its rule
first and records who acted; a refused change writes nothing.

An act that matrix entries cite is never removed: the entries' foreign key protects it, and the
refusal names the matrices and fields that cite it, so that the expert knows what to change
first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from core.files import sniff_document
from core.models import User
from core.permissions import require
from core.services import save_with_history
from states.choices import WeaponType
from states.legislation.choices import LegislationTopic
from states.legislation.models import (
    FIRST_ACT_YEAR,
    LegislationTopicCovered,
    LegislationWeaponCovered,
    NationalLegislation,
    validate_act_language,
)
from states.models import MemberState

# The fields of an act that the forms and the API change (besides the document and coverage).
EDITABLE = ("title", "year", "articles", "language", "official_url", "notes")
# How many citing entries a refusal to delete names before it says "and N more".
NAMED_IN_REFUSAL = 10

official_address = URLValidator(schemes=["http", "https"])


class ActIsCited(ValidationError):
    """Deleting an act that matrix entries cite. ``citations`` lists them (matrix, field code)."""

    def __init__(self, message: str, citations: list[tuple[Any, str]]) -> None:
        super().__init__(message, code="cited")
        self.citations = citations


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError({"year": _("Give the year the act was adopted, such as 2004.")})
    latest = timezone.localdate().year
    if not FIRST_ACT_YEAR <= year <= latest:
        raise ValidationError(
            {
                "year": _("Give a year between %(first)s and %(last)s.")
                % {"first": FIRST_ACT_YEAR, "last": latest}
            }
        )
    return year


def _choices(values: Iterable[str] | None, allowed: list[str], field: str) -> list[str]:
    chosen = list(dict.fromkeys(values or []))
    wrong = [value for value in chosen if value not in allowed]
    if wrong:
        raise ValidationError(
            {
                field: _("Not in the list: %(values)s. Choose among %(allowed)s.")
                % {"values": ", ".join(map(str, wrong)), "allowed": ", ".join(allowed)}
            }
        )
    return chosen


def _checked_document(document: File) -> File:
    """The upload, checked by its content (kind and size) as every document is, named with the
    extension its content shows."""
    try:
        extension = sniff_document(document)
    except ValidationError as error:
        raise ValidationError({"document": error.messages}) from None
    base = (document.name or "act").rsplit(".", 1)[0]
    document.name = f"{base}.{extension}"
    return document


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s.") % ", ".join(sorted(unknown)))
    cleaned: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for name, value in values.items():
        if name == "year":
            try:
                cleaned[name] = _check_year(value)
            except ValidationError as error:
                errors.update(error.message_dict)
            continue
        value = "" if value is None else value
        if not isinstance(value, str):
            errors[name] = _("Give this as text.")
            continue
        cleaned[name] = value.strip()
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = _("Give the title of the act.")
    if "language" in cleaned:
        try:
            validate_act_language(cleaned["language"])
        except ValidationError as error:
            errors["language"] = error.messages
    if cleaned.get("official_url"):
        try:
            official_address(cleaned["official_url"])
        except ValidationError:
            errors["official_url"] = _(
                "Give the full official address, starting with https:// or http://."
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _set_coverage(
    act: NationalLegislation, topics: list[str], weapon_types: list[str], acting_user: User
) -> None:
    """Make the act's topic and weapon-type rows these, each added or removed row in history."""
    coverage: list[tuple[type[models.Model], str, list[str]]] = [
        (LegislationTopicCovered, "topic", topics),
        (LegislationWeaponCovered, "weapon_type", weapon_types),
    ]
    for model, field, wanted in coverage:
        existing: dict[str, Any] = {
            getattr(row, field): row for row in model._default_manager.filter(act=act)
        }
        for value, row in existing.items():
            if value not in wanted:
                row._history_user = acting_user  # read by simple-history
                row.delete()
        added = [model(act=act, **{field: value}) for value in wanted if value not in existing]
        if added:
            bulk_create_with_history(
                added, model, default_user=acting_user, default_change_reason="Coverage changed"
            )


def _check_coverage(topics: list[str], weapon_types: list[str]) -> None:
    if not topics:
        raise ValidationError(
            {"topics": _("Choose at least one topic the act covers: what it provides for.")}
        )
    if not weapon_types:
        raise ValidationError({"weapon_types": _("Choose at least one weapon type it concerns.")})


@transaction.atomic
def record_legislation(
    state: MemberState,
    *,
    acting_user: User,
    title: str,
    year: int,
    language: str,
    topics: Iterable[str],
    weapon_types: Iterable[str],
    articles: str = "",
    official_url: str = "",
    notes: str = "",
    document: File | None = None,
) -> NationalLegislation:
    """Record an act of ``state``'s national legislation, with what it covers, and its text (a
    PDF or Word document) or its official address, or both."""
    require(acting_user, "states.manage_legislation", state)
    values = _clean(
        {
            "title": title,
            "year": year,
            "articles": articles,
            "language": language,
            "official_url": official_url,
            "notes": notes,
        }
    )
    chosen_topics = _choices(topics, list(LegislationTopic.values), "topics")
    chosen_weapons = _choices(weapon_types, list(WeaponType.values), "weapon_types")
    _check_coverage(chosen_topics, chosen_weapons)
    act = NationalLegislation(state=state, created_by=acting_user, **values)
    if document is not None:
        act.document = _checked_document(document)
    if not act.document and not act.official_url:
        raise ValidationError(
            {
                "official_url": _(
                    "Upload the text of the act, or give the official address where it is "
                    "published."
                )
            }
        )
    act.full_clean(exclude=["document", "created_by"])
    save_with_history(act, acting_user, reason="Recorded")
    _set_coverage(act, chosen_topics, chosen_weapons, acting_user)
    return act


@transaction.atomic
def update_legislation(
    act: NationalLegislation,
    *,
    acting_user: User,
    topics: Iterable[str] | None = None,
    weapon_types: Iterable[str] | None = None,
    document: File | None = None,
    **changes: Any,
) -> NationalLegislation:
    """Correct an act: its details, what it covers (``topics``, ``weapon_types``: the whole new
    lists), or its document (replaced by a new upload). Its state does not change: an act of
    another state is another act."""
    act = NationalLegislation.objects.select_for_update().select_related("state").get(pk=act.pk)
    require(acting_user, "states.manage_legislation", act.state)
    values = _clean(changes)
    chosen_topics = (
        _choices(topics, list(LegislationTopic.values), "topics")
        if topics is not None
        else act.topic_values()
    )
    chosen_weapons = (
        _choices(weapon_types, list(WeaponType.values), "weapon_types")
        if weapon_types is not None
        else act.weapon_type_values()
    )
    _check_coverage(chosen_topics, chosen_weapons)
    for name, value in values.items():
        setattr(act, name, value)
    if document is not None:
        act.document = _checked_document(document)
    if not act.document and not act.official_url:
        raise ValidationError(
            {
                "official_url": _(
                    "Upload the text of the act, or give the official address where it is "
                    "published."
                )
            }
        )
    act.full_clean(exclude=["document", "created_by"])
    fields = [*values, *(["document"] if document is not None else []), "updated_at"]
    save_with_history(act, acting_user, update_fields=fields, reason="Corrected")
    _set_coverage(act, chosen_topics, chosen_weapons, acting_user)
    return act


def citations_of(act: NationalLegislation) -> list[tuple[Any, str]]:
    """Every matrix entry that cites ``act``: (matrix, field code), newest versions first."""
    return [
        (entry.matrix, entry.field.code)
        for entry in act.cited_by_entries.select_related("matrix__state", "field").order_by(
            "-matrix__version", "field__position"
        )
    ]


@transaction.atomic
def delete_legislation(act: NationalLegislation, *, acting_user: User) -> None:
    """Remove an act recorded by mistake. An act that matrix entries cite stays: the refusal
    (``ActIsCited``) names what cites it; the entries must cite another act first."""
    act = NationalLegislation.objects.select_for_update().select_related("state").get(pk=act.pk)
    require(acting_user, "states.manage_legislation", act.state)
    citations = citations_of(act)
    if citations:
        named = "; ".join(
            _("%(matrix)s, field %(code)s") % {"matrix": matrix, "code": code}
            for matrix, code in citations[:NAMED_IN_REFUSAL]
        )
        more = len(citations) - NAMED_IN_REFUSAL
        if more > 0:
            named += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {
                "count": more
            }
        raise ActIsCited(
            ngettext(
                "This act cannot be deleted: %(count)d matrix entry cites it (%(named)s). "
                "Cite another act there first.",
                "This act cannot be deleted: %(count)d matrix entries cite it (%(named)s). "
                "Cite another act there first.",
                len(citations),
            )
            % {"count": len(citations), "named": named},
            citations,
        )
    # The coverage rows one by one, so that their history too names who deleted them.
    for row in [*act.topics.all(), *act.weapon_types.all()]:
        row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
        row.delete()
    act._history_user = acting_user  # type: ignore[attr-defined]  # read by simple-history
    try:
        with transaction.atomic():
            act.delete()
    except ProtectedError:
        # An entry came to cite it since the check above: the database's PROTECT decides.
        raise ActIsCited(
            _("This act cannot be deleted: matrix entries now cite it."), citations_of(act)
        ) from None
