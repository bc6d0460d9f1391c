"""Converting the existing matrices to the new format (programme of work 8(d)): one state's
latest matrix becomes a draft on the 2017 format carrying every mapped entry; the whole set is
converted by one queued job with a report; the staff start it from a confirmation page. The
expected counts come from the data files (states/matrices/data/)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.services import InvalidTransition
from states.matrices import conversion
from states.matrices import services as matrix_services
from states.matrices.choices import ConversionBatchStatus, MatrixStatus
from states.matrices.models import (
    Matrix,
    MatrixConversion,
    MatrixConversionBatch,
    MatrixEntry,
    MatrixTemplate,
)
from states.matrices.template import MAPPING_2016_2017, TEMPLATE_2017
from states.models import MemberState
from tests.conftest import wait_until
from tests.helpers import Written
from tests.states.conftest import fake_published_matrices

pytestmark = pytest.mark.django_db

# China's matrix approved on 1 June 2013 (on the template in use then), and two states whose
# seeded history the tests below rely on only through what the data says of them.
DEMO = "CHN,AGO,AFG,ALB"


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


MAPPING = {row["from_code"]: row["to_code"] for row in rows_of(MAPPING_2016_2017)}
FIELDS_2017 = [row["code"] for row in rows_of(TEMPLATE_2017)]
CARRIED = {old: new for old, new in MAPPING.items() if new}
NEW_FIELDS = [code for code in FIELDS_2017 if code not in set(CARRIED.values())]
DROPPED = [old for old, new in MAPPING.items() if not new]


@pytest.fixture
def demo(settings, member_states):
    settings.DEBUG = True
    call_command("load_matrix_template", stdout=io.StringIO())
    call_command("seed_matrices", iso3=DEMO, stdout=io.StringIO())
    return {t.code: t for t in MatrixTemplate.objects.all()}


@pytest.fixture
def written():
    return lambda: Written(Matrix, MatrixEntry, MatrixConversion, MatrixConversionBatch)


def china() -> MemberState:
    return MemberState.objects.get(iso3="CHN")


def values_by_code(matrix: Matrix) -> dict[str, dict]:
    return {e.field.code: e.values() for e in matrix.entries.select_related("field")}


def test_the_demo_keeps_chinas_2013_matrix_on_the_template_of_before_2017(demo):
    latest = Matrix.objects.filter(state=china()).order_by("-version").first()

    assert latest.template.code == "2016"
    assert latest.approved_at.date() == date(2013, 6, 1)
    assert latest.status == MatrixStatus.PUBLISHED
    assert Matrix.objects.filter(template__code="2017").exists()
    assert not Matrix.objects.filter(
        template__code="2017", approved_at__date__lt=date(2017, 1, 1)
    ).exists()


def test_the_demo_records_adherence_under_op1_never_an_article_and_nothing_after_today(demo):
    from django.utils import timezone

    op1 = MatrixEntry.objects.filter(
        field__section__code="OP1", mark="X", field__column="adherence"
    )
    info = "information" if "information" in MatrixEntry.VALUE_FIELDS else "legal_reference"

    assert op1.exists()
    for text in op1.values_list(info, flat=True):
        assert "art." not in text and "Act " not in text
        assert text.split()[-1].isdigit()  # "Ratified 9 March 1992"
    now = timezone.now()
    for name in ("sent_at", "approved_at", "published_at"):
        assert not Matrix.objects.filter(**{f"{name}__gt": now}).exists()


def test_converting_chinas_matrix_carries_every_mapped_entry_with_its_mark_and_source(
    demo, expert, written
):
    old = Matrix.objects.filter(state=china()).order_by("-version").first()
    # A source of every kind on a field present in both versions.
    marked = next(
        old_code
        for old_code in CARRIED
        if MatrixEntry.objects.filter(matrix=old, field__code=old_code, mark="X").exists()
    )
    extra = {"source": "National report, p. 7", "remarks": "Confirmed by the mission"}
    if "source_url" in MatrixEntry.VALUE_FIELDS:
        extra["source_url"] = "https://www.example.org/gazette/2012-17"
    if "source_page" in MatrixEntry.VALUE_FIELDS:
        extra["source_page"] = 7
    MatrixEntry.objects.filter(matrix=old, field__code=marked).update(**extra)
    before = values_by_code(old)
    counts = written()

    record = conversion.convert_matrix(china(), to_template=demo["2017"], acting_user=expert)

    new = record.matrix
    after = values_by_code(new)
    added = {label: now - was for label, (was, now) in counts.changes().items()}
    assert added["states.Matrix"] == 1
    assert added["states.MatrixEntry"] == len(FIELDS_2017)
    assert added["states.MatrixConversion"] == 1
    assert "states.MatrixConversionBatch" not in added
    assert (new.template.code, new.status, new.version) == ("2017", "draft", old.version + 1)
    assert (new.based_on, new.created_by) == (old, expert)
    assert sorted(after) == sorted(FIELDS_2017)
    for old_code, new_code in CARRIED.items():
        assert after[new_code] == before[old_code], old_code
    assert after[CARRIED[marked]]["mark"] == "X"
    assert all(after[CARRIED[marked]][name] == value for name, value in extra.items())
    for code in NEW_FIELDS:
        assert not any(after[code].values()), code
    assert record.carried == len(CARRIED)
    assert record.carried_marked == sum(1 for code in CARRIED if before[code]["mark"])
    assert record.new_fields == NEW_FIELDS
    assert [d["code"] for d in record.dropped_fields] == DROPPED
    assert [d["mark"] for d in record.dropped_fields] == [before[c]["mark"] for c in DROPPED]
    assert all(d["note"] for d in record.dropped_fields)
    assert (record.converted_by, record.from_template.code) == (expert, "2016")
    # The version it came from is as it was.
    assert values_by_code(old) == before
    assert new.history.first().history_change_reason.startswith("Converted from version")


def test_a_state_with_a_version_in_progress_is_told_why_and_nothing_is_written(
    demo, expert, written
):
    draft = matrix_services.start_draft(china(), acting_user=expert)
    counts = written()

    with pytest.raises(InvalidTransition) as refused:
        conversion.convert_matrix(china(), to_template=demo["2017"], acting_user=expert)

    message = refused.value.messages[0]
    assert f"version {draft.version}" in message and "one open version at a time" in message
    assert counts.unchanged()


def test_converting_to_the_format_the_matrix_is_already_in_is_refused(demo, expert, written):
    conversion.convert_matrix(china(), to_template=demo["2017"], acting_user=expert)
    draft = Matrix.objects.filter(state=china()).order_by("-version").first()
    matrix_services.send_matrix(draft, acting_user=expert)
    Matrix.objects.filter(pk=draft.pk).update(
        status=MatrixStatus.APPROVED, approved_at=draft.created_at
    )
    counts = written()

    with pytest.raises(ValidationError, match="already in the format"):
        conversion.convert_matrix(china(), to_template=demo["2017"], acting_user=expert)
    assert counts.unchanged()


def test_converting_back_to_the_older_template_is_refused_for_want_of_a_mapping(
    demo, expert, written
):
    state = next(
        m.state
        for m in Matrix.objects.filter(template__code="2017").select_related("state")
        if not Matrix.objects.filter(state=m.state, version__gt=m.version).exists()
        and not m.is_open
    )
    counts = written()

    with pytest.raises(ValidationError, match="No field mapping leads from the template 2017"):
        conversion.convert_matrix(state, to_template=demo["2016"], acting_user=expert)
    assert counts.unchanged()


def test_only_the_staff_convert(demo, poc_chn, member, written):
    counts = written()

    for person in (poc_chn, member):
        with pytest.raises(PermissionDenied):
            conversion.convert_matrix(china(), to_template=demo["2017"], acting_user=person)
        with pytest.raises(PermissionDenied):
            conversion.start_conversion_batch(to_template=demo["2017"], acting_user=person)
    assert counts.unchanged()


def test_the_whole_set_is_converted_by_one_job_with_a_report(
    demo, secretariat, django_capture_on_commit_callbacks
):
    candidates = conversion.candidates(demo["2017"])
    open_ones = {c.state.iso3 for c in candidates if c.is_open}
    to_convert = {c.state.iso3 for c in candidates if not c.is_open}
    assert "CHN" in to_convert

    with django_capture_on_commit_callbacks(execute=True):
        batch = conversion.start_conversion_batch(to_template=demo["2017"], acting_user=secretariat)

    batch.refresh_from_db()
    assert batch.status == ConversionBatchStatus.DONE
    assert batch.converted == len(to_convert)
    assert {c.matrix.state.iso3 for c in batch.conversions.select_related("matrix__state")} == (
        to_convert
    )
    assert {s["state"] for s in batch.skipped} == open_ones
    assert all(c.carried == len(CARRIED) for c in batch.conversions.all())
    # Run again (a retried task): nothing more is converted.
    conversion.run_conversion_batch(batch.pk)
    assert MatrixConversion.objects.count() == len(to_convert)
    assert conversion.candidates(demo["2017"]) == [c for c in candidates if c.is_open] or all(
        c.is_open for c in conversion.candidates(demo["2017"])
    )


def test_a_second_job_while_one_is_under_way_is_refused(demo, secretariat, written):
    conversion.start_conversion_batch(to_template=demo["2017"], acting_user=secretariat)
    counts = written()

    with pytest.raises(InvalidTransition, match="already under way"):
        conversion.start_conversion_batch(to_template=demo["2017"], acting_user=secretariat)
    assert counts.unchanged()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_conversion_job(celery_worker, settings, secretariat):
    settings.DEBUG = True
    call_command("load_matrix_template", stdout=io.StringIO())
    call_command("seed_matrices", iso3="CHN", stdout=io.StringIO())
    template = MatrixTemplate.objects.get(code="2017")

    batch = conversion.start_conversion_batch(to_template=template, acting_user=secretariat)

    done = wait_until(
        lambda: MatrixConversionBatch.objects.filter(
            pk=batch.pk, status=ConversionBatchStatus.DONE
        ).first()
    )
    assert done.converted == 1
    assert Matrix.objects.filter(state__iso3="CHN", template=template, status="draft").exists()


# --- The staff's pages --------------------------------------------------------------------------


def test_the_staff_confirm_before_the_job_starts_and_read_its_report(
    client, demo, secretariat, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)

    confirm = client.get(reverse("states:matrix-conversion-confirm"))
    assertContains(confirm, "China")
    assert not MatrixConversionBatch.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("states:matrix-conversion-start"), {"template": "2017"})

    batch = MatrixConversionBatch.objects.get()
    assert started.status_code == 302 and started["Location"] == batch.get_absolute_url()
    report = client.get(batch.get_absolute_url())
    assertContains(report, "China")
    assertContains(report, str(len(CARRIED)))
    listing = client.get(reverse("states:matrix-conversions"))
    assertContains(listing, batch.get_absolute_url())


@pytest.mark.parametrize(
    "name", ["matrix-conversions", "matrix-conversion-confirm", "matrix-conversion-detail"]
)
def test_the_pages_are_the_staffs(client, demo, secretariat, poc_bra, name):
    batch = MatrixConversionBatch.objects.create(
        to_template=demo["2017"], requested_by=secretariat, status=ConversionBatchStatus.DONE
    )
    kwargs = {"pk": batch.pk} if name.endswith("detail") else {}
    url = reverse(f"states:{name}", kwargs=kwargs)

    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(poc_bra)
    assert client.get(url).status_code == 403
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_starting_is_post_only_and_refused_to_others(client, demo, poc_bra, expert, written):
    url = reverse("states:matrix-conversion-start")
    counts = written()

    assert client.post(url, {"template": "2017"}).status_code == 302
    assert "/login" in client.post(url, {"template": "2017"})["Location"]
    client.force_login(poc_bra)
    assert client.post(url, {"template": "2017"}).status_code == 403
    client.force_login(expert)
    assert client.get(url).status_code == 405
    assert counts.unchanged()


def test_an_unknown_template_code_is_refused_with_a_message(client, demo, expert, written):
    client.force_login(expert)
    counts = written()

    response = client.post(
        reverse("states:matrix-conversion-start"), {"template": "1999"}, follow=True
    )

    assertContains(response, "“1999” is not a matrix template; the templates are: 2016, 2017.")
    assert counts.unchanged()


# --- The API -------------------------------------------------------------------------------------


def test_the_api_converts_one_state_for_the_staff(api, demo, expert):
    response = api.as_user(expert).post(
        "/api/v1/matrix-templates/2017/convert/", {"state": "CHN"}, format="json"
    )

    assert response.status_code == 201
    data = response.json()
    assert (data["state"], data["from_template"], data["to_template"]) == ("CHN", "2016", "2017")
    assert data["carried"] == len(CARRIED)
    assert data["new_fields"] == NEW_FIELDS
    assert [d["code"] for d in data["dropped_fields"]] == DROPPED


def test_the_api_refuses_others_and_bad_input_writing_nothing(api, demo, expert, poc_bra, written):
    counts = written()
    url = "/api/v1/matrix-templates/2017/convert/"

    assert api.post(url, {"state": "CHN"}, format="json").status_code in (401, 403)
    assert api.as_user(poc_bra).post(url, {"state": "CHN"}, format="json").status_code == 403
    staff = api.as_user(expert)
    assert staff.post(url, {"state": "XXX"}, format="json").status_code == 400
    assert staff.post(url, {}, format="json").status_code == 400
    assert staff.post(url, {"state": 12}, format="json").status_code == 400
    assert staff.post("/api/v1/matrix-templates/1999/convert/", {"state": "CHN"}).status_code == 404
    matrix_services.start_draft(china(), acting_user=expert)
    counts = written()
    in_progress = staff.post(url, {"state": "CHN"}, format="json")
    assert in_progress.status_code == 409
    assert "one open version at a time" in str(in_progress.json())
    assert counts.unchanged()


def test_the_api_queues_the_whole_set_for_the_staff(
    api, demo, secretariat, poc_bra, django_capture_on_commit_callbacks
):
    url = "/api/v1/matrix-templates/2017/convert-all/"
    assert api.as_user(poc_bra).post(url).status_code == 403
    assert not MatrixConversionBatch.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = api.as_user(secretariat).post(url)

    assert response.status_code == 202
    batch = MatrixConversionBatch.objects.get(pk=response.json()["id"])
    assert batch.status == ConversionBatchStatus.DONE and batch.converted >= 1


def test_the_report_and_the_list_cost_the_same_queries_whatever_the_number_of_states(
    client, demo, secretariat
):
    batch = MatrixConversionBatch.objects.create(
        to_template=demo["2017"], requested_by=secretariat, status=ConversionBatchStatus.DONE
    )

    def convert(count: int) -> None:
        for matrix in fake_published_matrices(count, demo["2017"], secretariat, marks=("",)):
            MatrixConversion.objects.create(
                matrix=matrix,
                converted_from=matrix,
                from_template=demo["2016"],
                to_template=demo["2017"],
                batch=batch,
                converted_by=secretariat,
                dropped_fields=[{"code": "OP3AB-D-LIC-LF", "mark": "X", "note": "gone"}],
            )
            MatrixConversionBatch.objects.create(
                to_template=demo["2017"],
                requested_by=secretariat,
                status=ConversionBatchStatus.FAILED,
            )

    client.force_login(secretariat)
    counted = []
    for count in (2, 20):
        convert(count)
        with CaptureQueriesContext(connection) as report:
            assert client.get(batch.get_absolute_url()).status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("states:matrix-conversions")).status_code == 200
        counted.append((len(report), len(listing)))
    assert counted[0] == counted[1]
