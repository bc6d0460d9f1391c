"""The rules of outreach (outreach/permissions.py), one row each: see tests/rules_table.py."""

from __future__ import annotations

import pytest

from outreach.choices import EventStatus
from outreach.models import (
    FAQ,
    CountryVisit,
    Event,
    SearchEntry,
    TrainingCourse,
    TrainingParticipant,
)
from tests.rules_table import Case, check

RULES = {
    # A planned event not yet public: the committee side's calendar.
    "outreach.read_event": Case(
        "member", on=lambda p: Event(is_public=False, status=EventStatus.PLANNED)
    ),
    "outreach.manage_events": Case("secretariat"),
    "outreach.read_website_text": Case("secretariat", on=lambda p: FAQ(published=False)),
    "outreach.manage_website_texts": Case("secretariat"),
    # What the search finds is public to everyone.
    "outreach.read_search_entry": Case(
        "poc_chn", on=lambda p: SearchEntry(public=True), other_poc=True, public=True
    ),
    "outreach.see_organization_contacts": Case("expert"),
    "outreach.manage_organization_contacts": Case("secretariat"),
    "outreach.see_expert_roster": Case("secretariat"),
    "outreach.manage_expert_roster": Case("secretariat"),
    "outreach.manage_organizations": Case("secretariat"),
    "outreach.use_outreach_desk": Case("secretariat"),
    # Country visits and training courses (outreach/visits/permissions.py): a visit is read by
    # the host state's point of contact; a course's participants by their state's; a course by
    # staff and experts (a point of contact's courses are those its state had people at, which
    # an unsaved course cannot have: tests/outreach/test_visits.py reads them through pages).
    "outreach.read_country_visit": Case("poc_chn", on=lambda p: CountryVisit(state=p.china)),
    "outreach.manage_country_visits": Case("expert"),
    "outreach.read_training_course": Case("expert", on=lambda p: TrainingCourse()),
    "outreach.read_training_participant": Case(
        "poc_chn", on=lambda p: TrainingParticipant(state=p.china)
    ),
    "outreach.manage_training_courses": Case("expert"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", RULES)
def test_each_outreach_rule_against_the_three_personas(name, request):
    check(name, RULES[name], request)
