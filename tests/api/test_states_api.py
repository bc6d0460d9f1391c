"""The member states endpoint: public, looked up by ISO3 code, filterable, and as cheap with a
thousand rows as with ten."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest

from states.choices import ReportKind, ReportStatus
from states.management.commands.load_states import DATA_FILE
from states.models import MemberState
from tests import factories
from tests.helpers import count_queries, fake_states
from tests.states.collation import in_icu_order

STATES = "/api/v1/states/"


def group_sizes_in_the_data_file() -> Counter:
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        return Counter(row["regional_group"] for row in csv.DictReader(handle))


def iso3_codes(response) -> set[str]:
    return {state["iso3"] for state in response.json()["results"]}


def test_the_data_file_has_the_five_regional_groups_of_the_193_members():
    assert group_sizes_in_the_data_file() == {
        "African": 54,
        "Asia-Pacific": 54,
        "Eastern European": 23,
        "Latin American and Caribbean": 33,
        "Western European and Others": 29,
    }


def test_public_reader_lists_the_193_states_a_page_at_a_time(api, member_states):
    response = api.get(STATES)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 193
    assert body["previous"] is None
    assert body["next"].endswith("/api/v1/states/?page=2")
    assert len(body["results"]) == 50
    assert {"iso3", "name", "regional_group", "first_report_date"} <= set(body["results"][0])

    last = api.get(STATES, {"page": 4}).json()
    assert last["next"] is None
    assert len(last["results"]) == 193 - 3 * 50


def test_public_reader_gets_all_states_on_one_page_with_page_size(api, member_states):
    body = api.get(STATES, {"page_size": 200}).json()

    assert body["next"] is None
    assert len(body["results"]) == 193
    names = [state["name"] for state in body["results"]]
    assert names == in_icu_order(names, "en")


def test_china_is_found_by_its_code_in_asia_pacific(api, member_states):
    response = api.get(f"{STATES}CHN/")

    assert response.status_code == 200
    china = response.json()
    assert china["iso3"] == "CHN"
    assert china["name"] == "China"
    assert china["regional_group"] == "Asia-Pacific"
    assert china["first_report_date"] is None


def test_a_lowercase_code_finds_the_same_state(api, member_states):
    response = api.get(f"{STATES}chn/")

    assert response.status_code == 200
    assert response.json()["iso3"] == "CHN"


@pytest.mark.parametrize("code", ["XXX", "xyz"])
def test_an_unknown_code_is_not_found(api, member_states, code):
    response = api.get(f"{STATES}{code}/")

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize(("group", "size"), sorted(group_sizes_in_the_data_file().items()))
def test_the_regional_group_filter_returns_exactly_that_group(api, member_states, group, size):
    response = api.get(STATES, {"regional_group": group, "page_size": 200})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == size
    assert {state["regional_group"] for state in body["results"]} == {group}


def test_asia_pacific_has_54_states_china_among_them(api, member_states):
    body = api.get(STATES, {"regional_group": "Asia-Pacific", "page_size": 200}).json()

    assert body["count"] == 54
    codes = {state["iso3"] for state in body["results"]}
    assert "CHN" in codes
    assert "BRA" not in codes


@pytest.fixture
def reporting_history(member_states, poc_chn, poc_bra, secretariat):
    """China submitted its first report on 28 October 2004, Brazil's first report is published,
    France has only a draft of one and Germany only an additional report."""
    factories.report(
        "CHN",
        by=poc_chn,
        kind=ReportKind.FIRST,
        status=ReportStatus.SUBMITTED,
        submitted_on=date(2004, 10, 28),
    )
    factories.report(
        "BRA",
        by=poc_bra,
        kind=ReportKind.FIRST,
        status=ReportStatus.PUBLISHED,
        submitted_on=date(2004, 11, 1),
        publisher=secretariat,
    )
    factories.report("FRA", by=secretariat, kind=ReportKind.FIRST, status=ReportStatus.DRAFT)
    factories.report(
        "DEU",
        by=secretariat,
        kind=ReportKind.ADDITIONAL,
        status=ReportStatus.PUBLISHED,
        submitted_on=date(2005, 3, 1),
    )


def test_states_with_a_submitted_or_published_first_report_have_one(api, reporting_history):
    response = api.get(STATES, {"has_first_report": "true"})

    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert iso3_codes(response) == {"CHN", "BRA"}


def test_a_draft_or_an_additional_report_is_not_a_first_report(api, reporting_history):
    response = api.get(STATES, {"has_first_report": "false", "page_size": 200})

    assert response.status_code == 200
    assert response.json()["count"] == 191
    codes = iso3_codes(response)
    assert {"FRA", "DEU"} <= codes
    assert not {"CHN", "BRA"} & codes


def test_first_report_date_is_the_date_the_first_report_was_submitted(api, reporting_history):
    assert api.get(f"{STATES}CHN/").json()["first_report_date"] == "2004-10-28"
    assert api.get(f"{STATES}BRA/").json()["first_report_date"] == "2004-11-01"
    assert api.get(f"{STATES}FRA/").json()["first_report_date"] is None
    assert api.get(f"{STATES}DEU/").json()["first_report_date"] is None


def test_filters_combine(api, reporting_history):
    response = api.get(STATES, {"has_first_report": "true", "regional_group": "Asia-Pacific"})

    assert iso3_codes(response) == {"CHN"}


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("has_first_report", "maybe"),
        ("has_first_report", "1"),
        ("regional_group", "Atlantis"),
        ("regional_group", "asia-pacific"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, member_states, parameter, value):
    response = api.get(STATES, {parameter: value})

    assert response.status_code == 400
    body = response.json()
    assert parameter in body["errors"]
    assert parameter in body["detail"]
    assert value in body["detail"]


@pytest.mark.parametrize("query", ["chi", "CHI", "China", "chn", "cn"])
def test_search_finds_china_by_name_or_code(api, member_states, query):
    response = api.get(STATES, {"q": query})

    assert response.status_code == 200
    assert "CHN" in iso3_codes(response)


def test_search_for_chi_finds_only_names_containing_it(api, member_states):
    body = api.get(STATES, {"q": "chi", "page_size": 200}).json()

    assert {state["name"] for state in body["results"]} == {"Chile", "China", "Czechia"}


def test_a_blank_search_lists_every_state(api, member_states):
    assert api.get(STATES, {"q": "  "}).json()["count"] == 193


def test_the_states_endpoint_is_read_only(api, secretariat):
    response = api.as_user(secretariat).post(STATES, {"iso3": "ATL", "name": "Atlantis"})

    assert response.status_code == 405
    assert MemberState.objects.count() == 193


# --- Query counts ---------------------------------------------------------------------------------


def test_listing_states_takes_the_same_queries_for_ten_or_a_thousand_more(
    api, member_states, poc_chn
):
    factories.report("CHN", by=poc_chn, kind=ReportKind.FIRST, status=ReportStatus.SUBMITTED)
    params = {"page_size": 200}
    count_queries(api, STATES, params)  # warm-up: one-off lookups are not what is measured

    fake_states(10)
    with_ten = count_queries(api, STATES, params)
    fake_states(990)
    with_a_thousand = count_queries(api, STATES, params)

    assert MemberState.objects.count() == 1193
    assert with_ten == with_a_thousand
    assert with_a_thousand <= 2  # the count and the page


def test_filtered_list_of_states_takes_the_same_queries_as_rows_grow(api, member_states):
    params = {"page_size": 200, "has_first_report": "false", "q": "land"}
    count_queries(api, STATES, params)

    fake_states(10)
    with_ten = count_queries(api, STATES, params)
    fake_states(990)

    assert count_queries(api, STATES, params) == with_ten


# --- Names in the six official languages ----------------------------------------------------------

SIX = {"ar", "en", "es", "fr", "ru", "zh-hans"}


def test_china_in_russian_is_kitai_with_all_six_names(api, member_states):
    response = api.get(f"{STATES}CHN/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    china = response.json()
    assert china["name"] == "Китай"
    assert china["formal_name"] == "Китайская Народная Республика"
    assert china["names"] == {
        "ar": "الصين",
        "en": "China",
        "es": "China",
        "fr": "Chine",
        "ru": "Китай",
        "zh-hans": "中国",
    }
    assert "Accept-Language" in response["Vary"]


def test_without_accept_language_the_names_are_english(api, member_states):
    chad = api.get(f"{STATES}TCD/").json()

    assert (chad["name"], chad["formal_name"]) == ("Chad", "the Republic of Chad")
    assert set(chad["names"]) == SIX


def test_chads_formal_name_in_french(api, member_states):
    chad = api.get(f"{STATES}TCD/", HTTP_ACCEPT_LANGUAGE="fr").json()

    assert (chad["name"], chad["formal_name"]) == ("Tchad", "la République du Tchad")


def test_the_list_in_arabic_is_in_arabic_order(api, member_states):
    body = api.get(STATES, {"page_size": 200}, HTTP_ACCEPT_LANGUAGE="ar").json()

    names = [state["name"] for state in body["results"]]
    assert len(names) == 193
    assert names == in_icu_order([state["names"]["ar"] for state in body["results"]], "ar")
    assert all(set(state["names"]) == SIX for state in body["results"])


def test_the_list_in_chinese_is_in_pinyin_order(api, member_states):
    body = api.get(STATES, {"page_size": 200}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    names = [state["name"] for state in body["results"]]
    assert names == in_icu_order(names, "zh-hans")
    assert "中国" in names


def test_search_reads_the_name_in_the_language_of_the_request(api, member_states):
    response = api.get(STATES, {"q": "Китай"}, HTTP_ACCEPT_LANGUAGE="ru")

    assert iso3_codes(response) == {"CHN"}


@pytest.mark.usefixtures("page_cache_on")
def test_the_cached_list_is_kept_apart_for_each_language(api, member_states):
    english = api.get(STATES, {"regional_group": "African"}).json()
    french = api.get(STATES, {"regional_group": "African"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    french_again = api.get(STATES, {"regional_group": "African"}, HTTP_ACCEPT_LANGUAGE="fr").json()

    assert "Chad" in {state["name"] for state in english["results"]}
    assert "Tchad" in {state["name"] for state in french["results"]}
    assert french_again == french
