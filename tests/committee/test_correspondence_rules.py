"""The rules of the correspondence register (committee/correspondence/permissions.py), one row
each: see tests/rules_table.py."""

from __future__ import annotations

import pytest

from committee.correspondence.choices import CorrespondenceStatus, Direction
from committee.correspondence.models import Correspondence
from tests.rules_table import Case, check


def _note(places, **fields):
    values = {
        "state": places.china,
        "direction": Direction.OUTGOING,
        "status": CorrespondenceStatus.SENT,
        "subject": "Reminder",
    }
    return Correspondence(**{**values, **fields})


RULES = {
    # China's point of contact reads a note sent to China; nobody else but the staff does.
    "committee.read_correspondence": Case("poc_chn", on=_note),
    # The register's pages are for the Committee and every point of contact (each their own).
    "committee.see_correspondence_register": Case("poc_chn", other_poc=True),
    "committee.draft_correspondence": Case("expert", on=_note),
    "committee.register_correspondence": Case("secretariat", on=_note),
    "committee.approve_correspondence": Case("secretariat", on=_note),
    "committee.send_correspondence": Case("secretariat", on=_note),
    "committee.circulate_correspondence": Case("secretariat", on=_note),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RULES)
def test_each_rule_of_the_register_against_the_three_personas(name, request):
    check(name, RULES[name], request)
