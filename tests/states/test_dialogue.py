"""The dialogue with states (8(b)) and the state profiles (8(f)): Eva (expert) and Sam
(secretariat) record the exchanges with a state, the follow-up actions agreed and the state's
profile; Li Wei (China's point of contact) reads China's, read only; Ana Souza (Brazil's), the
Committee's members and the public do not see China's (404). Every refused or wrong write
writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from states.dialogue import services
from states.dialogue.choices import DialogueKind
from states.dialogue.models import Dialogue, DialogueFollowUp, StateProfile
from tests import factories
from tests.helpers import Written, count_queries, fake_states, login_redirect

pytestmark = pytest.mark.django_db

API = "/api/v1/dialogue/"
TODAY = timezone.localdate()


def dialogue(iso3: str, by, *, days_ago: int = 10, **extra) -> Dialogue:
    values = {
        "kind": DialogueKind.CALL,
        "discussed": f"The matrix of {iso3}.",
        "agreed": "An update by the end of the year.",
        **extra,
    }
    return services.record_dialogue(
        factories.state(iso3),
        acting_user=by,
        held_on=TODAY - timedelta(days=days_ago),
        **values,
    )


def written() -> Written:
    return Written(Dialogue, DialogueFollowUp, StateProfile)


@pytest.fixture
def chinas(expert):
    exchange = dialogue("CHN", expert, committee_participants=[expert])
    services.add_follow_up(
        exchange,
        acting_user=expert,
        text="Send the control list",
        owner_name="Permanent Mission of China",
        due_on=TODAY - timedelta(days=2),
    )
    return exchange


@pytest.fixture
def brazils(secretariat):
    return dialogue("BRA", secretariat, kind=DialogueKind.VIDEO_CALL, discussed="Action plan.")


# --- services ----------------------------------------------------------------------------------


def test_an_expert_records_a_dialogue_with_its_participants_and_history(expert, secretariat):
    exchange = dialogue(
        "CHN",
        expert,
        committee_participants=[expert, secretariat],
        state_participants="Deputy Permanent Representative",
        place="New York",
    )
    assert exchange.created_by == expert
    assert set(exchange.committee_participants.all()) == {expert, secretariat}
    # The participants are written after the row: each history row names who recorded it.
    assert {row.history_user for row in exchange.history.all()} == {expert}


def test_a_dialogue_in_the_future_is_refused_and_nothing_is_written(expert):
    before = written()
    with pytest.raises(ValidationError) as refused:
        dialogue("CHN", expert, days_ago=-1)
    assert "in the future" in str(refused.value)
    assert before.unchanged(), before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"discussed": "  "}, "discussed"),
        ({"kind": "dinner"}, "kind"),
        ({"held_on": "yesterday"}, "held_on"),
        ({"discussed": 42}, "discussed"),
    ],
)
def test_wrong_input_to_a_dialogue_is_refused_with_a_message(expert, change, field):
    before = written()
    values = {
        "held_on": TODAY,
        "kind": DialogueKind.CALL,
        "discussed": "The matrix.",
        **change,
    }
    with pytest.raises(ValidationError) as refused:
        services.record_dialogue(factories.state("CHN"), acting_user=expert, **values)
    assert field in refused.value.message_dict
    assert before.unchanged(), before


def test_a_point_of_contact_is_not_a_participant_for_the_committee(expert, poc_chn):
    before = written()
    with pytest.raises(ValidationError) as refused:
        dialogue("CHN", expert, committee_participants=[poc_chn])
    assert "secretariat" in refused.value.message_dict["committee_participants"][0]
    assert before.unchanged(), before


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member"])
def test_only_the_staff_and_the_experts_record_dialogue(persona, request):
    before = written()
    with pytest.raises(PermissionDenied):
        dialogue("CHN", request.getfixturevalue(persona))
    assert before.unchanged(), before


def test_a_follow_up_owned_by_someone_who_is_not_staff_is_refused(chinas, expert, poc_chn):
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.add_follow_up(chinas, acting_user=expert, text="Reply", owner=poc_chn)
    assert "owner" in refused.value.message_dict
    assert before.unchanged(), before


def test_a_follow_up_due_before_the_dialogue_is_refused(chinas, expert):
    before = written()
    with pytest.raises(ValidationError) as refused:
        services.add_follow_up(
            chinas, acting_user=expert, text="Reply", due_on=chinas.held_on - timedelta(days=1)
        )
    assert "due_on" in refused.value.message_dict
    assert before.unchanged(), before


def test_a_follow_up_is_marked_done_not_in_the_future(chinas, secretariat):
    follow_up = chinas.follow_ups.get()
    assert follow_up.is_overdue
    with pytest.raises(ValidationError):
        services.mark_follow_up_done(
            follow_up, acting_user=secretariat, done_on=TODAY + timedelta(days=1)
        )
    follow_up.refresh_from_db()
    assert follow_up.done_on is None
    services.mark_follow_up_done(follow_up, acting_user=secretariat)
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY
    assert not follow_up.is_overdue
    assert follow_up.history.latest().history_user == secretariat


def test_a_correction_keeps_history_and_the_state(chinas, secretariat):
    services.update_dialogue(chinas, acting_user=secretariat, agreed="A visit in spring.")
    chinas.refresh_from_db()
    assert chinas.agreed == "A visit in spring."
    latest = chinas.history.latest()
    assert (latest.history_user, latest.agreed) == (secretariat, "A visit in spring.")


def test_the_staff_keep_a_state_profile_and_a_poc_does_not(expert, poc_chn):
    china = factories.state("CHN")
    profile = services.save_state_profile(china, acting_user=expert, industry="Chemical sector")
    services.save_state_profile(china, acting_user=expert, priorities="Export controls")
    profile.refresh_from_db()
    assert (profile.industry, profile.priorities) == ("Chemical sector", "Export controls")
    assert profile.history.count() == 2
    before = written()
    with pytest.raises(PermissionDenied):
        services.save_state_profile(china, acting_user=poc_chn, industry="None")
    assert before.unchanged(), before


# --- a state's dialogue page and an exchange's page --------------------------------------------


def test_the_public_is_sent_to_sign_in(client, chinas):
    for url in (
        reverse("states:state-dialogue", args=["CHN"]),
        chinas.get_absolute_url(),
        reverse("states:state-profile", args=["CHN"]),
        reverse("states:dialogue-list"),
        reverse("states:dialogue-follow-ups"),
    ):
        assert login_redirect(client.get(url)), url


@pytest.mark.parametrize("persona", ["poc_bra", "member"])
def test_another_states_poc_and_a_member_find_no_dialogue_of_china(
    client, chinas, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("states:state-dialogue", args=["CHN"]),
        chinas.get_absolute_url(),
        reverse("states:state-profile", args=["CHN"]),
        reverse("states:dialogue-create", args=["CHN"]),
        reverse("states:dialogue-edit", args=[chinas.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_chinas_poc_reads_chinas_dialogue_without_changing_it(client, chinas, poc_chn):
    client.force_login(poc_chn)
    page = client.get(reverse("states:state-dialogue", args=["CHN"]))
    assertContains(page, "The matrix of CHN.")
    assertContains(page, "Overdue")
    assertNotContains(page, reverse("states:dialogue-create", args=["CHN"]))
    detail = client.get(chinas.get_absolute_url())
    assertContains(detail, "Send the control list")
    assertNotContains(detail, reverse("states:dialogue-edit", args=[chinas.pk]))
    assert client.get(reverse("states:dialogue-create", args=["CHN"])).status_code == 403
    assert client.get(reverse("states:dialogue-list")).status_code == 403
    assert client.get(reverse("states:dialogue-follow-ups")).status_code == 403


def test_the_state_page_links_the_dialogue_for_those_who_read_it(client, poc_chn, poc_bra):
    url = reverse("states:state-detail", args=["CHN"])
    dialogue_url = reverse("states:state-dialogue", args=["CHN"])
    client.force_login(poc_chn)
    assertContains(client.get(url), dialogue_url)
    client.force_login(poc_bra)
    assertNotContains(client.get(url), dialogue_url)


@pytest.mark.parametrize("persona", ["expert", "secretariat"])
def test_the_staff_record_a_dialogue_through_the_page(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(
        reverse("states:dialogue-create", args=["CHN"]),
        {
            "held_on": (TODAY - timedelta(days=3)).isoformat(),
            "kind": DialogueKind.GENERAL_ASSEMBLY,
            "place": "New York",
            "committee_participants": [user.pk],
            "state_participants": "Counsellor",
            "discussed": "Export controls.",
            "agreed": "A call in January.",
        },
    )
    exchange = Dialogue.objects.get()
    assert response.status_code == 302
    assert response.url == exchange.get_absolute_url()
    assert list(exchange.committee_participants.all()) == [user]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"held_on": (TODAY + timedelta(days=1)).isoformat()}, "in the future"),
        ({"held_on": "tomorrow"}, "Give a date"),
        ({"discussed": ""}, "required"),
        ({"kind": "dinner"}, "valid choice"),
    ],
)
def test_a_wrong_dialogue_form_says_why_and_writes_nothing(client, expert, change, message):
    client.force_login(expert)
    before = written()
    data = {"held_on": TODAY.isoformat(), "kind": DialogueKind.CALL, "discussed": "Matrix."}
    response = client.post(reverse("states:dialogue-create", args=["CHN"]), {**data, **change})
    assertContains(response, message, status_code=400)
    assert before.unchanged(), before


def test_a_poc_in_the_participants_is_refused_on_the_page(client, expert, poc_chn):
    client.force_login(expert)
    before = written()
    response = client.post(
        reverse("states:dialogue-create", args=["CHN"]),
        {
            "held_on": TODAY.isoformat(),
            "kind": DialogueKind.CALL,
            "discussed": "Matrix.",
            "committee_participants": [poc_chn.pk],
        },
    )
    assertContains(response, "Only members of the secretariat and experts", status_code=400)
    assert before.unchanged(), before


def test_the_staff_add_a_follow_up_and_mark_it_done_through_the_page(client, chinas, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("states:dialogue-follow-up-add", args=[chinas.pk]),
        {"text": "Update the matrix", "owner": secretariat.pk, "due_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    added = chinas.follow_ups.get(text="Update the matrix")
    assert added.owner == secretariat
    response = client.post(
        reverse("states:dialogue-follow-up-done", args=[chinas.pk, added.pk]),
        {"done_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.done_on == TODAY


def test_a_follow_up_owned_by_a_poc_is_refused_on_the_page(client, chinas, expert, poc_chn):
    client.force_login(expert)
    before = written()
    response = client.post(
        reverse("states:dialogue-follow-up-add", args=[chinas.pk]),
        {"text": "Reply", "owner": poc_chn.pk},
    )
    assertContains(response, "The owner must be a member of the secretariat", status_code=400)
    assert before.unchanged(), before


def test_another_dialogues_follow_up_is_not_found_and_stays_open(client, chinas, brazils, expert):
    brazils_action = services.add_follow_up(brazils, acting_user=expert, text="Share plans")
    client.force_login(expert)
    before = written()
    response = client.post(
        reverse("states:dialogue-follow-up-done", args=[chinas.pk, brazils_action.pk]),
        {"done_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    brazils_action.refresh_from_db()
    assert brazils_action.done_on is None
    assert before.unchanged(), before


def test_a_follow_up_done_in_the_future_is_refused_on_the_page(client, chinas, expert):
    action = chinas.follow_ups.get()
    client.force_login(expert)
    response = client.post(
        reverse("states:dialogue-follow-up-done", args=[chinas.pk, action.pk]),
        {"done_on": (TODAY + timedelta(days=5)).isoformat()},
    )
    assertContains(response, "in the future", status_code=400)
    action.refresh_from_db()
    assert action.done_on is None


def test_chinas_poc_cannot_mark_a_follow_up_done(client, chinas, poc_chn):
    action = chinas.follow_ups.get()
    client.force_login(poc_chn)
    response = client.post(
        reverse("states:dialogue-follow-up-done", args=[chinas.pk, action.pk]),
        {"done_on": TODAY.isoformat()},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.done_on is None


# --- every state's dialogue and the follow-ups due -----------------------------------------------


def test_the_list_filters_by_state_kind_dates_and_words(client, chinas, brazils, expert):
    client.force_login(expert)
    url = reverse("states:dialogue-list")
    assertContains(client.get(url), "Action plan.")
    by_state = client.get(url, {"state": "CHN"})
    assertContains(by_state, "The matrix of CHN.")
    assertNotContains(by_state, "Action plan.")
    by_kind = client.get(url, {"kind": DialogueKind.VIDEO_CALL})
    assertNotContains(by_kind, "The matrix of CHN.")
    by_words = client.get(url, {"q": "action"})
    assertContains(by_words, "Action plan.")
    assertNotContains(by_words, "The matrix of CHN.")
    none = client.get(url, {"held_on_after": TODAY.isoformat()})
    assertContains(none, "No dialogue matches these filters.")
    assert client.get(url, {"held_on_after": "soon"}).status_code == 400


def test_the_list_costs_the_same_queries_with_more_rows(client, expert, secretariat):
    client.force_login(expert)
    url = reverse("states:dialogue-list")
    dialogue("CHN", expert, committee_participants=[expert])
    few = count_queries(client, url)
    for state in fake_states(15):
        exchange = services.record_dialogue(
            state,
            acting_user=expert,
            held_on=TODAY,
            kind=DialogueKind.CALL,
            discussed="More",
            committee_participants=[expert, secretariat],
        )
        services.add_follow_up(exchange, acting_user=expert, text="Act", owner=secretariat)
    assert count_queries(client, url) == few


def test_the_follow_ups_due_mark_the_overdue_and_cost_the_same(client, chinas, expert):
    client.force_login(expert)
    url = reverse("states:dialogue-follow-ups")
    page = client.get(url)
    assertContains(page, "Send the control list")
    assertContains(page, "Overdue")
    few = count_queries(client, url)
    for state in fake_states(10):
        exchange = services.record_dialogue(
            state, acting_user=expert, held_on=TODAY, kind=DialogueKind.CALL, discussed="More"
        )
        services.add_follow_up(exchange, acting_user=expert, text="Act", owner=expert)
    assert count_queries(client, url) == few
    services.mark_follow_up_done(chinas.follow_ups.get(), acting_user=expert)
    assertNotContains(client.get(url), "Send the control list")
    assertContains(client.get(url, {"done": "true"}), "Send the control list")


# --- the state profile -------------------------------------------------------------------------


def test_the_state_profile_is_read_by_chinas_poc_and_kept_by_the_staff(client, expert, poc_chn):
    client.force_login(expert)
    response = client.post(
        reverse("states:state-profile-edit", args=["CHN"]),
        {"industry": "Chemical sector", "priorities": "Export controls"},
    )
    assert response.status_code == 302
    assert StateProfile.objects.get().industry == "Chemical sector"
    client.force_login(poc_chn)
    page = client.get(reverse("states:state-profile", args=["CHN"]))
    assertContains(page, "Chemical sector")
    assertNotContains(page, reverse("states:state-profile-edit", args=["CHN"]))
    assert client.get(reverse("states:state-profile-edit", args=["CHN"])).status_code == 403
    before = written()
    response = client.post(
        reverse("states:state-profile-edit", args=["CHN"]), {"industry": "Nothing"}
    )
    assert response.status_code == 403
    assert before.unchanged(), before


def test_a_too_long_profile_is_refused_with_nothing_written(client, expert):
    client.force_login(expert)
    before = written()
    response = client.post(
        reverse("states:state-profile-edit", args=["CHN"]), {"industry": "x" * 5001}
    )
    assertContains(response, "at most 5000 characters", status_code=400)
    assert before.unchanged(), before


# --- the API -----------------------------------------------------------------------------------


def test_the_public_reads_no_dialogue_over_the_api(api, chinas):
    assert api.get(API).status_code in (401, 403)
    assert api.get(f"{API}{chinas.pk}/").status_code in (401, 403)


def test_each_reader_lists_the_dialogue_they_may_read(
    api, chinas, brazils, poc_chn, poc_bra, expert
):
    def listed(user):
        response = api.as_user(user).get(API)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert listed(poc_chn) == {chinas.pk}
    assert listed(poc_bra) == {brazils.pk}
    assert listed(expert) == {chinas.pk, brazils.pk}
    assert api.as_user(poc_bra).get(f"{API}{chinas.pk}/").status_code == 404
    assert api.as_user(poc_bra).get(f"{API}{chinas.pk}/follow-ups/").status_code == 404
    detail = api.as_user(poc_chn).get(f"{API}{chinas.pk}/").json()
    assert detail["follow_ups"][0]["is_overdue"] is True
    assert api.as_user(expert).get(API, {"state": "BRA"}).json()["count"] == 1


def test_the_api_list_costs_the_same_queries_with_more_rows(api, expert, secretariat):
    api.as_user(expert)
    first = dialogue("CHN", expert, committee_participants=[expert])
    services.add_follow_up(first, acting_user=expert, text="Act", owner=expert)
    few = count_queries(api, API)
    for state in fake_states(12):
        exchange = services.record_dialogue(
            state,
            acting_user=expert,
            held_on=TODAY,
            kind=DialogueKind.CALL,
            discussed="More",
            committee_participants=[expert, secretariat],
        )
        services.add_follow_up(exchange, acting_user=expert, text="Act", owner=secretariat)
    assert count_queries(api, API) == few


def test_an_expert_records_a_dialogue_and_its_follow_up_over_the_api(api, expert, secretariat):
    api.as_user(expert)
    response = api.post(
        API,
        {
            "state": "CHN",
            "held_on": TODAY.isoformat(),
            "kind": DialogueKind.MISSION_VISIT,
            "discussed": "Border controls.",
            "committee_participants": [expert.username],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    added = api.post(
        f"{API}{pk}/follow-ups/",
        {"text": "Round-table", "owner": secretariat.username, "due_on": TODAY.isoformat()},
        format="json",
    )
    assert added.status_code == 201, added.json()
    done = api.post(f"{API}{pk}/follow-ups/{added.json()['id']}/done/", {}, format="json")
    assert done.status_code == 200
    assert done.json()["done_on"] == TODAY.isoformat()
    changed = api.patch(f"{API}{pk}/", {"agreed": "A round-table."}, format="json")
    assert changed.status_code == 200
    assert Dialogue.objects.get().agreed == "A round-table."


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"held_on": (TODAY + timedelta(days=2)).isoformat()}, "held_on"),
        ({"held_on": "last week"}, "held_on"),
        ({"discussed": None}, "discussed"),
        ({"kind": "dinner"}, "kind"),
        ({"state": "XXX"}, "state"),
        ({"committee_participants": ["li.wei"]}, "committee_participants"),
    ],
)
def test_wrong_input_over_the_api_is_refused_and_nothing_written(
    api, expert, poc_chn, payload, field
):
    before = written()
    data = {
        "state": "CHN",
        "held_on": TODAY.isoformat(),
        "kind": DialogueKind.CALL,
        "discussed": "Matrix.",
        **payload,
    }
    response = api.as_user(expert).post(API, data, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert before.unchanged(), before


def test_missing_fields_over_the_api_are_named(api, expert):
    before = written()
    response = api.as_user(expert).post(API, {"state": "CHN"}, format="json")
    assert response.status_code == 400
    assert {"held_on", "kind", "discussed"} <= set(response.json()["errors"])
    assert before.unchanged(), before


@pytest.mark.parametrize("persona", ["poc_chn", "member"])
def test_a_poc_or_member_records_nothing_over_the_api(api, chinas, persona, request):
    user = request.getfixturevalue(persona)
    before = written()
    data = {"state": "CHN", "held_on": TODAY.isoformat(), "kind": "call", "discussed": "X"}
    assert api.as_user(user).post(API, data, format="json").status_code == 403
    expected = 403 if persona == "poc_chn" else 404
    response = api.post(f"{API}{chinas.pk}/follow-ups/", {"text": "X"}, format="json")
    assert response.status_code == expected
    assert before.unchanged(), before


def test_follow_up_wrong_input_over_the_api(api, chinas, brazils, expert, poc_chn):
    brazils_action = services.add_follow_up(brazils, acting_user=expert, text="Share plans")
    api.as_user(expert)
    before = written()
    not_staff = api.post(
        f"{API}{chinas.pk}/follow-ups/", {"text": "Reply", "owner": poc_chn.username}, format="json"
    )
    assert not_staff.status_code == 400
    assert "owner" in not_staff.json()["errors"]
    no_text = api.post(f"{API}{chinas.pk}/follow-ups/", {"due_on": "soon"}, format="json")
    assert no_text.status_code == 400
    assert {"text", "due_on"} <= set(no_text.json()["errors"])
    other = api.post(f"{API}{chinas.pk}/follow-ups/{brazils_action.pk}/done/", {}, format="json")
    assert other.status_code == 404
    future = api.post(
        f"{API}{chinas.pk}/follow-ups/{chinas.follow_ups.get().pk}/done/",
        {"done_on": (TODAY + timedelta(days=1)).isoformat()},
        format="json",
    )
    assert future.status_code == 400
    assert before.unchanged(), before


def test_the_state_of_a_dialogue_does_not_change_over_the_api(api, chinas, expert):
    response = api.as_user(expert).patch(f"{API}{chinas.pk}/", {"state": "BRA"}, format="json")
    assert response.status_code == 400
    chinas.refresh_from_db()
    assert chinas.state.iso3 == "CHN"


# --- the demo ----------------------------------------------------------------------------------


def test_the_demo_dialogue_is_dated_in_the_past_and_seeded_once(secretariat, expert):
    from states.dialogue.demo import seed_dialogue

    assert seed_dialogue(secretariat, expert) > 0
    assert seed_dialogue(secretariat, expert) == 0
    assert not Dialogue.objects.filter(held_on__gt=TODAY).exists()
    assert not DialogueFollowUp.objects.filter(done_on__gt=TODAY).exists()
    assert DialogueFollowUp.objects.filter(done_on__isnull=False).exists()
    assert StateProfile.objects.count() == 3


def test_chinas_poc_reads_no_username_over_the_api(api, chinas, poc_chn, expert):
    mine = api.as_user(poc_chn).get(f"{API}{chinas.pk}/").json()
    assert "created_by" not in mine
    assert "committee_participants" not in mine
    assert "owner" not in mine["follow_ups"][0]
    assert expert.username not in str(mine)
    staff = api.as_user(expert).get(f"{API}{chinas.pk}/").json()
    assert staff["created_by"] == expert.username
    assert staff["committee_participants"] == [expert.username]
