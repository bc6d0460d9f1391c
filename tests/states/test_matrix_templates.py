"""The versions of the matrix template as the committee has them (issue 14): the one in use
before 2017 and the 2017 format with its five worksheets, loaded from their data files, and
their API. Every count here is computed from the data files, never written as a constant."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from modeltranslation.utils import build_localized_fieldname

from committee.work import services as committee_services
from committee.work.models import WorkItem
from states.matrices.models import MatrixField, MatrixFieldMapping, MatrixSection, MatrixTemplate
from states.matrices.template import (
    LANGUAGES,
    MAPPING_2016_2017,
    TEMPLATE_2016,
    TEMPLATE_2017,
    load_mapping,
    load_template,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
ADHERENCE_HEADINGS = [
    "YES",
    "if YES, relevant information (signing, accession, ratification, entry into force)",
    "Remarks (the page of the national report or an official website)",
]


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def formats(db):
    call_command("load_matrix_template", stdout=io.StringIO())
    return {t.code: t for t in MatrixTemplate.objects.all()}


def test_the_api_lists_the_template_in_use_before_2017_and_the_2017_format(api, formats):
    response = api.get("/api/v1/matrix-templates/")

    assert response.status_code == 200
    listed = {t["code"]: t for t in response.json()["results"]}
    assert len(listed) >= 2
    assert listed["2016"]["in_use_from"] == "2016-01-01"
    assert listed["2016"]["is_current"] is False
    assert listed["2017"]["in_use_from"] == "2017-01-01"
    assert listed["2017"]["is_current"] is True
    assert listed["2016"]["field_count"] == len(rows_of(TEMPLATE_2016))
    assert listed["2017"]["field_count"] == len(rows_of(TEMPLATE_2017))


def test_the_2017_format_has_the_five_kinds_of_worksheet_with_the_fields_of_its_file(api, formats):
    per_sheet = Counter(row["section"] for row in rows_of(TEMPLATE_2017))

    response = api.get("/api/v1/matrix-templates/2017/")

    assert response.status_code == 200
    sheets = response.json()["worksheets"]
    assert [(s["code"], s["kind"]) for s in sheets] == [
        ("OP1", "adherence"),
        ("OP2", "measures"),
        ("OP3AB", "measures"),
        ("OP3CD", "measures"),
        ("OP6-8D", "cooperation"),
    ]
    assert {s["code"]: s["field_count"] for s in sheets} == dict(per_sheet)
    # About 380 data fields in a version, as the committee's matrix has.
    assert 360 <= sum(per_sheet.values()) <= 400
    assert len(response.json()["fields"]) == sum(per_sheet.values())


def test_op1_rows_carry_the_adherence_columns_and_the_committees_rows(api, formats):
    data = api.get("/api/v1/matrix-templates/2017/").json()
    op1 = next(s for s in data["worksheets"] if s["code"] == "OP1")
    fields = [f for f in data["fields"] if f["section"] == "OP1"]

    assert [c["heading"] for c in op1["columns"]] == ADHERENCE_HEADINGS
    assert {f["column"] for f in fields} == {"adherence"}
    # One field per row: the row is the treaty, membership, code or arrangement itself.
    assert all(f["row"] == f["code"] for f in fields)
    codes = {f["code"] for f in fields}
    for wanted in (
        "OP1-N-NPT",
        "OP1-C-CWC",
        "OP1-B-BWC",
        "OP1-N-CTBT",
        "OP1-N-CPPNM-A",
        "OP1-N-ICSANT",
        "OP1-SUA2005",
        "OP1-GP1925",
        "OP1-N-PELINDABA",
        "OP1-TF1999",
        "OP1-BEIJING2010",
        "OP1-N-IAEA",
        "OP1-C-OPCW",
        "OP1-N-CSA",
        "OP1-N-AP",
        "OP1-N-SQP",
        "OP1-D-HCOC",
        "OP1-N-COC-RS",
        "OP1-N-NSG",
        "OP1-N-ZANGGER",
        "OP1-AG",
        "OP1-D-MTCR",
        "OP1-WASSENAAR",
        "OP1-N-GICNT",
        "OP1-PSI",
        "OP1-GP",
        "OP1-B-GHSA",
        "OP1-ST-OP5",
        "OP1-ST-OP8A",
        "OP1-ST-OP10",
    ):
        assert wanted in codes, wanted
    assert {f["group"] for f in fields} == {
        "Treaties and protocols",
        "Membership of international organizations",
        "Safeguards and verification agreements",
        "Codes of conduct and guidance",
        "Export control arrangements and initiatives",
        "Statements (OP 1, OP 5, OP 8 and OP 10)",
    }


def test_each_row_of_op2_and_op3_pairs_a_legal_framework_and_an_enforcement_field(formats):
    rows = defaultdict(set)
    weapons = defaultdict(set)
    for row in rows_of(TEMPLATE_2017):
        if row["section"] in ("OP2", "OP3AB", "OP3CD"):
            rows[row["row"]].add(row["column"])
            weapons[row["section"]].add(row["weapon_type"])

    assert rows and all(columns == {"framework", "enforcement"} for columns in rows.values())
    # A sheet per weapon type; means of delivery where the matrix has them.
    assert weapons["OP2"] == {"nuclear", "chemical", "biological", "delivery"}
    assert weapons["OP3AB"] == {"nuclear", "chemical", "biological"}
    assert weapons["OP3CD"] == {"nuclear", "chemical", "biological", "delivery"}
    loaded = MatrixField.objects.filter(template=formats["2017"], section__code="OP2")
    assert loaded.values("row").distinct().count() == len([r for r in rows if r.startswith("OP2-")])
    acquire = loaded.get(code="OP2-N-ACQ-EN")
    assert (acquire.row, acquire.row_label) == ("OP2-N-ACQ", "Acquire")
    assert acquire.section.columns == (
        ("framework", "National legal framework"),
        ("enforcement", "Enforcement"),
    )


def test_op3_c_d_details_licensing_and_control_lists_for_every_weapon_type(formats):
    codes = {row["code"] for row in rows_of(TEMPLATE_2017)}

    for weapon in "NCBD":
        for detail in ("LIC", "LIC-AUT", "LST", "LST-TEC", "EUC", "CAT", "BRK"):
            assert f"OP3CD-{weapon}-{detail}-LF" in codes
            assert f"OP3CD-{weapon}-{detail}-EN" in codes


def test_the_op6_and_op8d_worksheet_has_lists_assistance_outreach_and_information(formats):
    sheet = MatrixSection.objects.get(template=formats["2017"], code="OP6-8D")
    groups = list(sheet.fields.order_by("position").values_list("group", flat=True).distinct())

    assert sheet.kind == "cooperation"
    assert [key for key, _heading in sheet.columns] == ["yes", "information", "remarks"]
    assert list(dict.fromkeys(groups)) == [
        "National control lists (OP 6)",
        "Assistance",
        "Work with industry and the public (OP 8 (d))",
        "Information sharing",
    ]
    assert sheet.fields.count() == sum(
        1 for row in rows_of(TEMPLATE_2017) if row["section"] == "OP6-8D"
    )


def test_the_2016_template_keeps_its_four_worksheets_as_the_version_before_2017(formats):
    old = formats["2016"]
    per_sheet = Counter(row["section"] for row in rows_of(TEMPLATE_2016))

    assert not old.is_current
    assert old.in_use_from == date(2016, 1, 1)
    assert {s.code: s.fields.count() for s in old.sections.all()} == dict(per_sheet)
    assert old.sections.get(code="OP1").kind == "adherence"
    # Its codes are the 2017 ones wherever a field is in both.
    both = {r["code"] for r in rows_of(TEMPLATE_2016)} & {r["code"] for r in rows_of(TEMPLATE_2017)}
    assert "OP2-N-ACQ-LF" in both


def test_loading_again_changes_nothing_and_says_what_it_loaded(formats):
    out = io.StringIO()
    fields, history = MatrixField.objects.count(), MatrixField.history.count()

    call_command("load_matrix_template", stdout=out)

    mapping = rows_of(MAPPING_2016_2017)
    carried = sum(1 for row in mapping if row["to_code"])
    assert (MatrixField.objects.count(), MatrixField.history.count()) == (fields, history)
    assert f"matrix template 2016: 0 fields created, 0 updated, {len(rows_of(TEMPLATE_2016))}" in (
        out.getvalue()
    )
    assert "matrix template 2017 (current): 0 fields created, 0 updated" in out.getvalue()
    assert (
        f"field mapping 2016 -> 2017: {carried} fields carried, {len(mapping) - carried} that no "
        "longer exist" in out.getvalue()
    )
    assert MatrixFieldMapping.objects.count() == len(mapping)


def test_every_2016_field_is_mapped_or_said_to_be_gone(formats):
    mapping = rows_of(MAPPING_2016_2017)

    assert [row["from_code"] for row in mapping] == [row["code"] for row in rows_of(TEMPLATE_2016)]
    assert all(row["to_code"] or row["note"] for row in mapping)
    targets = [row["to_code"] for row in mapping if row["to_code"]]
    assert len(targets) == len(set(targets))
    gone = MatrixFieldMapping.objects.filter(to_field__isnull=True)
    assert sorted(gone.values_list("from_field__code", flat=True)) == sorted(
        row["from_code"] for row in mapping if not row["to_code"]
    )


def test_a_bad_mapping_is_refused_whole_naming_each_line(formats):
    before = list(MatrixFieldMapping.objects.values_list("pk", "to_field_id", "note"))
    rows = rows_of(MAPPING_2016_2017)
    rows[0] = {**rows[0], "to_code": "OP9-NOWHERE"}
    rows[1] = {**rows[1], "to_code": rows[2]["to_code"]}
    rows[3] = {**rows[3], "to_code": "", "note": ""}

    with pytest.raises(ValidationError) as refused:
        load_mapping(rows, from_code="2016", to_code="2017")

    assert refused.value.messages == [
        "line 2: 'OP9-NOWHERE' is not a field of template 2017",
        f"line 4: {rows[2]['to_code']} already receives {rows[1]['from_code']}",
        f"line 5: say in a note why {rows[3]['from_code']} has no field in 2017",
    ]
    assert list(MatrixFieldMapping.objects.values_list("pk", "to_field_id", "note")) == before


def test_a_template_file_with_an_unknown_column_is_refused(tmp_path, db):
    bad = tmp_path / "template.csv"
    bad.write_text("code,section,weapon_type,column,measure,text,colour\n")

    with pytest.raises(Exception, match="the columns must be"):
        call_command("load_matrix_template", file=bad, stdout=io.StringIO())
    assert not MatrixTemplate.objects.exists()


def test_field_texts_are_kept_per_language_and_fall_back_to_english(api, formats):
    """The data file gives the texts in the other languages where it has them; a text it
    leaves out reads in English."""
    french = api.get("/api/v1/matrix-templates/2017/", HTTP_ACCEPT_LANGUAGE="fr").json()
    russian = api.get("/api/v1/matrix-templates/2017/", HTTP_ACCEPT_LANGUAGE="ru").json()
    by_code = {
        language: {f["code"]: f for f in data["fields"]}
        for language, data in (("fr", french), ("ru", russian))
    }
    rows = {row["code"]: row for row in rows_of(TEMPLATE_2017)}

    npt = by_code["fr"]["OP1-N-NPT"]
    assert npt["text"] == rows["OP1-N-NPT"]["text_fr"] != rows["OP1-N-NPT"]["text"]
    assert npt["group"] == rows["OP1-N-NPT"]["group_fr"]
    acquire = by_code["ru"]["OP2-N-ACQ-LF"]
    assert acquire["measure"] == rows["OP2-N-ACQ-LF"]["measure_ru"] != "Acquire"
    assert acquire["text"] == rows["OP2-N-ACQ-LF"]["text_ru"] != rows["OP2-N-ACQ-LF"]["text"]
    # The worksheets' titles come from the locale files, in every language.
    op6 = next(s for s in french["worksheets"] if s["code"] == "OP6-8D")
    assert op6["title"].startswith("OP 6 et OP 8 d)")
    # A file that leaves a language out (the committee's files have them all: see the test
    # below) reads in English there.
    english_only = {
        **rows["OP2-N-ACQ-LF"],
        "text_ru": "",
        "measure_ru": "",
        "text_fr": "Texte français",
    }
    load_template(
        [english_only], code="2099", title="Test", in_use_from=date(2099, 1, 1), make_current=False
    )
    field = api.get("/api/v1/matrix-templates/2099/", HTTP_ACCEPT_LANGUAGE="ru").json()["fields"][0]
    assert (field["text"], field["measure"]) == (english_only["text"], english_only["measure"])
    field = api.get("/api/v1/matrix-templates/2099/", HTTP_ACCEPT_LANGUAGE="fr").json()["fields"][0]
    assert field["text"] == "Texte français"


@pytest.mark.parametrize("path", [TEMPLATE_2016, TEMPLATE_2017], ids=["2016", "2017"])
def test_every_field_of_the_data_files_has_its_texts_in_the_six_languages(path):
    """The 1540 matrices are official documents in the six languages of the United Nations:
    no field of either version may fall back to English in another language."""
    missing = [
        f"{row['code']}: {build_localized_fieldname(name, language)}"
        for row in rows_of(path)
        for name in ("text", "measure", "group")
        if (row.get(name) or "").strip()
        for language in LANGUAGES
        if language != "en"
        and not (row.get(build_localized_fieldname(name, language)) or "").strip()
    ]
    assert not missing, missing[:10]
    assert all(row["text"].strip() and row["measure"].strip() for row in rows_of(path))


def test_the_list_of_templates_costs_the_same_queries_whatever_their_number(
    api, formats, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/matrix-templates/").status_code == 200
    MatrixTemplate.objects.create(code="2030", title="Future", in_use_from=date(2030, 1, 1))
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/matrix-templates/").status_code == 200


def test_an_unknown_template_is_not_found(api, formats):
    assert api.get("/api/v1/matrix-templates/1999/").status_code == 404


def test_the_programme_item_8d_asks_to_convert_the_matrices_into_the_new_format(db):
    committee_services.load_programme_of_work(committee_services.read_programme_file())
    d = WorkItem.objects.get(paragraph="8(d)")

    assert "to the new format" in d.text_en
    assert "letter" not in d.text_en
    assert "新的格式" in d.text_zh_hans
    assert "信的格式" not in d.text_zh_hans
    letter = (ROOT / "templates" / "states" / "matrix_letter_pdf.html").read_text()
    assert "letter format" not in letter
