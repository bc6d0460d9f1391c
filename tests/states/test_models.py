"""Member states and the universal-reporting question (8(b)), at the model level."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core.choices import Role
from core.models import User
from states.management.commands.load_states import DATA_FILE
from states.models import MemberState
from states.reports.models import NationalReport
from tests import factories
from tests.states.collation import in_icu_order


def test_the_reference_file_holds_193_states_in_five_groups():
    with DATA_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 193
    assert Counter(row["regional_group"] for row in rows) == {
        "African": 54,
        "Asia-Pacific": 54,
        "Eastern European": 23,
        "Latin American and Caribbean": 33,
        "Western European and Others": 29,
    }


def test_loading_the_states_twice_changes_nothing(member_states):
    call_command("load_states", verbosity=0)
    assert MemberState.objects.count() == 193
    china = MemberState.objects.get(iso3="CHN")
    assert china.regional_group == "Asia-Pacific"
    assert china.un_admission_date == date(1945, 10, 24)
    assert MemberState.history.filter(iso3="CHN").count() == 1


def test_loading_refreshes_a_changed_name(member_states):
    MemberState.objects.filter(iso3="TUR").update(name="Turkey")
    call_command("load_states", verbosity=0)
    assert MemberState.objects.get(iso3="TUR").name == "Türkiye"


def test_a_state_with_a_submitted_first_report_has_reported(poc_chn, secretariat):
    factories.report("CHN", by=poc_chn, kind="first", status="submitted")
    factories.report("BRA", by=secretariat, kind="first", status="published")
    factories.report("FRA", by=secretariat, kind="first", status="draft")
    factories.report("DEU", by=secretariat, kind="additional", status="published")

    without = set(MemberState.objects.without_first_report().values_list("iso3", flat=True))
    with_report = set(MemberState.objects.with_first_report().values_list("iso3", flat=True))

    assert with_report == {"CHN", "BRA"}
    assert len(without) == 191
    assert {"FRA", "DEU"} <= without


def test_the_first_report_date_is_the_submission_date_of_the_first_report(secretariat):
    factories.report(
        "CHN", by=secretariat, kind="first", status="published", submitted_on=date(2004, 10, 27)
    )
    factories.report(
        "CHN", by=secretariat, kind="additional", status="published", submitted_on=date(2008, 1, 1)
    )
    annotated = MemberState.objects.with_first_report_date()
    assert annotated.get(iso3="CHN").first_report_date == date(2004, 10, 27)
    assert annotated.get(iso3="BRA").first_report_date is None


def test_states_are_listed_by_name_even_when_annotated(member_states):
    names = list(MemberState.objects.with_first_report_date().values_list("name", flat=True))
    # In English's own order: "Côte d'Ivoire" between "Costa Rica" and "Croatia".
    assert names == in_icu_order(names, "en")


def test_the_database_refuses_a_second_first_report(secretariat):
    first = factories.report("CHN", by=secretariat, kind="first", status="submitted")
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalReport.objects.create(
            state=first.state,
            kind="first",
            status="submitted",
            submitted_on=date(2020, 1, 1),
            created_by=secretariat,
        )


def test_the_database_refuses_a_poc_without_a_state_and_a_member_with_one(member_states):
    china = MemberState.objects.get(iso3="CHN")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="nostate", role=Role.POC)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="delegate", role=Role.COMMITTEE_MEMBER, state=china)


def test_only_the_secretariat_gets_the_admin_flag(poc_chn, expert, secretariat, member):
    assert secretariat.is_staff
    assert not any(user.is_staff for user in (poc_chn, expert, member))
    assert secretariat.has_perm("states.change_nationalreport")
    assert not expert.has_perm("states.change_nationalreport")
