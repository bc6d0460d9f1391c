"""The committee's documents in the six official languages (issue 13): a note verbale goes to a
state in its language of correspondence, naming it by its formal name in that language, with the
date as that language writes it; its standard wording exists in the six and the secretariat
edits each; the annual review is built in the language chosen at build time. The PDFs are read
back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader
from pytest_django.asserts import assertContains

from committee.work import reviews, services
from committee.work.choices import AnnualReviewStatus
from committee.work.models import AnnualReview, NoteVerbaleTemplate, ReportingReminder
from states.models import MemberState
from tests.helpers import Written, login_redirect, pdf_text

LANGUAGE_REFUSED = "is not one of the six official languages"


def state(iso3: str) -> MemberState:
    return MemberState.objects.get(iso3=iso3)


def remind(iso3: str, by) -> ReportingReminder:
    """A note verbale to ``iso3``: no state has a first report in these tests."""
    [reminder] = services.draft_reporting_reminders([state(iso3)], acting_user=by)
    return reminder


def today_in(locale: str) -> str:
    with translation.override(locale):
        return date_format(timezone.localdate(), "DATE_FORMAT")


def document_language(source) -> str:
    """The language the PDF declares (its catalogue's /Lang, from the HTML's ``lang``)."""
    with source.open("rb") as handle:
        return str(PdfReader(io.BytesIO(handle.read())).trailer["/Root"]["/Lang"])


# --- Notes verbales -------------------------------------------------------------------------------


def test_a_note_verbale_to_chad_is_in_french_and_names_la_republique_du_tchad(
    secretariat, member_states
):
    reminder = remind("TCD", secretariat)

    text = pdf_text(reminder.document, flat=True)
    assert reminder.language == "fr"
    assert (
        "Le Président du Comité du Conseil de sécurité créé par la résolution 1540 (2004) "
        "présente ses compliments au Représentant permanent de la République du Tchad auprès "
        "de l'Organisation des Nations Unies" in text
    )
    assert f"au {today_in('fr')}, le premier rapport de la République du Tchad" in text
    assert "il encourage la République du Tchad à présenter ce rapport" in text
    assert "Destinataire : le Représentant permanent de la République du Tchad" in text
    assert "Permanent Representative" not in text and "Reference" not in text
    assert reminder.subject.startswith("Présentation du premier rapport national")
    assert document_language(reminder.document) == "fr"


def test_french_and_spanish_join_the_article_of_a_name_to_its_preposition(
    secretariat, member_states
):
    belgium = pdf_text(remind("BEL", secretariat).document, flat=True)  # le Royaume de Belgique
    spain = pdf_text(remind("ESP", secretariat).document, flat=True)  # el Reino de España

    assert "au Représentant permanent du Royaume de Belgique" in belgium
    assert "de le Royaume" not in belgium
    assert "al Representante Permanente del Reino de España ante las Naciones Unidas" in spain
    assert "el Comité alienta al Reino de España" in spain
    assert "de el " not in spain and " a el " not in spain


def test_a_russian_note_names_the_state_in_the_genitive_and_dates_it_in_russian(
    secretariat, member_states
):
    reminder = remind("KAZ", secretariat)

    text = pdf_text(reminder.document, flat=True)
    assert reminder.language == "ru"
    assert (
        "свидетельствует свое уважение Постоянному представителю Республики Казахстан при "
        "Организации Объединенных Наций" in text
    )
    assert f"по состоянию на {today_in('ru')} первый доклад Республики Казахстан" in text
    assert today_in("ru").endswith(" г.")


def test_an_arabic_note_is_right_to_left_and_joins_li_to_the_article(secretariat, member_states):
    saudi_arabia = remind("SAU", secretariat)
    egypt = remind("EGY", secretariat)

    saudi_text = pdf_text(saudi_arabia.document, flat=True)
    assert saudi_arabia.language == "ar"
    assert "الممثل الدائم للمملكة العربية السعودية لدى الأمم المتحدة" in saudi_text
    assert "لالمملكة" not in saudi_text
    # pypdf gives the Arabic words in their logical order, but a run of digits between them in
    # the order it is drawn: "1540 (2004)" comes back as ")2004( 1540"; the words are checked.
    assert "لجنة مجلس الأمن المنشأة عملا بالقرار" in saudi_text
    egypt_name = state("EGY").formal_name_ar
    assert f"الممثل الدائم ل{egypt_name} لدى الأمم المتحدة" in pdf_text(egypt.document, flat=True)
    assert document_language(saudi_arabia.document) == "ar"


def test_a_note_to_china_is_in_chinese(secretariat, member_states):
    reminder = remind("CHN", secretariat)

    text = pdf_text(reminder.document, flat=True).replace(" ", "")
    assert reminder.language == "zh"
    assert "委员会主席向中华人民共和国常驻联合国代表致意" in text
    assert f"截至{today_in('zh-hans')}，尚未收到中华人民共和国的第一次报告" in text
    assert document_language(reminder.document) == "zh-hans"


def test_an_english_note_names_the_state_by_its_formal_name(secretariat, member_states):
    text = pdf_text(remind("SSD", secretariat).document, flat=True)

    assert (
        "presents his compliments to the Permanent Representative of the Republic of South "
        "Sudan to the United Nations" in text
    )
    assert f"as at {today_in('en')}, the Republic of South Sudan has not yet submitted" in text


# --- The wording, in six languages ---------------------------------------------------------------


def test_the_standard_wording_exists_in_the_six_languages(member_states):
    template = services.default_note_template()

    for column, opening in {
        "en": "The Chair of the Security Council Committee",
        "fr": "Le Président du Comité du Conseil de sécurité",
        "es": "El Presidente del Comité del Consejo de Seguridad",
        "ru": "Председатель Комитета Совета Безопасности",
        "zh_hans": "安全理事会关于第1540(2004)号决议所设委员会主席",
        "ar": "يهدي رئيس لجنة مجلس الأمن",
    }.items():
        assert getattr(template, f"body_{column}").startswith(opening), column
        assert "{{ state }}" in getattr(template, f"body_{column}")
        assert getattr(template, f"subject_{column}")


def test_the_secretariat_edits_the_french_wording_and_the_english_stays(secretariat, member_states):
    before = remind("TCD", secretariat)
    english = services.default_note_template().body_en

    services.update_note_template(
        services.default_note_template(),
        acting_user=secretariat,
        language="fr",
        subject="Rappel : {{ state|capfirst }}",
        body="Le Comité attend le premier rapport de {{ state }} ({{ iso3 }}), {{ date }}.",
    )
    after = remind("TCD", secretariat)

    assert after.subject == "Rappel : La République du Tchad"
    assert after.text.startswith("Le Comité attend le premier rapport de la République du Tchad")
    template = NoteVerbaleTemplate.objects.get()
    assert template.body_en == english
    with translation.override("en"):
        assert template.body == english
    before.refresh_from_db()
    assert "Représentant permanent de la République du Tchad" in before.text


def test_a_wording_in_a_language_that_is_not_one_of_the_six_is_refused(secretariat, member_states):
    template = services.default_note_template()
    written = Written(NoteVerbaleTemplate)

    with pytest.raises(ValidationError, match=LANGUAGE_REFUSED) as refused:
        services.update_note_template(
            template, acting_user=secretariat, language="de", subject="x", body="{{ state }}"
        )

    assert "language" in refused.value.error_dict
    assert written.unchanged()


def test_the_wording_page_shows_and_saves_each_language(client, secretariat, member_states):
    client.force_login(secretariat)

    page = client.get("/reminders/wording/", {"language": "ru"})
    saved = client.post(
        "/reminders/wording/?language=es",
        {"subject": "Recordatorio", "body": "El Comité saluda a {{ state }}."},
    )

    assertContains(page, "Постоянному представителю {{ state }}")
    assertContains(page, "Wording in Russian")
    assert saved.status_code == 302
    template = NoteVerbaleTemplate.objects.get()
    assert (template.subject_es, template.body_es) == (
        "Recordatorio",
        "El Comité saluda a {{ state }}.",
    )
    assert template.body_en.startswith("The Chair of the Security Council Committee")


def test_the_wording_page_refuses_a_language_that_is_not_one_of_the_six(
    client, secretariat, member_states
):
    client.force_login(secretariat)
    services.default_note_template()
    written = Written(NoteVerbaleTemplate)

    shown = client.get("/reminders/wording/", {"language": "zh-hant"})
    saved = client.post(
        "/reminders/wording/?language=de", {"subject": "Erinnerung", "body": "{{ state }}"}
    )

    assertContains(shown, LANGUAGE_REFUSED, status_code=400)
    assertContains(saved, LANGUAGE_REFUSED, status_code=400)
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_edits_a_wording_in_any_language(
    client, request, member_states, persona
):
    services.default_note_template()
    written = Written(NoteVerbaleTemplate)
    client.force_login(request.getfixturevalue(persona))

    assert client.get("/reminders/wording/", {"language": "fr"}).status_code == 403
    assert client.post("/reminders/wording/?language=fr", {"subject": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_note_template(
            NoteVerbaleTemplate.objects.get(),
            acting_user=request.getfixturevalue(persona),
            language="fr",
            subject="x",
            body="{{ state }}",
        )
    assert written.unchanged()


def test_the_public_is_asked_to_log_in_for_a_wording_in_any_language(client, member_states):
    assert login_redirect(client.get("/reminders/wording/", {"language": "ar"}))
    assert login_redirect(client.post("/reminders/wording/?language=ar", {"subject": "x"}))


def test_the_latest_notes_say_their_language(client, secretariat, member_states):
    remind("TCD", secretariat)
    client.force_login(secretariat)

    page = client.get("/reminders/")

    assertContains(page, "<td>Chad</td><td>French</td>", html=False)


# --- The annual review in any of the six languages --------------------------------------------


def build_review(by, language: str, capture) -> AnnualReview:
    with capture(execute=True):
        review = reviews.request_annual_review(
            2018, as_at=date(2018, 12, 31), acting_user=by, language=language
        )
    review.refresh_from_db()
    assert review.status == AnnualReviewStatus.READY, review.error
    return review


def test_the_annual_review_builds_in_arabic(
    secretariat, member_states, django_capture_on_commit_callbacks
):
    review = build_review(secretariat, "ar", django_capture_on_commit_callbacks)

    text = pdf_text(review.document, flat=True)
    assert review.language == "ar"
    # The Arabic words in their logical order ("1540 (2004)" between them comes back as drawn).
    assert "الاستعراض السنوي لتنفيذ القرار" in text
    assert "المرفق: سجل تقديم التقارير لكل دولة عضو" in text
    for name in ("تشاد", "الصين", "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية"):
        assert name in text, name
    assert "Chad" not in text and "Annex" not in text
    assert document_language(review.document) == "ar"


def test_the_annual_review_builds_in_chinese(
    secretariat, member_states, django_capture_on_commit_callbacks
):
    review = build_review(secretariat, "zh", django_capture_on_commit_callbacks)

    text = pdf_text(review.document, flat=True)
    assert review.language == "zh"
    assert "2018年执行第1540(2004)号决议情况年度审查" in text.replace(" ", "")
    for name in ("乍得", "中国", "法国"):
        assert name in text, name
    assert "Chad" not in text
    assert document_language(review.document) == "zh-hans"


def test_a_review_is_built_in_english_unless_asked_otherwise(
    secretariat, member_states, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    monkeypatch.setattr(
        reviews,
        "render_pdf",
        lambda template, context: seen.append(translation.get_language()) or b"%PDF-1.4",
    )

    with django_capture_on_commit_callbacks(execute=True):
        english = reviews.request_annual_review(2018, acting_user=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        french = reviews.request_annual_review(2018, acting_user=secretariat, language="fr")

    assert (english.language, french.language) == ("en", "fr")
    assert seen == ["en", "fr"]


@pytest.mark.parametrize("language", ["de", "zh-hans", "FR"])
def test_a_review_in_a_language_that_is_not_one_of_the_six_is_refused(
    client, api, secretariat, member_states, language
):
    written = Written(AnnualReview)
    client.force_login(secretariat)

    page = client.post("/annual-reviews/", {"year": "2018", "language": language})
    answer = api.as_user(secretariat).post(
        "/api/v1/annual-reviews/", {"year": 2018, "language": language}
    )
    with pytest.raises(ValidationError, match=LANGUAGE_REFUSED):
        reviews.request_annual_review(2018, acting_user=secretariat, language=language)

    assert page.status_code == 400
    assert page.context["form"].errors["language"]
    assert answer.status_code == 400
    assert "language" in answer.json()["errors"]
    assertContains(page, LANGUAGE_REFUSED, status_code=400)
    assert LANGUAGE_REFUSED in str(answer.json()["errors"]["language"])
    assert written.unchanged()


def test_a_build_in_french_is_labelled_french_on_the_lists(
    client, api, secretariat, member, member_states, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reviews, "render_pdf", lambda template, context: b"%PDF-1.4")
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/annual-reviews/", {"year": "2018", "language": "fr"})
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.as_user(secretariat).post(
            "/api/v1/annual-reviews/", {"year": 2018, "language": "es"}
        )

    assert page.status_code == 302
    assert answer.status_code == 202
    assert answer.json()["language"] == "es"
    client.force_login(member)
    listing = client.get("/annual-reviews/")
    assertContains(listing, "<td>French</td>", html=False)
    assertContains(listing, "<td>Spanish</td>", html=False)
    languages = {
        row["version"]: row["language"]
        for row in api.as_user(member).get("/api/v1/annual-reviews/").json()["results"]
    }
    assert languages == {1: "fr", 2: "es"}


@pytest.mark.parametrize("persona", [None, "poc_chn", "poc_bra", "member", "expert"])
def test_only_the_secretariat_builds_a_review_in_another_language(
    client, api, request, member_states, persona
):
    user = request.getfixturevalue(persona) if persona else None
    written = Written(AnnualReview)
    if user:
        client.force_login(user)

    page = client.post("/annual-reviews/", {"year": "2018", "language": "ar"})
    answer = api.as_user(user).post("/api/v1/annual-reviews/", {"year": 2018, "language": "ar"})

    assert login_redirect(page) if user is None else page.status_code == 403
    assert answer.status_code in (401, 403)
    assert written.unchanged()
