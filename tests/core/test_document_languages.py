"""What a document written to a state in one of the six languages needs (core/pdf.py): the
site's code of a document language, the state's name as the running text of a letter gives it,
and the prepositions French, Spanish and Arabic join to the article of that name."""

from __future__ import annotations

import pytest
from django.utils import translation

from core.pdf import contract_articles, language_of, letter_name, locale_of, russian_genitive
from states.models import MemberState


def test_a_document_language_has_its_site_language_and_back():
    assert [locale_of(code) for code in ("ar", "zh", "en", "fr", "ru", "es")] == [
        "ar",
        "zh-hans",
        "en",
        "fr",
        "ru",
        "es",
    ]
    assert language_of("zh-hans") == "zh"
    assert language_of("fr") == "fr"


@pytest.mark.parametrize(
    ("language", "text", "name", "written"),
    [
        (
            "fr",
            "au Représentant permanent de le Japon",
            "le Japon",
            "au Représentant permanent du Japon",
        ),
        (
            "fr",
            "de les États-Unis d'Amérique",
            "les États-Unis d'Amérique",
            "des États-Unis d'Amérique",
        ),
        (
            "fr",
            "il encourage le Japon à le présenter",
            "le Japon",
            "il encourage le Japon à le présenter",
        ),
        ("fr", "avant de le faire, à le Japon", "le Japon", "avant de le faire, au Japon"),
        ("fr", "de la République du Tchad", "la République du Tchad", "de la République du Tchad"),
        ("es", "de el Japón y a el Japón", "el Japón", "del Japón y al Japón"),
        ("es", "para el Japón", "el Japón", "para el Japón"),
        (
            "ar",
            "الممثل الدائم لالمملكة المتحدة",
            "المملكة المتحدة",
            "الممثل الدائم للمملكة المتحدة",
        ),
        ("ar", "بالمملكة المتحدة", "المملكة المتحدة", "بالمملكة المتحدة"),
        ("en", "of the Republic of Chad", "the Republic of Chad", "of the Republic of Chad"),
    ],
)
def test_the_article_of_a_name_is_joined_to_its_preposition_and_nothing_else(
    language, text, name, written
):
    with translation.override(language):
        assert contract_articles(text, [name]) == written


def test_in_html_the_escaped_name_is_found():
    with translation.override("fr"):
        html = "de les États-Unis d&#x27;Amérique"
        assert contract_articles(html, ["les États-Unis d'Amérique"], html=True) == (
            "des États-Unis d&#x27;Amérique"
        )


@pytest.mark.parametrize(
    ("nominative", "genitive"),
    [
        ("Республика Чад", "Республики Чад"),
        ("Российская Федерация", "Российской Федерации"),
        ("Соединенные Штаты Америки", "Соединенных Штатов Америки"),
        (
            "Соединенное Королевство Великобритании и Северной Ирландии",
            "Соединенного Королевства Великобритании и Северной Ирландии",
        ),
        ("Китайская Народная Республика", "Китайской Народной Республики"),
        ("Объединенные Арабские Эмираты", "Объединенных Арабских Эмиратов"),
        ("Иорданское Хашимитское Королевство", "Иорданского Хашимитского Королевства"),
        ("Королевство Нидерландов", "Королевства Нидерландов"),
        ("Япония", "Японии"),
        ("Сент-Винсент и Гренадины", "Сент-Винсента и Гренадин"),
        ("Тувалу", "Тувалу"),
    ],
)
def test_a_russian_formal_name_is_put_in_the_genitive(nominative, genitive):
    assert russian_genitive(nominative) == genitive


def test_every_russian_formal_name_has_a_genitive(member_states):
    # Every name but the two that do not decline changes; none is left as it was by oversight.
    unchanged = [
        state.iso3
        for state in MemberState.objects.all()
        if russian_genitive(state.formal_name_ru) == state.formal_name_ru
    ]
    assert sorted(unchanged) == ["BFA", "TUV"]


def test_a_letter_names_the_state_by_its_formal_name_in_the_active_language(member_states):
    chad = MemberState.objects.get(iso3="TCD")

    names = {}
    for code in ("en", "fr", "es", "ru", "zh-hans", "ar"):
        with translation.override(code):
            names[code] = letter_name(chad)

    assert names == {
        "en": "the Republic of Chad",
        "fr": "la République du Tchad",
        "es": "la República del Chad",
        "ru": "Республики Чад",
        "zh-hans": "乍得共和国",
        "ar": "جمهورية تشاد",
    }
