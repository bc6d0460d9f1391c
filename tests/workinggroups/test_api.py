"""The working-groups API: the programme of work (public), the four groups, the meeting schedule
and its documents (delegations, secretariat, experts only), with refusals that write nothing and
list queries that do not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from committee.work.choices import WorkItemStatus
from committee.work.models import WorkItem
from tests import factories
from tests.helpers import Written, count_queries
from tests.workinggroups.fixtures import MEETING_TABLES, circulate, in_days, meeting
from workinggroups.choices import MeetingKind
from workinggroups.models import Meeting, MeetingDocument, WorkingGroup

MEETINGS = "/api/v1/meetings/"


def documents_url(meeting: Meeting) -> str:
    return f"{MEETINGS}{meeting.pk}/documents/"


@pytest.fixture
def upcoming(secretariat, working_groups):
    return meeting(secretariat, starts_at=in_days(7))


# --- the programme --------------------------------------------------------------------------------


def test_the_public_reads_the_programme_with_its_status(api, programme):
    response = api.get("/api/v1/programme/", {"page_size": 100})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 52
    first = body["results"][0]
    assert first["paragraph"] == "8(a)"
    assert first["lead_working_group"] == 1
    assert first["status"] == "not_started"
    assert set(first) >= {"text_en", "text_zh", "area", "progress", "target_date", "url"}


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ({"area": "C"}, 12),
        ({"lead_working_group": "4"}, 12),  # 11 items of paragraph 11 and 12(g)
        ({"paragraph": "10(i)"}, 4),
        ({"paragraph": "12"}, 8),
        ({"status": "completed"}, 0),
    ],
)
def test_the_programme_filters(api, programme, query, count):
    assert api.get("/api/v1/programme/", query).json()["count"] == count


@pytest.mark.parametrize(
    "query",
    [{"area": "Z"}, {"lead_working_group": "5"}, {"paragraph": "eight"}, {"status": "done"}],
)
def test_a_bad_programme_filter_is_a_400_not_ignored(api, programme, query):
    response = api.get("/api/v1/programme/", query)

    assert response.status_code == 400
    assert next(iter(query)) in response.json()["errors"]


def test_staff_record_progress_through_the_api(api, expert, programme):
    item = WorkItem.objects.get(paragraph="8(c)")

    response = api.as_user(expert).post(
        f"/api/v1/programme/{item.pk}/progress/",
        {"status": "in_progress", "progress": 25, "note": "Training course held."},
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["status"], response.json()["progress"]) == ("in_progress", 25)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"status": "in_progress", "progress": "lots", "note": "x"}, "progress"),
        ({"status": "in_progress", "progress": 120, "note": "x"}, "progress"),
        ({"status": "finished", "progress": 10, "note": "x"}, "status"),
        ({"status": "in_progress", "progress": 10}, "note"),
        ({"status": "completed", "progress": 10, "note": "x"}, "progress"),
        ({"status": "in_progress", "progress": 10, "note": "x", "meeting": 999999}, "meeting"),
    ],
)
def test_bad_progress_gets_a_clear_400_and_writes_nothing(api, secretariat, programme, data, field):
    item = WorkItem.objects.get(paragraph="8(c)")
    written = Written(*MEETING_TABLES)

    response = api.as_user(secretariat).post(f"/api/v1/programme/{item.pk}/progress/", data)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["detail"]
    assert written.unchanged()


@pytest.mark.parametrize("persona", [None, "poc_chn", "member"])
def test_others_cannot_record_progress(api, request, programme, persona):
    item = WorkItem.objects.get(paragraph="8(c)")
    user = request.getfixturevalue(persona) if persona else None
    written = Written(*MEETING_TABLES)

    response = api.as_user(user).post(
        f"/api/v1/programme/{item.pk}/progress/",
        {"status": "in_progress", "progress": 25, "note": "x"},
    )

    assert response.status_code in (401, 403)
    assert written.unchanged()


# --- working groups -------------------------------------------------------------------------------


def test_the_public_reads_the_four_groups_and_their_chairs(api, secretariat, chair, working_groups):
    api.as_user(secretariat).post("/api/v1/working-groups/1/chair/", {"member": chair.pk})

    response = api.as_user(None).get("/api/v1/working-groups/")

    assert [g["number"] for g in response.json()["results"]] == [1, 2, 3, 4]
    assert response.json()["results"][0]["chair"]["state"] == "BOL"
    assert api.get("/api/v1/working-groups/2/").json()["name"] == "Assistance"
    assert api.get("/api/v1/working-groups/5/").status_code == 404


@pytest.mark.parametrize("persona", [None, "poc_chn", "member"])
def test_others_cannot_appoint_a_chair_through_the_api(
    api, request, chair, working_groups, persona
):
    user = request.getfixturevalue(persona) if persona else None

    response = api.as_user(user).post("/api/v1/working-groups/1/chair/", {"member": chair.pk})

    assert response.status_code in (401, 403)
    assert WorkingGroup.objects.get(number=1).chair is None


def test_an_unknown_chair_is_a_clear_400(api, secretariat, working_groups):
    response = api.as_user(secretariat).post("/api/v1/working-groups/1/chair/", {"member": 999})

    assert response.status_code == 400
    assert "no committee member with the id 999" in response.json()["detail"]


# --- meetings -------------------------------------------------------------------------------------


def new_meeting(**overrides) -> dict:
    return {
        "kind": "working_group",
        "working_group": 2,
        "title": "Working Group 2: matching",
        "starts_at": (timezone.now() + timedelta(days=10)).isoformat(),
        "place": "Conference Room 5",
        **overrides,
    }


def test_the_secretariat_schedules_a_meeting(api, secretariat, working_groups):
    response = api.as_user(secretariat).post(MEETINGS, new_meeting())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["working_group"], body["status"], body["document_count"]) == (2, "scheduled", 0)
    assert Meeting.objects.get(pk=body["id"]).created_by == secretariat


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": "next Tuesday"}, "starts_at"),
        ({"starts_at": "2003-05-01T10:00:00Z"}, "starts_at"),
        ({"working_group": 7}, "working_group"),
        ({"working_group": None}, "working_group"),
        ({"kind": "informal"}, "working_group"),
        ({"kind": "picnic"}, "kind"),
        ({"title": ""}, "title"),
        ({"place": None}, "place"),
    ],
)
def test_a_bad_meeting_gets_a_clear_400_and_writes_nothing(
    api, secretariat, working_groups, overrides, field
):
    written = Written(*MEETING_TABLES)

    response = api.as_user(secretariat).post(MEETINGS, new_meeting(**overrides))

    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert written.unchanged()


@pytest.mark.parametrize("persona", [None, "poc_chn", "member", "expert"])
def test_only_the_secretariat_schedules(api, request, working_groups, persona):
    written = Written(*MEETING_TABLES)
    user = request.getfixturevalue(persona) if persona else None

    response = api.as_user(user).post(MEETINGS, new_meeting())

    assert response.status_code in (401, 403, 404)
    assert written.unchanged()


def test_the_schedule_is_for_delegations_and_staff_only(api, member, expert, poc_chn, upcoming):
    assert api.as_user(None).get(MEETINGS).status_code in (401, 403)
    assert api.as_user(poc_chn).get(MEETINGS).json()["count"] == 0
    assert api.as_user(poc_chn).get(f"{MEETINGS}{upcoming.pk}/").status_code == 404
    for user in (member, expert):
        assert api.as_user(user).get(MEETINGS).json()["count"] == 1


def test_moving_a_meeting_through_the_api_re_marks_its_documents(api, secretariat, upcoming):
    circulate(secretariat, upcoming)

    response = api.as_user(secretariat).patch(
        f"{MEETINGS}{upcoming.pk}/", {"starts_at": in_days(1 / 24).isoformat()}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["late_document_count"] == 1


def test_a_meeting_cannot_change_its_group(api, secretariat, upcoming):
    response = api.as_user(secretariat).patch(f"{MEETINGS}{upcoming.pk}/", {"working_group": 3})

    assert response.status_code == 400
    assert "working_group" in response.json()["errors"]


def test_cancelling_twice_is_a_409(api, secretariat, upcoming):
    client = api.as_user(secretariat)

    assert client.post(f"{MEETINGS}{upcoming.pk}/cancel/", {"reason": "Clash"}).status_code == 200
    again = client.post(f"{MEETINGS}{upcoming.pk}/cancel/", {"reason": "Clash"})

    assert again.status_code == 409
    assert "only a scheduled meeting can be cancelled" in again.json()["detail"]


def test_an_outcome_before_the_meeting_is_a_400(api, secretariat, upcoming):
    response = api.as_user(secretariat).post(f"{MEETINGS}{upcoming.pk}/outcome/", {"outcome": "x"})

    assert response.status_code == 400
    assert "not taken place yet" in response.json()["detail"]


def test_the_outcome_of_a_meeting_held_is_recorded(api, expert, secretariat, working_groups):
    held = meeting(secretariat, starts_at=in_days(-1))

    response = api.as_user(expert).post(
        f"{MEETINGS}{held.pk}/outcome/", {"outcome": "Agreed.", "feedback": "Thanks."}
    )

    assert response.status_code == 200
    assert response.json()["status"] == "held"


# --- meeting documents ----------------------------------------------------------------------------


def test_the_secretariat_circulates_a_document_by_upload(api, secretariat, upcoming, mailoutbox):
    response = api.as_user(secretariat).post(
        documents_url(upcoming),
        {"title": "Draft report", "language": "fr", "file": factories.docx_upload()},
        format="multipart",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["late"], body["language"], body["meeting"]) == (False, "fr", upcoming.pk)
    assert body["file_url"].endswith(f"/documents/{body['id']}/file/")
    assert "file" not in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "X", "file": "fake"}, "file", "is not a PDF or Word document"),
        ({"title": "X"}, "file", "No file was submitted"),
        ({"file": "pdf"}, "title", "This field is required"),
        ({"title": "X", "file": "pdf", "language": "de"}, "language", "not a valid choice"),
        ({"title": "X", "file": "big"}, "file", "the largest document accepted"),
    ],
)
def test_a_bad_upload_gets_a_clear_400_and_writes_nothing(
    api, secretariat, upcoming, settings, data, field, message
):
    files = {
        "fake": factories.fake_pdf_upload,
        "pdf": factories.pdf_upload,
        "big": factories.pdf_upload,
    }
    if data.get("file") == "big":
        settings.UPLOAD_MAX_BYTES = 200
    data = {k: files[v]() if k == "file" else v for k, v in data.items()}
    written = Written(*MEETING_TABLES)

    response = api.as_user(secretariat).post(documents_url(upcoming), data, format="multipart")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert message in response.json()["detail"]
    assert written.unchanged()


def test_a_document_for_another_meeting_id_is_a_404(api, secretariat, upcoming):
    response = api.as_user(secretariat).post(
        f"{MEETINGS}999999/documents/",
        {"title": "X", "file": factories.pdf_upload()},
        format="multipart",
    )

    assert response.status_code == 404


@pytest.mark.parametrize("persona", [None, "poc_chn", "member", "expert"])
def test_only_the_secretariat_circulates_by_api(api, request, upcoming, persona):
    written = Written(*MEETING_TABLES)
    user = request.getfixturevalue(persona) if persona else None

    response = api.as_user(user).post(
        documents_url(upcoming), {"title": "X", "file": factories.pdf_upload()}, format="multipart"
    )

    assert response.status_code in (401, 403, 404)
    assert written.unchanged()


def test_members_download_a_document_and_pocs_and_the_public_cannot(
    api, secretariat, member, poc_chn, upcoming
):
    document = circulate(secretariat, upcoming, title="Background paper")
    url = f"{documents_url(upcoming)}{document.pk}/file/"

    downloaded = api.as_user(member).get(url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content).startswith(b"%PDF")
    # Reading the stream to its end closed it (a second close() would end the test's connection).
    assert downloaded["Cache-Control"] == "private, no-store"
    assert api.as_user(poc_chn).get(url).status_code == 404
    assert api.as_user(poc_chn).get(documents_url(upcoming)).status_code == 404
    assert api.as_user(None).get(url).status_code in (401, 403)


def test_the_documents_list_shows_which_were_late(api, secretariat, member, working_groups):
    soon = meeting(secretariat, starts_at=in_days(1 / 24))
    circulate(secretariat, soon)

    response = api.as_user(member).get(documents_url(soon), {"late": "true"})

    assert response.json()["count"] == 1
    assert api.as_user(member).get(documents_url(soon), {"late": "maybe"}).status_code == 400


# --- query counts ---------------------------------------------------------------------------------


def bulk_meetings(count: int, by, group: WorkingGroup) -> None:
    Meeting.objects.bulk_create(
        Meeting(
            kind=MeetingKind.WORKING_GROUP,
            working_group=group,
            title=f"Meeting {n}",
            starts_at=in_days(-n - 1),
            place="Room",
            created_by=by,
        )
        for n in range(count)
    )


def test_list_endpoints_keep_their_queries_from_10_to_1000_rows(api, secretariat, programme):
    client = api.as_user(secretariat)
    group = WorkingGroup.objects.get(number=1)
    bulk_meetings(10, secretariat, group)
    host = meeting(secretariat)
    MeetingDocument.objects.bulk_create(
        MeetingDocument(
            meeting=host,
            title=f"D{n}",
            file="x.pdf",
            circulated_at=timezone.now(),
            circulated_by=secretariat,
        )
        for n in range(10)
    )
    urls = [
        f"{MEETINGS}?page_size=200",
        f"{documents_url(host)}?page_size=200",
        "/api/v1/programme/?page_size=200",
        "/api/v1/working-groups/",
    ]
    for url in urls:
        count_queries(client, url)  # warm-up
    few = [count_queries(client, url) for url in urls]

    bulk_meetings(990, secretariat, group)
    MeetingDocument.objects.bulk_create(
        MeetingDocument(
            meeting=host,
            title=f"E{n}",
            file="x.pdf",
            circulated_at=timezone.now(),
            circulated_by=secretariat,
        )
        for n in range(990)
    )
    WorkItem.objects.filter(paragraph__startswith="8(").update(status=WorkItemStatus.ONGOING)
    many = [count_queries(client, url) for url in urls]

    assert few == many
