"""Dates in each language's own forms (issue 13): the same day and moment rendered in the six
official languages, the locale's named formats on a real page, and no template that writes a
date with a pattern of its own (Chinese "24 十月 1945" and Russian "6 Ноябрь 2026" came from
those)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from pytest_django.asserts import assertContains

DAY = date(2026, 12, 1)
MOMENT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)

# English as the UN writes it (committee/formats/en); the others as Django's locales give them.
DAYS = {
    "en": "1 December 2026",
    "ar": "1 ديسمبر، 2026",
    "zh-hans": "2026年12月1日",
    "fr": "1 décembre 2026",
    "ru": "1 декабря 2026 г.",
    "es": "1 de diciembre de 2026",
}
MOMENTS = {
    "en": "1 December 2026, 10:00",
    "ar": "1 ديسمبر، 2026 10:00 ص",  # Django's Arabic date and time joined (committee/formats/ar)
    "zh-hans": "2026年12月1日 10:00",
    "fr": "1 décembre 2026 10:00",
    "ru": "1 декабря 2026 г. 10:00",
    "es": "1 de diciembre de 2026 a las 10:00",
}


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_every_language_is_covered():
    assert set(DAYS) == set(MOMENTS) == {code for code, _ in settings.LANGUAGES}


@pytest.mark.parametrize(("language", "expected"), DAYS.items())
def test_a_day_reads_in_the_languages_own_form(language, expected):
    with translation.override(language):
        assert render('{{ day|date:"DATE_FORMAT" }}', day=DAY) == expected


@pytest.mark.parametrize(("language", "expected"), MOMENTS.items())
def test_a_moment_reads_in_the_languages_own_form(language, expected):
    with translation.override(language):
        assert render('{{ moment|date:"DATETIME_FORMAT" }}', moment=MOMENT) == expected
        assert render('{{ moment|time:"TIME_FORMAT" }}', moment=MOMENT).startswith("10:00")


def test_english_short_dates_are_not_american():
    with translation.override("en"):
        assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=DAY) == "1 Dec 2026"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "24 October 1945"),
        ("/ar", "24 أكتوبر، 1945"),
        ("/zh-hans", "1945年10月24日"),
        ("/fr", "24 octobre 1945"),
        ("/ru", "24 октября 1945 г."),
        ("/es", "24 de octubre de 1945"),
    ],
)
def test_a_states_page_gives_its_date_of_admission_in_the_readers_form(
    client, member_states, prefix, expected
):
    assertContains(client.get(f"{prefix}/states/CHN/"), expected)


# The locale's named formats; and what is no date in any language: ISO 8601 ("c"), the zone's
# name ("e"), and the audit trail's time to the second ("H:i:s", the same in every language).
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
}
NOT_A_DATE = {"c", "e", "H:i:s"}
DATE_FILTER = re.compile(r"""\|(?:date|time):(?:"([^"]*)"|'([^']*)')""")


def test_no_template_writes_a_date_with_a_pattern_of_its_own():
    own = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*.*")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in DATE_FILTER.finditer(line):
                pattern = match.group(1) or match.group(2)
                if pattern not in NAMED | NOT_A_DATE:
                    own.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {pattern}")

    assert own == []
