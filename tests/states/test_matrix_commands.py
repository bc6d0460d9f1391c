"""The matrix template loader and the demo-scale matrices."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from states.matrices.models import Matrix, MatrixEntry, MatrixField, MatrixSection, MatrixTemplate

pytestmark = pytest.mark.django_db


def test_the_templates_load_several_hundred_fields_once(member_states):
    """Both versions (the template in use before 2017 and the 2017 format, made current); the
    counts per worksheet are the data files' (tests/states/test_matrix_templates.py)."""
    out = io.StringIO()
    call_command("load_matrix_template", stdout=out)
    call_command("load_matrix_template", stdout=out)

    template = MatrixTemplate.objects.get(is_current=True)
    assert template.code == "2017"
    assert "matrix template 2016: 376 fields created" in out.getvalue()
    assert "matrix template 2016: 0 fields created, 0 updated, 376 in all" in out.getvalue()
    old = MatrixTemplate.objects.get(code="2016")
    assert list(old.sections.values_list("code", flat=True)) == ["OP1", "OP2", "OP3AB", "OP3CD"]
    by_section = {
        code: MatrixField.objects.filter(template=old, section__code=code).count()
        for code in ("OP1", "OP2", "OP3AB", "OP3CD")
    }
    assert by_section == {"OP1": 32, "OP2": 96, "OP3AB": 120, "OP3CD": 128}
    acquire = MatrixField.objects.get(template=template, code="OP2-N-ACQ-LF")
    assert (acquire.weapon_type, acquire.column) == ("nuclear", "framework")
    assert "acquire" in acquire.text
    assert MatrixSection.objects.filter(template=template).count() == 5


def test_a_bad_template_file_is_refused_naming_the_line(tmp_path, db):
    bad = tmp_path / "template.csv"
    bad.write_text(
        "code,section,weapon_type,column,measure,text\nOP9-X,OP9,nuclear,framework,M,Text\n"
    )

    with pytest.raises(CommandError, match="line 2: unknown section 'OP9'"):
        call_command("load_matrix_template", file=bad, stdout=io.StringIO())
    assert not MatrixTemplate.objects.exists()


def test_the_demo_matrices_give_each_state_two_or_three_versions_once(settings, member_states):
    settings.DEBUG = True
    call_command("seed_matrices", states=3, stdout=io.StringIO())
    counts = (Matrix.objects.count(), MatrixEntry.objects.count())
    call_command("seed_matrices", states=3, stdout=io.StringIO())

    assert (Matrix.objects.count(), MatrixEntry.objects.count()) == counts
    per_state = {}
    for matrix in Matrix.objects.all():
        per_state.setdefault(matrix.state_id, []).append(matrix)
    assert len(per_state) == 3
    assert all(len(versions) in (2, 3) for versions in per_state.values())
    assert MatrixEntry.objects.count() == sum(
        m.template.fields.count() for m in Matrix.objects.select_related("template")
    )
    assert Matrix.objects.latest_approved().count() == 3
    assert MatrixEntry.history.count() == MatrixEntry.objects.count()


def test_the_demo_matrices_refuse_to_run_in_production(settings, member_states):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_matrices", stdout=io.StringIO())
    assert not Matrix.objects.exists()
