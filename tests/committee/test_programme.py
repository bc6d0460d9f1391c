"""The seventeenth programme of work as data: every lettered item of paragraphs 8 to 12, with its
lead working group and its text in the six official languages, loaded from committee/work/data
and refreshed without losing recorded progress; its pages in the reader's language."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from pytest_django.asserts import assertContains, assertNotContains

from committee.work import annual_review
from committee.work import services as committee_services
from committee.work.choices import WorkItemStatus
from committee.work.models import ProgrammeOfWork, WorkItem
from workinggroups import services
from workinggroups.models import WorkingGroup

# Counted from the source (seeds/programme-of-work-2018.zh.txt): 8(a)-(m); 9(a)-(h);
# 10(a)-(i) and 10(i)(i)-(iii); 11(a)-(h) and 11(b)(i)-(iii); 12(a)-(h).
ITEMS_PER_PARAGRAPH = {"8": 13, "9": 8, "10": 12, "11": 11, "12": 8}


def item(paragraph: str) -> WorkItem:
    return WorkItem.objects.get(paragraph=paragraph)


def test_the_seventeenth_programme_holds_every_lettered_item_of_paragraphs_8_to_12(programme):
    assert programme.number == 17
    assert (programme.period_start.isoformat(), programme.period_end.isoformat()) == (
        "2018-02-01",
        "2019-01-31",
    )
    items = list(programme.items.all())

    assert len(items) == 52
    assert Counter(i.paragraph.split("(")[0] for i in items) == ITEMS_PER_PARAGRAPH
    assert [i.paragraph for i in items][:3] == ["8(a)", "8(b)", "8(c)"]
    assert all(i.lead_working_group in (1, 2, 3, 4) for i in items)
    assert all(i.text_en and i.text_zh_hans for i in items)


def test_each_paragraph_is_led_by_the_working_group_of_its_heading(programme):
    leads = {
        paragraph: set(
            WorkItem.objects.filter(paragraph__startswith=f"{paragraph}(").values_list(
                "lead_working_group", flat=True
            )
        )
        for paragraph in ("8", "9", "10", "11")
    }

    assert leads == {"8": {1}, "9": {2}, "10": {3}, "11": {4}}
    assert not WorkItem.objects.filter(lead_from_mandate=True).exclude(paragraph__startswith="12(")


def test_8b_asks_for_pressing_the_16_states_without_a_first_report(programme):
    b = item("8(b)")

    assert (b.area, b.lead_working_group, b.lead_from_mandate) == ("A", 1, False)
    assert "剩余 16 个会员国" in b.text_zh_hans
    assert "普通照会" in b.text_zh_hans
    assert "remaining 16 Member States that have not yet submitted a first report" in b.text_en
    assert "notes verbales" in b.text_en


def test_9h_informs_the_committee_on_assistance_at_least_quarterly(programme):
    h = item("9(h)")

    assert (h.area, h.lead_working_group) == ("B", 2)
    assert h.text_zh_hans.startswith("经常向委员会通报关于援助请求和意向的最新情况，至少每季度一次")
    assert "at least once a quarter" in h.text_en


def test_10i_has_its_three_sub_items(programme):
    i = item("10(i)")

    assert (i.area, i.lead_working_group) == ("C", 3)
    assert "禁止化学武器组织" in i.text_zh_hans
    assert "Organisation for the Prohibition of Chemical Weapons" in i.text_en
    assert [sub.paragraph for sub in i.sub_items.order_by("position")] == [
        "10(i)(i)",
        "10(i)(ii)",
        "10(i)(iii)",
    ]
    assert item("10(i)(ii)").text_zh_hans.startswith("查明援助需求和方案")
    assert item("11(b)(iii)").text_en == "A list of frequently asked questions;"


def test_12h_quantitative_measures_are_led_by_the_monitoring_group_by_mandate(programme):
    h = item("12(h)")

    assert (h.area, h.lead_working_group, h.lead_from_mandate) == ("E", 1, True)
    assert "成果量化标准" in h.text_zh_hans
    assert "quantitative measures of results" in h.text_en


def test_8a_has_the_end_of_december_as_target(programme):
    assert item("8(a)").target_date.isoformat() == "2018-12-31"


def test_loading_again_keeps_the_recorded_progress_and_writes_nothing(programme, secretariat):
    services.record_progress(
        item("8(b)"),
        acting_user=secretariat,
        status=WorkItemStatus.IN_PROGRESS,
        progress=40,
        note="Notes verbales sent to 16 States.",
    )
    before = (WorkItem.history.count(), ProgrammeOfWork.history.count())

    committee_services.load_programme_of_work(committee_services.read_programme_file())

    assert (WorkItem.history.count(), ProgrammeOfWork.history.count()) == before
    assert (item("8(b)").status, item("8(b)").progress) == (WorkItemStatus.IN_PROGRESS, 40)


def test_a_corrected_text_in_the_file_refreshes_the_item(programme):
    data = committee_services.read_programme_file()
    data["items"][1]["text"]["en"] = "Corrected rendering."
    data["items"][1]["text"]["fr"] = "Texte corrigé."

    committee_services.load_programme_of_work(data)

    b = item("8(b)")
    assert (b.text_en, b.text_fr) == ("Corrected rendering.", "Texte corrigé.")
    assert b.history.first().history_change_reason == "Refreshed from the data file"
    assert b.history.first().text_fr == "Texte corrigé."
    # The plain column follows the English, whatever language the loader runs in.
    assert WorkItem.objects.filter(pk=b.pk).values_list("text", flat=True).get() == (
        "Corrected rendering."
    )


def test_a_corrected_translation_is_loaded_whatever_language_is_active(programme):
    data = committee_services.read_programme_file()
    data["items"][0]["text"]["ru"] = "Исправленный текст."

    with translation.override("ru"):
        committee_services.load_programme_of_work(data)

    a = WorkItem.objects.get(paragraph="8(a)")
    assert a.text_ru == "Исправленный текст."
    assert a.text_en.startswith("Report to the Security Council on its work")
    assert WorkItem.objects.filter(pk=a.pk).values_list("text", flat=True).get() == a.text_en


def test_every_item_and_the_title_have_their_text_in_the_six_languages(programme):
    columns = [build_localized_fieldname("text", language) for language in AVAILABLE_LANGUAGES]
    items = list(programme.items.all())

    assert len(columns) == 6
    assert [i.paragraph for i in items if not all(getattr(i, c) for c in columns)] == []
    assert all(getattr(programme, f"title_{c.removeprefix('text_')}") for c in columns)
    # No language was left holding another's text.
    for i in items:
        assert len({getattr(i, c) for c in columns}) == 6, i.paragraph


def test_8d_converts_the_matrices_to_the_new_format_in_every_language(programme):
    d = item("8(d)")

    # The distributed Chinese text has a misprint: 信的格式 ("letter format") for 新的格式.
    assert "转换为新的格式" in d.text_zh_hans
    assert "信的格式" not in d.text_zh_hans
    assert "convert the Committee's existing matrices to the new format" in d.text_en
    assert "letter" not in d.text_en
    assert "au nouveau format" in d.text_fr
    assert "в новый формат" in d.text_ru
    assert "al nuevo formato" in d.text_es
    assert "إلى الشكل الجديد" in d.text_ar


def test_a_file_with_a_text_missing_in_a_language_is_refused_whole(working_groups):
    data = committee_services.read_programme_file()
    del data["items"][3]["text"]["ru"]
    data["items"][4]["text"]["ar"] = "  "
    data["programme"]["title"]["zh-hans"] = ""

    with pytest.raises(ValidationError) as refused:
        committee_services.load_programme_of_work(data)

    assert refused.value.messages == [
        "The programme has no title in zh-hans.",
        "8(d) has no text in ru.",
        "8(e) has no text in ar.",
    ]
    assert not WorkItem.objects.exists()
    assert not ProgrammeOfWork.objects.exists()


def test_loading_the_file_again_changes_nothing(programme):
    columns = [build_localized_fieldname("text", language) for language in AVAILABLE_LANGUAGES]
    before = list(WorkItem.objects.order_by("pk").values_list("text", *columns, "updated_at"))
    history = (WorkItem.history.count(), ProgrammeOfWork.history.count())

    committee_services.load_programme_of_work(committee_services.read_programme_file())
    call_command("load_programme", stdout=StringIO())

    assert list(WorkItem.objects.order_by("pk").values_list("text", *columns, "updated_at")) == (
        before
    )
    assert (WorkItem.history.count(), ProgrammeOfWork.history.count()) == history


def test_the_chinese_programme_page_lists_the_items_in_chinese(client, programme):
    response = client.get("/zh-hans/programme/")

    assertContains(response, "安全理事会第1540(2004)号决议所设委员会第十七个工作方案")
    assertContains(response, "在 2018 年 12 月底前向安全理事会通报工作")
    assertNotContains(response, "Report to the Security Council on its work")


def test_the_item_page_gives_8d_in_the_readers_language(client, programme):
    url = item("8(d)").get_absolute_url().removeprefix("/en")

    chinese = client.get(f"/zh-hans{url}")
    english = client.get(url)
    french = client.get(f"/fr{url}")

    assertContains(chinese, "将委员会现有的汇总表转换为新的格式")
    assertNotContains(chinese, "letter format")
    assertNotContains(chinese, "<details>")
    assertContains(english, "convert the Committee&#x27;s existing matrices to the new format")
    assertContains(french, "convertir les matrices existantes du Comité au nouveau format")
    # Beside the reader's language, the Chinese text as distributed, which the others render.
    assertContains(french, "Le texte chinois, tel qu'il a été distribué")
    assertContains(french, "将委员会现有的汇总表转换为新的格式")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Report to the Security Council on its work"),
        ("ar", "تقديم تقارير إلى مجلس الأمن عن أعمالها"),
        ("ru", "Представлять Совету Безопасности доклады о своей работе"),
        ("es", "Informar al Consejo de Seguridad sobre su labor"),
    ],
)
def test_the_programme_page_speaks_the_readers_language(client, programme, language, words):
    prefix = "" if language == "en" else f"/{language}"

    assertContains(client.get(f"{prefix}/programme/"), words)


def test_the_annual_review_summarises_the_items_in_the_language_it_is_built_in(programme):
    today = timezone.localdate()
    # History written before the texts were kept in six languages has no French.
    WorkItem.history.update(text_fr=None)

    with translation.override("fr"):
        chapter = annual_review.programme_progress(annual_review.ReviewPeriod(today.year, today))
        title = str(chapter.data["programme"])
    summaries = {row["paragraph"]: row["summary"] for row in chapter.data["items"]}

    assert title.startswith("Dix-septième programme de travail")
    assert len(summaries) == 52
    assert summaries["8(d)"].startswith("À la suite de l'achèvement, en 2016")
    assert summaries["8(d)"].endswith("…")


def test_a_file_with_an_unknown_lead_is_refused_whole(working_groups):
    data = committee_services.read_programme_file()
    data["items"][5]["lead_working_group"] = 5

    with pytest.raises(ValidationError, match="8\\(f\\) has no working group 1-4"):
        committee_services.load_programme_of_work(data)

    assert not WorkItem.objects.exists()
    assert not ProgrammeOfWork.objects.exists()


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_loads_the_programme(request, working_groups, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied, match="Only the secretariat loads"):
        committee_services.load_programme_of_work(
            committee_services.read_programme_file(), acting_user=user
        )

    assert not ProgrammeOfWork.objects.exists()


def test_the_load_programme_command_creates_the_groups_and_items(member_states):
    out = StringIO()

    call_command("load_programme", stdout=out)
    call_command("load_programme", stdout=StringIO())

    assert "4 working groups" in out.getvalue()
    assert "52 work items" in out.getvalue()
    assert WorkingGroup.objects.count() == 4
    assert WorkItem.objects.count() == 52
    assert WorkingGroup.history.count() == 4
