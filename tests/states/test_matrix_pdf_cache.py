"""The PDF of a matrix version is built once per language by the worker and then served as it is
stored: WeasyPrint takes seconds of CPU (8 s for a full matrix), and no web request may spend
them (the public could hold the web workers with it: the fuzzer, issue 11). A request for a PDF
not built yet queues its build and answers "being prepared" (202)."""

from __future__ import annotations

import io
import time

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains

from core.choices import Language
from states.matrices import pdfs
from states.matrices import services as services
from states.matrices.choices import MatrixStatus
from states.matrices.models import MatrixPdf
from tests.conftest import wait_until
from tests.states.conftest import entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def renderings(monkeypatch):
    calls = []

    def render_pdf(template_name, context):
        calls.append((context["matrix"].pk, translation.get_language()))
        return b"%PDF-1.7 rendering " + str(len(calls)).encode()

    monkeypatch.setattr(pdfs, "render_pdf", render_pdf)
    return calls


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_pdf_not_built_yet_is_being_prepared_and_queued_once(
    client, build_matrix, expert, renderings, django_capture_on_commit_callbacks
):
    matrix = build_matrix("CHN", MatrixStatus.DRAFT, marks={"OP1-N-NPT": "X"})
    client.force_login(expert)
    url = f"/matrices/{matrix.pk}/export.pdf"

    with django_capture_on_commit_callbacks() as queued:
        first = client.get(url)
        second = client.get(url)

    assert first.status_code == second.status_code == 202
    assert first["Retry-After"]
    assertContains(first, "being prepared", status_code=202)
    assert len(queued) == 1  # one build for the two requests
    assert renderings == []  # nothing rendered in the request


def test_once_built_the_pdf_is_served_from_the_stored_file_in_under_100_ms(
    client, build_matrix, renderings
):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED, marks={"OP1-N-NPT": "X"})
    pdfs.build_pdf(matrix.pk, Language.ENGLISH)  # the worker's build
    url = f"/matrices/{matrix.pk}/export.pdf"
    client.get(url)  # warm: the first request of a test pays for the URL resolver and templates

    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _body(response) == b"%PDF-1.7 rendering 1"
    assert elapsed < 0.1, f"{elapsed * 1000:.1f} ms"
    assert renderings == [(matrix.pk, "en")]


def test_the_api_serves_the_same_stored_file_and_answers_202_before(api, build_matrix, renderings):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED, marks={"OP1-N-NPT": "X"})
    url = f"/api/v1/matrices/{matrix.pk}/pdf/"

    waiting = api.get(url)
    pdfs.build_pdf(matrix.pk, Language.ENGLISH)
    bodies = {_body(api.get(url)) for _ in range(3)}

    assert waiting.status_code == 202
    assert waiting["Retry-After"]
    assert bodies == {b"%PDF-1.7 rendering 1"}
    assert renderings == [(matrix.pk, "en")]


def test_approval_and_publication_queue_the_six_languages_and_build_each_once(
    build_matrix, secretariat, renderings, django_capture_on_commit_callbacks
):
    matrix = build_matrix("CHN", MatrixStatus.COMMENTED, marks={"OP1-N-NPT": "X"})

    with django_capture_on_commit_callbacks(execute=True):
        matrix = services.approve_matrix(matrix, acting_user=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        matrix = services.publish_matrix(matrix, acting_user=secretariat)

    built = sorted(language for _pk, language in renderings)
    assert built == sorted(["ar", "zh-hans", "en", "fr", "ru", "es"])
    assert MatrixPdf.objects.filter(matrix=matrix).exclude(file="").count() == 6


def test_a_task_delivered_twice_builds_once(build_matrix, renderings):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED)

    first = pdfs.build_pdf(matrix.pk, Language.FRENCH)
    again = pdfs.build_pdf(matrix.pk, Language.FRENCH)

    assert first.file.name == again.file.name
    assert len(renderings) == 1


def test_an_edited_draft_is_built_again_and_the_old_file_removed(
    client, build_matrix, expert, renderings, django_capture_on_commit_callbacks
):
    matrix = build_matrix("CHN", MatrixStatus.DRAFT)
    client.force_login(expert)
    url = f"/matrices/{matrix.pk}/export.pdf"
    old = pdfs.build_pdf(matrix.pk, Language.ENGLISH)
    old_name = old.file.name
    assert client.get(url).status_code == 200

    current = entry(matrix, "OP2-N-ACQ-LF")
    services.update_entry(
        current, acting_user=expert, revision=current.revision, mark="?", source="Report, p. 4"
    )
    with django_capture_on_commit_callbacks(execute=True):
        stale = client.get(url)
    fresh = client.get(url)

    assert stale.status_code == 202
    assert fresh.status_code == 200
    assert _body(fresh) == b"%PDF-1.7 rendering 2"
    assert not old.file.storage.exists(old_name)


def test_each_language_has_its_own_file(client, build_matrix, renderings):
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED)
    for language in (Language.ENGLISH, Language.ARABIC):
        pdfs.build_pdf(matrix.pk, language)

    arabic = client.get(f"/ar/matrices/{matrix.pk}/export.pdf")
    english = client.get(f"/matrices/{matrix.pk}/export.pdf")
    chinese = client.get(f"/zh-hans/matrices/{matrix.pk}/export.pdf")

    assert _body(english) == b"%PDF-1.7 rendering 1"
    assert _body(arabic) == b"%PDF-1.7 rendering 2"
    assert chinese.status_code == 202


# --- Who may download it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "persona", "expected"),
    [
        (MatrixStatus.DRAFT, None, 404),
        (MatrixStatus.DRAFT, "poc_bra", 404),
        (MatrixStatus.DRAFT, "poc_chn", 404),
        (MatrixStatus.DRAFT, "expert", 200),
        (MatrixStatus.SENT, None, 404),
        (MatrixStatus.SENT, "poc_bra", 404),
        (MatrixStatus.SENT, "poc_chn", 200),
        (MatrixStatus.PUBLISHED, None, 200),
        (MatrixStatus.PUBLISHED, "poc_bra", 200),
        (MatrixStatus.PUBLISHED, "poc_chn", 200),
    ],
)
def test_a_stored_pdf_is_served_only_to_those_who_may_read_the_version(
    client, api, build_matrix, request, renderings, status, persona, expected
):
    matrix = build_matrix("CHN", status)
    pdfs.build_pdf(matrix.pk, Language.ENGLISH)
    if persona:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        api.as_user(user)

    page = client.get(f"/matrices/{matrix.pk}/export.pdf")
    endpoint = api.get(f"/api/v1/matrices/{matrix.pk}/pdf/")

    assert page.status_code == endpoint.status_code == expected
    if expected == 200:
        assert page["Cache-Control"] == "private, no-store"


def test_a_version_one_may_not_read_queues_nothing(
    client, build_matrix, poc_bra, django_capture_on_commit_callbacks
):
    matrix = build_matrix("CHN", MatrixStatus.SENT)
    client.force_login(poc_bra)

    with django_capture_on_commit_callbacks() as queued:
        response = client.get(f"/matrices/{matrix.pk}/export.pdf")

    assert response.status_code == 404
    assert queued == []
    assert not MatrixPdf.objects.filter(matrix=matrix).exists()


def test_the_real_worker_builds_the_pdf_the_request_asked_for(
    celery_worker, client, build_matrix, monkeypatch
):
    """With a real worker on Redis: the request answers 202, the worker stores the file, the
    next request streams it."""
    monkeypatch.setattr(pdfs, "render_pdf", lambda template, context: b"%PDF-1.7 built")
    matrix = build_matrix("CHN", MatrixStatus.PUBLISHED)
    MatrixPdf.objects.filter(matrix=matrix).delete()  # as if publication's builds were lost
    url = f"/matrices/{matrix.pk}/export.pdf"

    assert client.get(url).status_code == 202
    wait_until(lambda: pdfs.stored_pdf(matrix, Language.ENGLISH), timeout=60)
    response = client.get(url)

    assert response.status_code == 200
    assert _body(response) == b"%PDF-1.7 built"


def test_the_command_queues_the_current_published_versions_in_six_languages(
    build_matrix, renderings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    older = build_matrix("CHN", MatrixStatus.PUBLISHED)
    current = build_matrix("CHN", MatrixStatus.PUBLISHED)
    MatrixPdf.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_matrix_pdfs", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("build_matrix_pdfs", stdout=io.StringIO())  # again: nothing to build

    assert {pk for pk, _language in renderings} == {current.pk}
    assert len(renderings) == 6
    assert not MatrixPdf.objects.filter(matrix=older).exists()
