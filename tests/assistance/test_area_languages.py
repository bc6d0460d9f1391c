"""The areas of assistance in the six official languages: every area named and described in each,
shown in the reader's language on the pages and in the API (by Accept-Language), kept in step
with the taxonomy by ensure_taxonomy, which writes nothing when there is nothing to change."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from pytest_django.asserts import assertContains, assertNotContains

from assistance.choices import AREAS, TAXONOMY
from assistance.models import AssistanceArea

pytestmark = pytest.mark.django_db

AREAS_API = "/api/v1/assistance/areas/"
COLUMNS = [
    build_localized_fieldname(field, language)
    for field in ("name", "description")
    for language in AVAILABLE_LANGUAGES
]


def test_every_area_has_its_name_and_description_in_the_six_languages(areas):
    rows = list(AssistanceArea.objects.values("code", *COLUMNS))

    assert len(COLUMNS) == 12
    assert [row["code"] for row in rows] == [area.code for area in AREAS]
    assert [row["code"] for row in rows if not all(row[c] for c in COLUMNS)] == []
    # Six different names: no language was left with another's.
    names = [column for column in COLUMNS if column.startswith("name_")]
    assert [row["code"] for row in rows if len({row[c] for c in names}) != 6] == []


def test_the_taxonomy_in_code_has_every_language_and_its_english_names_for_the_first_migration():
    assert [(a.code, a.names["en"], a.sections) for a in AREAS] == TAXONOMY
    for area in AREAS:
        assert set(area.names) == set(area.descriptions) == set(AVAILABLE_LANGUAGES), area.code
        assert all(text.strip() for text in [*area.names.values(), *area.descriptions.values()])


def test_the_french_public_pages_name_the_areas_in_french(client, chinas_public_request):
    french = client.get("/fr/assistance/requests/")
    english = client.get("/assistance/requests/")

    # The area filter lists every area; the published request names its own.
    assertContains(french, "Rédaction de textes législatifs")
    assertContains(french, "Sûreté et sécurité biologiques")
    assertNotContains(french, "Legislative drafting")
    assertContains(english, "Legislative drafting")
    detail = client.get(f"/fr/assistance/requests/{chinas_public_request.pk}/")
    assertContains(detail, "Contrôles aux frontières et à l&#x27;exportation")


def test_the_api_names_the_areas_in_the_language_asked_for(api):
    french = api.get(AREAS_API, HTTP_ACCEPT_LANGUAGE="fr").json()["results"]
    chinese = api.get(AREAS_API, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"]
    english = api.get(AREAS_API).json()["results"]

    by_code = {row["code"]: row for row in french}
    assert by_code["legislative-drafting"]["name"] == "Rédaction de textes législatifs"
    assert by_code["nuclear-security"]["description"].startswith("Prévention et détection")
    assert {row["code"]: row["name"] for row in chinese}["nuclear-security"] == "核安保"
    assert {row["code"]: row["name"] for row in english}["nuclear-security"] == "Nuclear security"


def test_running_ensure_taxonomy_again_changes_nothing(areas):
    before = list(AssistanceArea.objects.order_by("pk").values("name", "description", *COLUMNS))
    history = AssistanceArea.history.count()

    assert AssistanceArea.objects.ensure_taxonomy() == 0
    assert AssistanceArea.objects.ensure_taxonomy() == 0

    assert list(AssistanceArea.objects.order_by("pk").values("name", "description", *COLUMNS)) == (
        before
    )
    assert AssistanceArea.history.count() == history


def test_ensure_taxonomy_restores_the_translations_of_existing_areas(areas):
    AssistanceArea.objects.filter(code="training").update(name_ru="", description_ar=None)
    AssistanceArea.objects.filter(code="equipment").update(name_es="Equipos")
    position = AssistanceArea.objects.get(code="training").position

    with translation.override("ar"):
        written = AssistanceArea.objects.ensure_taxonomy()

    training = AssistanceArea.objects.get(code="training")
    assert written == 2
    assert (training.name_ru, training.position) == ("Подготовка кадров", position)
    assert training.description_ar.startswith("دورات وتمارين")
    assert AssistanceArea.objects.get(code="equipment").name_es == "Equipo"
    # The plain columns keep the English whatever language is active.
    assert AssistanceArea.objects.filter(code="training").values_list("name", flat=True).get() == (
        "Training"
    )
    assert training.history.first().name_ru == "Подготовка кадров"


def test_ensure_taxonomy_creates_the_areas_of_an_empty_table_in_six_languages(areas):
    AssistanceArea.objects.all().delete()

    with translation.override("es"):
        assert AssistanceArea.objects.ensure_taxonomy() == len(AREAS)

    drafting = AssistanceArea.objects.get(code="legislative-drafting")
    assert (drafting.name_en, drafting.name_ar, drafting.name_zh_hans) == (
        "Legislative drafting",
        "الصياغة التشريعية",
        "立法起草",
    )
    assert AssistanceArea.objects.filter(code="legislative-drafting").values_list(
        "name", flat=True
    ).get() == ("Legislative drafting")


def test_the_annual_review_names_and_orders_the_areas_in_its_language(areas):
    from committee.work import annual_review

    period = annual_review.ReviewPeriod(2018, date(2018, 12, 31))

    with translation.override("fr"):
        rows = annual_review.assistance(period).data["by_area"]

    names = [row["name"] for row in rows]
    assert "Rédaction de textes législatifs" in names
    assert "Legislative drafting" not in names
    # Sorted by the French name (the query's values() and order_by() read the French column).
    assert (names[0], names[-1]) == ("Application de la loi", "Sûreté et sécurité biologiques")
