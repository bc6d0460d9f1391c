"""Paragraph 6 of the programme: the recommendations of the 2016 comprehensive review
(S/2016/1038, which the programme's text cites as S/2016/1127) as tracked items, linked to the
items of the programme that carry them out, loaded idempotently from their data file and shown
on a public page with the status their items' records give them.

The recommendations used here are test data (their titles say so), not the report's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from committee.work import progress, services
from committee.work.choices import WorkItemStatus
from committee.work.models import ReviewRecommendation, WorkItem
from core.demo import minimal_pdf
from states.models import MemberState
from tests.helpers import assert_accessible_basics, count_queries
from tests.workinggroups.fixtures import all_but, first_reports

pytestmark = pytest.mark.usefixtures("programme")

URL = "workinggroups:review-recommendations"
LANGUAGES = ("ar", "zh-hans", "en", "fr", "ru", "es")
TITLES = {
    "ar": "توصية اختبار بشأن الإبلاغ",
    "zh-hans": "关于报告的测试建议",
    "en": "Test recommendation on reporting",
    "fr": "Recommandation d'essai sur les rapports",
    "ru": "Тестовая рекомендация о докладах",
    "es": "Recomendación de prueba sobre los informes",
}


def entry(paragraph: int, items: list[str], *, area: str = "implementation", **titles) -> dict:
    return {
        "paragraph": paragraph,
        "area": area,
        "title": {**{lang: f"{TITLES[lang]} {paragraph}" for lang in LANGUAGES}, **titles},
        "work_items": items,
    }


def data(*entries: dict) -> dict:
    return {
        "review": {"symbol": "S/2016/1038", "date": "2016-12-09", "programme": 17},
        "recommendations": list(entries),
    }


@pytest.fixture
def no_pdf(monkeypatch):
    monkeypatch.setattr(services, "render_pdf", lambda *args, **kwargs: minimal_pdf("x"))


def remind_chad(secretariat) -> None:
    first_reports(all_but("TCD"), by=secretariat)
    services.draft_reporting_reminders(
        [MemberState.objects.get(iso3="TCD")], acting_user=secretariat
    )


def row_of(page, paragraph: int) -> str:
    return page.content.decode().split(f'<th scope="row">{paragraph}</th>')[1].split("</tr>")[0]


# --- the data file and its loading ---------------------------------------------------------------


def test_the_data_file_names_the_report_and_the_symbol_the_programme_cites():
    shipped = services.read_programme_file(services.RECOMMENDATIONS_FILE)

    assert shipped["review"]["symbol"] == "S/2016/1038"
    assert "S/2016/1127" in shipped["review"]["source"]
    assert services.load_review_recommendations(shipped) is not None  # loads as it is


def test_loading_links_the_items_and_a_second_load_changes_nothing():
    loaded = services.load_review_recommendations(
        data(entry(3, ["8(b)"]), entry(4, ["9(a)", "9(h)"], area="assistance"))
    )

    assert len(loaded) == 2
    first = ReviewRecommendation.objects.get(paragraph=3)
    assert first.symbol == "S/2016/1038"
    assert [i.paragraph for i in first.work_items.all()] == ["8(b)"]
    assert sorted(
        ReviewRecommendation.objects.get(paragraph=4).work_items.values_list("paragraph", flat=True)
    ) == ["9(a)", "9(h)"]
    assert first.title_fr == f"{TITLES['fr']} 3"
    assert first.title_zh_hans == f"{TITLES['zh-hans']} 3"
    history = ReviewRecommendation.history.count()

    services.load_review_recommendations(
        data(entry(3, ["8(b)"]), entry(4, ["9(a)", "9(h)"], area="assistance"))
    )

    assert ReviewRecommendation.objects.count() == 2
    assert ReviewRecommendation.history.count() == history


def test_a_corrected_file_refreshes_the_title_and_the_links():
    services.load_review_recommendations(data(entry(3, ["8(b)"])))

    services.load_review_recommendations(data(entry(3, ["8(b)", "8(f)"], en="Corrected title")))

    recommendation = ReviewRecommendation.objects.get(paragraph=3)
    assert recommendation.title_en == "Corrected title"
    assert sorted(recommendation.work_items.values_list("paragraph", flat=True)) == [
        "8(b)",
        "8(f)",
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (entry(3, ["8(z)"]), "not in the programme: 8(z)"),
        (entry(3, ["8(b)"], fr=""), "no title in fr"),
        ({**entry(3, ["8(b)"]), "area": "weather"}, "unknown area"),
        ({**entry(3, ["8(b)"]), "paragraph": "three"}, "no paragraph number"),
        ({**entry(3, ["8(b)"]), "paragraph": True}, "no paragraph number"),
        ({**entry(3, ["8(b)"]), "title": "only English"}, "no title in"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(bad, message):
    with pytest.raises(ValidationError) as refused:
        services.load_review_recommendations(data(entry(2, ["8(a)"]), bad))

    assert message in str(refused.value)
    assert not ReviewRecommendation.objects.exists()


def test_a_paragraph_twice_is_refused():
    with pytest.raises(ValidationError, match="appears twice"):
        services.load_review_recommendations(data(entry(3, ["8(b)"]), entry(3, ["8(c)"])))
    assert not ReviewRecommendation.objects.exists()


def test_load_programme_loads_the_recommendations_too(tmp_path: Path):
    path = tmp_path / "recommendations.json"
    path.write_text(json.dumps(data(entry(5, ["11(a)"]))), encoding="utf-8")

    call_command("load_programme", recommendations=path, verbosity=0)
    call_command("load_programme", recommendations=path, verbosity=0)

    assert ReviewRecommendation.objects.get().work_items.get().paragraph == "11(a)"


# --- where a recommendation stands ---------------------------------------------------------------


def test_a_recommendation_stands_where_its_items_put_it():
    combine = progress.combine_statuses
    assert combine([]) == WorkItemStatus.NOT_STARTED
    assert combine([WorkItemStatus.NOT_STARTED] * 2) == WorkItemStatus.NOT_STARTED
    assert combine([WorkItemStatus.ONGOING, WorkItemStatus.COMPLETED]) == WorkItemStatus.ONGOING
    assert combine([WorkItemStatus.COMPLETED] * 2) == WorkItemStatus.COMPLETED
    assert combine([WorkItemStatus.ONGOING, WorkItemStatus.NOT_STARTED]) == (
        WorkItemStatus.IN_PROGRESS
    )


def test_a_reminder_moves_the_recommendation_carried_out_by_8b(client, secretariat, chair, no_pdf):
    services.load_review_recommendations(
        data(entry(3, ["8(b)"]), entry(4, ["9(h)"], area="assistance"))
    )
    before = client.get(reverse(URL))
    assert_accessible_basics(before)
    assertContains(before, f"{TITLES['en']} 3")
    assertContains(before, WorkItem.objects.current().get(paragraph="8(b)").get_absolute_url())
    assert "Not started" in row_of(before, 3)

    remind_chad(secretariat)

    after = client.get(reverse(URL))
    assert "Continuing, on track" in row_of(after, 3)
    assert ">1<" in row_of(after, 3)  # the reminder drafted
    assert "Not started" in row_of(after, 4)  # 9(h) has no digest yet


def test_the_page_says_which_symbol_the_programme_cites(client):
    page = client.get(reverse(URL))

    assertContains(page, "S/2016/1038")
    assertContains(page, "S/2016/1127")
    assertContains(page, "No recommendation of the review has been loaded yet.")


def test_the_programme_page_links_to_the_recommendations(client):
    assertContains(client.get(reverse("workinggroups:programme")), reverse(URL))


def test_the_page_costs_the_same_however_many_recommendations_and_records(
    client, secretariat, chair, no_pdf
):
    # Every source of progress.py is asked once however many items are linked: link them all
    # from the start, then add recommendations and records.
    paragraphs = list(
        WorkItem.objects.current().order_by("position").values_list("paragraph", flat=True)
    )
    services.load_review_recommendations(data(entry(1, paragraphs)))
    few = count_queries(client, reverse(URL))
    services.load_review_recommendations(
        data(entry(1, paragraphs), *(entry(n, paragraphs[n : n + 3]) for n in range(2, 31)))
    )
    remind_chad(secretariat)

    assert ReviewRecommendation.objects.count() == 30
    assert count_queries(client, reverse(URL)) == few


@pytest.mark.parametrize("language", ["ar", "zh-hans", "fr", "ru", "es"])
def test_the_titles_read_in_each_language(client, language):
    services.load_review_recommendations(data(entry(3, ["8(b)"])))

    page = client.get(f"/{language}{reverse(URL)}")

    assert page.status_code == 200
    assertContains(page, escape(f"{TITLES[language]} 3"))
    assertNotContains(page, f"{TITLES['en']} 3")


# --- who may read it: everyone; nobody writes through it ----------------------------------------


@pytest.mark.parametrize("who", [None, "poc_chn", "poc_bra", "expert", "member", "secretariat"])
def test_everyone_reads_the_page_and_nobody_writes_through_it(client, request, who):
    services.load_review_recommendations(data(entry(3, ["8(b)"])))
    if who:
        client.force_login(request.getfixturevalue(who))

    assertContains(client.get(reverse(URL)), f"{TITLES['en']} 3")
    for method in (client.post, client.put, client.delete):
        assert method(reverse(URL), {"paragraph": 9, "title": "x"}).status_code == 405
    assert list(ReviewRecommendation.objects.values_list("paragraph", flat=True)) == [3]
    assert ReviewRecommendation.objects.get().title_en == f"{TITLES['en']} 3"
