"""The register of the Committee's document symbols: ``S/AC.44/<year>/<n>``, numbered per year.

The numbering is the database's to keep: a counter row per year, locked while a symbol is
issued (core/symbols.py), and unique constraints on the symbol and on (year, number), so that
two publications at the same moment can neither take the same number nor leave one unused."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SYMBOL_PREFIX = "S/AC.44/"


class DocumentSymbolCounter(models.Model):
    """The last number issued in a year. Issuing a symbol locks this row until its transaction
    ends: a publication that rolls back gives its number back, so the year's numbers have no
    gap (a database sequence would keep the number and leave one)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        app_label = "committee"
        ordering = ["-year"]
        verbose_name = _("document symbol counter")
        verbose_name_plural = _("document symbol counters")

    def __str__(self) -> str:
        return f"{SYMBOL_PREFIX}{self.year}/{self.last_number}"


class DocumentSymbol(models.Model):
    """A UN document symbol the Committee has issued to one of its documents (a national report
    as published, a working group's document as circulated): which document carries it, when
    and by whom it was issued. A row is never changed or deleted: a symbol, once issued, is the
    document's for good."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("UN document symbol"), max_length=60, unique=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of document"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("document"))
    document = GenericForeignKey("content_type", "object_id")
    issued_at = models.DateTimeField(
        pgettext_lazy("document symbol", "issued at"), auto_now_add=True
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("document symbol", "issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        app_label = "committee"
        ordering = ["-year", "-number"]
        verbose_name = _("document symbol")
        verbose_name_plural = _("document symbols")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="one_symbol_per_year_number"),
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_symbol_per_document"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="symbol_number_from_one"),
            # The text is the year and the number, nothing else: no row says one thing in its
            # columns and another in its symbol.
            models.CheckConstraint(
                condition=Q(
                    symbol=Concat(
                        Value(SYMBOL_PREFIX),
                        Cast("year", models.CharField(max_length=4)),
                        Value("/"),
                        Cast("number", models.CharField(max_length=10)),
                        output_field=models.CharField(),
                    )
                ),
                name="symbol_is_its_year_and_number",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol
