"""The national legislation register: Eva (expert) and Sam (secretariat) record the acts of a
state's legislation with what each covers; everyone reads the register. "Which states have a law
on brokering, and which act" is one answer on the page, over the API and in the CSV; a matrix
entry cites an act (and a national report, a page, an official address) of its own state only,
and an act that entries cite cannot be deleted."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from states.choices import ReportStatus
from states.legislation import services
from states.legislation.models import (
    LegislationTopicCovered,
    LegislationWeaponCovered,
    NationalLegislation,
)
from states.matrices import services as matrix_services
from states.matrices.choices import MatrixStatus
from states.matrices.models import MatrixEntry
from tests import factories
from tests.helpers import Written, count_queries, fake_states, login_redirect
from tests.states.conftest import entry

pytestmark = pytest.mark.django_db

API = "/api/v1/legislation/"
LIST = "/legislation/"
YEAR = timezone.localdate().year


def act(iso3: str, by, *, title: str = "Export Control Act", year: int = 2010, **extra):
    values = {
        "language": "en",
        "topics": ["export_controls"],
        "weapon_types": ["nuclear"],
        "official_url": "https://laws.example.org/act",
        **extra,
    }
    return services.record_legislation(
        factories.state(iso3), acting_user=by, title=title, year=year, **values
    )


def written() -> Written:
    return Written(NationalLegislation, LegislationTopicCovered, LegislationWeaponCovered)


@pytest.fixture
def brokering(expert):
    """China and Brazil have a law on brokering; France has an export act without brokering."""
    return {
        "CHN": act("CHN", expert, title="Regulations on brokering", topics=["brokering"]),
        "BRA": act(
            "BRA", expert, title="Lei 9.112", year=1995, topics=["brokering", "export_controls"]
        ),
        "FRA": act("FRA", expert, title="Code de la défense", topics=["export_controls"]),
    }


# --- the one question: which states have a law on brokering, and which act ---------------------


def test_one_query_answers_which_states_have_a_law_on_brokering(
    brokering, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = {
            (a.state.iso3, a.title)
            for a in NationalLegislation.objects.covering("brokering").select_related("state")
        }
    assert found == {("CHN", "Regulations on brokering"), ("BRA", "Lei 9.112")}


def test_the_page_answers_it(client, brokering):
    response = client.get(LIST, {"covers": "brokering"})
    assert response.status_code == 200
    assertContains(response, "Regulations on brokering")
    assertContains(response, "Lei 9.112")
    assertNotContains(response, "Code de la défense")


def test_the_page_picks_the_state_by_name(client, brokering):
    response = client.get(LIST, {"state": "BRA"})
    html = response.content.decode()
    assert '<option value="BRA" selected>Brazil</option>' in html
    assertContains(response, "Lei 9.112")
    assertNotContains(response, "Regulations on brokering")


def test_the_api_answers_it(api, brokering):
    body = api.get(API, {"covers": "brokering"}).json()
    assert {(row["state"], row["title"]) for row in body["results"]} == {
        ("CHN", "Regulations on brokering"),
        ("BRA", "Lei 9.112"),
    }
    row = next(r for r in body["results"] if r["state"] == "BRA")
    assert row["covers"] == ["export_controls", "brokering"]
    assert row["weapon_types"] == ["nuclear"]
    assert "created_by" not in row  # a username: for the staff only


def test_the_csv_answers_it_from_the_api_and_the_page(api, client, brokering):
    for response in (
        api.get(API, {"covers": "brokering", "format": "csv"}),
        client.get(reverse("states:legislation-export", args=["csv"]), {"covers": "brokering"}),
    ):
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {(row["ISO3 code"], row["Title"]) for row in rows} == {
            ("CHN", "Regulations on brokering"),
            ("BRA", "Lei 9.112"),
        }


def test_the_xlsx_download_is_a_workbook(client, brokering):
    response = client.get(reverse("states:legislation-export", args=["xlsx"]))
    assert response.status_code == 200 and response.content.startswith(b"PK")


@pytest.mark.parametrize(
    ("params", "titles"),
    [
        ({"state": "CHN"}, {"Regulations on brokering"}),
        ({"state": ["CHN", "FRA"]}, {"Regulations on brokering", "Code de la défense"}),
        ({"year": 1995}, {"Lei 9.112"}),
        ({"year_to": 2000}, {"Lei 9.112"}),
        (
            {"weapon_type": "nuclear", "covers": "export_controls"},
            {"Lei 9.112", "Code de la défense"},
        ),
        ({"weapon_type": "chemical"}, set()),
        ({"q": "défense"}, {"Code de la défense"}),
    ],
)
def test_the_api_filters(api, brokering, params, titles):
    body = api.get(API, params).json()
    assert {row["title"] for row in body["results"]} == titles


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"covers": "smuggling"}, "covers"),
        ({"state": "XXX"}, "state"),
        ({"weapon_type": "laser"}, "weapon_type"),
        ({"year": "nineteen"}, "year"),
    ],
)
def test_a_bad_filter_is_a_400_on_the_api_and_the_page(api, client, params, field):
    response = api.get(API, params)
    assert response.status_code == 400 and field in response.json()["errors"]
    assert client.get(LIST, params).status_code == 400


def test_lists_keep_their_query_count_as_acts_grow(api, client, expert):
    def grow(count: int) -> None:
        for index, state in enumerate(fake_states(count)):
            services.record_legislation(
                state,
                acting_user=expert,
                title=f"Act {index}",
                year=2000,
                language="fr",
                topics=["brokering", "transit"],
                weapon_types=["chemical", "biological"],
                official_url="https://laws.example.org/",
            )

    grow(10)
    few = (
        count_queries(api, API),
        count_queries(client, LIST),
        count_queries(client, reverse("states:legislation-export", args=["csv"])),
    )
    grow(60)
    assert (
        count_queries(api, API),
        count_queries(client, LIST),
        count_queries(client, reverse("states:legislation-export", args=["csv"])),
    ) == few


# --- who may read and write ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "poc_bra", "poc_chn", "member", "expert"])
def test_everyone_reads_the_register(client, api, brokering, who, request):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    if user is not None:
        client.force_login(user)
    chn = brokering["CHN"]
    assert client.get(LIST).status_code == 200
    assert client.get(chn.get_absolute_url()).status_code == 200
    assert api.as_user(user).get(f"{API}{chn.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["poc_chn", "poc_bra", "member"])
@pytest.mark.parametrize("page", ["create", "edit", "delete"])
def test_only_staff_and_experts_write_the_register(client, brokering, who, page, request):
    client.force_login(request.getfixturevalue(who))
    chn = brokering["CHN"]
    url = (
        reverse("states:legislation-create")
        if page == "create"
        else reverse(f"states:legislation-{page}", args=[chn.pk])
    )
    counts = written()
    assert client.get(url).status_code == 403
    response = client.post(url, {"state": "CHN", "title": "Mine", "year": 2000})
    assert response.status_code == 403
    assertContains(response, "Only the secretariat and the experts", status_code=403)
    assert counts.unchanged()


@pytest.mark.parametrize("page", ["create", "edit", "delete"])
def test_the_public_is_sent_to_sign_in(client, brokering, page):
    url = (
        reverse("states:legislation-create")
        if page == "create"
        else reverse(f"states:legislation-{page}", args=[brokering["CHN"].pk])
    )
    counts = written()
    assert login_redirect(client.get(url))
    assert login_redirect(client.post(url, {"title": "x"}))
    assert counts.unchanged()


def test_the_api_is_read_only(api, expert, brokering):
    api.as_user(expert)
    assert api.post(API, {"title": "x"}).status_code == 405
    assert api.delete(f"{API}{brokering['CHN'].pk}/").status_code == 405


# --- recording, correcting ----------------------------------------------------------------------


def form_data(**overrides) -> dict:
    return {
        "state": "CHN",
        "title": "Nuclear Safety Law",
        "year": "2017",
        "articles": "arts. 3-9",
        "language": "zh-hans",
        "topics": ["physical_protection", "penalties"],
        "weapon_types": ["nuclear"],
        "official_url": "",
        **overrides,
    }


@pytest.mark.parametrize("who", ["expert", "secretariat"])
def test_staff_record_an_act_with_its_document(client, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(
        reverse("states:legislation-create"),
        form_data(document=factories.pdf_upload("law.pdf")),
    )
    saved = NationalLegislation.objects.get()
    assert response.status_code == 302 and response.url == saved.get_absolute_url()
    assert saved.state.iso3 == "CHN" and saved.language == "zh-hans"
    assert saved.topic_values() == ["physical_protection", "penalties"]
    assert saved.history.get().history_user == user
    page = client.get(saved.get_absolute_url())
    assertContains(page, "Physical protection, Penalties")
    download = client.get(reverse("states:legislation-document", args=[saved.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"year": str(YEAR + 1)}, "year", f"Give a year between 1900 and {YEAR}."),
        ({"year": "1899"}, "year", f"Give a year between 1900 and {YEAR}."),
        ({"topics": []}, "topics", "Choose at least one topic the act covers."),
        ({"topics": ["smuggling"]}, "topics", "Select a valid choice."),
        ({"state": "XXX"}, "state", "Choose a member state from the list."),
        ({"language": "klingon"}, "language", "Select a valid choice."),
        (
            {"official_url": ""},
            "official_url",
            "Upload the text of the act, or give the official address",
        ),
    ],
)
def test_bad_input_on_the_form_writes_nothing(client, expert, overrides, field, message):
    client.force_login(expert)
    counts = written()
    response = client.post(reverse("states:legislation-create"), form_data(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert counts.unchanged()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (factories.fake_pdf_upload, "is not a PDF or Word document"),
        (factories.pdf_upload, "The file is too large"),
    ],
)
def test_a_wrong_or_too_large_document_is_refused(client, expert, settings, upload, message):
    settings.UPLOAD_MAX_BYTES = 300
    client.force_login(expert)
    counts = written()
    response = client.post(
        reverse("states:legislation-create"),
        form_data(official_url="https://laws.example.org/", document=upload("law.pdf")),
    )
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert counts.unchanged()


def test_the_service_refuses_a_year_out_of_range_and_a_poc(expert, poc_chn):
    counts = written()
    with pytest.raises(ValidationError, match="between 1900"):
        act("CHN", expert, year=YEAR + 1)
    with pytest.raises(ValidationError, match="Give the title of the act"):
        act("CHN", expert, title="   ")
    with pytest.raises(PermissionDenied, match="Only the secretariat and the experts"):
        act("CHN", poc_chn)
    assert counts.unchanged()


def test_staff_correct_an_act(client, expert, brokering):
    chn = brokering["CHN"]
    client.force_login(expert)
    response = client.post(
        reverse("states:legislation-edit", args=[chn.pk]),
        form_data(
            title="Regulations on brokering (amended)",
            topics=["brokering", "financing"],
            official_url="https://laws.example.org/v2",
        ),
    )
    assert response.status_code == 302
    chn.refresh_from_db()
    assert chn.title == "Regulations on brokering (amended)"
    assert chn.state.iso3 == "CHN"
    assert chn.topic_values() == ["brokering", "financing"]
    assert chn.history.count() == 2


# --- matrix entries cite acts and reports --------------------------------------------------------


@pytest.fixture
def chinas_sources(expert, secretariat):
    return {
        "act": act("CHN", expert, title="Export Control Law", year=2020, topics=["brokering"]),
        "report": factories.report(
            "CHN", by=secretariat, status=ReportStatus.PUBLISHED, title="Addendum"
        ),
    }


def cite(matrix, code, by, **values):
    current = entry(matrix, code)
    return matrix_services.update_entry(
        current, acting_user=by, revision=current.revision, **values
    )


def test_an_entry_citing_an_act_links_to_it_on_the_matrix_page(
    client, build_matrix, expert, secretariat, chinas_sources
):
    matrix = build_matrix("CHN")
    cite(
        matrix,
        "OP3CD-C-BRK-EN",
        expert,
        mark="X",
        legislation_id=chinas_sources["act"].pk,
        source_report_id=chinas_sources["report"].pk,
        source_page=12,
        source_url="https://gov.example.cn/export",
    )
    matrix = matrix_services.send_matrix(matrix, acting_user=expert)
    matrix = matrix_services.approve_matrix(matrix, acting_user=secretariat)
    matrix_services.publish_matrix(matrix, acting_user=secretariat)
    response = client.get(matrix.get_absolute_url())
    assertContains(response, f'href="{chinas_sources["act"].get_absolute_url()}"')
    assertContains(response, f'href="{chinas_sources["report"].get_absolute_url()}"')
    assertContains(response, "p. 12")
    assertContains(response, 'href="https://gov.example.cn/export"')
    # And the act's page lists the entry that cites it, to everyone.
    page = client.get(chinas_sources["act"].get_absolute_url())
    assertContains(page, "OP3CD-C-BRK-EN")


def test_an_acts_page_lists_only_the_citations_in_matrices_the_reader_may_see(
    client, build_matrix, expert, poc_bra, chinas_sources
):
    matrix = build_matrix("CHN")  # a draft: the staff's and China's
    cite(matrix, "OP2-N-ACQ-LF", expert, mark="X", legislation_id=chinas_sources["act"].pk)
    url = chinas_sources["act"].get_absolute_url()
    assertNotContains(client.get(url), "OP2-N-ACQ-LF")
    client.force_login(poc_bra)
    assertNotContains(client.get(url), "OP2-N-ACQ-LF")
    client.force_login(expert)
    assertContains(client.get(url), "OP2-N-ACQ-LF")


def test_a_new_draft_carries_the_sources(build_matrix, expert, secretariat, chinas_sources):
    matrix = build_matrix("CHN")
    cite(
        matrix,
        "OP2-N-ACQ-LF",
        expert,
        mark="X",
        legislation_id=chinas_sources["act"].pk,
        source_report_id=chinas_sources["report"].pk,
        source_page=4,
    )
    matrix = matrix_services.send_matrix(matrix, acting_user=expert)
    matrix_services.approve_matrix(matrix, acting_user=secretariat)
    draft = matrix_services.start_draft(matrix.state, acting_user=expert)
    carried = entry(draft, "OP2-N-ACQ-LF")
    assert carried.legislation_id == chinas_sources["act"].pk
    assert (carried.source_report_id, carried.source_page) == (chinas_sources["report"].pk, 4)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"legislation": "brazils act"}, "legislation_id", "This act is another state's"),
        ({"source_report": "brazils report"}, "source_report_id", "is another state's"),
        ({"source_report": "chinas draft"}, "source_report_id", "still a draft"),
        ({"legislation": 999999}, "legislation_id", "There is no act 999999"),
        ({"source_page": 3}, "source_page", "A page is a page of a national report"),
        ({"source_url": "javascript:alert(1)"}, "source_url", "Give the full official address"),
    ],
)
def test_an_entry_cannot_cite_another_states_report_or_act(
    api, build_matrix, expert, poc_bra, secretariat, values, field, message
):
    matrix = build_matrix("CHN")
    brazils_act = act("BRA", expert)
    brazils_report = factories.report("BRA", by=secretariat, status=ReportStatus.SUBMITTED)
    chinas_draft = factories.report("CHN", by=secretariat)
    named = {
        "brazils act": brazils_act.pk,
        "brazils report": brazils_report.pk,
        "chinas draft": chinas_draft.pk,
    }
    payload = {key: named.get(value, value) for key, value in values.items()}
    current = entry(matrix, "OP2-N-ACQ-LF")
    counts = Written(MatrixEntry)
    response = api.as_user(expert).patch(
        f"/api/v1/matrices/{matrix.pk}/entries/OP2-N-ACQ-LF/",
        {**payload, "revision": current.revision},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert message in response.json()["detail"]
    assert field in response.json()["errors"]
    assert counts.unchanged()


def test_the_section_edit_page_cites_an_act_and_refuses_another_states(
    client, build_matrix, expert, chinas_sources
):
    matrix = build_matrix("CHN")
    brazils = act("BRA", expert)
    client.force_login(expert)
    url = reverse("states:matrix-section-edit", args=[matrix.pk, "OP2"])
    page = client.get(url)
    form_rows = page.context["rows"]
    assertContains(page, "Export Control Law (2020)")
    assertNotContains(page, f'<option value="{brazils.pk}"')
    data = {}
    for row in form_rows:
        prefix = row["entry"].pk
        for name, value in row["form"].initial.items():
            data[f"{prefix}-{name}"] = "" if value is None else value
    target = next(r for r in form_rows if r["entry"].field.code == "OP2-N-ACQ-LF")["entry"]
    refused = {**data, f"{target.pk}-mark": "X", f"{target.pk}-legislation_id": brazils.pk}
    counts = Written(MatrixEntry)
    response = client.post(url, refused)
    assert response.status_code == 200
    assertContains(response, "Choose an act of this state from the list.")
    assert counts.unchanged()
    accepted = {
        **data,
        f"{target.pk}-mark": "X",
        f"{target.pk}-legislation_id": chinas_sources["act"].pk,
        f"{target.pk}-source_report_id": chinas_sources["report"].pk,
        f"{target.pk}-source_page": "7",
    }
    assert client.post(url, accepted).status_code == 302
    target.refresh_from_db()
    assert target.legislation_id == chinas_sources["act"].pk and target.source_page == 7


def test_the_api_shows_an_entrys_sources(api, build_matrix, expert, chinas_sources):
    matrix = build_matrix("CHN")
    cite(matrix, "OP2-N-ACQ-LF", expert, mark="X", legislation_id=chinas_sources["act"].pk)
    body = api.as_user(expert).get(f"/api/v1/matrices/{matrix.pk}/entries/OP2-N-ACQ-LF/").json()
    assert body["legislation"] == chinas_sources["act"].pk
    assert body["legislation_url"].endswith(f"{API}{chinas_sources['act'].pk}/")


# --- deleting -------------------------------------------------------------------------------------


def test_deleting_a_cited_act_is_refused_and_names_what_cites_it(
    client, build_matrix, expert, chinas_sources
):
    matrix = build_matrix("CHN")
    cite(matrix, "OP2-N-ACQ-LF", expert, mark="X", legislation_id=chinas_sources["act"].pk)
    client.force_login(expert)
    url = reverse("states:legislation-delete", args=[chinas_sources["act"].pk])
    assertContains(client.get(url), "OP2-N-ACQ-LF")
    counts = written()
    response = client.post(url)
    assert response.status_code == 409
    assertContains(response, "This act cannot be deleted: 1 matrix entry cites it", status_code=409)
    assertContains(response, "OP2-N-ACQ-LF", status_code=409)
    assert counts.unchanged()
    with pytest.raises(services.ActIsCited):
        services.delete_legislation(chinas_sources["act"], acting_user=expert)


def test_an_act_nobody_cites_is_deleted_after_confirmation(client, secretariat, brokering):
    chn = brokering["CHN"]
    client.force_login(secretariat)
    url = reverse("states:legislation-delete", args=[chn.pk])
    assertContains(client.get(url), "Delete this act from the register?")
    assert NationalLegislation.objects.filter(pk=chn.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not NationalLegislation.objects.filter(pk=chn.pk).exists()
    assert not LegislationTopicCovered.objects.filter(act_id=chn.pk).exists()
    assert (
        NationalLegislation.history.filter(id=chn.pk, history_type="-").get().history_user
        == secretariat
    )


def test_matrix_status_does_not_matter_to_the_protection(build_matrix, expert, chinas_sources):
    matrix = build_matrix("CHN")
    cite(matrix, "OP2-N-ACQ-LF", expert, mark="X", legislation_id=chinas_sources["act"].pk)
    assert matrix.status == MatrixStatus.DRAFT
    with pytest.raises(services.ActIsCited):
        services.delete_legislation(chinas_sources["act"], acting_user=expert)


# --- demo data ------------------------------------------------------------------------------------


def test_the_demo_matrices_cite_older_acts_of_their_own_state_under_op2_and_op3(
    settings, member_states, secretariat
):
    from datetime import date

    from django.core.management import call_command

    settings.DEBUG = True
    factories.report(
        "AFG", by=secretariat, status=ReportStatus.PUBLISHED, submitted_on=date(2005, 4, 1)
    )
    call_command("seed_matrices", states=2, stdout=io.StringIO())

    seeded = set(MatrixEntry.objects.values_list("matrix__state__iso3", flat=True))
    assert len(seeded) == 2
    assert set(NationalLegislation.objects.values_list("state__iso3", flat=True)) == seeded
    citing = MatrixEntry.objects.filter(legislation__isnull=False).select_related(
        "matrix", "legislation", "field", "source_report"
    )
    assert citing.exists()
    for cited in citing:
        matrix = cited.matrix
        moment = matrix.approved_at or matrix.sent_at or timezone.now()
        assert cited.field.code.startswith(("OP2-", "OP3AB-", "OP3CD-")), cited.field.code
        assert cited.legislation.state_id == matrix.state_id
        assert cited.legislation.year <= moment.year
        assert cited.mark == "X" and cited.legislation.title in cited.legal_reference
    reported = MatrixEntry.objects.filter(source_report__isnull=False).select_related(
        "matrix", "source_report"
    )
    assert reported.exists()
    for cited in reported:
        moment = cited.matrix.approved_at or cited.matrix.sent_at or timezone.now()
        assert cited.source_report.state_id == cited.matrix.state_id
        assert cited.source_report.submitted_on <= moment.date()
    assert not MatrixEntry.objects.filter(
        field__code__startswith="OP1", legislation__isnull=False
    ).exists()
