"""The organisations of paragraphs 10-12 of the programme loaded from the reference data
(outreach/data/organizations.csv, load_organizations): the ones the programme names are there,
with their names in the six languages, and loading again changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from outreach.management.commands.load_organizations import read_rows
from outreach.models import Organization

pytestmark = pytest.mark.django_db

PROGRAMME = [
    "UNODA",
    "CTED",
    "1267 Monitoring Team",
    "IPU",
    "OPANAL",
    "AFCONE",
    "SEANWFZ Commission",
    "PIFS",
    "CANWFZ",
    "GHSA",
    "IAEA",
    "OPCW",
    "BWC ISU",
    "INTERPOL",
    "WCO",
]


def load() -> str:
    out = io.StringIO()
    call_command("load_organizations", stdout=out)
    return out.getvalue()


def test_the_organisations_of_the_programme_are_loaded_in_six_languages():
    load()
    acronyms = set(Organization.objects.values_list("acronym", flat=True))
    assert set(PROGRAMME) <= acronyms
    unoda = Organization.objects.get(acronym="UNODA")
    assert unoda.name_en == "United Nations Office for Disarmament Affairs"
    assert unoda.name_fr.startswith("Bureau des affaires de désarmement")
    assert unoda.name_zh_hans == "联合国裁军事务厅"
    with translation.override("ar"):
        assert (
            Organization.objects.get(acronym="CTED").name
            == "المديرية التنفيذية للجنة مكافحة الإرهاب"
        )
    assert "Tlatelolco" in Organization.objects.get(acronym="OPANAL").name_en
    assert "Pelindaba" in Organization.objects.get(acronym="AFCONE").name_en
    assert "Rarotonga" in Organization.objects.get(acronym="PIFS").name_en


def test_loading_again_changes_nothing_and_keeps_an_inactive_one_inactive():
    load()
    count = Organization.objects.count()
    Organization.objects.filter(acronym="IPU").update(active=False)
    assert "0 added, 0 brought up to date" in load()
    assert Organization.objects.count() == count
    assert not Organization.objects.get(acronym="IPU").active


def test_an_organisation_made_by_the_demo_data_is_completed_not_duplicated():
    Organization.objects.create(
        name="International Atomic Energy Agency", acronym="IAEA", kind="international"
    )
    load()
    iaea = Organization.objects.get(acronym="IAEA")
    assert iaea.name_ru == "Международное агентство по атомной энергии"
    assert Organization.objects.filter(acronym="IAEA").count() == 1


def test_the_data_file_has_no_acronym_twice_and_every_english_name():
    rows = read_rows()
    assert len({row["acronym"].casefold() for row in rows}) == len(rows)
    assert all(row["name_en"].strip() for row in rows)
