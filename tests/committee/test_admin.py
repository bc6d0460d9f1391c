"""The admin is the secretariat's tool for looking records up, never a second way of writing what
a service owns: the forms of workflow models are refused (and write nothing), the corrections are
admin actions that call the services, whose refusals come back as messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.utils import timezone

from assistance.choices import MatchStatus, RequestStatus
from assistance.models import MatchStatusChange
from committee.work.choices import CommitteeRole
from committee.work.models import CommitteeMember
from tests import factories
from tests.assistance import builders
from tests.helpers import Written

# Reference data and texts no service governs: the secretariat keeps editing them in the admin.
EDITABLE = {
    "assistance.AssistanceArea",
    # Which states belong to a regional organisation (CARICOM's members for its requests):
    # reference data, like the organisations themselves.
    "assistance.OrganizationMembership",
    "committee.User",
    "outreach.CooperationPage",
    "outreach.FAQ",
    "outreach.Organization",
    "states.MatrixField",
    "states.MatrixTemplate",
    "states.MemberState",
}

PROJECT_APPS = {"assistance", "committee", "outreach", "states", "workinggroups"}


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def a_match(member_states, poc_chn, expert):
    the_request = builders.request("CHN", by=poc_chn)
    the_offer = builders.offer(by=expert, provider_state="BRA")
    return builders.match(the_request, the_offer, by=expert)


def test_every_model_a_service_owns_is_read_only_for_the_secretariat(rf, secretariat):
    """Walks the whole admin: a model added later is read-only unless it is listed above."""
    request = rf.get("/admin/")
    request.user = secretariat
    writable = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue  # Django's groups, the second factor's devices: not committee records
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            writable.add(model._meta.label)
        # People are deactivated, never deleted; the broker's outbox empties itself.
        assert not model_admin.has_delete_permission(request), model._meta.label
        assert model_admin.has_view_permission(request), model._meta.label
    assert writable <= EDITABLE
    assert {"assistance.Match", "committee.CommitteeMember", "states.NationalReport"}.isdisjoint(
        writable
    )


# Outside the project's apps: what the secretariat may still write or delete, and why. Everything
# else (the sign-in logs of /audit/ above all) is read-only.
OUTSIDE_WRITABLE = {"auth.Group"}  # reference data; its changes are bounded by the role
OUTSIDE_DELETABLE = {
    "auth.Group",
    "axes.AccessAttempt",  # deleting one unlocks a locked-out person; the logs keep the attempts
    "knox.AuthToken",  # revoking, through accounts.revoke_api_token
    "otp_totp.TOTPDevice",  # revoking, through accounts.revoke_authenticator
}


@pytest.mark.parametrize("persona", ["secretariat", "root"])
def test_nothing_outside_the_project_is_writable_but_what_is_listed(rf, request, persona):
    """The admins other apps ship (axes, django-otp, knox, Django's own) are walked too: axes'
    access logs, the sign-in half of /audit/, were deletable by the secretariat."""
    http_request = rf.get("/admin/")
    http_request.user = request.getfixturevalue(persona)
    writable, deletable = set(), set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in PROJECT_APPS:
            continue
        if model_admin.has_add_permission(http_request) or model_admin.has_change_permission(
            http_request
        ):
            writable.add(model._meta.label)
        if model_admin.has_delete_permission(http_request):
            deletable.add(model._meta.label)
    assert writable <= OUTSIDE_WRITABLE
    assert deletable <= OUTSIDE_DELETABLE
    assert {"axes.AccessLog", "axes.AccessFailureLog"} <= {
        model._meta.label for model in admin.site._registry
    }


@pytest.mark.parametrize("persona", ["secretariat", "root"])
def test_nobody_erases_a_sign_in_from_the_audit_log(client, request, persona, poc_chn):
    from axes.models import AccessFailureLog, AccessLog

    signed_in = AccessLog.objects.create(
        username="li.wei", ip_address="192.0.2.1", user_agent="test", path_info="/login/"
    )
    failed = AccessFailureLog.objects.create(
        username="li.wei", ip_address="192.0.2.1", user_agent="test", path_info="/login/"
    )
    client.force_login(request.getfixturevalue(persona))

    responses = []
    for path, row in (("accesslog", signed_in), ("accessfailurelog", failed)):
        base = f"/admin/axes/{path}/"
        responses += [
            client.get(f"{base}{row.pk}/delete/"),
            client.post(f"{base}{row.pk}/delete/", {"post": "yes"}),
            client.post(f"{base}{row.pk}/change/", {"username": "someone.else"}),
        ]
        bulk = client.post(
            base, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
        )
        responses.append(bulk)
        assert client.get(base).status_code == 200  # still read

    assert [response.status_code for response in responses[:3]] == [403, 403, 403]
    assert [response.status_code for response in responses[4:7]] == [403, 403, 403]
    assert AccessLog.objects.get(pk=signed_in.pk).username == "li.wei"
    assert AccessFailureLog.objects.get(pk=failed.pk).username == "li.wei"
    assert "li.wei" in client.get("/audit/sign-ins/").content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/assistance/match/add/",
        "/admin/assistance/assistancerequest/add/",
        "/admin/assistance/assistanceoffer/add/",
        "/admin/committee/committeemember/add/",
        "/admin/states/nationalreport/add/",
        "/admin/outreach/event/add/",
        "/admin/workinggroups/workinggroup/add/",
    ],
)
def test_the_secretariat_cannot_open_the_add_form_of_a_workflow_model(client, secretariat, path):
    client.force_login(secretariat)
    assert client.get(path).status_code == 403


def test_a_match_posted_to_the_admin_is_refused_and_nothing_is_written(
    client, member_states, poc_chn, expert, secretariat
):
    """The report: a match added in the admin skipped every rule of propose_match. Here the
    offer is the requesting state's own, which propose_match refuses."""
    the_request = builders.request("CHN", by=poc_chn)
    own_offer = builders.offer(by=poc_chn, provider_state="CHN")
    written = Written(*builders.ASSISTANCE_TABLES)
    client.force_login(secretariat)
    response = client.post(
        "/admin/assistance/match/add/",
        {
            "request": the_request.pk,
            "offer": own_offer.pk,
            "status": MatchStatus.AGREED,
            "need_met": "",
            "feedback": "",
            "MatchStatusChange_steps-TOTAL_FORMS": "0",
            "MatchStatusChange_steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert written.unchanged()


def test_the_change_form_of_a_match_only_shows_it_and_a_post_changes_nothing(
    client, secretariat, a_match
):
    written = Written(*builders.ASSISTANCE_TABLES)
    client.force_login(secretariat)
    page = client.get(f"/admin/assistance/match/{a_match.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        f"/admin/assistance/match/{a_match.pk}/change/",
        {"request": a_match.request_id, "offer": a_match.offer_id, "need_met": "yes"},
    )
    assert response.status_code == 403
    assert written.unchanged()
    a_match.refresh_from_db()
    assert a_match.status == MatchStatus.PROPOSED


def test_reverting_a_match_to_an_old_version_from_its_history_is_refused(
    client, secretariat, expert, a_match
):
    from assistance import services

    version = a_match.history.earliest()
    # The match moves on, so that reverting to its first version would change it.
    services.move_match(a_match, MatchStatus.CONTACTED, acting_user=expert)
    written = Written(*builders.ASSISTANCE_TABLES)
    client.force_login(secretariat)
    response = client.post(
        f"/admin/assistance/match/{a_match.pk}/history/{version.history_id}/",
        {"request": a_match.request_id, "offer": a_match.offer_id},
    )
    assert response.status_code == 403
    assert written.unchanged()


def test_closing_a_match_in_the_admin_goes_through_the_service(client, secretariat, a_match):
    client.force_login(secretariat)
    response = client.post(
        "/admin/assistance/match/",
        {"action": "close_selected", "_selected_action": [a_match.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 match closed." in _messages(response)
    a_match.refresh_from_db()
    assert a_match.status == MatchStatus.CLOSED
    step = MatchStatusChange.objects.filter(match=a_match).latest("changed_at")
    assert (step.from_status, step.to_status, step.changed_by) == (
        MatchStatus.PROPOSED,
        MatchStatus.CLOSED,
        secretariat,
    )
    assert a_match.history.latest().history_user == secretariat


def test_a_refused_admin_action_shows_the_services_message_and_writes_nothing(
    client, secretariat, expert, a_match
):
    from assistance import services

    services.move_match(a_match, MatchStatus.CLOSED, acting_user=expert)
    written = Written(*builders.ASSISTANCE_TABLES)
    client.force_login(secretariat)
    response = client.post(
        "/admin/assistance/match/",
        {"action": "close_selected", "_selected_action": [a_match.pk]},
        follow=True,
    )
    assert response.status_code == 200
    refusal = "A match whose status is “Closed” cannot move to “Closed”."
    assert f"{a_match}: {refusal}" in _messages(response)
    assert written.unchanged()


def test_withdrawing_a_request_in_the_admin_records_the_step_and_who_took_it(
    client, member_states, poc_chn, secretariat
):
    the_request = builders.request("CHN", by=poc_chn)
    client.force_login(secretariat)
    response = client.post(
        "/admin/assistance/assistancerequest/",
        {"action": "withdraw_selected", "_selected_action": [the_request.pk]},
        follow=True,
    )
    assert "1 request withdrawn." in _messages(response)
    the_request.refresh_from_db()
    assert the_request.status == RequestStatus.WITHDRAWN
    step = the_request.status_changes.latest("changed_at")
    assert (step.to_status, step.changed_by) == (RequestStatus.WITHDRAWN, secretariat)


def _seat(client, **overrides):
    data = {
        "state": factories.state("FRA").pk,
        "role": CommitteeRole.MEMBER,
        "term_start": "2026-01-01",
        "term_end": "2027-12-31",
        "representative": "",
        "contact_email": "",
        **overrides,
    }
    return client.post("/admin/committee/committeemember/seat/", data, follow=True)


def test_the_secretariat_seats_a_delegation_through_the_service(client, secretariat, member_states):
    client.force_login(secretariat)
    assert client.get("/admin/committee/committeemember/seat/").status_code == 200
    response = _seat(client)
    assert response.status_code == 200
    seat = CommitteeMember.objects.get()
    assert (seat.state.iso3, seat.term_start, seat.term_end) == (
        "FRA",
        date(2026, 1, 1),
        date(2027, 12, 31),
    )
    record = seat.history.get()
    assert (record.history_user, record.history_change_reason) == (secretariat, "Seated")
    assert any("seated" in message for message in _messages(response))


def test_an_overlapping_seat_gets_the_services_message_and_nothing_is_written(
    client, secretariat, member_states
):
    client.force_login(secretariat)
    _seat(client)
    before = (CommitteeMember.objects.count(), CommitteeMember.history.count())
    response = _seat(client, term_start="2027-01-01", term_end="2028-12-31")
    assert response.status_code == 200
    assert "already sits on the committee during that term" in response.content.decode()
    assert (CommitteeMember.objects.count(), CommitteeMember.history.count()) == before


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert"])
def test_only_the_secretariat_opens_the_seat_form(client, request, persona, member_states):
    client.force_login(request.getfixturevalue(persona))
    response = _seat(client)
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    assert not CommitteeMember.objects.exists()


def test_the_public_is_sent_to_the_admin_sign_in_from_the_seat_form(client, member_states):
    response = client.get("/admin/committee/committeemember/seat/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_ending_a_delegations_term_goes_through_the_service(client, secretariat, member_states):
    today = timezone.localdate()
    seat = CommitteeMember.objects.create(
        state=factories.state("FRA"),
        term_start=today - timedelta(days=100),
        term_end=today + timedelta(days=100),
    )
    client.force_login(secretariat)
    response = client.post(
        "/admin/committee/committeemember/",
        {"action": "end_term_today", "_selected_action": [seat.pk]},
        follow=True,
    )
    assert "1 term ended today." in _messages(response)
    seat.refresh_from_db()
    assert seat.term_end == today
    assert seat.history.latest().history_user == secretariat
    again = client.post(
        "/admin/committee/committeemember/",
        {"action": "end_term_today", "_selected_action": [seat.pk]},
        follow=True,
    )
    assert any("already ended" in message for message in _messages(again))


def test_the_secretariat_opens_every_list_of_the_admin(client, secretariat):
    """Read-only is not broken: every list still opens, with its actions."""
    client.force_login(secretariat)
    for model in admin.site._registry:
        if model._meta.app_label in PROJECT_APPS:
            opts = model._meta
            path = f"/admin/{opts.app_label}/{opts.model_name}/"
            assert client.get(path).status_code == 200, path


# --- People: the secretariat manages accounts, never raises one above itself ------------------


@pytest.fixture
def root(member_states):
    """A superuser: the one account that may repair anything, itself included."""
    from core.models import User

    return User.objects.create_superuser("root", "root@example.org", "correct-horse-1540")


def _account(user) -> tuple:
    """What decides what an account may do, read from the database."""
    from core.models import User

    fresh = User.objects.get(pk=user.pk)
    return (
        fresh.role,
        fresh.state_id,
        fresh.is_active,
        fresh.is_superuser,
        fresh.is_staff,
        fresh.password,
        sorted(fresh.user_permissions.values_list("codename", flat=True)),
        sorted(fresh.groups.values_list("name", flat=True)),
    )


def _post_user_form(client, user, **changes):
    """Post the admin's change form of ``user`` as it stands, with ``changes`` on top (also
    fields the form does not offer, as a forged request would)."""
    url = f"/admin/committee/user/{user.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value is None or value is False:
            continue
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = value
    data.update({name: value for name, value in changes.items() if value is not None})
    return client.post(url, data)


def _custom_permission():
    """A permission no role holds (nothing in the project defines one today; a later model's
    Meta.permissions would)."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from core.models import User

    return Permission.objects.create(
        codename="approve_anything",
        name="Can approve anything",
        content_type=ContentType.objects.get_for_model(User),
    )


@pytest.mark.parametrize("whose", ["own", "an_experts"])
def test_the_secretariat_cannot_make_an_account_superuser_or_give_it_permissions(
    client, secretariat, expert, whose
):
    """The report: the secretariat could tick is_superuser (on itself too) and so walk around
    every rule of the services."""
    from core.models import User

    target = secretariat if whose == "own" else expert
    before, history = _account(target), User.history.count()
    client.force_login(secretariat)

    response = _post_user_form(
        client, target, is_superuser="on", user_permissions=[_custom_permission().pk]
    )

    assert response.status_code == 302
    assert _account(target) == before
    assert User.history.count() == history


def test_the_secretariat_cannot_change_its_own_role_state_or_access(client, secretariat):
    from core.models import User

    before, history = _account(secretariat), User.history.count()
    client.force_login(secretariat)
    page = client.get(f"/admin/committee/user/{secretariat.pk}/change/")
    assert {"role", "state", "groups", "is_active", "is_superuser"}.isdisjoint(
        page.context["adminform"].form.fields
    )

    response = _post_user_form(
        client, secretariat, role="poc", state=factories.state("FRA").pk, is_active=None
    )

    assert response.status_code == 302
    assert _account(secretariat) == before
    assert User.history.count() == history


def test_the_secretariat_may_still_make_someone_secretariat(client, secretariat, expert):
    client.force_login(secretariat)
    assert _post_user_form(client, expert, role="secretariat").status_code == 302
    expert.refresh_from_db()
    assert (expert.role, expert.is_staff, expert.is_superuser) == ("secretariat", True, False)


def test_the_secretariat_cannot_give_a_group_carrying_a_permission_its_role_lacks(
    client, secretariat, expert
):
    from django.contrib.auth.models import Group

    from core.models import User

    approvers = Group.objects.create(name="Approvers")
    approvers.permissions.add(_custom_permission())
    before, history = _account(expert), User.history.count()
    client.force_login(secretariat)

    response = _post_user_form(client, expert, groups=[approvers.pk])

    assert response.status_code == 200
    assert (
        "Your role does not hold these permissions: committee.approve_anything."
        in response.content.decode()
    )
    assert _account(expert) == before
    assert User.history.count() == history


def test_the_secretariat_cannot_put_a_permission_its_role_lacks_into_a_group(client, secretariat):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="Editors")
    client.force_login(secretariat)
    may_view = Permission.objects.get(codename="view_user")

    response = client.post(
        f"/admin/auth/group/{editors.pk}/change/",
        {"name": "Editors", "permissions": [may_view.pk, _custom_permission().pk]},
    )

    assert response.status_code == 200
    assert "committee.approve_anything" in response.content.decode()
    assert not editors.permissions.exists()


def test_the_secretariat_cannot_change_a_superusers_account(client, secretariat, root):
    from core.models import PairingCode, User

    before, history = _account(root), User.history.count()
    client.force_login(secretariat)
    url = f"/admin/committee/user/{root.pk}/change/"

    assert 'name="_save"' not in client.get(url).content.decode()
    forged = {"username": "root", "role": "committee_member", "is_active": ""}
    assert client.post(url, forged).status_code == 403
    assert client.get(f"/admin/committee/user/{root.pk}/password/").status_code == 403
    refusals = []
    for action in ("issue_pairing_code", "deactivate_selected"):
        response = client.post(
            "/admin/committee/user/",
            {"action": action, "_selected_action": [root.pk], "post": "yes"},
            follow=True,
        )
        refusals += _messages(response)

    assert refusals == [
        "You may not manage the account of root.",
        "root: You may not manage the account of root.",
    ]
    assert not PairingCode.objects.exists()
    assert _account(root) == before
    assert User.history.count() == history


@pytest.mark.parametrize("persona", ["secretariat", "root"])
def test_nobody_deletes_an_account_in_the_admin(client, request, persona, expert):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(f"/admin/committee/user/{expert.pk}/delete/").status_code == 403
    assert client.post(
        f"/admin/committee/user/{expert.pk}/delete/", {"post": "yes"}
    ).status_code == (403)
    changelist = client.get("/admin/committee/user/")
    assert "delete_selected" not in changelist.content.decode()
    assert "deactivate_selected" in changelist.content.decode()
    expert.refresh_from_db()
    assert expert.is_active


def test_the_secretariat_cannot_delete_the_brokers_outbox(client, secretariat):
    from core.models import QueuedTask

    task = QueuedTask.objects.create(name="committee.tasks.send_mail", args=[], kwargs={})
    client.force_login(secretariat)

    assert client.post(
        f"/admin/committee/queuedtask/{task.pk}/delete/", {"post": "yes"}
    ).status_code == (403)
    assert QueuedTask.objects.filter(pk=task.pk).exists()


def _deactivate(client, *people, confirmed: bool):
    data = {"action": "deactivate_selected", "_selected_action": [person.pk for person in people]}
    if confirmed:
        data["post"] = "yes"
    return client.post("/admin/committee/user/", data, follow=confirmed)


def test_deactivating_accounts_asks_first_then_revokes_their_tokens_and_authenticators(
    client, secretariat, expert, member
):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from knox.models import AuthToken

    from core import pairing
    from core.models import PairingCode

    for person in (expert, member):
        AuthToken.objects.create(user=person)
        TOTPDevice.objects.create(user=person, name="Authenticator", confirmed=True)
    pairing.issue_pairing_code(member, acting_user=secretariat)
    client.force_login(secretariat)

    asked = _deactivate(client, expert, member, confirmed=False)
    assert asked.status_code == 200
    assert "eva.expert" in asked.content.decode() and "mo.member" in asked.content.decode()
    assert AuthToken.objects.count() == 2 and member.is_active  # asking writes nothing

    response = _deactivate(client, expert, member, confirmed=True)

    assert "2 accounts deactivated; their API tokens and authenticators were revoked." in (
        _messages(response)
    )
    for person in (expert, member):
        person.refresh_from_db()
        assert not person.is_active
    assert not AuthToken.objects.exists()
    assert not TOTPDevice.objects.exists()
    assert not PairingCode.objects.usable().exists()
    audit = client.get("/audit/", {"kind": "committee.User"})
    rows = [row for row in audit.context["rows"] if row.object_id == expert.pk]
    assert (rows[0].person, rows[0].changes) == ("sam.secretariat", "is_active: yes → no")
    assert "Deactivated; API tokens and authenticators revoked" in audit.content.decode()


def test_a_deactivated_accounts_token_no_longer_opens_the_api(client, api, secretariat, expert):
    from knox.models import AuthToken

    _instance, token = AuthToken.objects.create(user=expert)
    client.force_login(secretariat)
    _deactivate(client, expert, confirmed=True)

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/assistance/requests/").status_code == 401


def test_the_secretariat_cannot_deactivate_its_own_account(client, secretariat):
    from core.models import User

    history = User.history.count()
    client.force_login(secretariat)

    response = _deactivate(client, secretariat, confirmed=True)

    assert "sam.secretariat: You cannot deactivate your own account." in _messages(response)
    secretariat.refresh_from_db()
    assert secretariat.is_active
    assert User.history.count() == history


def test_unticking_active_in_the_form_does_not_close_an_account_around_the_service(
    client, secretariat, expert
):
    """The review: unticking "active" skipped deactivate_account, so the person's tokens and
    authenticators survived, and ticking it again brought the old token back."""
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from knox.models import AuthToken

    from core.models import User

    AuthToken.objects.create(user=expert)
    TOTPDevice.objects.create(user=expert, name="phone", confirmed=True)
    before, history = _account(expert), User.history.count()
    client.force_login(secretariat)
    page = client.get(f"/admin/committee/user/{expert.pk}/change/")
    assert "is_active" not in page.context["adminform"].form.fields

    response = _post_user_form(client, expert, is_active="")

    assert response.status_code == 302
    assert _account(expert) == before
    assert User.history.count() == history
    assert AuthToken.objects.filter(user=expert).exists()


def _reactivate(client, *people):
    return client.post(
        "/admin/committee/user/",
        {"action": "reactivate_selected", "_selected_action": [person.pk for person in people]},
        follow=True,
    )


def test_a_closed_account_is_reopened_by_the_action_without_its_old_token(
    client, api, secretariat, expert
):
    from knox.models import AuthToken

    _row, token = AuthToken.objects.create(user=expert)
    client.force_login(secretariat)
    _deactivate(client, expert, confirmed=True)

    response = _reactivate(client, expert)

    assert (
        "1 account reactivated; it needs a new API token and, for a two-factor role, a new "
        "pairing code." in _messages(response)
    )
    expert.refresh_from_db()
    assert expert.is_active
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/assistance/requests/").status_code == 401
    audit = client.get("/audit/", {"kind": "committee.User"})
    row = next(row for row in audit.context["rows"] if row.object_id == expert.pk)
    assert (row.person, row.changes, row.reason) == (
        "sam.secretariat",
        "is_active: no → yes",
        "Reactivated; earlier API tokens and authenticators stay revoked",
    )


def test_reopening_revokes_what_an_account_closed_another_way_still_held(secretariat, expert):
    """An account closed by the old form (or the shell) kept its token: reopening it must not
    bring that token back."""
    from knox.models import AuthToken

    from core.accounts import reactivate_account
    from core.models import User

    AuthToken.objects.create(user=expert)
    User.objects.filter(pk=expert.pk).update(is_active=False)
    expert.refresh_from_db()

    reactivate_account(expert, acting_user=secretariat)

    assert not AuthToken.objects.filter(user=expert).exists()


def test_reopening_an_open_account_or_a_superusers_is_refused_and_writes_nothing(
    client, secretariat, expert, root
):
    from core.models import User

    User.objects.filter(pk=root.pk).update(is_active=False)
    history = User.history.count()
    client.force_login(secretariat)

    response = _reactivate(client, expert, root)

    assert _messages(response) == [
        "eva.expert: This account is already active.",
        "root: You may not manage the account of root.",
    ]
    root.refresh_from_db()
    assert not root.is_active
    assert User.history.count() == history


@pytest.mark.parametrize("persona", ["poc_chn", "expert", None])
def test_only_the_secretariat_reopens_an_account(client, request, persona, poc_bra):
    from core.models import User

    User.objects.filter(pk=poc_bra.pk).update(is_active=False)
    if persona:
        client.force_login(request.getfixturevalue(persona))

    response = client.post(
        "/admin/committee/user/",
        {"action": "reactivate_selected", "_selected_action": [poc_bra.pk]},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    poc_bra.refresh_from_db()
    assert not poc_bra.is_active


def test_a_person_is_never_reverted_to_an_old_version_of_their_account(client, secretariat, expert):
    from core.models import User

    first = expert.history.earliest()
    client.force_login(secretariat)
    _post_user_form(client, expert, role="committee_member")
    before, history = _account(expert), User.history.count()

    response = client.post(
        f"/admin/committee/user/{expert.pk}/history/{first.history_id}/",
        {"username": "eva.expert", "role": "expert"},
    )

    assert response.status_code == 403
    assert _account(expert) == before
    assert User.history.count() == history


def test_the_audit_logs_history_link_opens_a_persons_history_with_what_changed(
    client, secretariat, expert
):
    client.force_login(secretariat)
    _post_user_form(client, expert, role="secretariat")
    row = next(
        row
        for row in client.get("/audit/", {"kind": "committee.User"}).context["rows"]
        if row.object_id == expert.pk
    )

    page = client.get(row.history_url)

    assert row.history_url == f"/admin/committee/user/{expert.pk}/history/"
    assert page.status_code == 200
    assert "role: Expert (Group of Experts) → Secretariat staff" in page.content.decode()


@pytest.mark.parametrize("persona", ["poc_chn", "member", "expert", None])
def test_only_the_secretariat_reaches_the_user_admin(client, request, persona, poc_bra):
    from core.models import User

    if persona:
        client.force_login(request.getfixturevalue(persona))
    before, history = _account(poc_bra), User.history.count()

    for response in (
        client.get("/admin/committee/user/"),
        client.get(f"/admin/committee/user/{poc_bra.pk}/change/"),
        client.post(
            f"/admin/committee/user/{poc_bra.pk}/change/",
            {"username": "ana.souza", "role": "secretariat", "is_superuser": "on"},
        ),
        _deactivate(client, poc_bra, confirmed=False),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert _account(poc_bra) == before
    assert User.history.count() == history


def test_a_superuser_still_may_do_everything_but_delete(client, root, expert):
    from django.contrib.auth.models import Group

    from core.models import User

    other_root = User.objects.create_superuser("root2", "root2@example.org", "correct-horse-1540")
    approvers = Group.objects.create(name="Approvers")
    approvers.permissions.add(_custom_permission())
    client.force_login(root)

    response = _post_user_form(
        client,
        expert,
        is_superuser="on",
        groups=[approvers.pk],
        user_permissions=[approvers.permissions.get().pk],
    )
    assert response.status_code == 302
    assert _post_user_form(client, other_root, first_name="Second").status_code == 302
    _deactivate(client, other_root, confirmed=True)

    expert.refresh_from_db()
    other_root.refresh_from_db()
    assert (expert.is_superuser, expert.is_staff) == (True, True)
    assert list(expert.groups.all()) == [approvers]
    assert expert.user_permissions.count() == 1
    assert (other_root.first_name, other_root.is_active) == ("Second", False)
