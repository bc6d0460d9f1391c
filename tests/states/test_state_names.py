"""The member states in the six official languages: each page, export and API answer names a
state in the reader's language (English where a translation is missing), lists come in that
language's alphabetical order, letters have the state's formal name, and each state has a
language of correspondence that the secretariat may change and the reference data then keeps."""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from core.choices import Language
from states.management.commands.load_states import (
    DATA_FILE,
    FORMAL_NAMES_FILE,
    LANGUAGES_FILE,
    NAMES_FILE,
)
from states.matrices.models import Matrix, MatrixEntry
from states.models import MemberState
from tests.helpers import Written
from tests.states.collation import in_icu_order

SITE_LANGUAGES = ["ar", "en", "es", "fr", "ru", "zh-hans"]
COLUMNS = ["name_ar", "name_en", "name_es", "name_fr", "name_ru", "name_zh_hans"]


def rows(file: Path) -> list[dict[str, str]]:
    with file.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def arabic_names() -> list[str]:
    return [row["name_ar"] for row in rows(NAMES_FILE)]


def row_headings(page: str) -> list[str]:
    """The state names heading the rows of a list page, in order."""
    cells = re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a></th>', page)
    return [unescape(cell) for cell in cells]


# --- the reference data ---------------------------------------------------------------------


@pytest.mark.parametrize("file", [NAMES_FILE, FORMAL_NAMES_FILE, LANGUAGES_FILE])
def test_every_data_file_has_one_row_for_each_of_the_193_states(file):
    members = [row["iso3"] for row in rows(DATA_FILE)]

    assert [row["iso3"] for row in rows(file)] == members


def test_the_formal_names_are_those_of_the_un_terminology():
    chad = next(row for row in rows(FORMAL_NAMES_FILE) if row["iso3"] == "TCD")

    assert chad == {
        "iso3": "TCD",
        "formal_name_en": "the Republic of Chad",
        "formal_name_fr": "la République du Tchad",
        "formal_name_es": "la República del Chad",
        "formal_name_ru": "Республика Чад",
        "formal_name_zh": "乍得共和国",
        "formal_name_ar": "جمهورية تشاد",
        "formal_is_short_name": "",
    }


def test_a_state_without_another_formal_name_is_said_to_have_none():
    by_code = {row["iso3"]: row for row in rows(FORMAL_NAMES_FILE)}

    assert by_code["JPN"]["formal_is_short_name"] == "yes"
    assert by_code["JPN"]["formal_name_fr"] == "le Japon"
    assert by_code["JPN"]["formal_name_es"] == "el Japón"
    assert by_code["TCD"]["formal_is_short_name"] == ""


def test_the_english_formal_names_are_those_of_the_names_file():
    english = {row["iso3"]: row["formal_name_en"] for row in rows(NAMES_FILE)}

    assert {row["iso3"]: row["formal_name_en"] for row in rows(FORMAL_NAMES_FILE)} == english


def test_french_and_spanish_formal_names_carry_their_article_in_front():
    for row in rows(FORMAL_NAMES_FILE):
        assert not re.search(r"\((la|el|los|las|le|les|l')\)", row["formal_name_es"]), row
        assert not re.search(r"\((la|le|les|l')\)", row["formal_name_fr"]), row
    # A republic always has its article in running text.
    for row in rows(FORMAL_NAMES_FILE):
        if "République" in row["formal_name_fr"]:
            assert row["formal_name_fr"].startswith(("la ", "l'")), row


def test_each_language_of_correspondence_is_an_official_language():
    languages = {row["iso3"]: row["language"] for row in rows(LANGUAGES_FILE)}

    assert set(languages.values()) <= set(Language.values)
    assert languages["TCD"] == languages["SEN"] == languages["FRA"] == "fr"
    assert languages["ARG"] == languages["ESP"] == "es"
    assert languages["EGY"] == languages["SAU"] == "ar"
    assert languages["RUS"] == languages["KAZ"] == "ru"
    assert languages["CHN"] == "zh"
    assert languages["GBR"] == languages["BRA"] == languages["JPN"] == "en"


# --- the states, once loaded ------------------------------------------------------------------


def test_every_state_has_its_six_names_its_formal_names_and_a_language(member_states):
    assert MemberState.objects.count() == 193
    for column in COLUMNS:
        assert not MemberState.objects.filter(**{f"{column}__isnull": True}).exists(), column
        assert not MemberState.objects.filter(**{column: ""}).exists(), column
        formal = column.replace("name_", "formal_name_")
        assert not MemberState.objects.filter(**{f"{formal}__isnull": True}).exists(), formal
    assert set(
        MemberState.objects.values_list("correspondence_language", flat=True).distinct()
    ) == set(Language.values)


def test_a_states_name_follows_the_active_language(member_states):
    china = MemberState.objects.get(iso3="CHN")
    expected = {"ar": "الصين", "en": "China", "es": "China", "fr": "Chine", "ru": "Китай"}
    expected["zh-hans"] = "中国"

    for language, name in expected.items():
        with translation.override(language):
            assert china.name == name
            assert str(china) == name
    assert china.names() == expected


def test_chads_formal_name_in_french_is_la_republique_du_tchad(member_states):
    chad = MemberState.objects.get(iso3="TCD")

    with translation.override("fr"):
        assert chad.formal_name == "la République du Tchad"
    with translation.override("en"):
        assert chad.formal_name == "the Republic of Chad"
    assert chad.correspondence_language == Language.FRENCH
    assert chad.correspondence_locale == "fr"


def test_china_is_written_to_in_chinese_with_the_sites_language_code(member_states):
    china = MemberState.objects.get(iso3="CHN")

    assert china.correspondence_language == Language.CHINESE
    assert china.correspondence_locale == "zh-hans"
    with translation.override(china.correspondence_locale):
        assert china.formal_name == "中华人民共和国"


def test_a_missing_translation_falls_back_to_english(member_states):
    MemberState.objects.filter(iso3="CHN").update(name_fr=None, formal_name_fr=None)
    china = MemberState.objects.get(iso3="CHN")

    with translation.override("fr"):
        assert china.name == "China"
        assert china.formal_name == "the People's Republic of China"
        assert MemberState.objects.filter(iso3="CHN").values_list("name", flat=True)[0] == "China"
    assert china.names()["fr"] == "China"


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_states_come_in_the_alphabetical_order_of_the_readers_language(member_states, language):
    with translation.override(language):
        names = [state.name for state in MemberState.objects.all()]
        annotated = list(
            MemberState.objects.with_first_report_date().values_list("name", flat=True)
        )

    assert names == annotated == in_icu_order(names, language)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collations: PostgreSQL only")
def test_arabic_order_is_not_the_order_of_the_code_points(member_states):
    # The hamza forms of alef sort with alef in Arabic; by code point, "إثيوبيا" (U+0625) would
    # come after every name starting with "أ" (U+0623).
    assert in_icu_order(arabic_names(), "ar") != sorted(arabic_names())


# --- pages --------------------------------------------------------------------------------------


def test_the_chinese_page_of_china_is_headed_zhongguo(client, member_states):
    page = client.get("/zh-hans/states/CHN/").content.decode()

    assert "<h1>中国</h1>" in page
    assert "<title>中国" in page


@pytest.mark.parametrize(
    ("language", "name"), [("fr", "Tchad"), ("ru", "Чад"), ("ar", "تشاد"), ("en", "Chad")]
)
def test_the_page_of_chad_names_it_in_the_readers_language(client, member_states, language, name):
    prefix = "" if language == "en" else f"/{language}"

    page = client.get(f"{prefix}/states/TCD/").content.decode()

    assert f"<h1>{name}</h1>" in page


def test_the_arabic_list_of_states_is_in_arabic_and_in_arabic_order(client, member_states):
    headings = []
    for number in (1, 2, 3, 4):
        page = client.get("/ar/states/", {"page": number}).content.decode()
        headings += row_headings(page)

    assert len(headings) == 193
    assert headings == in_icu_order(arabic_names(), "ar")


def test_a_french_reader_finds_china_by_its_french_or_its_english_name(client, member_states):
    for query in ("Chine", "China", "chn"):
        page = client.get("/fr/states/", {"q": query}).content.decode()
        assert "Chine" in row_headings(page), query


def test_the_open_data_names_the_state_in_the_readers_language(client, build_matrix):
    build_matrix("TCD", "published", marks={"OP1-N-NPT": "X"})

    french = b"".join(client.get("/fr/matrices/open-data.csv").streaming_content).decode()
    english = b"".join(client.get("/matrices/open-data.csv").streaming_content).decode()

    assert "\nTCD,Tchad,African," in french
    assert "\nTCD,Chad,African," in english


def test_matrices_and_their_entries_sort_by_the_states_name_in_any_language(build_matrix):
    for iso3 in ("CHN", "DEU", "AUS"):
        build_matrix(iso3, "published")

    with translation.override("ru"):
        names = [matrix.state.name for matrix in Matrix.objects.select_related("state")]
        # Entries sort by their matrix, hence by the matrix's own order (through two relations).
        entries = [
            entry.matrix.state.name for entry in MatrixEntry.objects.select_related("matrix__state")
        ]

    assert names == ["Австралия", "Германия", "Китай"]
    assert list(dict.fromkeys(entries)) == names


# --- the language of correspondence -------------------------------------------------------------


def test_reloading_keeps_the_language_the_secretariat_chose(member_states):
    MemberState.objects.filter(iso3="TCD").update(
        correspondence_language=Language.ENGLISH, correspondence_language_chosen=True
    )
    MemberState.objects.filter(iso3="SEN").update(correspondence_language=Language.ENGLISH)

    call_command("load_states", verbosity=0)

    assert MemberState.objects.get(iso3="TCD").correspondence_language == Language.ENGLISH
    # Senegal's was not chosen by anyone: the reference data's default comes back.
    assert MemberState.objects.get(iso3="SEN").correspondence_language == Language.FRENCH


def test_reloading_restores_a_changed_name_in_every_language(member_states):
    MemberState.objects.filter(iso3="CHN").update(name_ru="Китайская", formal_name_zh_hans="x")

    call_command("load_states", verbosity=0)

    china = MemberState.objects.get(iso3="CHN")
    assert (china.name_ru, china.formal_name_zh_hans) == ("Китай", "中华人民共和国")
    assert china.name_en == "China"


def test_a_data_file_with_a_language_not_among_the_six_is_refused_and_nothing_is_written(
    member_states, tmp_path
):
    text = LANGUAGES_FILE.read_text(encoding="utf-8").replace("BRA,en", "BRA,pt")
    bad = tmp_path / "languages.csv"
    bad.write_text(text, encoding="utf-8")
    MemberState.objects.filter(iso3="SEN").update(correspondence_language=Language.ENGLISH)
    written = Written(MemberState)

    with pytest.raises(CommandError, match=r"'pt' is not one of the six official languages"):
        call_command("load_states", languages_file=bad, verbosity=0)

    assert written.unchanged()
    assert MemberState.objects.get(iso3="SEN").correspondence_language == Language.ENGLISH


def test_a_data_file_missing_a_state_is_refused(member_states, tmp_path):
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
    short = tmp_path / "names.csv"
    short.write_text("".join(line for line in lines if not line.startswith("TCD,")), "utf-8")

    with pytest.raises(CommandError, match="no row for TCD"):
        call_command("load_states", names_file=short, verbosity=0)


def _post_state_form(client, state, **changes):
    """Post the admin's change form of ``state`` as it stands, with ``changes`` on top."""
    url = f"/admin/states/memberstate/{state.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(changes)
    return client.post(url, data)


def test_the_secretariat_chooses_a_states_language_of_correspondence_in_the_admin(
    client, secretariat
):
    client.force_login(secretariat)
    chad = MemberState.objects.get(iso3="TCD")

    response = _post_state_form(client, chad, correspondence_language="en")

    assert response.status_code == 302
    chad.refresh_from_db()
    assert chad.correspondence_language == Language.ENGLISH
    assert chad.correspondence_language_chosen
    assert chad.history.first().history_user == secretariat
    call_command("load_states", verbosity=0)
    chad.refresh_from_db()
    assert chad.correspondence_language == Language.ENGLISH


def test_the_admin_refuses_a_language_not_among_the_six_and_writes_nothing(client, secretariat):
    client.force_login(secretariat)
    chad = MemberState.objects.get(iso3="TCD")
    written = Written(MemberState)

    response = _post_state_form(client, chad, correspondence_language="pt")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "pt is not one of the available choices" in str(errors["correspondence_language"])
    assert written.unchanged()
    chad.refresh_from_db()
    assert (chad.correspondence_language, chad.correspondence_language_chosen) == ("fr", False)


def test_the_admin_keeps_the_names_in_the_six_languages(client, secretariat):
    client.force_login(secretariat)
    chad = MemberState.objects.get(iso3="TCD")

    response = _post_state_form(client, chad, name_fr="République du Tchad")

    assert response.status_code == 302
    chad.refresh_from_db()
    with translation.override("fr"):
        assert chad.name == "République du Tchad"
    with translation.override("en"):
        assert chad.name == "Chad"
    assert not chad.correspondence_language_chosen
