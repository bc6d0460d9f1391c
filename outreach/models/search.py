"""The website's search index: one row per published thing a reader can find."""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import Language
from core.permissions import restrict
from outreach.choices import SearchKind


class SearchEntryQuerySet(models.QuerySet):
    def visible_to(self, user) -> SearchEntryQuerySet:
        return restrict(self, user, "outreach.read_search_entry")


class SearchEntry(models.Model):
    """What the website's full-text search finds (programme of work 11(b): the website is the
    main source of information on resolution 1540): a published national report with the text
    of its document, a frequently asked question, a public event, an effective practice or a
    national action plan, a cooperation page, a published version of a state's 1540 matrix (8(d)),
    a member state, an assistance request published with its state's consent or a public offer
    of assistance (9(a)). Rows are derived from those records and rebuilt
    from them; they are not a record of their own, so they keep no history.

    One row per language a record is written in: a report in the language of its document, a
    question, event or page once for each language its staff-written text is kept in; each row
    is searched with its own language's stemming (outreach/search.py)."""

    PUBLIC_PAGES = "outreach.read_search_entry"

    kind = models.CharField(_("kind"), max_length=20, choices=SearchKind)
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    # The title shown: per reader's language (title_fr...) where the record has one.
    title = models.CharField(_("title"), max_length=300)
    # The title searched: in this row's language.
    indexed_title = models.CharField(_("title searched"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=300)
    state_name = models.CharField(_("state"), max_length=100, blank=True)
    # The ISO3 code of the state the record belongs to (the search's state facet); empty for
    # what belongs to no state (a question, an organisation's offer).
    state_code = models.CharField(_("state code"), max_length=3, blank=True, db_index=True)
    public = models.BooleanField(_("public"), default=True)
    date = models.DateField(_("date"), null=True, blank=True)
    # PostgreSQL: title (weight A) and body (weight B) in the text search configuration of the
    # row's language, kept by outreach.search.index(); a GIN index on it is created by the
    # migration on PostgreSQL only. Unused (NULL) on SQLite.
    vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL, Chinese rows only: every pair of adjacent Chinese characters of the title and
    # the text, as lexemes without positions, behind a GIN index: what finds a two-character
    # word, which pg_trgm's trigram index cannot (outreach/search.py). NULL otherwise.
    bigrams = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"],
                name="one_search_entry_per_object_and_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
