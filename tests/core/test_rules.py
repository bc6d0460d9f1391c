"""The rules of the shared base (core/permissions.py), one row each: see tests/rules_table.py."""

from __future__ import annotations

import pytest

from tests.rules_table import Case, check

RULES = {
    "committee.restart_build": Case("secretariat"),
    "committee.see_audit_log": Case("secretariat"),
    "committee.see_outgoing_mail": Case("secretariat"),
    "committee.resend_mail": Case("secretariat"),
    "committee.see_health_details": Case("secretariat"),
    "committee.manage_account": Case("secretariat", on=lambda p: p.person("poc_chn")),
    # One's own password only: the rightful user is the account's owner.
    "committee.set_account_password": Case("poc_chn", on=lambda p: p.person("poc_chn")),
    # One's own notifications only (core/notifications.py).
    "committee.set_notification_preferences": Case("poc_chn", on=lambda p: p.person("poc_chn")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RULES)
def test_each_rule_of_the_base_against_the_three_personas(name, request):
    check(name, RULES[name], request)
