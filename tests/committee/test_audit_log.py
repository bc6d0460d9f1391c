"""The audit log: the secretariat sees who changed what and who signed in (or failed to); nobody
else does; bad filters get a clear message; a page costs the same queries however long the
history grows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories
from tests.personas import PASSWORD

CHANGES = "/audit/"
SIGN_INS = "/audit/sign-ins/"


@pytest.fixture
def lock_out_on(settings):
    settings.AXES_ENABLED = True


def test_the_public_is_sent_to_sign_in(client, member_states):
    for path in (CHANGES, SIGN_INS):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "expert", "member"])
def test_only_the_secretariat_reads_the_audit_log(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for path in (CHANGES, SIGN_INS):
        response = client.get(path)
        assert response.status_code == 403
        assert "for the secretariat" in response.content.decode()


def test_the_secretariat_sees_who_changed_which_report(client, member_states, poc_chn, secretariat):
    report = factories.report("CHN", by=poc_chn, status="published", publisher=secretariat)
    client.force_login(secretariat)
    response = client.get(CHANGES)
    assert response.status_code == 200
    rows = response.context["rows"]
    mine = [row for row in rows if row.label == "states.NationalReport"]
    assert [(row.person, row.action) for row in mine][-1] == ("li.wei", "+")
    assert {row.person for row in mine} == {"li.wei", "sam.secretariat"}
    assert all(row.record == report for row in mine)
    page = response.content.decode()
    assert "sam.secretariat" in page
    assert report.get_absolute_url() in page
    assert "Audit log" in page


def test_changes_filter_by_person_kind_and_dates(client, member_states, poc_chn, secretariat):
    factories.report("CHN", by=poc_chn, status="published", publisher=secretariat)
    client.force_login(secretariat)
    by_li = client.get(CHANGES, {"person": "LI.WEI", "kind": "states.NationalReport"})
    assert by_li.status_code == 200
    assert {row.person for row in by_li.context["rows"]} == {"li.wei"}
    tomorrow = timezone.localdate() + timedelta(days=1)
    yesterday = timezone.localdate() - timedelta(days=1)
    none = client.get(CHANGES, {"until": yesterday.isoformat()})
    assert none.context["rows"] == []
    assert "Nothing matches these filters" in none.content.decode()
    future = client.get(CHANGES, {"since": tomorrow.isoformat()})
    assert future.status_code == 400
    assert "in the future" in future.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ({"since": "2026-13-45"}, "Enter a valid date"),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "must not be after"),
        ({"kind": "states.NoSuchThing"}, "Select a valid choice"),
        ({"before": "yesterday-ish"}, "page link is not valid"),
        ({"person": "x" * 151}, "at most 150 characters"),
    ],
)
def test_bad_filters_get_a_clear_message_and_no_rows(client, secretariat, query, message):
    client.force_login(secretariat)
    response = client.get(CHANGES, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["rows"] == []


def test_older_entries_are_one_link_away(client, member_states, poc_chn, secretariat, settings):
    from core import audit

    factories.report("CHN", by=poc_chn)
    client.force_login(secretariat)
    original = audit.PAGE_SIZE
    audit.PAGE_SIZE = 2
    try:
        first = client.get(CHANGES)
        assert len(first.context["rows"]) == 2
        older = first.context["older"]
        assert older
        second = client.get(CHANGES, {"before": older})
        assert second.status_code == 200
        assert all(row.at < first.context["rows"][-1].at for row in second.context["rows"])
    finally:
        audit.PAGE_SIZE = original


def test_a_page_of_changes_takes_the_same_queries_for_3_or_60_records(
    client, member_states, poc_chn, secretariat
):
    """One UNION query for the page, then one query per kind of record on it: the same for 3 or
    60 reports, and never more than the kinds there are."""
    from core.audit import recorded_models

    client.force_login(secretariat)

    def queries(**filters) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGES, filters).status_code == 200
        return len(captured)

    # Different records, each named with its state: a query per row would show here.
    for _ in range(3):
        factories.report("CHN", by=poc_chn)
    few = queries(kind="states.NationalReport")
    for _ in range(57):
        factories.report("CHN", by=poc_chn)
    assert queries(kind="states.NationalReport") == few
    assert queries() <= few + len(recorded_models())


@pytest.mark.usefixtures("lock_out_on")
def test_sign_ins_and_failed_attempts_are_listed(client, secretariat, poc_chn):
    assert client.post("/login/", {"username": "li.wei", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "li.wei", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    assert AccessLog.objects.filter(username="li.wei").exists()
    assert AccessFailureLog.objects.filter(username="li.wei").exists()
    client.force_login(secretariat)
    response = client.get(SIGN_INS)
    assert response.status_code == 200
    outcomes = [(row.person, row.outcome) for row in response.context["rows"]]
    assert ("li.wei", "signed-in") in outcomes
    assert ("li.wei", "failed") in outcomes
    signed_in = next(
        row
        for row in response.context["rows"]
        if row.person == "li.wei" and row.outcome == "signed-in"
    )
    assert signed_in.signed_out is not None
    page = response.content.decode()
    assert "wrong password" in page
    only_li = client.get(SIGN_INS, {"person": "li.wei"})
    assert {row.person for row in only_li.context["rows"]} == {"li.wei"}


def test_the_empty_log_says_so(client, secretariat):
    client.force_login(secretariat)
    assert "Nobody has signed in yet" in client.get(SIGN_INS).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"before": "9999-12-31T23:59:59-05:00"},
        {"before": "0001-01-01T00:00:00+05:00"},
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "0001-01-01", "until": "9999-12-31"},
    ],
)
def test_times_at_the_edges_of_the_calendar_get_an_answer_not_an_error(client, secretariat, query):
    client.force_login(secretariat)
    for path in (CHANGES, SIGN_INS):
        response = client.get(path, query)
        assert response.status_code in (200, 400), (path, query)


def test_offers_and_matches_are_named_without_a_query_per_row(client, expert, secretariat):
    from tests.assistance import builders

    client.force_login(secretariat)
    organization = builders.organization("IAEA")

    def queries(kind) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CHANGES, {"kind": kind}).status_code == 200
        return len(captured)

    def offers(count):
        return [
            builders.offer(by=expert, provider_organization=organization, title=f"Offer {n}")
            for n in range(count)
        ]

    offers(3)
    few = queries("assistance.AssistanceOffer")
    offers(30)
    assert queries("assistance.AssistanceOffer") == few


# --- People and roles: who made whom what ------------------------------------------------------


def _change_user_in_the_admin(client, user, **changes):
    """Post the admin's change form of ``user`` as it stands, with ``changes``."""
    url = f"/admin/committee/user/{user.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name)
        if value is None or value is False:
            continue
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        elif isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    for name, value in changes.items():
        if value is None or value is False:
            data.pop(name, None)
        else:
            data[name] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return client.get(CHANGES, {"kind": "committee.User"}).context["rows"]


def _latest_about(rows, user):
    return next(row for row in rows if row.object_id == user.pk)


def test_making_someone_secretariat_is_on_the_audit_log_with_who_did_it(
    client, secretariat, expert
):
    client.force_login(secretariat)
    rows = _change_user_in_the_admin(client, expert, role="secretariat")
    row = _latest_about(rows, expert)
    assert row.person == "sam.secretariat"
    assert "role: Expert (Group of Experts) → Secretariat staff" in row.changes
    assert (
        "role: Expert (Group of Experts) → Secretariat staff"
        in client.get(CHANGES).content.decode()
    )


def test_moving_a_point_of_contact_to_another_state_is_on_the_audit_log(
    client, secretariat, poc_chn
):
    client.force_login(secretariat)
    brazil = factories.state("BRA")
    row = _latest_about(_change_user_in_the_admin(client, poc_chn, state=brazil.pk), poc_chn)
    assert (row.person, row.changes) == ("sam.secretariat", "state: China → Brazil")


def test_deactivating_an_account_is_on_the_audit_log(client, secretariat, member):
    client.force_login(secretariat)
    # Through the admin's action: the form no longer offers "active" (accounts.deactivate_account
    # must also revoke the person's tokens and authenticators).
    client.post(
        "/admin/committee/user/",
        {"action": "deactivate_selected", "_selected_action": [member.pk], "post": "yes"},
    )
    row = _latest_about(client.get(CHANGES).context["rows"], member)
    assert (row.person, row.changes) == ("sam.secretariat", "is_active: yes → no")


def test_adding_someone_to_a_group_is_on_the_audit_log(client, secretariat, member):
    from django.contrib.auth.models import Group

    editors = Group.objects.create(name="Editors")
    client.force_login(secretariat)
    rows = _change_user_in_the_admin(client, member, groups=[editors.pk])
    about_member = [row for row in rows if row.object_id == member.pk]
    assert any(
        (row.person, row.changes) == ("sam.secretariat", "groups: +Editors") for row in about_member
    )
    member.groups.remove(editors)
    latest = member.history.latest()
    assert latest.history_changes == "groups: −Editors"


def test_a_sign_in_writes_no_history_row(client, poc_chn):
    from core.models import User

    before = User.history.count()
    assert client.post("/login/", {"username": "li.wei", "password": PASSWORD}).status_code == 302
    poc_chn.refresh_from_db()
    assert poc_chn.last_login is not None
    assert User.history.count() == before


def test_a_password_change_is_recorded_without_the_hash(client, secretariat, poc_chn):
    from core.models import User

    poc_chn.set_password("another-horse-1540")
    poc_chn.save()
    latest = poc_chn.history.latest()
    assert latest.history_changes == "password: changed"
    assert "password" not in {field.name for field in User.history.model._meta.fields}
    client.force_login(secretariat)
    page = client.get(CHANGES).content.decode()
    assert "password: changed" in page
    assert poc_chn.password not in page
    assert poc_chn.password.split("$")[-1] not in page


@pytest.mark.parametrize("persona", ["poc_chn", "poc_bra", "member"])
def test_the_changes_to_people_stay_hidden_from_everyone_but_the_secretariat(
    client, request, persona, expert
):
    expert.is_active = False
    expert.save()
    client.force_login(request.getfixturevalue(persona))
    response = client.get(CHANGES, {"kind": "committee.User"})
    assert response.status_code == 403
    assert "eva.expert" not in response.content.decode()
