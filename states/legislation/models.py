"""The national legislation register: the acts by which each state implements resolution 1540,
what each covers, and where its text is. Matrix entries cite an act (MatrixEntry.legislation)
instead of spelling it out in free text, so that "which states have a law on brokering, and
which act" is one query, a page and an API filter (programme of work 8(d)).

What an act covers is kept in child tables (``LegislationTopicCovered``,
``LegislationWeaponCovered``), one row per topic or weapon type, rather than a list in one
column: the database filters and indexes them the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import no_bidi_override
from states.choices import WeaponType
from states.legislation.choices import LegislationTopic
from states.models.member_state import MemberState, reader_order

# Resolution 1540 dates from 2004, but states cite the acts they already had: atomic energy
# laws of the 1950s, penal codes older still. No register of modern law reaches before 1900.
FIRST_ACT_YEAR = 1900
# An act is written in the state's own language(s), not only the six of the United Nations:
# the languages Django knows by name (about a hundred), by their codes ("de", "pt-br").
ACT_LANGUAGES = sorted(code for code, info in LANG_INFO.items() if "name" in info)


def validate_act_language(value: str) -> None:
    if value not in LANG_INFO or "name" not in LANG_INFO[value]:
        raise ValidationError(
            _("“%(value)s” is not a language code this register knows; choose from the list."),
            code="invalid_language",
            params={"value": value},
        )


def language_name(code: str) -> str:
    """A language's name in the reader's language ("German", "allemand", "德语")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def legislation_upload_to(act: NationalLegislation, filename: str) -> str:
    # Never the uploaded name: a random one, so a stored path reveals nothing and can't be guessed.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"legislation/{act.state.iso3}/{uuid.uuid4().hex}.{extension}"


class NationalLegislationQuerySet(models.QuerySet):
    def covering(self, topic: str) -> NationalLegislationQuerySet:
        """The acts that provide for ``topic`` (a LegislationTopic value): "which states have a
        law on brokering, and which act" is ``covering("brokering").select_related("state")``."""
        return self.filter(
            Exists(LegislationTopicCovered.objects.filter(act=OuterRef("pk"), topic=topic))
        )

    def for_weapon_type(self, weapon_type: str) -> NationalLegislationQuerySet:
        return self.filter(
            Exists(
                LegislationWeaponCovered.objects.filter(act=OuterRef("pk"), weapon_type=weapon_type)
            )
        )

    def with_coverage(self) -> NationalLegislationQuerySet:
        """Each act's state, topics and weapon types, in three queries for the whole list."""
        return self.select_related("state").prefetch_related("topics", "weapon_types")


class NationalLegislation(models.Model):
    """One act of a state's national legislation (a law, decree or regulation) that implements
    resolution 1540: its title and year, the articles or sections that matter, the language of
    its text, the text itself (a document) or its official address, and what it covers. Laws are
    public: everyone reads the register; the secretariat and the experts keep it. An act that
    matrix entries cite cannot be deleted (the entries' ``on_delete=PROTECT``)."""

    state = models.ForeignKey(
        MemberState,
        verbose_name=_("state"),
        on_delete=models.PROTECT,
        related_name="legislation",
    )
    title = models.CharField(_("title"), max_length=300, validators=[no_bidi_override])
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_ACT_YEAR)],
        help_text=_("The year the act was adopted."),
    )
    articles = models.CharField(
        _("articles or sections"),
        max_length=300,
        blank=True,
        validators=[no_bidi_override],
        help_text=_("Those that implement the resolution, for example “arts. 3-9, 41”."),
    )
    language = models.CharField(
        _("language of the text"),
        max_length=7,
        validators=[validate_act_language],
    )
    document = models.FileField(
        _("document"), upload_to=legislation_upload_to, max_length=200, blank=True
    )
    official_url = models.URLField(
        _("official address"),
        max_length=500,
        blank=True,
        help_text=_("Where the state publishes the act: an official gazette or legal database."),
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = NationalLegislationQuerySet.as_manager()

    # Who recorded an act is a username: for the staff only (core/visibility.py).
    FIELD_PERMISSIONS = {"created_by": "states.see_who_recorded_legislation"}

    class Meta:
        ordering = [reader_order("state__"), "-year", "title"]
        verbose_name = _("act of national legislation")
        verbose_name_plural = _("national legislation")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_ACT_YEAR), name="legislation_year_from_1900"
            ),
            # The text or where to read it: an act nobody can open is no source.
            models.CheckConstraint(
                condition=~Q(document="") | ~Q(official_url=""),
                name="legislation_has_text_or_address",
            ),
        ]
        indexes = [models.Index(fields=["state", "year"], name="legislation_state_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("states:legislation-detail", kwargs={"pk": self.pk})

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def file_extension(self) -> str:
        return self.document.name.rsplit(".", 1)[-1].lower() if self.document else ""

    def download_name(self) -> str:
        return f"{self.state.iso3}-act-{self.year}-{self.pk}.{self.file_extension}"

    def topic_values(self) -> list[str]:
        """The topics' values, in the order of LegislationTopic (read through a prefetch)."""
        found = {row.topic for row in self.topics.all()}
        return [value for value in LegislationTopic.values if value in found]

    def weapon_type_values(self) -> list[str]:
        found = {row.weapon_type for row in self.weapon_types.all()}
        return [value for value in WeaponType.values if value in found]

    def topic_labels(self) -> list[str]:
        return [str(LegislationTopic(value).label) for value in self.topic_values()]

    def weapon_type_labels(self) -> list[str]:
        return [str(WeaponType(value).label) for value in self.weapon_type_values()]


class LegislationTopicCovered(models.Model):
    """One topic an act provides for (brokering, transit, penalties...)."""

    act = models.ForeignKey(
        NationalLegislation,
        verbose_name=_("act"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    topic = models.CharField(_("topic"), max_length=30, choices=LegislationTopic)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic covered")
        verbose_name_plural = _("topics covered")
        constraints = [
            models.UniqueConstraint(fields=["act", "topic"], name="one_row_per_act_topic")
        ]
        # "Every act on brokering": the topic first.
        indexes = [models.Index(fields=["topic", "act"], name="legislation_topic_act")]

    def __str__(self) -> str:
        return str(self.get_topic_display())


class LegislationWeaponCovered(models.Model):
    """One kind of weapon an act concerns (nuclear, chemical, biological, means of delivery)."""

    act = models.ForeignKey(
        NationalLegislation,
        verbose_name=_("act"),
        on_delete=models.CASCADE,
        related_name="weapon_types",
    )
    weapon_type = models.CharField(_("weapon type"), max_length=12, choices=WeaponType)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weapon type covered")
        verbose_name_plural = _("weapon types covered")
        constraints = [
            models.UniqueConstraint(
                fields=["act", "weapon_type"], name="one_row_per_act_weapon_type"
            )
        ]
        indexes = [models.Index(fields=["weapon_type", "act"], name="legislation_weapon_act")]

    def __str__(self) -> str:
        return str(self.get_weapon_type_display())
