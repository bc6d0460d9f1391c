"""The website's full-text search: published national reports (with the text of their
documents), frequently asked questions, public events, effective practices, national action plans
and cooperation pages. What it finds is registered by each app (core/search.py): this module
imports no other app.

A record is indexed once for each language it is written in (``SearchEntry.language``): a report
once per language it is published in (a document each), a question, event or page once per
language its staff keep it in. One row per language rather than one vector mixing them: each text
is stemmed with its own language's rules, the snippet comes from the text in the language that
matched, and the reader's language is known for each row, so that its results come first.

On PostgreSQL each row keeps a weighted ``tsvector`` (title A, text B) built with its language's
text search configuration (``CONFIGS``) behind a GIN index; a query is parsed with each
language's configuration (``websearch_to_tsquery``) and matched against the rows of that
language, ranked with ``ts_rank`` and shown with a ``ts_headline`` snippet. Chinese, whose words
are not separated by spaces, is matched by its characters instead: a row keeps every pair of
adjacent characters (``bigrams``, behind a GIN index), which finds a two-character word exactly
and narrows a longer one down to the few rows whose text then holds it (LIKE). pg_trgm's trigram
index was measured for this and left out: it cannot serve a two-character word, the commonest
length of a Chinese word (LIKE then reads every Chinese text: 145 ms for 300 reports, against
0.1 ms with the bigrams), and it is twice the size of the bigrams' index. The reader's
language's results come first, then the others; a record found in several languages is listed
once, in the reader's language where it matched.

On SQLite (the embedded default) every word must appear in the title or the text, the reader's
language first, newest first, and the snippet is cut around the first match in Python.

Entries are derived data: ``index(kind, pk)`` rebuilds a record's entries from it, and removes
them when the record is no longer public, so calling it again is always safe (the Celery task
retries it); ``manage.py rebuild_search_index`` rebuilds them all.
"""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any, BinaryIO
from urllib.parse import urlencode
from xml.parsers import expat

from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ExtractYear, RowNumber
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import search as site_search
from core.choices import Language
from outreach.choices import SearchKind
from outreach.models import FAQ, CooperationPage, Event, SearchEntry

logger = logging.getLogger(__name__)

# The PostgreSQL text search configuration of each language (pg_ts_config; PostgreSQL 15 ships
# all five): its stemming and stop words, so that "workshops" finds "workshop" and "ateliers"
# finds "atelier". PostgreSQL has none for Chinese: its rows get "simple" (Latin words and
# numbers that stand apart) and are matched by substring (see search()).
CONFIGS: dict[str, str] = {
    Language.ARABIC: "arabic",
    Language.CHINESE: "simple",
    Language.ENGLISH: "english",
    Language.FRENCH: "french",
    Language.RUSSIAN: "russian",
    Language.SPANISH: "spanish",
}
# Chinese characters: the CJK unified ideographs, their extensions and compatibility forms.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_PAIR = re.compile(f"(?=([{HAN}]{{2}}))")
HAN_WORD = re.compile(f"[{HAN}]+")
# A Chinese row's bigrams are kept without positions; this many make at most 0.96 MB (0.8 MB
# with the common characters), under PostgreSQL's 1 MB limit for a tsvector. A long report has
# some tens of thousands.
MAX_BIGRAMS = 80_000
# Markers around highlighted words, chosen so that no document text contains them: the snippet
# is escaped first and the markers then become <mark> tags.
START, STOP = "\x02", "\x03"
SNIPPET_CHARS = 240
MAX_QUERY_CHARS = 200
# Control characters other than white space: they mean nothing in a search (and two of them
# are the snippet's markers).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1b\x7f]")
# The extracted text of a very long report is cut: the beginning is enough to find it.
MAX_BODY_CHARS = 200_000
WORD_NAMESPACE = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


# --- text extraction ------------------------------------------------------------------------


# The most a Word document's XML is inflated to when indexing it. The sizes an archive declares
# are checked at upload (core/files.py), but a file stored before that check, or one whose
# directory lies, is still read only this far: memory stays bounded whatever the file says.
MAX_DOCUMENT_XML_BYTES = 16 * 1024 * 1024
READ_CHUNK_BYTES = 64 * 1024
WORD_TEXT = f"{WORD_NAMESPACE[1:-1]} t"
WORD_PARAGRAPH = f"{WORD_NAMESPACE[1:-1]} p"


def extract_text(document: bytes | BinaryIO, extension: str) -> str:
    """The text of a PDF (pypdf) or Word (DOCX) document, at most MAX_BODY_CHARS; "" when there
    is none to be had (a scanned PDF, a legacy .doc, a damaged file): the document is then found
    by its title. Never raises: a document we cannot read must not stop its publication, nor
    make the indexing task fail and come back."""
    stream = io.BytesIO(document) if isinstance(document, bytes) else document
    try:
        if extension == "pdf":
            return _pdf_text(stream)
        if extension == "docx":
            return _docx_text(stream)
    except Exception:
        logger.warning("could not extract the text of a %s document", extension, exc_info=True)
    return ""


def _pdf_text(stream: BinaryIO) -> str:
    from pypdf import PdfReader

    pages: list[str] = []
    length = 0
    for page in PdfReader(stream).pages:
        text = page.extract_text() or ""
        pages.append(text)
        length += len(text)
        if length >= MAX_BODY_CHARS:
            break
    return "\n".join(pages)


def _docx_text(stream: BinaryIO) -> str:
    """The paragraphs of word/document.xml, inflated a chunk at a time and parsed as they come
    (expat, no tree), until MAX_BODY_CHARS of text or MAX_DOCUMENT_XML_BYTES of XML."""
    paragraphs: list[str] = []
    current: list[str] = []
    state = {"in_text": 0, "chars": 0}

    def start(name: str, _attributes) -> None:
        if name == WORD_TEXT:
            state["in_text"] += 1

    def end(name: str) -> None:
        if name == WORD_TEXT:
            state["in_text"] -= 1
        elif name == WORD_PARAGRAPH:
            paragraphs.append("".join(current))
            current.clear()

    def characters(data: str) -> None:
        if state["in_text"] and state["chars"] < MAX_BODY_CHARS:
            current.append(data)
            state["chars"] += len(data)

    def no_doctype(*_args) -> None:
        # Word never writes a DTD; refusing one rules out entity expansion (billion laughs).
        raise ValueError("a Word document with a DTD")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = no_doctype
    inflated = 0
    with zipfile.ZipFile(stream) as archive, archive.open("word/document.xml") as member:
        while state["chars"] < MAX_BODY_CHARS:
            # read(n) inflates at most n bytes, whatever size the archive declares.
            chunk = member.read(READ_CHUNK_BYTES)
            if not chunk:
                parser.Parse(b"", True)
                break
            inflated += len(chunk)
            if inflated > MAX_DOCUMENT_XML_BYTES:
                logger.warning(
                    "indexed only the first %s bytes of a Word document's text",
                    MAX_DOCUMENT_XML_BYTES,
                )
                break
            parser.Parse(chunk, False)
    if current:
        paragraphs.append("".join(current))
    return "\n".join(paragraphs)


def _document_text(record) -> str:
    document = getattr(record, "document", None)
    if not document:
        return ""
    # The stored file is handed over open, not read into memory: zip and pypdf seek in it.
    with document.open("rb") as handle:
        return extract_text(handle, record.file_extension)


# --- building entries ----------------------------------------------------------------------


def _column(code: str) -> str:
    """The suffix of a per-language column: ``zh-hans`` -> ``zh_hans``."""
    return code.replace("-", "_")


def _language(code: str) -> str:
    """The language of a Django language code: ``zh-hans`` -> ``zh``."""
    return code.split("-")[0]


def _faq_entry(pk: int) -> list[dict[str, Any]] | None:
    faq = FAQ.objects.filter(pk=pk, published=True).first()
    if faq is None:
        return None
    common = {"url": faq.get_absolute_url(), "date": faq.updated_at.date()}
    return [{**values, **common} for values in site_search.per_language(faq, "question", "answer")]


def _event_entry(pk: int) -> list[dict[str, Any]] | None:
    event = Event.objects.public().filter(pk=pk).first()
    if event is None:
        return None
    common = {"url": event.get_absolute_url(), "date": event.start_date}
    return [
        {**values, **common} for values in site_search.per_language(event, "title", "place", "note")
    ]


def _cooperation_entry(pk: int) -> list[dict[str, Any]] | None:
    page = CooperationPage.objects.filter(pk=pk, published=True).first()
    if page is None:
        return None
    common = {"url": page.get_absolute_url(), "date": page.updated_at.date()}
    return [{**values, **common} for values in site_search.per_language(page, "title", "body")]


def register() -> None:
    """Register this app's searchable records (core/search.py), when the app is ready; the other
    apps register theirs from their own AppConfig.ready()."""
    site_search.register("faq", entry=_faq_entry, public=lambda: FAQ.objects.filter(published=True))
    site_search.register("event", entry=_event_entry, public=lambda: Event.objects.public())
    site_search.register(
        "cooperation",
        entry=_cooperation_entry,
        public=lambda: CooperationPage.objects.filter(published=True),
    )
    # The task that brings an entry up to date, by its name (outreach/tasks.py imports this).
    site_search.register_index_task("outreach.tasks.index_for_search")


def vector_for(language: str) -> CombinedExpression:
    """A row's ``tsvector``: its title (weight A) and text (weight B), with its language's text
    search configuration (not Chinese: see chinese_vectors())."""
    config = CONFIGS[language]
    return SearchVector("indexed_title", weight="A", config=config) + SearchVector(
        "body", weight="B", config=config
    )


def bigrams(text: str) -> list[str]:
    """Every pair of adjacent Chinese characters in ``text``, once each, in order of appearance
    (at most MAX_BIGRAMS): 核安全 -> 核安, 安全."""
    pairs = dict.fromkeys(match.group(1) for match in HAN_PAIR.finditer(text))
    return list(pairs)[:MAX_BIGRAMS]


def chinese_vectors(title: str, text: str) -> dict[str, Any]:
    """A Chinese row's ``vector`` and ``bigrams``. The vector holds what stands apart from the
    Chinese characters (Latin words, numbers: 1540, IAEA), cut out of them first, as the parser
    would otherwise glue them to the characters around (第1540号决议 is one "word" to it). The
    bigrams are every pair of adjacent characters, as lexemes without positions (``strip``):
    they say whether a pair occurs, which is all a two-character word needs, in a fraction of
    the space."""

    def apart(value: str) -> Value:
        return Value(HAN_WORD.sub(" ", value))

    pairs = Value(" ".join(bigrams(f"{title}\n{text}")))
    return {
        "vector": SearchVector(apart(title), weight="A", config=CONFIGS[Language.CHINESE])
        + SearchVector(apart(text), weight="B", config=CONFIGS[Language.CHINESE]),
        "bigrams": Func(
            SearchVector(pairs, config="simple"), function="strip", output_field=SearchVectorField()
        ),
    }


@transaction.atomic
def index(kind: str, pk: int) -> SearchEntry | None:
    """Bring the search entries of one record up to date: create or refresh one per language
    the record is written in when it is public, delete them when it is not (or no longer
    exists). Returns the entry in the record's first language, or None. Idempotent."""
    kind = SearchKind(kind)
    # Whatever language the caller speaks, "title" means the English title (modeltranslation
    # writes a plain field name to the active language's column).
    with translation.override("en"):
        return _index(kind, pk)


def _index(kind: SearchKind, pk: int) -> SearchEntry | None:
    found = site_search.searchable(kind).entry(pk)
    if found is None:
        found = []
    versions = [found] if isinstance(found, dict) else [dict(values) for values in found]
    for values in versions:
        values["language"] = Language(values.get("language") or Language.ENGLISH)
    SearchEntry.objects.filter(kind=kind, object_id=pk).exclude(
        language__in=[values["language"] for values in versions]
    ).delete()
    entries = [_save(kind, pk, values) for values in versions]
    return entries[0] if entries else None


def _save(kind: SearchKind, pk: int, values: dict[str, Any]) -> SearchEntry:
    """Create or refresh the entry of one record in one language."""
    values = dict(values)
    language = values.pop("language")
    # The text of the record's document, if it has one, after what the record itself says.
    texts = [values.pop("body", "") or "", _document_text(values.pop("document", None))]
    values["body"] = "\n".join(text for text in texts if text)[:MAX_BODY_CHARS]
    values["indexed_title"] = (values.pop("title", "") or values.get("title_en") or "")[:300]
    values.setdefault("title_en", values["indexed_title"])
    for name in [name for name in values if name.startswith("title_")]:
        values[name] = (values[name] or "")[:300]
    # The plain column mirrors English, as modeltranslation keeps it.
    values["title"] = values["title_en"]
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind, object_id=pk, language=language, defaults={**values, "public": True}
    )
    if is_postgresql():
        if language == Language.CHINESE:
            columns = chinese_vectors(entry.indexed_title, entry.body)
        else:
            columns = {"vector": vector_for(language), "bigrams": None}
        SearchEntry.objects.filter(pk=entry.pk).update(**columns)
    return entry


def rebuild() -> int:
    """Index every public record again (``manage.py rebuild_search_index``): every kind
    registered with core/search.py. Returns the number of records indexed."""
    count = 0
    for kind, searchable in site_search.registered().items():
        keep = list(searchable.public().values_list("pk", flat=True))
        SearchEntry.objects.filter(kind=kind).exclude(object_id__in=keep).delete()
        for pk in keep:
            index(kind, pk)
            count += 1
    return count


# --- searching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: str
    url: str
    state_name: str
    date: object
    language: str
    language_label: str
    snippet: str
    snippet_html: SafeString
    rank: float


def clean_query(text: str) -> str:
    """The query as searched: control characters dropped (a NUL never gets this far: the
    request is refused first, core/security.py), white space collapsed, cut to MAX_QUERY_CHARS
    (query_problem() says when it had to be)."""
    text = CONTROL_CHARACTERS.sub("", text or "")
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def query_problem(text: str) -> str:
    """Why ``text`` cannot be searched, in the reader's language, or "" when it can: the search
    page and the API say it instead of searching."""
    words = " ".join(CONTROL_CHARACTERS.sub("", text or "").split())
    if not words:
        return _("Give one or more words to search for.")
    if len(words) > MAX_QUERY_CHARS:
        return _("Your search is too long: use at most %(limit)d characters.") % {
            "limit": MAX_QUERY_CHARS
        }
    return ""


def reader_language() -> str:
    """The reader's language (the active one) as an entry's language: ``zh-hans`` -> ``zh``."""
    language = _language(translation.get_language() or Language.ENGLISH)
    return language if language in CONFIGS else Language.ENGLISH


# --- facets --------------------------------------------------------------------------------

# The facets a search can be narrowed by, as GET parameters: what a result is, whose state it
# belongs to, its year, and the language its text is written in.
FACETS = ("kind", "state", "year", "language")
ISO3 = re.compile(r"^[A-Z]{3}$")
YEAR = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True)
class Facets:
    """The facet values a search is narrowed to; empty: not narrowed."""

    kind: str = ""
    state: str = ""
    year: int | None = None
    language: str = ""

    def condition(self) -> Q:
        """The entries these facet values keep."""
        condition = Q()
        if self.kind:
            condition &= Q(kind=self.kind)
        if self.state:
            condition &= Q(state_code=self.state)
        if self.year:
            condition &= Q(date__year=self.year)
        if self.language:
            condition &= Q(language=self.language)
        return condition

    def as_params(self) -> dict[str, str]:
        values = {"kind": self.kind, "state": self.state, "year": str(self.year or "")}
        return {**values, "language": self.language}


def _member_states() -> QuerySet:
    # By name, not by import: the search imports no app (the states app keeps the states).
    return apps.get_model("states", "MemberState").objects.all()


def _known_state(code: str) -> bool:
    return _member_states().filter(iso3=code).exists()


def state_names(codes) -> dict[str, str]:
    """The names of the states of ``codes`` (ISO3) in the reader's language (the entries keep
    the English one), in one query."""
    codes = {code for code in codes if code}
    if not codes:
        return {}
    return {state.iso3: state.name for state in _member_states().filter(iso3__in=codes)}


def parse_facets(params) -> tuple[Facets, dict[str, str]]:
    """The facet values of a request's GET parameters (``params``: a QueryDict), and what is
    wrong with each bad one, in the reader's language (the page shows it, the API answers 400).
    A facet takes one value: given twice, it is refused rather than one silently kept."""
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name in FACETS:
        given = [value.strip() for value in params.getlist(name) if value.strip()]
        if len(given) > 1:
            errors[name] = _("Give one value at most.")
        elif given:
            values[name] = given[0]
    kind = values.get("kind", "")
    if kind and kind not in SearchKind.values:
        errors["kind"] = _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(SearchKind.values)}
    state = values.get("state", "").upper()
    if state and not (ISO3.match(state) and _known_state(state)):
        errors["state"] = _("Give a member state's three-letter code, for instance CHN.")
    year = values.get("year", "")
    if year and not YEAR.match(year):
        errors["year"] = _("Give a year as four digits, for instance 2024.")
    language = values.get("language", "")
    if language and language not in Language.values:
        errors["language"] = _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(Language.values)}
    if errors:
        return Facets(), errors
    return Facets(kind=kind, state=state, year=int(year) if year else None, language=language), {}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    # The search page's query string that chooses this value (or, chosen, lets it go).
    query: str


def _facet_query(text: str, facets: Facets, name: str, value: str) -> str:
    """The search page's query string of ``text`` and ``facets`` with ``name`` set to
    ``value`` (empty: let go)."""
    params = {"q": text, **facets.as_params(), name: value}
    return urlencode({key: given for key, given in params.items() if given})


def facet_counts(text: str, facets: Facets, *, user=None) -> dict[str, list[FacetValue]]:
    """How many results each value of each facet has: for one facet, the search narrowed by
    the other facets' values (so that choosing a kind still shows the other kinds' counts).
    A record found in several languages counts once for each (choosing one of them finds it);
    otherwise once. One query per facet."""
    kinds = dict(SearchKind.choices)
    languages = dict(Language.choices)
    counted: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        found = search(
            text,
            user=user,
            facets=replace(facets, **{name: None if name == "year" else ""}),
            one_per_record=name != "language",
        )
        # No ordering: it would be grouped by too.
        records = SearchEntry.objects.filter(pk__in=found.values("pk")).order_by()
        if name == "kind":
            rows = records.values_list("kind").annotate(n=Count("pk"))
            values = [(value, str(kinds.get(value, value)), n) for value, n in rows]
        elif name == "state":
            rows = list(
                records.exclude(state_code="")
                .values_list("state_code", "state_name")
                .annotate(n=Count("pk"))
            )
            names = state_names(code for code, _name, _n in rows)
            values = [(code, names.get(code, name), n) for code, name, n in rows]
        elif name == "year":
            rows = (
                records.exclude(date=None)
                .annotate(year=ExtractYear("date"))
                .values_list("year")
                .annotate(n=Count("pk"))
            )
            values = [(str(year), str(year), n) for year, n in rows]
        else:
            rows = records.values_list("language").annotate(n=Count("pk"))
            values = [(value, str(languages.get(value, value)), n) for value, n in rows]
        chosen = facets.as_params()[name]
        counted[name] = [
            FacetValue(
                value=value,
                label=label,
                count=n,
                selected=value == chosen,
                query=_facet_query(text, facets, name, "" if value == chosen else value),
            )
            for value, label, n in sorted(values, key=lambda row: (-row[2], row[1]))
        ]
    return counted


def search(
    text: str,
    *,
    user=None,
    kind: str | None = None,
    language: str | None = None,
    facets: Facets | None = None,
    one_per_record: bool = True,
) -> QuerySet:
    """The entries matching ``text``, one per record: the reader's language's first
    (``language``, by default the active one), then best first, with a ``rank`` annotation
    (results() adds the snippets of a page), narrowed to ``facets``' values. Only public
    entries are ever searched, whoever asks: nothing a reader may not open is in the index."""
    text = clean_query(text)
    entries = SearchEntry.objects.visible_to(user)
    if kind:
        entries = entries.filter(kind=kind)
    if facets is not None:
        entries = entries.filter(facets.condition())
    if not text:
        return entries.none()
    match, rank = _postgresql(text) if is_postgresql() else _fallback(text)
    if not one_per_record:
        return entries.filter(match).annotate(rank=rank).order_by("-rank", "-date", "pk")
    own = Case(
        When(language=language or reader_language(), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        entries.filter(match)
        .annotate(own=own, rank=rank)
        # A record found in several languages is listed once: in the reader's language when
        # it was found there, else where it ranks best.
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("kind"), F("object_id")],
                order_by=[F("own").desc(), F("rank").desc(), F("pk").asc()],
            )
        )
        .filter(place=1)
        .order_by("-own", "-rank", "-date", "pk")
    )


def _terms(text: str) -> tuple[list[str], list[str]]:
    """The words that must appear and those that must not (``-word``), quotes dropped: how a
    query reads where it is matched by substring (Chinese, and everything on SQLite)."""
    required, excluded = [], []
    for word in text.split():
        word = word.strip('"')
        if word.startswith("-") and len(word) > 1:
            excluded.append(word[1:])
        elif word:
            required.append(word)
    return required, excluded


def _substring(word: str) -> Q:
    """The title or the text contains ``word``, whatever its case; a word without case (Chinese,
    numbers) by a plain LIKE, several times faster on a long text than the UPPER() of both
    sides that icontains compares."""
    if word.upper() == word.lower():
        return Q(indexed_title__contains=word) | Q(body__contains=word)
    return Q(indexed_title__icontains=word) | Q(body__icontains=word)


def _chinese_word(word: str) -> Q:
    """A Chinese row contains ``word`` (which has Chinese characters): the rows holding all its
    character pairs (the bigrams' GIN index), which for a two-character word is exact; longer
    words are then looked for in those rows' text (LIKE, on these rows only)."""
    pairs = bigrams(word)
    condition = Q()
    if pairs:
        query = SearchQuery(" & ".join(pairs), config="simple", search_type="raw")
        condition &= Q(bigrams=query)
    if len(word) != 2 or not pairs:
        condition &= _substring(word)
    return condition


def _postgresql(text: str) -> tuple[Q, Case]:
    """What matches ``text``, and its rank, each row in its own language: ``websearch_to_tsquery``
    with the language's configuration; Chinese rows by the words with Chinese characters
    (_chinese_word) and, for the rest of the query, their vector."""
    required, excluded = _terms(text)
    han_required = [word for word in required if HAN_WORD.search(word)]
    chinese = Q(language=Language.CHINESE)
    in_title = Q()
    for word in han_required:
        chinese &= _chinese_word(word)
        in_title &= Q(indexed_title__icontains=word)
    for word in excluded:
        if HAN_WORD.search(word):
            chinese &= ~_substring(word)
    chinese_rank: Case | SearchRank | Value = Value(0.1)
    if han_required:
        # No ts_rank for Chinese words: a title holding them all comes first.
        chinese_rank = Case(When(in_title, then=Value(0.6)), default=Value(0.1))
    rest = " ".join(word for word in text.split() if not HAN_WORD.search(word))
    if rest:
        query = SearchQuery(rest, config=CONFIGS[Language.CHINESE], search_type="websearch")
        chinese &= Q(vector=query)
        if not han_required:
            chinese_rank = SearchRank(F("vector"), query)
    match = chinese
    ranks = [When(language=Language.CHINESE, then=chinese_rank)]
    for language, config in CONFIGS.items():
        if language != Language.CHINESE:
            query = SearchQuery(text, config=config, search_type="websearch")
            match |= Q(language=language, vector=query)
            ranks.append(When(language=language, then=SearchRank(F("vector"), query)))
    return match, Case(*ranks, default=Value(0.0), output_field=FloatField())


def _fallback(text: str) -> tuple[Q, Value]:
    """SQLite: every word in the title or the text, in any language."""
    required, excluded = _terms(text)
    condition = Q() if required else Q(pk__in=[])
    for word in required:
        condition &= _substring(word)
    for word in excluded:
        condition &= ~_substring(word)
    return condition, Value(1.0)


def _headlines(entries: list[SearchEntry], text: str) -> dict[int, str]:
    """The ``ts_headline`` snippets of one page of entries, each in its own language's
    configuration, in one query (PostgreSQL; not Chinese rows, whose words it cannot find)."""
    cases = []
    for language, config in CONFIGS.items():
        if language == Language.CHINESE:
            continue
        query = SearchQuery(text, config=config, search_type="websearch")
        headline = SearchHeadline(
            "body",
            query,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        cases.append(When(language=language, then=headline))
    return dict(
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries])
        .exclude(language=Language.CHINESE)
        .annotate(headline=Case(*cases, default=Value(""), output_field=TextField()))
        .values_list("pk", "headline")
    )


def _fallback_snippet(body: str, text: str) -> str:
    """A window of the text around the first word found, the words marked (SQLite, and
    Chinese rows on PostgreSQL)."""
    words = [re.escape(word) for word in _terms(text)[0]]
    if not words:
        return body[:SNIPPET_CHARS]
    pattern = re.compile("|".join(words), re.IGNORECASE)
    found = pattern.search(body)
    start = max(0, found.start() - SNIPPET_CHARS // 3) if found else 0
    window = body[start : start + SNIPPET_CHARS]
    window = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)
    return ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(body) else "")


def _in_language(url: str, language: str) -> str:
    """An entry's address (stored in English) in the reader's language: /zh-hans/faq/..., so
    that following a result does not switch the website to English."""
    with translation.override("en"):
        return translate_url(url, language)


def results(entries, text: str) -> list[Result]:
    """Turn one page of entries into what the page and the API show: the title in the
    reader's language, and the snippet escaped with its matches in <mark>."""
    entries = list(entries)
    headlines = _headlines(entries, text) if entries and is_postgresql() else {}
    reader = translation.get_language() or "en"
    language = _column(reader)
    kinds = dict(SearchKind.choices)
    languages = dict(Language.choices)
    names = state_names(entry.state_code for entry in entries)
    out = []
    for entry in entries:
        raw = headlines.get(entry.pk) or _fallback_snippet(entry.body, text)
        raw = " ".join(raw.split())
        plain = raw.replace(START, "").replace(STOP, "")
        marked = html.escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
        title = getattr(entry, f"title_{language}", None) or entry.title_en or entry.title
        out.append(
            Result(
                kind=entry.kind,
                kind_label=str(kinds.get(entry.kind, entry.kind)),
                title=title,
                url=_in_language(entry.url, reader),
                state_name=names.get(entry.state_code, entry.state_name),
                date=entry.date,
                language=entry.language,
                language_label=str(languages.get(entry.language, entry.language)),
                snippet=plain,
                snippet_html=mark_safe(marked),  # noqa: S308 - escaped above, markers only
                rank=float(entry.rank or 0),
            )
        )
    return out
