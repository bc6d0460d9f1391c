"""Numbers given as text to the matrix API: ``str.isdigit()`` also accepts "²", which ``int()``
refuses, so such a value answered 500 instead of the parameter's message (the fuzzer found
``/api/v1/matrix-statistics/?at_most=²``, issue 11)."""

from __future__ import annotations

import pytest

from states.matrices.models import MatrixEntry

NOT_ASCII_DIGITS = ["²", "٣", "１"]


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_threshold_in_other_digits_is_refused_in_words(api, db, value):
    response = api.get("/api/v1/matrix-statistics/", {"at_most": value})

    assert response.status_code == 400
    assert "whole number of fields" in str(response.json())


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_a_version_to_compare_with_in_other_digits_is_refused_in_words(
    api, build_matrix, expert, value
):
    matrix = build_matrix("CHN", "published")

    response = api.as_user(expert).get(f"/api/v1/matrices/{matrix.pk}/diff/", {"against": value})

    assert response.status_code == 400
    assert "whole number" in str(response.json())


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_an_etag_in_other_digits_is_refused_and_nothing_is_written(
    api, build_matrix, expert, value
):
    matrix = build_matrix("CHN")
    entry = MatrixEntry.objects.get(matrix=matrix, field__code="OP1-C-CWC")

    response = api.as_user(expert).patch(
        f"/api/v1/matrices/{matrix.pk}/entries/OP1-C-CWC/",
        {"mark": "NA"},
        HTTP_IF_MATCH=f'"{value}"',
    )

    assert response.status_code == 400
    assert "ETag" in str(response.json())
    entry.refresh_from_db()
    assert entry.mark != "NA"
