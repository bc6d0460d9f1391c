"""UN document symbols for the Committee's documents: ``S/AC.44/<year>/<n>``, numbered per year
without gaps or duplicates, whatever kind of document is issued and however many are issued at
once. Every app issues its symbols here (national reports at publication, working group
documents at circulation); the register and its constraints are core/models/symbols.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import DocumentSymbol, DocumentSymbolCounter
from core.models.symbols import SYMBOL_PREFIX
from core.permissions import Actor

SYMBOL_PATTERN = re.compile(r"^S/AC\.44/(?P<year>\d{4})/(?P<number>[1-9]\d{0,8})$")


def format_symbol(year: int, number: int) -> str:
    return f"{SYMBOL_PREFIX}{year}/{number}"


def parse_symbol(text: str, *, field: str = "symbol") -> tuple[int, int]:
    """The year and number of a symbol as the staff typed it, or a ValidationError on ``field``
    that shows the form expected."""
    match = SYMBOL_PATTERN.match(text.strip())
    if match is None:
        raise ValidationError(
            {
                field: _(
                    "“%(symbol)s” is not a symbol of the Committee: write it as %(example)s "
                    "(the year, then the number)."
                )
                % {"symbol": text, "example": format_symbol(timezone.localdate().year, 1)}
            }
        )
    return int(match["year"]), int(match["number"])


def issue_year() -> int:
    """Symbols are issued in the year they are given."""
    return timezone.localdate().year


def proposed_symbol() -> str:
    """The symbol the next document issued will get, to propose on a form. Only a proposal: by
    the time the form comes back another document may have taken it, and ``issue_symbol``
    refuses it then."""
    year = issue_year()
    counters = DocumentSymbolCounter.objects.filter(year=year)
    last = counters.values_list("last_number", flat=True).first()
    return format_symbol(year, (last or 0) + 1)


def symbol_of(document: models.Model) -> DocumentSymbol | None:
    return DocumentSymbol.objects.filter(
        content_type=_content_type(document), object_id=document.pk
    ).first()


def check_not_issued(symbol: str, *, field: str = "symbol") -> None:
    """Refuse a symbol, recorded on a document by hand, that the register has already issued to
    another document."""
    if symbol and DocumentSymbol.objects.filter(symbol=symbol.strip()).exists():
        raise ValidationError(
            {
                field: _("%(symbol)s has already been issued to another document of the Committee.")
                % {"symbol": symbol.strip()}
            }
        )


def check_carried_symbol(symbol: str, *, field: str = "symbol") -> None:
    """Refuse a symbol recorded by hand as one the document already carries when it is in the
    register's own series, this year or later, and the register has not issued it: those
    numbers are the register's alone to give (``issue_symbol``), or the year would have a
    duplicate or a gap. Earlier years' symbols and other bodies' (S/2018/1034) are recorded as
    they are."""
    match = SYMBOL_PATTERN.match(symbol.strip())
    if match is None or int(match["year"]) < issue_year():
        return
    if not DocumentSymbol.objects.filter(symbol=symbol.strip()).exists():
        raise ValidationError(
            {
                field: _(
                    "%(symbol)s has not been issued: this year's symbols are given when a "
                    "document is issued. The next one is %(expected)s."
                )
                % {"symbol": symbol.strip(), "expected": proposed_symbol()}
            }
        )


@dataclass(frozen=True)
class Reservation:
    """The next symbol of the year, checked and held: the year's counter stays locked until the
    transaction that reserved it ends. ``record`` gives it to the document once that document
    has its row; a transaction that ends without recording it gives nothing away."""

    counter: DocumentSymbolCounter
    number: int

    @property
    def symbol(self) -> str:
        return format_symbol(self.counter.year, self.number)

    def record(self, document: models.Model, *, acting_user: Actor) -> DocumentSymbol:
        issued = DocumentSymbol.objects.create(
            year=self.counter.year,
            number=self.number,
            symbol=self.symbol,
            content_type=_content_type(document),
            object_id=document.pk,
            issued_by=acting_user,
        )
        self.counter.last_number = self.number
        self.counter.save(update_fields=["last_number"])
        return issued


def reserve_symbol(symbol: str = "", *, field: str = "symbol") -> Reservation:
    """The next symbol of this year, or ``symbol`` if the staff entered one, which must then be
    that same next symbol: one already issued, or one further on (it would leave a gap), is
    refused with the symbol to use instead.

    Only inside a transaction (the one that issues the document): the year's counter stays
    locked until it ends, so documents issued at the same moment take their numbers one after
    the other, and an issue that fails gives its number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A symbol is reserved inside the transaction that issues it.")
    year = issue_year()
    wanted = parse_symbol(symbol, field=field) if symbol.strip() else None
    # The year's row, created by the first symbol of the year: a concurrent first one waits on
    # this insert and then finds the row, instead of failing.
    DocumentSymbolCounter.objects.bulk_create(
        [DocumentSymbolCounter(year=year)], ignore_conflicts=True
    )
    counter = DocumentSymbolCounter.objects.select_for_update().get(year=year)
    number = counter.last_number + 1
    if wanted is not None and wanted != (year, number):
        raise ValidationError(
            {field: _refusal(symbol.strip(), wanted, number, format_symbol(year, number))}
        )
    return Reservation(counter=counter, number=number)


@transaction.atomic
def issue_symbol(
    document: models.Model, *, acting_user: Actor, symbol: str = "", field: str = "symbol"
) -> DocumentSymbol:
    """Give ``document`` (a saved row) the next symbol of this year, or ``symbol`` as
    ``reserve_symbol`` checks it. Nothing is written when it is refused."""
    existing = symbol_of(document)
    if existing is not None:
        raise ValidationError(
            {field: _("This document already has a symbol: %(symbol)s.") % {"symbol": existing}}
        )
    return reserve_symbol(symbol, field=field).record(document, acting_user=acting_user)


def _refusal(symbol: str, wanted: tuple[int, int], number: int, expected: str) -> str:
    wanted_year, wanted_number = wanted
    values = {"symbol": symbol, "expected": expected}
    if wanted_year != issue_year():
        return _(
            "%(symbol)s is not of this year: a symbol issued now is numbered in %(year)s. "
            "The next one is %(expected)s."
        ) % {**values, "year": issue_year()}
    # The year's numbers up to the counter's are all issued: the counter never skips one.
    if wanted_number < number:
        return (
            _(
                "%(symbol)s has already been issued to another document. "
                "The next one is %(expected)s."
            )
            % values
        )
    return (
        _("%(symbol)s is out of sequence: it would leave a gap. The next one is %(expected)s.")
        % values
    )


def _content_type(document: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(document, for_concrete_model=True)
