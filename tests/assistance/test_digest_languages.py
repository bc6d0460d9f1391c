"""The quarterly digest (9(h)) in any of the six official languages (issue 13), chosen when the
build is asked for, English by default: its words, labels and the states' names in that
language, labelled with it on the lists; a language that is not one of the six is refused on the
page and through the API, with nothing written. Read back from the PDF with pypdf."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader
from pytest_django.asserts import assertContains

from assistance import services
from assistance.digest import quarter_of
from assistance.models import QuarterlyDigest
from tests.assistance import builders
from tests.assistance.builders import ASSISTANCE_TABLES
from tests.helpers import Written, login_redirect, pdf_text

DIGESTS = "/api/v1/assistance/digests/"
LANGUAGE_REFUSED = "is not one of the six official languages"


def declared_language(digest: QuarterlyDigest) -> str:
    with digest.pdf_file.open("rb") as handle:
        return str(PdfReader(io.BytesIO(handle.read())).trailer["/Root"]["/Lang"])


@pytest.fixture
def chinas_request_this_quarter(poc_chn):
    return builders.request("CHN", by=poc_chn, title="Help drafting export control legislation")


def test_the_digest_builds_in_french(
    expert, chinas_request_this_quarter, django_capture_on_commit_callbacks
):
    year, quarter = quarter_of(timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        services.request_digest_build(year, quarter, acting_user=expert, language="fr")

    digest = QuarterlyDigest.objects.get(year=year, quarter=quarter)
    text = pdf_text(digest.pdf_file, flat=True)
    assert (digest.language, digest.build_language) == ("fr", "fr")
    assert f"Synthèse sur l'assistance, T{quarter} {year}" in text
    assert "Nouvelles demandes reçues" in text
    assert "Chine" in text  # the state of the unmatched request, named in French
    assert "États d'Asie et du Pacifique" in text
    assert "New requests received" not in text
    assert digest.figures["headline"][0]["label"] == "Nouvelles demandes reçues"
    assert declared_language(digest) == "fr"


def test_a_digest_is_built_in_english_unless_asked_otherwise(
    expert, chinas_request_this_quarter, django_capture_on_commit_callbacks
):
    year, quarter = quarter_of(timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        digest = services.request_digest_build(year, quarter, acting_user=expert)

    digest.refresh_from_db()
    assert digest.language == "en"
    assert "New requests received" in pdf_text(digest.pdf_file, flat=True)


def test_a_rebuild_in_another_language_keeps_the_old_one_labelled_until_it_is_done(
    expert, chinas_request_this_quarter, django_capture_on_commit_callbacks, monkeypatch
):
    year, quarter = quarter_of(timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.request_digest_build(year, quarter, acting_user=expert, language="es")
    monkeypatch.setattr("assistance.services.enqueue", lambda *args: None)  # no worker

    digest = services.request_digest_build(year, quarter, acting_user=expert, language="ru")

    digest.refresh_from_db()
    assert (digest.language, digest.build_language) == ("es", "ru")
    assert "Nuevas solicitudes recibidas" in pdf_text(digest.pdf_file, flat=True)


def test_a_built_digest_is_labelled_with_its_language_on_the_lists(
    client, api, expert, member, chinas_request_this_quarter, django_capture_on_commit_callbacks
):
    year, quarter = quarter_of(timezone.now())
    client.force_login(expert)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/assistance/digests/", {"year": year, "quarter": quarter, "language": "fr"}
        )

    assert response.status_code == 302
    client.force_login(member)
    assertContains(client.get("/assistance/digests/"), "<td>French</td>", html=False)
    digest = QuarterlyDigest.objects.get()
    assertContains(client.get(digest.get_absolute_url()), "Built in French on")
    [listed] = api.as_user(member).get(DIGESTS).json()["results"]
    assert (listed["language"], listed["build_language"]) == ("fr", "fr")


def test_the_api_builds_a_digest_in_arabic(
    api, expert, member, chinas_request_this_quarter, django_capture_on_commit_callbacks
):
    year, quarter = quarter_of(timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(expert).post(
            DIGESTS, {"year": year, "quarter": quarter, "language": "ar"}
        )

    assert response.status_code == 202, response.json()
    digest = api.as_user(member).get(f"{DIGESTS}{response.json()['id']}/").json()
    assert digest["language"] == "ar"
    assert digest["figures"]["headline"][0]["label"] != "New requests received"
    assert "الصين" in pdf_text(QuarterlyDigest.objects.get().pdf_file, flat=True)


@pytest.mark.parametrize("language", ["de", "zh-hans", "Fr"])
def test_a_digest_in_a_language_that_is_not_one_of_the_six_is_refused(
    client, api, expert, member_states, language
):
    year, quarter = quarter_of(timezone.now())
    written = Written(QuarterlyDigest, *ASSISTANCE_TABLES)
    client.force_login(expert)

    page = client.post(
        "/assistance/digests/", {"year": year, "quarter": quarter, "language": language}
    )
    answer = api.as_user(expert).post(
        DIGESTS, {"year": year, "quarter": quarter, "language": language}
    )
    with pytest.raises(ValidationError, match=LANGUAGE_REFUSED):
        services.request_digest_build(year, quarter, acting_user=expert, language=language)

    assert page.status_code == 400
    assert page.context["form"].errors["language"]
    assert answer.status_code == 400
    assert "language" in answer.json()["errors"]
    assertContains(page, LANGUAGE_REFUSED, status_code=400)
    assert LANGUAGE_REFUSED in str(answer.json()["errors"]["language"])
    assert written.unchanged()


@pytest.mark.parametrize("persona", [None, "poc_chn", "poc_bra", "member"])
def test_only_the_experts_and_the_secretariat_build_a_digest_in_another_language(
    client, api, request, member_states, persona
):
    user = request.getfixturevalue(persona) if persona else None
    year, quarter = quarter_of(timezone.now())
    written = Written(QuarterlyDigest)
    if user:
        client.force_login(user)

    page = client.post("/assistance/digests/", {"year": year, "quarter": quarter, "language": "fr"})
    answer = api.as_user(user).post(DIGESTS, {"year": year, "quarter": quarter, "language": "fr"})

    assert login_redirect(page) if user is None else page.status_code == 403
    assert answer.status_code in (401, 403)
    assert written.unchanged()
