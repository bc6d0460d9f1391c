"""The member states: what the reports, the matrices and the practices all hang on.

A state's name and formal name are kept in the six official languages (django-modeltranslation,
states/translation.py: ``name_en``, ``name_fr``, ``name_zh_hans``...); ``state.name`` reads the
reader's language, English where a translation is missing. Queries that read the name through
a relation (``values("state__name")``, ``order_by("state__name")``) are not rewritten by
modeltranslation: they use ``StateName("state__")`` instead, and lists of states are sorted by
``StateName`` too, with the reader's collation on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.db.models.expressions import Expression, OrderBy
from django.db.models.functions import Coalesce, Collate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as reader_language

from core.choices import Language
from core.validators import no_bidi_override
from states.choices import RegionalGroup, ReportKind, ReportStatus

# A report counts towards the universal-reporting question (8(b)) from the day it is submitted;
# publication on the website follows, but the state has done its part by then.
COUNTS_AS_REPORTED = [ReportStatus.SUBMITTED, ReportStatus.PUBLISHED]

# The ICU collation of each language of the site, as PostgreSQL names them (pg_collation: ICU
# is built into Debian's PostgreSQL 15). Chinese sorts by pinyin; Arabic sorts the hamza forms
# of alef (أ, إ) with alef, where the code points would put "إثيوبيا" after every "أ".
ICU_COLLATIONS = {
    "ar": "ar-x-icu",
    "zh-hans": "zh-Hans-x-icu",
    "en": "en-x-icu",
    "fr": "fr-x-icu",
    "ru": "ru-x-icu",
    "es": "es-x-icu",
}


class ReaderCollation(Collate):
    """COLLATE in the reader's ICU collation on PostgreSQL; elsewhere (SQLite, the embedded
    default) the database's plain order, which has no ICU collations."""

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        if connection.vendor != "postgresql":
            return compiler.compile(self.get_source_expressions()[0])
        return super().as_sql(compiler, connection, **extra_context)


class StateName(Expression):
    """A member state's short name in the reader's language, English where it has none:
    ``StateName()`` on member states, ``StateName("state__")`` on the rows of a state, for
    ``values()``, ``annotate()`` and ``order_by()``. ``collate=True`` sorts it in the language's
    own order. The language is the one active when the query runs, not when it was built, so a
    queryset made once (a form's choices, a ViewSet's ``queryset``, ``Meta.ordering``) follows
    each reader."""

    output_field = models.CharField()

    def __init__(
        self, prefix: str = "", *, collate: bool = False, language: str | None = None
    ) -> None:
        super().__init__()
        self.prefix = prefix
        self.collate = collate
        # A given language (a site code: "fr", "zh-hans") wins over the active one: for rows
        # read after the request is answered, such as a streamed export.
        self.language = language

    def prefix_references(self, prefix: str) -> StateName:
        # A model ordered by its matrix or its state sorts by that row's Meta.ordering, which
        # Django prefixes with the path to it ("matrix__" + "state__").
        clone = self.copy()
        clone.prefix = prefix + self.prefix
        return clone

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        language = self.language or reader_language()
        column = self.prefix + build_localized_fieldname("name", language)
        english = self.prefix + "name_en"
        # The type is said: modeltranslation's two column types are "mixed" to Django.
        name = (
            F(english)
            if column == english
            else Coalesce(F(column), F(english), output_field=models.CharField())
        )
        if self.collate:
            name = ReaderCollation(name, ICU_COLLATIONS[language])
        return name.resolve_expression(*args, **kwargs)


def reader_order(prefix: str = "") -> OrderBy:
    """States (or rows of a state, with ``prefix="state__"``) in the reader's order: by name in
    the reader's language and collation."""
    return StateName(prefix, collate=True).asc()


class MemberStateQuerySet(models.QuerySet):
    def in_reader_order(self) -> MemberStateQuerySet:
        """The states by name in the reader's language and that language's order: what every
        list of states (pages, API, forms) shows."""
        return self.order_by(reader_order())

    def with_first_report_date(self) -> MemberStateQuerySet:
        """Annotate each state with the submission date of its first report (None if none)."""
        # An aggregate query drops Meta.ordering, so the order is given again here.
        return self.annotate(
            first_report_date=Min(
                "reports__submitted_on",
                filter=Q(reports__kind=ReportKind.FIRST, reports__status__in=COUNTS_AS_REPORTED),
            )
        ).in_reader_order()

    def _first_report_exists(self) -> Exists:
        # The reports' model through the relation: states/reports/models.py imports this one.
        reports = self.model._meta.get_field("reports").related_model
        return Exists(
            reports.objects.filter(
                state=OuterRef("pk"), kind=ReportKind.FIRST, status__in=COUNTS_AS_REPORTED
            )
        )

    def without_first_report(self) -> MemberStateQuerySet:
        """The states that have not yet submitted a first report (programme of work 8(b))."""
        return self.filter(~self._first_report_exists())

    def with_first_report(self) -> MemberStateQuerySet:
        return self.filter(self._first_report_exists())

    def first_reports_by_regional_group(self, *, as_at: date | None = None) -> list[dict]:
        """For each regional group, in the order of RegionalGroup (a group without states
        included, with zeros): its states in this queryset and how many of them had submitted a
        first report (by ``as_at`` if given). The one computation behind the home page, the
        dashboard's figure and the annual review's chapter (8(b)), so the three always agree."""
        reported = Q(reports__kind=ReportKind.FIRST, reports__status__in=COUNTS_AS_REPORTED)
        if as_at is not None:
            reported &= Q(reports__submitted_on__lte=as_at)
        counts = {
            row["regional_group"]: row
            for row in self.order_by()
            .values("regional_group")
            .annotate(
                total=Count("id", distinct=True),
                reported=Count("id", filter=reported, distinct=True),
            )
        }
        groups = []
        for value, label in RegionalGroup.choices:
            row = counts.get(value, {"total": 0, "reported": 0})
            groups.append(
                {
                    "value": value,
                    "label": label,
                    "total": row["total"],
                    "reported": row["reported"],
                    "not_reported": row["total"] - row["reported"],
                }
            )
        return groups


class MemberState(models.Model):
    """One of the 193 Members of the United Nations, each bound by resolution 1540 to report on
    the steps it has taken to keep weapons of mass destruction from non-State actors. Its names
    are kept in the six official languages, and the Committee writes to it in its language of
    correspondence. Its history is registered in states/translation.py, after the columns of
    each language exist."""

    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2 code"), max_length=2, unique=True)
    # The UN's short name ("Chad", "Tchad", "乍得"), one column per language, each unique (by
    # the constraint below, which modeltranslation repeats for every language: ``unique=True``
    # here would be copied to the history's columns too, where a name repeats by design).
    name = models.CharField(_("name"), max_length=100, validators=[no_bidi_override])
    # As letters and notes verbales name the state: "the Republic of Chad", "la République du
    # Tchad"; the short name for states that have no other ("Japan", "le Japon").
    formal_name = models.CharField(
        _("formal name"), max_length=200, blank=True, validators=[no_bidi_override]
    )
    regional_group = models.CharField(
        _("UN regional group"), max_length=40, choices=RegionalGroup, db_index=True
    )
    un_admission_date = models.DateField(_("date of admission to the United Nations"))
    correspondence_language = models.CharField(
        _("language of correspondence"),
        max_length=2,
        choices=Language,
        default=Language.ENGLISH,
        help_text=_("The language of the notes verbales and letters the Committee sends."),
    )
    # Set once staff choose the language: reloading the reference data keeps their choice.
    correspondence_language_chosen = models.BooleanField(
        _("language of correspondence chosen by the secretariat"), default=False
    )

    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = [reader_order()]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="iso3_upper"),
            models.UniqueConstraint(fields=["name"], name="state_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("states:state-detail", kwargs={"iso3": self.iso3})

    def names(self) -> dict[str, str]:
        """The short name in each of the six languages, by the site's language codes ("ar",
        "en", "es", "fr", "ru", "zh-hans"), English where a translation is missing."""
        return {
            language: getattr(self, build_localized_fieldname("name", language)) or self.name_en
            for language in sorted(settings.MODELTRANSLATION_LANGUAGES)
        }

    @property
    def correspondence_locale(self) -> str:
        """The site's code of the language of correspondence, to write a letter in it
        (``translation.override(state.correspondence_locale)``): Chinese is ``zh-hans``."""
        if self.correspondence_language == Language.CHINESE:
            return "zh-hans"
        return self.correspondence_language
