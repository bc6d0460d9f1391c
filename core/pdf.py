"""PDF rendering with WeasyPrint, and what a document written in one of the six official languages
needs: the site's language code of a document's language, the state's name as a letter's running
text gives it, and the prepositions that French, Spanish and Arabic join to the article of a name.

Generated files are stored under a new, unique name each time, and the row that points to them is
updated only after the file is completely written, in the same transaction as the rest of the
result: a worker killed half-way leaves at most an orphan file that nothing points to, and readers
keep seeing the previous complete version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.choices import Language


class NamedState(Protocol):
    """A member state, as a letter names it (states.models.MemberState: core imports no app)."""

    name: str
    formal_name: str


def render_pdf(template_name: str, context: dict, *, names: Iterable[str] = ()) -> bytes:
    """Render a Django template to PDF bytes, in the active language. ``names`` are the state
    names the text gives (as ``letter_name`` makes them), before which the language's preposition
    and article are joined ("de le Japon" is "du Japon"). Fonts come from the system (Noto, with
    Chinese and Arabic glyphs, installed by scripts/system-deps); the templates put first the
    font of the language's script (templates/committee/_pdf_style.html)."""
    from weasyprint import HTML  # imported late: loading Pango costs start-up time everywhere

    html = contract_articles(render_to_string(template_name, context), names, html=True)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


# --- Documents in the six languages ---------------------------------------------------------------


def locale_of(language: str) -> str:
    """The site's language code (what ``translation.override`` takes) of a document language
    (core.choices.Language): Chinese is "zh-hans"; the five others keep their code."""
    return "zh-hans" if language == Language.CHINESE else language


def language_of(locale: str) -> str:
    """The document language (core.choices.Language) of a site language code: the reverse of
    ``locale_of``."""
    return Language.CHINESE.value if locale.startswith("zh") else locale


def language_refused(language: object) -> str:
    """What a document language that is not one of the six is told: the six, by code and name
    (a build's, a letter's ``language``)."""
    return _("“%(value)s” is not one of the six official languages: choose %(choices)s.") % {
        "value": language,
        "choices": ", ".join(f"{value} ({label})" for value, label in Language.choices),
    }


def letter_name(state: NamedState) -> str:
    """The state as the running text of a letter or a note verbale names it, in the active
    language: its formal name ("la République du Tchad", "中华人民共和国", "the Republic of Chad"),
    and in Russian its formal name in the genitive ("Республики Чад"), the one case the Russian
    texts use it in ("Постоянному представителю Республики Чад")."""
    name = state.formal_name or state.name
    if (get_language() or "") == "ru":
        return russian_genitive(name)
    return name


# French and Spanish write a preposition and the masculine article as one word; Arabic joins the
# preposition li- to the article al- as "لل". Each rule: the preposition, the article at the start
# of the name, what they become together.
_CONTRACTIONS: dict[str, list[tuple[str, str, str]]] = {
    "fr": [
        ("de", "le ", "du "),
        ("de", "les ", "des "),
        ("à", "le ", "au "),
        ("à", "les ", "aux "),
        ("De", "le ", "Du "),
        ("De", "les ", "Des "),
        ("À", "le ", "Au "),
        ("À", "les ", "Aux "),
    ],
    "es": [("de", "el ", "del "), ("a", "el ", "al "), ("De", "el ", "Del "), ("A", "el ", "Al ")],
}


def contract_articles(text: str, names: Iterable[str], *, html: bool = False) -> str:
    """``text`` with the preposition and article before each of ``names`` joined as the active
    language writes them: "de le Japon" is "du Japon", "à les États-Unis" "aux États-Unis",
    "de el Japón" "del Japón", Arabic "لالمملكة" "للمملكة". Only before the names, so that
    "de le" elsewhere (a pronoun: "avant de le faire") is left as written. ``html``: the text
    is HTML, where the names are escaped."""
    language = get_language() or ""
    for name in {name for name in names if name}:
        written = escape(name) if html else name
        if language == "ar":
            if name.startswith("ال"):
                text = re.sub(rf"(?<!\w)ل{re.escape(written)}", "لل" + written[2:], text)
            continue
        for preposition, article, joined in _CONTRACTIONS.get(language, []):
            if name.startswith(article):
                text = re.sub(
                    rf"(?<!\w){preposition}\s+{re.escape(written)}",
                    joined + written[len(article) :],
                    text,
                )
    return text


# The Russian formal names are "[adjectives] Head [the rest]" ("Объединенная Республика
# Танзания"): the genitive declines the adjectives and the head and leaves the rest, which is
# already in the genitive ("Королевство Нидерландов") or a name in apposition ("Республика Чад":
# "Республики Чад"). The names without such a head (the short name as formal name) are listed.
_RUSSIAN_HEADS = {
    "Республика": "Республики",
    "Королевство": "Королевства",
    "Княжество": "Княжества",
    "Государство": "Государства",
    "Содружество": "Содружества",
    "Союз": "Союза",
    "Федерация": "Федерации",
    "Конфедерация": "Конфедерации",
    "Султанат": "Султаната",
    "Герцогство": "Герцогства",
    "Штаты": "Штатов",
    "Эмираты": "Эмиратов",
}
_RUSSIAN_ADJECTIVE_ENDINGS = [("ая", "ой"), ("ое", "ого"), ("ые", "ых"), ("ие", "их")]
_RUSSIAN_GENITIVES = {
    "Австралия": "Австралии",
    "Антигуа и Барбуда": "Антигуа и Барбуды",
    "Барбадос": "Барбадоса",
    "Белиз": "Белиза",
    "Босния и Герцеговина": "Боснии и Герцеговины",
    "Бруней-Даруссалам": "Бруней-Даруссалама",
    "Буркина-Фасо": "Буркина-Фасо",
    "Венгрия": "Венгрии",
    "Гренада": "Гренады",
    "Грузия": "Грузии",
    "Ирландия": "Ирландии",
    "Исландия": "Исландии",
    "Канада": "Канады",
    "Малайзия": "Малайзии",
    "Монголия": "Монголии",
    "Непал": "Непала",
    "Новая Зеландия": "Новой Зеландии",
    "Румыния": "Румынии",
    "Сент-Винсент и Гренадины": "Сент-Винсента и Гренадин",
    "Сент-Китс и Невис": "Сент-Китса и Невиса",
    "Сент-Люсия": "Сент-Люсии",
    "Соломоновы Острова": "Соломоновых Островов",
    "Тувалу": "Тувалу",
    "Туркменистан": "Туркменистана",
    "Украина": "Украины",
    "Черногория": "Черногории",
    "Ямайка": "Ямайки",
    "Япония": "Японии",
}


def russian_genitive(name: str) -> str:
    """A state's Russian formal name in the genitive ("Республика Чад": "Республики Чад",
    "Соединенные Штаты Америки": "Соединенных Штатов Америки"). A name of another form is left
    in the nominative: readable, if not declined."""
    if name in _RUSSIAN_GENITIVES:
        return _RUSSIAN_GENITIVES[name]
    words = name.split(" ")
    for position, word in enumerate(words):
        if word in _RUSSIAN_HEADS:
            adjectives = []
            for adjective in words[:position]:
                ending = next(
                    (e for e in _RUSSIAN_ADJECTIVE_ENDINGS if adjective.endswith(e[0])), None
                )
                if ending is None:
                    return name
                adjectives.append(adjective[: -len(ending[0])] + ending[1])
            return " ".join([*adjectives, _RUSSIAN_HEADS[word], *words[position + 1 :]])
    return name
