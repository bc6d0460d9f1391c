"""The website's full-text search: published national reports (with the text of their
documents), frequently asked questions, public events, effective practices and national action
plans. What it finds is registered by each app (core/search.py): this module imports no other app.

On PostgreSQL each entry keeps a weighted ``tsvector`` (title A, text B) behind a GIN index;
a query is ranked with ``ts_rank`` and shown with a ``ts_headline`` snippet. On SQLite (the
embedded default) every word must appear in the title or the text, newest first, and the snippet
is cut around the first match in Python.

Entries are derived data: ``index(kind, pk)`` rebuilds one from its record, and removes it when
the record is no longer public, so calling it again is always safe (the Celery task retries it).
"""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO
from xml.parsers import expat

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Value
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from core import search as site_search
from outreach.choices import SearchKind
from outreach.models import FAQ, Event, SearchEntry

logger = logging.getLogger(__name__)

# The full-text configuration: "simple" (no stemming) because the website holds six languages
# and reports in any of them; ranking and phrase matching still work.
TS_CONFIG = "simple"
# Markers around highlighted words, chosen so that no document text contains them: the snippet
# is escaped first and the markers then become <mark> tags.
START, STOP = "\x02", "\x03"
SNIPPET_CHARS = 240
MAX_QUERY_CHARS = 200
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


def _translations(instance, field: str) -> dict[str, str]:
    """``{"title_en": ..., "title_fr": ...}`` for a field kept per language."""
    values = {}
    for code in settings.MODELTRANSLATION_LANGUAGES:
        column = f"{field}_{code.replace('-', '_')}"
        values[column] = getattr(instance, column, None) or ""
    return values


def _all_languages(instance, *fields: str) -> str:
    seen: list[str] = []
    for field in fields:
        for value in _translations(instance, field).values():
            if value and value not in seen:
                seen.append(value)
    return "\n".join(seen)


def _faq_entry(pk: int) -> dict | None:
    faq = FAQ.objects.filter(pk=pk, published=True).first()
    if faq is None:
        return None
    return {
        **{f"title{column[8:]}": value for column, value in _translations(faq, "question").items()},
        "body": _all_languages(faq, "answer", "question"),
        "url": faq.get_absolute_url(),
        "date": faq.updated_at.date(),
    }


def _event_entry(pk: int) -> dict | None:
    event = Event.objects.public().filter(pk=pk).first()
    if event is None:
        return None
    return {
        **_translations(event, "title"),
        "body": _all_languages(event, "title", "place", "note"),
        "url": event.get_absolute_url(),
        "date": event.start_date,
    }


def register() -> None:
    """Register this app's searchable records (core/search.py), when the app is ready; the other
    apps register theirs from their own AppConfig.ready()."""
    site_search.register("faq", entry=_faq_entry, public=lambda: FAQ.objects.filter(published=True))
    site_search.register("event", entry=_event_entry, public=lambda: Event.objects.public())
    # The task that brings an entry up to date, by its name (outreach/tasks.py imports this).
    site_search.register_index_task("outreach.tasks.index_for_search")


@transaction.atomic
def index(kind: str, pk: int) -> SearchEntry | None:
    """Bring the search entry of one record up to date: create or refresh it when the record is
    public, delete it when it is not (or no longer exists). Idempotent."""
    kind = SearchKind(kind)
    # Whatever language the caller speaks, "title" means the English title (modeltranslation
    # writes a plain field name to the active language's column).
    with translation.override("en"):
        return _index(kind, pk)


def _index(kind: SearchKind, pk: int) -> SearchEntry | None:
    values = site_search.searchable(kind).entry(pk)
    if values is None:
        SearchEntry.objects.filter(kind=kind, object_id=pk).delete()
        return None
    # The text of the record's document, if it has one, after what the record itself says.
    texts = [values.get("body") or "", _document_text(values.pop("document", None))]
    values["body"] = "\n".join(text for text in texts if text)[:MAX_BODY_CHARS]
    if "title" in values:
        values["title_en"] = values.pop("title")[:300]
    # The plain column mirrors English, as modeltranslation keeps it.
    values["title"] = values["title_en"]
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind, object_id=pk, defaults={**values, "public": True}
    )
    if is_postgresql():
        SearchEntry.objects.filter(pk=entry.pk).update(
            vector=SearchVector("title", weight="A", config=TS_CONFIG)
            + SearchVector("body", weight="B", config=TS_CONFIG)
        )
    return entry


def rebuild() -> int:
    """Index every public record again (``manage.py rebuild_search_index``): every kind
    registered with core/search.py."""
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
    snippet: str
    snippet_html: SafeString
    rank: float


def clean_query(text: str) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_CHARS]


def search(text: str, *, user=None, kind: str | None = None) -> QuerySet:
    """The entries matching ``text``, best first, with ``rank`` and ``headline`` annotations.
    Only public entries are ever searched, whoever asks."""
    text = clean_query(text)
    entries = SearchEntry.objects.visible_to(user)
    if kind:
        entries = entries.filter(kind=kind)
    if not text:
        return entries.none()
    if is_postgresql():
        query = SearchQuery(text, config=TS_CONFIG, search_type="websearch")
        return (
            entries.filter(vector=query)
            .annotate(
                rank=SearchRank(F("vector"), query),
                headline=SearchHeadline(
                    "body",
                    query,
                    config=TS_CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-date", "pk")
        )
    words = [word.strip('"') for word in text.split() if word.strip('"')]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return (
        entries.filter(condition)
        .annotate(rank=Value(1.0), headline=Value(""))
        .order_by("-date", "pk")
    )


def _fallback_snippet(body: str, text: str) -> str:
    """A window of the text around the first word found, the words marked (SQLite)."""
    words = [re.escape(word.strip('"')) for word in text.split() if word.strip('"')]
    if not words:
        return body[:SNIPPET_CHARS]
    pattern = re.compile("|".join(words), re.IGNORECASE)
    found = pattern.search(body)
    start = max(0, found.start() - SNIPPET_CHARS // 3) if found else 0
    window = body[start : start + SNIPPET_CHARS]
    window = pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window)
    return ("…" if start else "") + window + ("…" if start + SNIPPET_CHARS < len(body) else "")


def results(entries, text: str) -> list[Result]:
    """Turn one page of entries into what the page and the API show: the title in the
    reader's language, and the snippet escaped with its matches in <mark>."""
    language = (translation.get_language() or "en").replace("-", "_")
    labels = dict(SearchKind.choices)
    out = []
    for entry in entries:
        raw = entry.headline or _fallback_snippet(entry.body, text)
        raw = " ".join(raw.split())
        plain = raw.replace(START, "").replace(STOP, "")
        marked = html.escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")
        title = getattr(entry, f"title_{language}", None) or entry.title_en or entry.title
        out.append(
            Result(
                kind=entry.kind,
                kind_label=str(labels.get(entry.kind, entry.kind)),
                title=title,
                url=entry.url,
                state_name=entry.state_name,
                date=entry.date,
                snippet=plain,
                snippet_html=mark_safe(marked),  # noqa: S308 - escaped above, markers only
                rank=float(entry.rank or 0),
            )
        )
    return out
