"""Progress that follows the work (committee/work/progress.py): an item of the programme stands
where its records put it. A reminder drafted and sent moves 8(b); the secretariat's override
says who set it and why; the pages cost the same number of queries however many records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from committee.correspondence import services as correspondence
from committee.correspondence.models import Correspondence
from committee.work import progress, services
from committee.work.choices import WorkItemStatus
from committee.work.models import ProgressAssessment, WorkItem
from core.demo import minimal_pdf
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import Event
from states.models import MemberState
from tests.helpers import Written, assert_accessible_basics, count_queries
from tests.workinggroups.fixtures import all_but, first_reports

pytestmark = pytest.mark.usefixtures("programme")


@pytest.fixture
def no_pdf(monkeypatch):
    monkeypatch.setattr(services, "render_pdf", lambda *args, **kwargs: minimal_pdf("x"))


def item(paragraph: str) -> WorkItem:
    return WorkItem.objects.current().select_related("programme").get(paragraph=paragraph)


def standing(paragraph: str) -> progress.Progress:
    found = item(paragraph)
    return progress.progress_of([found])[found.pk]


def held_event(kind: str = EventKind.WORKSHOP, *, days_ago: int = 10, public: bool = True):
    day = timezone.localdate() - timedelta(days=days_ago)
    return Event.objects.create(
        title=f"{kind} held {days_ago} days ago",
        kind=kind,
        status=EventStatus.HELD,
        start_date=day,
        end_date=day,
        region=EventRegion.values[0],
        is_public=public,
    )


def remind_chad(secretariat) -> Correspondence:
    """A reminder drafted for Chad (still without a first report), as the register holds it."""
    first_reports(all_but("TCD"), by=secretariat)
    reminder = services.draft_reporting_reminders(
        [MemberState.objects.get(iso3="TCD")], acting_user=secretariat
    )[0]
    return Correspondence.objects.concerning(reminder).get()


# --- the derived status ---------------------------------------------------------------------------


def test_an_item_without_records_has_not_started():
    assert standing("8(b)").status == WorkItemStatus.NOT_STARTED
    assert standing("8(b)").count == 0


def test_a_recurring_item_with_records_is_continuing_with_its_latest_date():
    held_event(EventKind.WORKSHOP, days_ago=30)
    latest = held_event(EventKind.CONFERENCE, days_ago=5)

    calendar = standing("11(b)(i)")
    assert calendar.count == 2
    assert calendar.latest == latest.start_date
    assert calendar.status == WorkItemStatus.ONGOING


def test_a_parent_item_counts_its_sub_items_records():
    held_event(EventKind.WORKSHOP)

    assert standing("11(b)").count == 1
    assert standing("11(b)").status == WorkItemStatus.ONGOING


def test_events_not_held_do_not_count():
    event = held_event(EventKind.POC_TRAINING)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.CONFIRMED)

    assert standing("8(c)").count == 0


def test_a_one_off_item_is_completed_by_its_record_and_a_recurring_one_falls_behind_its_rhythm():
    assert progress.derive_status("8(a)", 1, date(2026, 1, 1)) == WorkItemStatus.COMPLETED
    assert progress.derive_status("8(d)", 40, date(2026, 1, 1)) == WorkItemStatus.IN_PROGRESS
    today = date(2026, 12, 1)
    assert progress.derive_status("9(h)", 3, date(2026, 10, 1), today) == WorkItemStatus.ONGOING
    assert progress.derive_status("9(h)", 3, date(2026, 6, 1), today) == (
        WorkItemStatus.IN_PROGRESS
    )


def test_every_source_names_a_model_that_exists_and_items_of_the_programme():
    paragraphs = set(WorkItem.objects.current().values_list("paragraph", flat=True))
    for source in progress.SOURCES:
        assert source.model_class()._meta.get_field(source.dated_by.split("__")[0])
        assert set(source.paragraphs) <= paragraphs, source.key


# --- 8(b): a reminder drafted and sent moves the item -------------------------------------------


def test_a_reminder_drafted_and_sent_moves_8b_on_its_page_and_the_programme(
    client, secretariat, chair, no_pdf
):
    client.force_login(secretariat)
    before = client.get(reverse("workinggroups:work-item-paragraph", args=["8b"]))
    assertContains(before, "No record of work on this item yet.")
    assert standing("8(b)").status == WorkItemStatus.NOT_STARTED

    note = remind_chad(secretariat)
    assert standing("8(b)").count == 1  # the reminder drafted
    correspondence.approve(note, acting_user=secretariat)
    note = correspondence.send(Correspondence.objects.get(pk=note.pk), acting_user=secretariat)

    after = standing("8(b)")
    assert after.count == 2  # and the note verbale sent
    assert after.status == WorkItemStatus.ONGOING
    assert after.latest == timezone.localdate()
    page = client.get(reverse("workinggroups:work-item-paragraph", args=["8b"]))
    assert_accessible_basics(page)
    assertContains(page, note.reference)
    assertContains(page, note.get_absolute_url())
    assertContains(page, "Continuing, on track")
    listing = client.get(reverse("workinggroups:programme"))
    row = listing.content.decode().split(">8(b)</a>")[1].split("</tr>")[0]
    assert "Continuing, on track" in row
    assert ">2<" in row


def test_the_public_sees_the_status_of_8b_but_not_the_notes_themselves(
    client, secretariat, chair, no_pdf
):
    remind_chad(secretariat)

    page = client.get(reverse("workinggroups:work-item-paragraph", args=["8b"]))
    assert page.status_code == 200
    assertContains(page, "Continuing, on track")
    assertContains(page, "The records of this item are for the Committee")
    assertNotContains(page, "1540/NV/")


def test_the_public_sees_the_public_events_of_11bi_and_not_the_closed_ones(client):
    shown = held_event(EventKind.WORKSHOP, public=True)
    closed = held_event(EventKind.EXPERT_MEETING, public=False)

    page = client.get(reverse("workinggroups:work-item-paragraph", args=["11b-i"]))
    assertContains(page, shown.get_absolute_url())
    assertNotContains(page, closed.get_absolute_url())


def test_an_unknown_paragraph_is_not_found(client):
    assert client.get("/programme/items/99z/").status_code == 404
    assert client.get("/programme/items/8b-c-d/").status_code == 404


# --- the secretariat's word -----------------------------------------------------------------------


def test_an_override_shows_who_set_it_and_why(client, secretariat):
    client.force_login(secretariat)
    target = item("8(d)")
    url = reverse("committee:work-item-assessment", args=[target.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {"status": "completed", "reason": "All 193 matrices converted in 2017.", "note": "Done."},
    )

    assert response.status_code == 302
    assessment = ProgressAssessment.objects.get(work_item=target)
    assert assessment.history.first().history_user == secretariat
    assert standing("8(d)").status == WorkItemStatus.COMPLETED
    assert standing("8(d)").derived == WorkItemStatus.NOT_STARTED
    page = client.get(target.get_absolute_url())
    day = assessment.set_at
    assertContains(page, f"set by {secretariat.username}")
    assertContains(page, "All 193 matrices converted in 2017.")
    assertContains(page, "from the records: Not started")
    assert str(day.year) in page.content.decode()
    listing = client.get(reverse("workinggroups:programme"))
    assertContains(listing, "set by the secretariat")


def test_an_empty_status_returns_the_item_to_its_records(secretariat):
    target = item("8(b)")
    services.assess_progress(
        target, acting_user=secretariat, status="completed", reason="Closed.", note=""
    )
    services.assess_progress(
        target, acting_user=secretariat, status="", reason="", note="Follow the records."
    )

    assert standing("8(b)").status == WorkItemStatus.NOT_STARTED
    assert standing("8(b)").assessment.note == "Follow the records."
    assert ProgressAssessment.history.filter(work_item_id=target.pk).count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": "done-ish", "reason": "x"}, "status", "Choose a status from the list"),
        ({"status": "completed", "reason": ""}, "reason", "Say why the records"),
        ({"status": "completed", "reason": "   "}, "reason", "Say why the records"),
        ({"status": "completed", "reason": "x" * 501}, "reason", "500 characters"),
        ({"status": ["completed", "ongoing"], "reason": "x"}, "status", ""),
    ],
)
def test_bad_input_for_an_override_is_refused_and_nothing_is_written(
    client, secretariat, data, field, message
):
    client.force_login(secretariat)
    target = item("8(b)")
    written = Written(ProgressAssessment)

    response = client.post(reverse("committee:work-item-assessment", args=[target.pk]), data)

    if data["status"] == ["completed", "ongoing"]:
        # Two values: the last one counts (a QueryDict), still with no reason: refused.
        assert response.status_code in (302, 400)
    else:
        assert response.status_code == 400
        assertContains(response, message, status_code=400)
    if response.status_code == 400:
        assert written.unchanged(), written


def test_an_override_of_an_item_that_does_not_exist_is_not_found(client, secretariat):
    client.force_login(secretariat)
    missing = WorkItem.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("committee:work-item-assessment", args=[missing])).status_code == 404


def test_the_service_refuses_a_status_without_a_reason(secretariat):
    written = Written(ProgressAssessment)
    with pytest.raises(ValidationError) as refused:
        services.assess_progress(
            item("8(b)"), acting_user=secretariat, status="completed", reason="", note=""
        )
    assert "reason" in refused.value.message_dict
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "expert", "member"])
def test_only_the_secretariat_sets_a_status(client, request, persona):
    person = request.getfixturevalue(persona)
    target = item("8(b)")
    written = Written(ProgressAssessment)
    client.force_login(person)
    url = reverse("committee:work-item-assessment", args=[target.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "completed", "reason": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.assess_progress(
            target, acting_user=person, status="completed", reason="x", note=""
        )
    assert written.unchanged()
    assertNotContains(client.get(target.get_absolute_url()), url)


def test_the_public_is_asked_to_sign_in_to_set_a_status(client):
    target = item("8(b)")
    url = reverse("committee:work-item-assessment", args=[target.pk])
    written = Written(ProgressAssessment)

    assert client.get(url).status_code == 302
    assert client.post(url, {"status": "completed", "reason": "x"}).status_code == 302
    assert written.unchanged()


# --- the dashboard and the cost of the pages ------------------------------------------------------


def test_the_dashboard_shows_the_programme_by_area(client, member):
    held_event(EventKind.WORKSHOP)
    client.force_login(member)

    page = client.get(reverse("committee:dashboard"))

    assertContains(page, "Programme of work: progress by area")
    figure = progress.by_area(WorkItem.objects.current().select_related("programme"))
    assert [row["items"] for row in figure] == [13, 8, 12, 11, 8]  # areas A to E
    assert sum(row["records"] for row in figure) >= 1


def test_the_programme_page_costs_the_same_however_many_records(client, secretariat):
    client.force_login(secretariat)
    url = reverse("workinggroups:programme")
    held_event(EventKind.WORKSHOP)
    few = count_queries(client, url)
    for days in range(20):
        held_event(EventKind.CONFERENCE, days_ago=days + 1)
        held_event(EventKind.POC_TRAINING, days_ago=days + 1)

    assert count_queries(client, url) == few


def test_an_item_page_costs_the_same_however_many_records(client, secretariat):
    client.force_login(secretariat)
    url = reverse("workinggroups:work-item-paragraph", args=["11b"])
    held_event(EventKind.WORKSHOP)
    few = count_queries(client, url)
    for days in range(20):
        held_event(EventKind.CONFERENCE, days_ago=days + 1)

    assert count_queries(client, url) == few
