"""The experts' assignments and workload (programme of work 12(f)): the secretariat puts an
expert in charge of states and items of the programme; the workload page shows per expert what
waits in their states, at a cost that does not grow with rows; a point of contact's comment on
the matrix reaches only the experts in charge of the state (every expert when nobody is)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone
from pytest_django.asserts import assertContains

from committee.work import assignments
from committee.work.models import ExpertAssignment
from core.choices import Role
from states.matrices import services as matrix_services
from states.matrices.choices import CommentKind
from states.models import MemberState
from tests.helpers import count_queries, login_redirect
from tests.personas import make_user
from tests.states.conftest import build_matrix, entry, template  # noqa: F401
from tests.workinggroups.fixtures import programme, working_groups  # noqa: F401

pytestmark = pytest.mark.django_db

PAGES = [
    "/experts/workload/",
    "/experts/assignments/",
    "/experts/assignments/new/",
]


def today():
    return timezone.localdate()


@pytest.fixture
def eva_leads_china(expert, secretariat, member_states):
    return assignments.assign_expert(
        acting_user=secretariat,
        expert=expert,
        starts_on=today() - timedelta(days=30),
        states=[member_states.get(iso3="CHN")],
    )


def _all_urls(row) -> list[str]:
    return [
        *PAGES,
        f"/experts/assignments/{row.pk}/edit/",
        f"/experts/assignments/{row.pk}/delete/",
    ]


# --- who may open the pages -------------------------------------------------------------------


def test_the_public_is_sent_to_sign_in(client, eva_leads_china):
    for url in _all_urls(eva_leads_china):
        assert login_redirect(client.get(url)), url


@pytest.mark.parametrize("persona", ["poc_bra", "poc_chn"])
def test_a_point_of_contact_opens_none(client, eva_leads_china, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in _all_urls(eva_leads_china):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["member", "expert"])
def test_members_and_experts_read_the_workload_but_do_not_assign(
    client, eva_leads_china, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/experts/workload/").status_code == 200
    for url in _all_urls(eva_leads_china)[1:]:
        assert client.get(url).status_code == 403, url
    response = client.post(f"/experts/assignments/{eva_leads_china.pk}/delete/")
    assert response.status_code == 403
    assert ExpertAssignment.objects.filter(pk=eva_leads_china.pk).exists()


def test_the_secretariat_opens_every_page(client, secretariat, eva_leads_china):
    client.force_login(secretariat)
    for url in _all_urls(eva_leads_china):
        assert client.get(url).status_code == 200, url


# --- assigning ---------------------------------------------------------------------------------


def test_the_secretariat_assigns_an_expert_to_states_and_items(
    client,
    secretariat,
    expert,
    member_states,
    programme,  # noqa: F811
):
    item = programme.items.get(paragraph="8(d)")
    client.force_login(secretariat)
    data = {
        "expert": expert.pk,
        "states": [member_states.get(iso3="KEN").pk, member_states.get(iso3="FRA").pk],
        "work_items": [item.pk],
        "starts_on": today().isoformat(),
    }
    response = client.post("/experts/assignments/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = ExpertAssignment.objects.get()
    assert {state.iso3 for state in assignment.states.all()} == {"KEN", "FRA"}
    assert list(assignment.work_items.all()) == [item]
    # The row and each change of its states and items, all in the name of the secretariat.
    assert {row.history_user for row in assignment.history.all()} == {secretariat}
    workload = client.get("/experts/workload/")
    assertContains(workload, "Kenya")
    assertContains(workload, "8(d)")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"expert": "poc"}, "expert"),  # a point of contact is not an expert
        ({"starts_on": "2026-05-10", "ends_on": "2026-05-01"}, "ends_on"),  # dates reversed
        ({"starts_on": "soon"}, "starts_on"),  # not a date
        ({"states": ["999999"]}, "states"),  # no such state
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    client, secretariat, expert, poc_chn, member_states, change, field
):
    client.force_login(secretariat)
    data = {"expert": expert.pk, "starts_on": today().isoformat(), **change}
    if data["expert"] == "poc":
        data["expert"] = poc_chn.pk
    response = client.post("/experts/assignments/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not ExpertAssignment.objects.exists()


def test_deleting_asks_for_confirmation_then_deletes(client, secretariat, eva_leads_china):
    client.force_login(secretariat)
    url = f"/experts/assignments/{eva_leads_china.pk}/delete/"
    assertContains(client.get(url), 'method="post"')
    assert ExpertAssignment.objects.exists()
    assert client.post(url).status_code == 302
    assert not ExpertAssignment.objects.exists()


# --- the workload ------------------------------------------------------------------------------


def test_the_workload_counts_what_waits_in_the_experts_states(
    client,
    secretariat,
    expert,
    eva_leads_china,
    build_matrix,  # noqa: F811
):
    build_matrix("CHN", "sent")
    build_matrix("BRA", "sent")  # not Eva's
    client.force_login(secretariat)
    [load] = [
        row for row in client.get("/experts/workload/").context["loads"] if row.expert == expert
    ]
    assert [state.iso3 for state in load.states] == ["CHN"]
    assert load.open_matrix_reviews == 1


def test_the_workload_and_the_list_cost_the_same_whatever_their_length(
    client, secretariat, member_states
):
    def add(n: int) -> None:
        for i in range(n):
            person = make_user(f"x{ExpertAssignment.objects.count()}-{i}", Role.EXPERT)
            assignments.assign_expert(
                acting_user=secretariat,
                expert=person,
                starts_on=today(),
                states=list(member_states.order_by("pk")[i * 2 : i * 2 + 2]),
            )

    client.force_login(secretariat)
    add(2)
    workload, listing = (count_queries(client, url) for url in PAGES[:2])
    add(6)
    assert count_queries(client, PAGES[0]) == workload
    assert count_queries(client, PAGES[1]) == listing


def test_an_ended_assignment_no_longer_counts(secretariat, expert, member_states):
    assignments.assign_expert(
        acting_user=secretariat,
        expert=expert,
        starts_on=today() - timedelta(days=60),
        ends_on=today() - timedelta(days=1),
        states=[member_states.get(iso3="CHN")],
    )
    assert not ExpertAssignment.objects.current().exists()


# --- who is told of a comment ------------------------------------------------------------------


def _comment(matrix, poc, run_on_commit) -> None:
    with run_on_commit(execute=True):
        matrix_services.comment_on_entry(
            matrix, entry(matrix, "OP1-N-NPT"), acting_user=poc, kind=CommentKind.ACCEPT
        )


def _told(person) -> bool:
    return any(person.email in message.to for message in django_mail.outbox)


def test_a_comment_reaches_only_the_expert_in_charge_of_the_state(
    build_matrix,  # noqa: F811
    poc_chn,
    expert,
    secretariat,
    eva_leads_china,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other = make_user("otto.expert", Role.EXPERT)
    _comment(build_matrix("CHN", "sent"), poc_chn, django_capture_on_commit_callbacks)
    assert _told(expert)
    assert not _told(other)
    assert _told(secretariat)


def test_a_comment_reaches_every_expert_when_nobody_is_in_charge(
    build_matrix,  # noqa: F811
    poc_bra,
    expert,
    secretariat,
    eva_leads_china,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    other = make_user("otto.expert", Role.EXPERT)
    _comment(build_matrix("BRA", "sent"), poc_bra, django_capture_on_commit_callbacks)
    assert _told(expert) and _told(other)


def test_the_state_of_the_assignment_is_the_one_of_the_poc(member_states, eva_leads_china):
    china = MemberState.objects.get(iso3="CHN")
    assert list(assignments.assigned_experts(china.pk)) == [
        {"expert_id": eva_leads_china.expert_id}
    ]
