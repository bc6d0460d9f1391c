"""Country visits (8(e), 10(f)) and training courses (8(c), 9(d)): the services' steps, the pages
and the API as the personas see them (the secretariat and experts all; the host state's or a
participating state's point of contact its own; others and the public nothing), bad input that
writes nothing, and list pages whose query count does not grow with the rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains, assertNotContains

from core.demo import minimal_pdf
from core.services import InvalidTransition
from outreach.choices import EventStatus
from outreach.models import Event
from outreach.visits import services
from outreach.visits.choices import CourseStatus, VisitStatus
from outreach.visits.models import (
    CountryVisit,
    CourseMaterial,
    TrainingCourse,
    TrainingParticipant,
    VisitFollowUp,
)
from states.models import MemberState
from tests.helpers import count_queries
from tests.outreach.conftest import days

pytestmark = pytest.mark.django_db


def state(iso3: str) -> MemberState:
    return MemberState.objects.get(iso3=iso3)


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf("Visit report"), content_type="application/pdf")


@pytest.fixture
def make_visit(expert):
    def make(iso3: str = "CHN", *, start: int = 30, **fields) -> CountryVisit:
        fields.setdefault("invitation_date", days(min(start, 0) - 60))
        return services.record_invitation(
            acting_user=expert,
            state=state(iso3),
            start_date=days(start),
            end_date=days(start + 2),
            region="asia_pacific",
            invitation_reference="NV/2026/12",
            **fields,
        )

    return make


@pytest.fixture
def held_visit(make_visit, expert):
    visit = make_visit(start=-20)
    for step in (VisitStatus.ACCEPTED, VisitStatus.SCHEDULED, VisitStatus.HELD):
        visit = services.move_visit(visit, step, acting_user=expert)
    return visit


@pytest.fixture
def course(expert):
    course = services.create_course(
        acting_user=expert,
        title="Regional course for points of contact in Asia",
        start_date=days(-10),
        end_date=days(-8),
        region="asia_pacific",
        place="Beijing",
    )
    for iso3, name in (("CHN", "Zhang San"), ("BRA", "João Silva"), ("FRA", "Marie Curie")):
        services.add_participant(
            course, acting_user=expert, state=state(iso3), name=name, is_poc=iso3 == "CHN"
        )
    return course


# --- services ------------------------------------------------------------------------------


def test_a_visit_goes_from_invitation_to_follow_up_and_keeps_its_event_in_step(held_visit, expert):
    visit = held_visit
    assert visit.status == VisitStatus.HELD
    assert visit.held_on == visit.event.start_date
    assert visit.event.status == EventStatus.HELD
    assert visit.event.kind == "country_visit"
    visit = services.issue_visit_report(visit, pdf(), acting_user=expert, issued_on=days(0))
    assert visit.status == VisitStatus.REPORTED
    with pytest.raises(InvalidTransition):
        services.move_visit(visit, VisitStatus.FOLLOW_UP, acting_user=expert)
    services.add_visit_follow_up(
        visit, acting_user=expert, text="Draft export law", due_on=days(90)
    )
    visit = services.move_visit(visit, VisitStatus.FOLLOW_UP, acting_user=expert)
    assert visit.status == VisitStatus.FOLLOW_UP
    assert [h.history_change_reason for h in visit.history.order_by("history_id")][:2] == [
        "Invitation received",
        "Invitation accepted",
    ]


def test_a_scheduled_visit_appears_on_the_public_calendar(make_visit, expert, client):
    visit = make_visit()
    assert not Event.objects.public().filter(pk=visit.event_id).exists()
    services.move_visit(visit, VisitStatus.ACCEPTED, acting_user=expert)
    services.move_visit(visit, VisitStatus.SCHEDULED, acting_user=expert)
    assert Event.objects.public().filter(pk=visit.event_id).exists()
    assertContains(client.get("/events.ics"), "Country visit to China")


def test_a_visit_not_yet_started_cannot_be_held(make_visit, expert):
    visit = make_visit()
    services.move_visit(visit, VisitStatus.ACCEPTED, acting_user=expert)
    services.move_visit(visit, VisitStatus.SCHEDULED, acting_user=expert)
    with pytest.raises(InvalidTransition):
        services.move_visit(visit, VisitStatus.HELD, acting_user=expert)


def test_steps_out_of_order_are_refused(make_visit, expert):
    visit = make_visit()
    with pytest.raises(InvalidTransition):
        services.move_visit(visit, VisitStatus.HELD, acting_user=expert)


def test_reversed_dates_are_refused_and_nothing_is_written(expert):
    before = (Event.objects.count(), CountryVisit.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.record_invitation(
            acting_user=expert,
            state=state("CHN"),
            invitation_date=days(-30),
            start_date=days(10),
            end_date=days(5),
            region="asia_pacific",
        )
    assert "end date cannot be before" in str(refused.value)
    assert (Event.objects.count(), CountryVisit.objects.count()) == before


def test_a_report_that_is_not_a_pdf_is_refused(held_visit, expert):
    word = SimpleUploadedFile("report.docx", b"PK\x03\x04 not really", content_type="text/plain")
    with pytest.raises(ValidationError):
        services.issue_visit_report(held_visit, word, acting_user=expert, issued_on=days(0))
    held_visit.refresh_from_db()
    assert not held_visit.report and held_visit.status == VisitStatus.HELD


def test_a_course_is_held_with_participants_from_three_states(course, expert):
    course = services.move_course(course, CourseStatus.HELD, acting_user=expert)
    assert course.held_on == course.event.start_date
    assert course.event.status == EventStatus.HELD
    assert set(course.event.states.values_list("iso3", flat=True)) == {"CHN", "BRA", "FRA"}


def test_a_poc_cannot_keep_visits_or_courses(poc_chn, course):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_course(
            acting_user=poc_chn,
            title="x",
            start_date=days(1),
            end_date=days(2),
            region="global",
        )
    with pytest.raises(PermissionDenied):
        services.add_participant(course, acting_user=poc_chn, state=state("CHN"), name="Me")


# --- who reads what: pages -----------------------------------------------------------------


def test_the_host_states_poc_reads_the_visit_and_another_poc_and_the_public_do_not(
    client, held_visit, poc_chn, poc_bra, member
):
    url = held_visit.get_absolute_url()
    assert client.get(url).status_code == 302  # the public: to the login page
    client.force_login(poc_bra)
    assert client.get(url).status_code == 404
    assertNotContains(client.get("/visits/"), held_visit.event.title)
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(poc_chn)
    response = client.get(url)
    assertContains(response, "NV/2026/12")
    assertNotContains(response, "Record the visit as held")
    assert client.get(f"/visits/{held_visit.pk}/report/").status_code == 403


def test_the_public_sees_only_that_a_public_visit_took_place(client, held_visit):
    response = client.get(held_visit.event.get_absolute_url())
    assertContains(response, "Country visit to China")
    assertNotContains(response, "NV/2026/12")


def test_a_participating_states_poc_reads_the_course_with_its_own_participants_only(
    client, course, poc_chn, poc_bra, expert, member
):
    url = course.get_absolute_url()
    assert client.get(url).status_code == 302
    client.force_login(poc_chn)
    response = client.get(url)
    assertContains(response, "Zhang San")
    assertNotContains(response, "João Silva")
    assertNotContains(response, "Marie Curie")
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(expert)
    response = client.get(url)
    for name in ("Zhang San", "João Silva", "Marie Curie"):
        assertContains(response, name)


def test_a_poc_of_a_state_without_participants_does_not_find_the_course(client, course):
    from tests.personas import make_user

    client.force_login(make_user("poc.usa", "poc", "USA"))
    assert client.get(course.get_absolute_url()).status_code == 404
    assertNotContains(client.get("/training/"), course.event.title)


def test_a_poc_is_refused_the_pages_that_keep_visits_and_courses(client, poc_chn, course):
    client.force_login(poc_chn)
    assert client.get("/visits/new/").status_code == 403
    assert client.get("/training/new/").status_code == 403
    assert client.get(f"/training/{course.pk}/participants/new/").status_code == 403


def test_the_report_is_downloaded_by_the_host_poc_only(
    client, held_visit, expert, poc_chn, poc_bra
):
    services.issue_visit_report(held_visit, pdf(), acting_user=expert, issued_on=days(0))
    url = f"/visits/{held_visit.pk}/report.pdf"
    client.force_login(poc_bra)
    assert client.get(url).status_code == 404
    client.force_login(poc_chn)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


# --- bad input through the pages writes nothing ----------------------------------------------


def test_an_invitation_with_reversed_dates_is_refused_on_the_page(client, expert):
    client.force_login(expert)
    before = Event.objects.count()
    response = client.post(
        "/visits/new/",
        {
            "state": state("CHN").pk,
            "invitation_date": days(-30).isoformat(),
            "start_date": days(10).isoformat(),
            "end_date": days(5).isoformat(),
            "region": "asia_pacific",
        },
    )
    assert response.status_code == 400
    assertContains(response, "The end date cannot be before the start date.", status_code=400)
    assert Event.objects.count() == before and not CountryVisit.objects.exists()


def test_an_invitation_dated_in_the_future_or_with_garbage_is_refused(client, expert):
    client.force_login(expert)
    response = client.post(
        "/visits/new/",
        {
            "state": "999999",
            "invitation_date": "soon",
            "start_date": days(10).isoformat(),
            "end_date": days(12).isoformat(),
            "region": "mars",
        },
    )
    assert response.status_code == 400
    assertContains(response, "Select a valid choice", status_code=400)
    assertContains(response, "Enter a valid date", status_code=400)
    response = client.post(
        "/visits/new/",
        {
            "state": state("CHN").pk,
            "invitation_date": days(3).isoformat(),
            "start_date": days(10).isoformat(),
            "end_date": days(12).isoformat(),
            "region": "asia_pacific",
        },
    )
    assertContains(response, "cannot be later than today", status_code=400)
    assert not CountryVisit.objects.exists()


def test_a_participant_of_an_unknown_state_is_refused(client, expert, course):
    client.force_login(expert)
    before = TrainingParticipant.objects.count()
    response = client.post(
        f"/training/{course.pk}/participants/new/", {"state": "999999", "name": "Nobody"}
    )
    assertContains(response, "Select a valid choice", status_code=400)
    response = client.post(f"/training/{course.pk}/participants/new/", {"state": "", "name": ""})
    assertContains(response, "This field is required", status_code=400)
    assert TrainingParticipant.objects.count() == before


def test_a_report_of_the_wrong_kind_or_too_large_is_refused_on_the_page(
    client, expert, held_visit, settings
):
    client.force_login(expert)
    url = f"/visits/{held_visit.pk}/report/"
    text = SimpleUploadedFile("report.pdf", b"just text, not a PDF", content_type="application/pdf")
    response = client.post(url, {"report": text, "issued_on": days(0).isoformat()})
    assertContains(response, "is not a PDF or Word document", status_code=400)
    settings.UPLOAD_MAX_BYTES = 100
    response = client.post(url, {"report": pdf(), "issued_on": days(0).isoformat()})
    assertContains(response, "the largest document accepted is", status_code=400)
    held_visit.refresh_from_db()
    assert not held_visit.report and held_visit.status == VisitStatus.HELD


def test_a_course_document_of_the_wrong_kind_is_refused(client, expert, course):
    client.force_login(expert)
    exe = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(
        f"/training/{course.pk}/documents/new/", {"title": "Slides", "file": exe}
    )
    assert response.status_code == 400
    assert not CourseMaterial.objects.exists()


def test_a_course_with_reversed_dates_is_refused(client, expert):
    client.force_login(expert)
    response = client.post(
        "/training/new/",
        {
            "title": "Course",
            "format": "course",
            "start_date": days(10).isoformat(),
            "end_date": days(1).isoformat(),
            "region": "global",
        },
    )
    assertContains(response, "The end date cannot be before the start date.", status_code=400)
    assert not TrainingCourse.objects.exists()


def test_removing_a_participant_is_confirmed_first(client, expert, course):
    client.force_login(expert)
    participant = course.participants.get(name="Marie Curie")
    url = f"/training/participants/{participant.pk}/remove/"
    assertContains(client.get(url), "Remove Marie Curie")
    assert TrainingParticipant.objects.filter(pk=participant.pk).exists()
    client.post(url)
    assert not TrainingParticipant.objects.filter(pk=participant.pk).exists()
    assert not course.event.states.filter(iso3="FRA").exists()


def test_a_follow_up_with_garbage_dates_is_refused(client, expert, held_visit):
    client.force_login(expert)
    response = client.post(
        f"/visits/{held_visit.pk}/follow-ups/new/", {"text": "Act", "due_on": "1800-01-01"}
    )
    assertContains(response, "Give a date between", status_code=400)
    assert not VisitFollowUp.objects.exists()


# --- the API -------------------------------------------------------------------------------


def test_the_api_gives_visits_by_the_same_rule(api, held_visit, poc_chn, poc_bra):
    assert api.get("/api/v1/visits/").status_code in (401, 403)
    api.force_authenticate(poc_bra)
    assert api.get("/api/v1/visits/").json()["count"] == 0
    assert api.get(f"/api/v1/visits/{held_visit.pk}/").status_code == 404
    api.force_authenticate(poc_chn)
    body = api.get(f"/api/v1/visits/{held_visit.pk}/").json()
    assert body["state"] == "CHN" and body["status"] == "held"


def test_the_api_gives_a_poc_its_own_participants_only(api, course, poc_chn, expert):
    api.force_authenticate(poc_chn)
    body = api.get(f"/api/v1/training-courses/{course.pk}/").json()
    assert [p["state"] for p in body["participants"]] == ["CHN"]
    api.force_authenticate(expert)
    body = api.get(f"/api/v1/training-courses/{course.pk}/").json()
    assert {p["state"] for p in body["participants"]} == {"CHN", "BRA", "FRA"}


# --- query counts ----------------------------------------------------------------------------


def test_list_pages_and_endpoints_cost_the_same_with_more_rows(client, api, expert, make_visit):
    client.force_login(expert)
    api.force_authenticate(expert)
    urls = ["/visits/", "/training/"]
    make_visit("CHN")
    services.create_course(
        acting_user=expert, title="C1", start_date=days(5), end_date=days(6), region="global"
    )
    few = [count_queries(client, url) for url in urls]
    few_api = [count_queries(api, f"/api/v1{url}") for url in ("/visits/", "/training-courses/")]
    for iso3 in ("BRA", "FRA", "USA"):
        make_visit(iso3)
        course = services.create_course(
            acting_user=expert,
            title=f"C {iso3}",
            start_date=days(5),
            end_date=days(6),
            region="global",
        )
        services.add_participant(course, acting_user=expert, state=state(iso3), name="A")
    assert [count_queries(client, url) for url in urls] == few
    assert [
        count_queries(api, f"/api/v1{url}") for url in ("/visits/", "/training-courses/")
    ] == few_api


def test_the_demo_has_a_visit_held_one_to_come_and_a_course_from_several_states(
    secretariat, expert
):
    from django.utils import timezone

    from outreach.visits.demo import seed_visits

    assert seed_visits(secretariat) == {"visits": 2, "courses": 1}
    today = timezone.localdate()
    held = CountryVisit.objects.get(status=VisitStatus.FOLLOW_UP)
    assert held.report and held.follow_ups.count() == 2 and held.held_on < today
    upcoming = CountryVisit.objects.get(status=VisitStatus.SCHEDULED)
    assert upcoming.event.start_date > today and upcoming.invitation_date <= today
    course = TrainingCourse.objects.get()
    assert course.held_on < today
    assert course.participants.values("state").distinct().count() >= 3
    assert seed_visits(secretariat) == {"visits": 0, "courses": 0}
