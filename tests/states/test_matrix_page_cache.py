"""Published matrices and their statistics are cached for anonymous readers and forgotten when a
matrix changes."""

from __future__ import annotations

import pytest

from states.matrices.choices import MatrixStatus

pytestmark = pytest.mark.usefixtures("page_cache_on")


def test_the_public_matrix_pages_come_from_the_cache(client, build_matrix):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED, marks={"OP1-N-NPT": "X"})
    for path in ("/matrices/", matrix.get_absolute_url(), "/matrices/statistics/"):
        first, second = client.get(path), client.get(path)
        assert (first.status_code, second.status_code) == (200, 200), path
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), path
        assert first.content == second.content


def test_publishing_a_matrix_makes_the_cached_list_show_it(
    client, build_matrix, django_capture_on_commit_callbacks
):
    build_matrix("CHN", MatrixStatus.PUBLISHED)
    client.get("/matrices/")
    with django_capture_on_commit_callbacks(execute=True):
        build_matrix("BRA", MatrixStatus.PUBLISHED)
    fresh = client.get("/matrices/")
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Brazil" in fresh.content


def test_a_poc_sees_the_live_page_with_the_drafts_of_their_state(client, build_matrix, poc_chn):
    sent = build_matrix("CHN", MatrixStatus.SENT)
    client.get(sent.get_absolute_url())  # 404 for the public, and not cached
    client.force_login(poc_chn)
    response = client.get(sent.get_absolute_url())
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
