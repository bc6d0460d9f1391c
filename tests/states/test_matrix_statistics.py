"""The statistics of the matrices (12(h)): known figures from a handful of states, the same
figures from the page, the API and the CSV, and a number of queries that does not depend on the
number of states."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from states.matrices import statistics as matrix_statistics
from states.matrices.models import Matrix
from tests.helpers import queries_of
from tests.states.conftest import fake_published_matrices

pytestmark = pytest.mark.django_db
API = "/api/v1/matrix-statistics/"


@pytest.fixture
def approved_matrices(build_matrix):
    """China: version 1 approved in 2020 (1 X), version 2 published now (2 X). Brazil: approved
    now (1 X, 1 ?). France: a draft only, never counted."""
    old = build_matrix("CHN", "published", marks={"OP1-N-NPT": "X"})
    Matrix.objects.filter(pk=old.pk).update(approved_at=datetime(2020, 6, 1, 12, tzinfo=UTC))
    build_matrix("CHN", "published", marks={"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "X"})
    build_matrix("BRA", "approved", marks={"OP3CD-N-EXP-LF": "X", "OP2-C-ACQ-LF": "?"})
    build_matrix("FRA", "draft", marks={"OP1-N-NPT": "X", "OP1-C-CWC": "X"})


def test_the_statistics_count_the_latest_approved_matrix_of_each_state(approved_matrices):
    figures = matrix_statistics.compute(thresholds=(0, 1, 2))

    assert (figures.states, figures.marked, figures.average) == (2, 3, 1.5)
    assert figures.by_section == [
        {"section": "OP1", "weapon_type": "nuclear", "marked": 1},
        {"section": "OP2", "weapon_type": "nuclear", "marked": 1},
        {"section": "OP3CD", "weapon_type": "nuclear", "marked": 1},
    ]
    groups = {row["regional_group"]: row for row in figures.by_regional_group}
    assert groups["Asia-Pacific"] == {
        "regional_group": "Asia-Pacific",
        "states": 1,
        "marked": 2,
        "average": 2.0,
    }
    assert groups["Latin American and Caribbean"]["marked"] == 1
    assert groups["African"] == {
        "regional_group": "African",
        "states": 0,
        "marked": 0,
        "average": 0.0,
    }
    assert figures.at_most == [{"n": 0, "states": 0}, {"n": 1, "states": 1}, {"n": 2, "states": 2}]
    assert {"regional_group": "Asia-Pacific", "section": "OP2", "marked": 1, "average": 1.0} in (
        figures.by_regional_group_and_section
    )


def test_the_yearly_average_counts_what_was_approved_by_each_year_end(approved_matrices):
    years = {row["year"]: row for row in matrix_statistics.compute().by_year}
    this_year = timezone.localdate().year

    assert years[2020] == {"year": 2020, "states": 1, "average": 1.0, "change": None}
    assert years[2021]["change"] == 0.0
    assert years[this_year]["states"] == 2
    assert years[this_year]["average"] == 1.5
    assert years[this_year]["change"] == 0.5


def test_no_approved_matrix_gives_empty_statistics(template):
    figures = matrix_statistics.compute()

    assert (figures.states, figures.marked, figures.by_year) == (0, 0, [])
    assert figures.fields == 12


def test_the_statistics_take_the_same_queries_for_10_or_200_states(template, expert):
    fake_published_matrices(10, template, expert)
    few = queries_of(matrix_statistics.compute)
    few_figures = matrix_statistics.compute()
    fake_published_matrices(190, template, expert)
    many = queries_of(matrix_statistics.compute)

    assert few == many <= 9
    assert few_figures.states == 10
    assert matrix_statistics.compute().states == 200


def test_the_statistics_endpoint_takes_the_same_queries_for_10_or_200_states(api, template, expert):
    fake_published_matrices(10, template, expert)
    with CaptureQueriesContext(connection) as few:
        assert api.get(API).status_code == 200
    fake_published_matrices(190, template, expert)
    with CaptureQueriesContext(connection) as many:
        response = api.get(API)

    assert len(few.captured_queries) == len(many.captured_queries)
    assert response.json()["states"] == 200


def test_the_api_the_page_and_the_csv_give_the_same_figures(api, client, approved_matrices):
    figures = matrix_statistics.compute()

    body = api.get(API).json()
    page = client.get("/matrices/statistics/")
    rows = list(
        csv.reader(io.StringIO(client.get("/matrices/statistics.csv").content.decode("utf-8-sig")))
    )

    assert (body["states"], body["marked"], body["average"]) == (2, 3, 1.5)
    assert body["by_section"] == figures.by_section
    assert body["by_year"] == figures.by_year
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert rows[0] == ["table", "key", "subkey", "value"]
    assert ["summary", "states", "", "2"] in rows
    assert ["fields_marked_x_by_section", "OP2", "nuclear", "1"] in rows
    assert ["average_by_regional_group", "Asia-Pacific", "", "2.0"] in rows


def test_at_most_adds_a_threshold(api, approved_matrices):
    response = api.get(API, {"at_most": "1"})

    assert {"n": 1, "states": 1} in response.json()["at_most"]


@pytest.mark.parametrize("value", ["abc", "-1", "99999", "1.5"])
def test_a_bad_threshold_is_a_400_saying_what_to_send(api, client, template, value):
    response = api.get(API, {"at_most": value})

    assert response.status_code == 400
    assert response.json()["detail"] == "at_most: Give a whole number of fields from 0 to 10000."
    assert client.get("/matrices/statistics/", {"at_most": value}).status_code == 400
    assert client.get("/matrices/statistics.csv", {"at_most": value}).status_code == 400


def test_the_statistics_page_has_an_empty_state(client, template):
    response = client.get("/matrices/statistics/")

    assert response.status_code == 200
    assert "No matrix has been approved yet" in response.content.decode()
