"""The PDF of a published matrix is rendered once, not at every request: WeasyPrint takes
seconds of CPU, and the public could hold the web workers with it (the fuzzer, issue 11)."""

from __future__ import annotations

import pytest

from states.matrices import exports as matrix_exports
from states.matrices.choices import MatrixStatus


@pytest.fixture
def renderings(monkeypatch):
    calls = []

    def render_pdf(template_name, context):
        calls.append(context["matrix"].pk)
        return b"%PDF-1.7 rendering " + str(len(calls)).encode()

    monkeypatch.setattr(matrix_exports, "render_pdf", render_pdf)
    return calls


def test_the_public_pdf_of_a_published_matrix_is_rendered_once(api, build_matrix, renderings):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED, marks={"OP1-N-NPT": "X"})

    bodies = {_body(api.get(f"/api/v1/matrices/{matrix.pk}/pdf/")) for _ in range(3)}

    assert renderings == [matrix.pk]
    assert bodies == {b"%PDF-1.7 rendering 1"}


def test_a_draft_is_rendered_anew_at_each_request(api, build_matrix, expert, renderings):
    matrix = build_matrix("CHN", MatrixStatus.DRAFT, marks={"OP1-N-NPT": "X"})
    api.as_user(expert)

    for _ in range(2):
        assert api.get(f"/api/v1/matrices/{matrix.pk}/pdf/").status_code == 200

    assert renderings == [matrix.pk, matrix.pk]


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content
