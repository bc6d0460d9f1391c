"""The national points of contact endpoint: never public, each state's contacts for its own point
of contact, the whole register for experts (read) and the secretariat (read and write)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from states.models import MemberState
from states.reports import services
from states.reports.models import NationalPointOfContact
from tests import factories
from tests.helpers import Written, count_queries

CONTACTS = "/api/v1/points-of-contact/"


def detail(contact: NationalPointOfContact) -> str:
    return f"{CONTACTS}{contact.pk}/"


def names(response) -> set[str]:
    assert response.status_code == 200
    return {contact["name"] for contact in response.json()["results"]}


def new_contact(**overrides) -> dict:
    return {
        "state": "CHN",
        "name": "Zhang Min",
        "title": "Director",
        "agency": "Ministry of Foreign Affairs",
        "email": "zhang.min@example.cn",
        "phone": "+86 10 0000 0000",
        "since": "2020-01-15",
        **overrides,
    }


def register(iso3: str, name: str, *, by, email: str | None = None) -> NationalPointOfContact:
    return services.register_point_of_contact(
        factories.state(iso3),
        acting_user=by,
        name=name,
        agency="Ministry",
        email=email or f"{name.split()[0].lower()}@example.org",
        since=date(2018, 2, 1),
    )


@pytest.fixture
def register_of_contacts(secretariat):
    return {
        "chn": register("CHN", "Wang Fang", by=secretariat),
        "chn_other": register("CHN", "Chen Jie", by=secretariat),
        "bra": register("BRA", "Joao Silva", by=secretariat),
    }


# --- Who sees what --------------------------------------------------------------------------------


def test_public_reader_cannot_list_points_of_contact(api, register_of_contacts):
    response = api.get(CONTACTS)

    assert response.status_code in (401, 403)
    assert "Wang Fang" not in response.content.decode()


def test_public_reader_cannot_read_a_point_of_contact(api, register_of_contacts):
    response = api.get(detail(register_of_contacts["chn"]))

    assert response.status_code in (401, 403)
    assert "Wang Fang" not in response.content.decode()


def test_poc_sees_only_their_own_states_contacts(api, poc_chn, register_of_contacts):
    response = api.as_user(poc_chn).get(CONTACTS)

    assert names(response) == {"Wang Fang", "Chen Jie"}
    assert {contact["state"] for contact in response.json()["results"]} == {"CHN"}


def test_poc_cannot_read_another_states_contact(api, poc_chn, register_of_contacts):
    response = api.as_user(poc_chn).get(detail(register_of_contacts["bra"]))

    assert response.status_code == 404


def test_poc_filtering_by_another_state_finds_nothing(api, poc_chn, register_of_contacts):
    assert names(api.as_user(poc_chn).get(CONTACTS, {"state": "BRA"})) == set()


def test_committee_member_sees_no_contacts(api, member, register_of_contacts):
    client = api.as_user(member)

    response = client.get(CONTACTS)

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []
    assert client.get(detail(register_of_contacts["chn"])).status_code == 404


def test_expert_reads_every_contact(api, expert, register_of_contacts):
    client = api.as_user(expert)

    assert names(client.get(CONTACTS)) == {"Wang Fang", "Chen Jie", "Joao Silva"}
    assert client.get(detail(register_of_contacts["bra"])).json()["email"] == "joao@example.org"


def test_secretariat_filters_by_state_and_by_active(api, secretariat, register_of_contacts):
    services.deactivate_point_of_contact(register_of_contacts["chn_other"], acting_user=secretariat)
    client = api.as_user(secretariat)

    assert names(client.get(CONTACTS, {"state": "chn"})) == {"Wang Fang", "Chen Jie"}
    assert names(client.get(CONTACTS, {"state": "CHN", "active": "true"})) == {"Wang Fang"}
    assert names(client.get(CONTACTS, {"active": "false"})) == {"Chen Jie"}


@pytest.mark.parametrize(("parameter", "value"), [("active", "maybe"), ("state", "12")])
def test_a_bad_filter_value_is_a_400_naming_the_parameter(api, secretariat, parameter, value):
    response = api.as_user(secretariat).get(CONTACTS, {parameter: value})

    assert response.status_code == 400
    assert parameter in response.json()["errors"]
    assert response.json()["detail"].startswith(f"{parameter}: ")


# --- The secretariat keeps the register -----------------------------------------------------------


def test_secretariat_registers_a_point_of_contact(api, secretariat):
    response = api.as_user(secretariat).post(CONTACTS, new_contact())

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "CHN"
    assert body["email"] == "zhang.min@example.cn"
    assert body["active"] is True
    assert body["deactivated_on"] is None
    contact = NationalPointOfContact.objects.get(pk=body["id"])
    assert contact.history.get().history_user == secretariat


def test_secretariat_corrects_a_contacts_details(api, secretariat, register_of_contacts):
    contact = register_of_contacts["chn"]

    response = api.as_user(secretariat).patch(
        detail(contact), {"agency": "National Nuclear Agency", "phone": "+86 1"}
    )

    assert response.status_code == 200, response.json()
    assert response.json()["agency"] == "National Nuclear Agency"
    contact.refresh_from_db()
    assert contact.agency == "National Nuclear Agency"
    assert contact.history.count() == 2
    assert contact.history.first().history_user == secretariat


def test_secretariat_replaces_a_contacts_details_with_put(api, secretariat, register_of_contacts):
    contact = register_of_contacts["chn"]

    response = api.as_user(secretariat).put(
        detail(contact), new_contact(name="Wang Fang", email="wang.fang@example.cn")
    )

    assert response.status_code == 200, response.json()
    contact.refresh_from_db()
    assert contact.email == "wang.fang@example.cn"
    assert contact.agency == "Ministry of Foreign Affairs"


def test_a_contact_cannot_move_to_another_state(api, secretariat, register_of_contacts):
    written = Written(NationalPointOfContact)

    response = api.as_user(secretariat).patch(detail(register_of_contacts["chn"]), {"state": "BRA"})

    assert response.status_code == 400
    assert "state" in response.json()["errors"]
    assert written.unchanged()


def test_secretariat_deactivates_a_contact(api, secretariat, register_of_contacts):
    contact = register_of_contacts["chn"]

    response = api.as_user(secretariat).post(f"{detail(contact)}deactivate/")

    assert response.status_code == 200
    assert response.json()["active"] is False
    assert response.json()["deactivated_on"] == timezone.localdate().isoformat()
    contact.refresh_from_db()
    assert not contact.active
    assert contact.history.first().history_user == secretariat


def test_deactivating_twice_is_a_conflict(api, secretariat, register_of_contacts):
    contact = register_of_contacts["chn"]
    client = api.as_user(secretariat)
    client.post(f"{detail(contact)}deactivate/")
    written = Written(NationalPointOfContact)

    response = client.post(f"{detail(contact)}deactivate/")

    assert response.status_code == 409
    assert response.json() == {"detail": "This point of contact is already inactive."}
    assert written.unchanged()


def test_a_second_active_contact_with_the_same_email_is_refused(
    api, secretariat, register_of_contacts
):
    written = Written(NationalPointOfContact)

    response = api.as_user(secretariat).post(
        CONTACTS, new_contact(email="WANG@example.org", name="Someone Else")
    )

    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert "China already has an active point of contact" in response.json()["detail"]
    assert written.unchanged()


# --- Nobody else writes ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_registers_contacts(api, request, persona):
    user = request.getfixturevalue(persona)
    written = Written(NationalPointOfContact)

    response = api.as_user(user).post(CONTACTS, new_contact())

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the secretariat keeps the register of points of contact."
    }
    assert written.unchanged()


def test_public_reader_cannot_register_a_contact(api, member_states):
    written = Written(NationalPointOfContact)

    response = api.post(CONTACTS, new_contact())

    assert response.status_code in (401, 403)
    assert written.unchanged()


@pytest.mark.parametrize("persona", ["poc_chn", "expert"])
def test_only_the_secretariat_changes_or_deactivates_contacts(
    api, request, register_of_contacts, persona
):
    user = request.getfixturevalue(persona)
    contact = register_of_contacts["chn"]
    client = api.as_user(user)
    written = Written(NationalPointOfContact)

    changed = client.patch(detail(contact), {"agency": "Somewhere else"})
    deactivated = client.post(f"{detail(contact)}deactivate/")

    assert changed.status_code == 403
    assert changed.json() == {
        "detail": "Only the secretariat keeps the register of points of contact."
    }
    assert deactivated.status_code == 403
    assert deactivated.json() == {
        "detail": "Only the secretariat keeps the register of points of contact."
    }
    assert written.unchanged()
    contact.refresh_from_db()
    assert contact.active
    assert contact.agency == "Ministry"


def test_poc_cannot_touch_another_states_contact(api, poc_bra, register_of_contacts):
    contact = register_of_contacts["chn"]
    client = api.as_user(poc_bra)
    written = Written(NationalPointOfContact)

    assert client.patch(detail(contact), {"agency": "x"}).status_code == 404
    assert client.post(f"{detail(contact)}deactivate/").status_code == 404
    assert written.unchanged()


def test_contacts_are_never_deleted_through_the_api(api, secretariat, register_of_contacts):
    response = api.as_user(secretariat).delete(detail(register_of_contacts["chn"]))

    assert response.status_code == 405
    assert NationalPointOfContact.objects.count() == 3


# --- Refused input changes nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "in_detail"),
    [
        ({"email": None}, "email", "required"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"name": None}, "name", "required"),
        ({"agency": ""}, "agency", "blank"),
        ({"since": "2999-01-01"}, "since", "cannot be in the future"),
        ({"since": "soon"}, "since", "Date has wrong format"),
        ({"state": "XXX"}, "state", "XXX"),
        ({"state": "12"}, "state", "three-letter ISO code"),
    ],
    ids=[
        "missing-email",
        "invalid-email",
        "missing-name",
        "blank-agency",
        "future-since",
        "malformed-since",
        "unknown-state",
        "malformed-state",
    ],
)
def test_bad_input_is_a_400_that_names_the_field_and_writes_nothing(
    api, secretariat, overrides, field, in_detail
):
    data = new_contact()
    for name, value in overrides.items():
        if value is None:
            del data[name]
        else:
            data[name] = value
    written = Written(NationalPointOfContact)

    response = api.as_user(secretariat).post(CONTACTS, data)

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"].startswith(f"{field}: ")
    assert in_detail in body["detail"]
    assert written.unchanged()


def test_a_correction_cannot_date_a_contact_in_the_future(api, secretariat, register_of_contacts):
    tomorrow = timezone.localdate() + timedelta(days=1)
    written = Written(NationalPointOfContact)

    response = api.as_user(secretariat).patch(
        detail(register_of_contacts["chn"]), {"since": tomorrow.isoformat()}
    )

    assert response.status_code == 400
    assert "since" in response.json()["errors"]
    assert written.unchanged()


# --- Query counts ---------------------------------------------------------------------------------


def add_contacts(how_many: int) -> None:
    states = itertools.cycle(MemberState.objects.order_by("iso3")[:20])
    start = NationalPointOfContact.objects.count()
    NationalPointOfContact.objects.bulk_create(
        NationalPointOfContact(
            state=next(states),
            name=f"Contact {start + number}",
            agency="Ministry",
            email=f"contact{start + number}@example.org",
            since=date(2015, 1, 1),
        )
        for number in range(how_many)
    )


@pytest.mark.parametrize("reader", ["secretariat", "poc_chn"])
def test_listing_contacts_takes_the_same_queries_for_ten_or_a_thousand(api, request, reader):
    api.as_user(request.getfixturevalue(reader))
    params = {"page_size": 200}
    count_queries(api, CONTACTS, params)  # warm-up: one-off lookups are not what is measured

    add_contacts(10)
    with_ten = count_queries(api, CONTACTS, params)
    add_contacts(990)
    with_a_thousand = count_queries(api, CONTACTS, params)

    assert NationalPointOfContact.objects.count() == 1000
    assert with_ten == with_a_thousand
    assert with_a_thousand <= 2  # the count and the page
