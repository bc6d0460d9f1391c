"""The matrix letter (8(d)) in the six official languages (issue 13): written in the state's
language of correspondence with its formal name in that language, and produced again in another
of the six when the state asks for it (experts and secretariat, on the page and through the API).
The PDFs are read back with pypdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pytest_django.asserts import assertContains

from states.matrices import services
from states.matrices.models import Matrix
from tests.helpers import login_redirect, pdf_text

MARKS = {"OP1-N-NPT": "X", "OP2-N-ACQ-LF": "X"}
LANGUAGE_REFUSED = "is not one of the six official languages"


def letter_text(matrix: Matrix) -> str:
    matrix.refresh_from_db()
    return pdf_text(matrix.letter, flat=True)


def letter_language(matrix: Matrix) -> str:
    with matrix.letter.open("rb") as handle:
        return str(PdfReader(io.BytesIO(handle.read())).trailer["/Root"]["/Lang"])


@pytest.fixture
def sent_to_china(build_matrix, expert, django_capture_on_commit_callbacks) -> Matrix:
    """China's matrix sent for review, its letter written (in Chinese, its language)."""
    matrix = build_matrix("CHN", "draft", marks=MARKS)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(matrix, acting_user=expert)
    matrix.refresh_from_db()
    return matrix


# --- The letter in the state's language ---------------------------------------------------------


@pytest.mark.django_db
def test_a_matrix_letter_to_china_is_in_chinese(sent_to_china):
    text = letter_text(sent_to_china).replace(" ", "")

    assert sent_to_china.letter_language == "zh"
    assert "中华人民共和国" in text
    assert "委员会主席向中华人民共和国常驻联合国代表致意" in text
    assert "安全理事会关于第1540(2004)号决议所设委员会" in text
    assert "OP1-N-NPT" in text and "OP2-N-ACQ-LF" in text
    assert "Permanent Representative" not in text
    assert letter_language(sent_to_china) == "zh-hans"


@pytest.mark.django_db
def test_a_french_letter_joins_the_article_and_an_arabic_one_runs_right_to_left(
    build_matrix, expert, django_capture_on_commit_callbacks
):
    belgium = build_matrix("BEL", "draft", marks=MARKS)  # le Royaume de Belgique
    saudi_arabia = build_matrix("SAU", "draft", marks=MARKS)  # المملكة العربية السعودية
    with django_capture_on_commit_callbacks(execute=True):
        services.send_matrix(belgium, acting_user=expert)
        services.send_matrix(saudi_arabia, acting_user=expert)

    french = letter_text(belgium)
    arabic = letter_text(saudi_arabia)
    assert "au Représentant permanent du Royaume de Belgique auprès de l'Organisation" in french
    assert "le projet de matrice du Royaume de Belgique (version 1)" in french
    assert "de le Royaume" not in french
    assert "الدائم للمملكة العربية السعودية لدى الأمم المتحدة" in arabic
    assert "لالمملكة" not in arabic
    assert letter_language(saudi_arabia) == "ar"


# --- Produced again in another language, on request ------------------------------------------


@pytest.mark.django_db
def test_the_secretariat_produces_chinas_letter_in_french_on_the_page(
    client, secretariat, sent_to_china, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    form = client.get(f"/matrices/{sent_to_china.pk}/letter/produce/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/matrices/{sent_to_china.pk}/letter/produce/", {"language": "fr"})

    assertContains(form, '<option value="zh" selected>')
    assert response.status_code == 302
    text = letter_text(sent_to_china)
    assert sent_to_china.letter_language == "fr"
    assert "au Représentant permanent de la République populaire de Chine" in text
    assert sent_to_china.history.first().history_change_reason == "Letter generated"
    page = client.get(sent_to_china.get_absolute_url())
    assertContains(page, "Letter (PDF)</a> (French)", html=False)


@pytest.mark.django_db
def test_an_expert_produces_the_letter_in_english_through_the_api(
    api, expert, sent_to_china, django_capture_on_commit_callbacks
):
    url = f"/api/v1/matrices/{sent_to_china.pk}/produce-letter/"

    with django_capture_on_commit_callbacks(execute=True):
        answer = api.as_user(expert).post(url, {"language": "en"})

    assert answer.status_code == 202, answer.json()
    assert (
        api.as_user(expert).get(f"/api/v1/matrices/{sent_to_china.pk}/").json()["letter_language"]
        == "en"
    )
    assert "Permanent Representative of the People's Republic of China" in letter_text(
        sent_to_china
    )


@pytest.mark.django_db
def test_without_a_language_the_api_produces_the_letter_in_the_states_own(
    api, expert, sent_to_china, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.as_user(expert).post(f"/api/v1/matrices/{sent_to_china.pk}/produce-letter/")

    assert answer.status_code == 202
    assert answer.json()["letter_language"] == "zh"
    assert letter_text(sent_to_china).replace(" ", "").count("中华人民共和国") >= 2


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "zh-hans", "", "EN"])
def test_a_letter_in_a_language_that_is_not_one_of_the_six_is_refused(
    client, api, expert, sent_to_china, written, django_capture_on_commit_callbacks, language
):
    counts = written()
    client.force_login(expert)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        page = client.post(f"/matrices/{sent_to_china.pk}/letter/produce/", {"language": language})
        answer = api.as_user(expert).post(
            f"/api/v1/matrices/{sent_to_china.pk}/produce-letter/", {"language": language}
        )

    assert page.status_code == 400
    assert page.context["form"].errors["language"]
    if language:
        assertContains(page, LANGUAGE_REFUSED, status_code=400)
        assert answer.status_code == 400
        assert LANGUAGE_REFUSED in str(answer.json()["errors"]["language"])
    assert queued == []  # no letter written
    sent_to_china.refresh_from_db()
    assert sent_to_china.letter_language == "zh"
    assert counts.unchanged()


@pytest.mark.django_db
def test_a_draft_has_no_letter_to_produce(client, api, expert, build_matrix):
    draft = build_matrix("CHN", "draft")
    client.force_login(expert)

    page = client.post(f"/matrices/{draft.pk}/letter/produce/", {"language": "fr"})
    answer = api.as_user(expert).post(
        f"/api/v1/matrices/{draft.pk}/produce-letter/", {"language": "fr"}
    )

    assert page.status_code == 302
    assert answer.status_code == 409
    assert "A draft has no letter" in answer.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "page_status", "api_status"),
    [
        (None, "login", (401, 403, 404)),
        ("poc_bra", (404,), (404,)),  # another state's point of contact: not even seen
        ("poc_chn", (403,), (403,)),  # the state's own: reads the letter, does not produce it
        ("member", (403, 404), (403, 404)),
    ],
)
def test_only_the_experts_and_the_secretariat_produce_a_letter(
    client,
    api,
    request,
    sent_to_china,
    written,
    django_capture_on_commit_callbacks,
    persona,
    page_status,
    api_status,
):
    user = request.getfixturevalue(persona) if persona else None
    counts = written()
    if user:
        client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        page = client.post(f"/matrices/{sent_to_china.pk}/letter/produce/", {"language": "fr"})
        shown = client.get(f"/matrices/{sent_to_china.pk}/letter/produce/")
        answer = api.as_user(user).post(
            f"/api/v1/matrices/{sent_to_china.pk}/produce-letter/", {"language": "fr"}
        )

    if page_status == "login":
        assert login_redirect(page) and login_redirect(shown)
    else:
        assert page.status_code in page_status
        assert shown.status_code in page_status
    assert answer.status_code in api_status
    assert queued == []
    sent_to_china.refresh_from_db()
    assert sent_to_china.letter_language == "zh"
    assert counts.unchanged()


@pytest.mark.django_db
def test_the_produce_link_is_for_the_experts_and_the_secretariat(
    client, expert, poc_chn, sent_to_china
):
    client.force_login(expert)
    assertContains(client.get(sent_to_china.get_absolute_url()), "/letter/produce/")
    client.force_login(poc_chn)
    page = client.get(sent_to_china.get_absolute_url())
    assert "/letter/produce/" not in page.content.decode()
