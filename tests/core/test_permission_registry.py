"""One registry of rules (core/permissions.py), used everywhere: every rule has a row in an
app's table (tests/*/test_rules.py), every name the code asks for is declared, and no page,
endpoint or template decides who may do what by hand."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.permissions import REGISTRY, Where, can, declare, is_poc, require, restrict

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "committee", "states", "assistance", "workinggroups", "outreach"]
TABLES = [
    "tests.core.test_rules",
    "tests.assistance.test_rules",
    "tests.states.test_rules",
    "tests.outreach.test_rules",
    "tests.workinggroups.test_rules",
    "tests.committee.test_correspondence_rules",
]
# What only the registry may decide: the roles behind the rules, Django's permission check,
# and a refusal written by hand.
ROLE_FLAGS = {"is_poc", "is_secretariat", "is_expert", "is_committee_member", "sees_all_states"}
TEMPLATE_HAND_CHECK = re.compile(
    r"\bperms\.|\buser\.(?:is_poc|is_secretariat|is_expert|is_committee_member|sees_all_states)\b"
)


def test_every_rule_of_the_registry_has_a_row_in_an_apps_table():
    tabled: dict[str, str] = {}
    for module in TABLES:
        for name in importlib.import_module(module).RULES:
            assert name not in tabled, f"{name} is in {tabled.get(name)} and {module}"
            tabled[name] = module
    assert sorted(set(REGISTRY) - set(tabled)) == [], "rules without a row in a table"
    assert sorted(set(tabled) - set(REGISTRY)) == [], "rows for rules nobody declares"


def _python_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _names_asked_for(path: Path):
    """Rule names given as literals to require, can, restrict and rows_seen, and the values of
    FIELD_PERMISSIONS."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if called in {"require", "can", "restrict", "rows_seen"}:
                for arg in node.args[1:3]:
                    if isinstance(arg, ast.Constant) and re.fullmatch(
                        r"[a-z]+\.[a-z_]+", str(arg.value)
                    ):
                        yield node.lineno, arg.value
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", "") == "FIELD_PERMISSIONS" for target in node.targets
        ):
            for value in getattr(node.value, "values", []):
                if isinstance(value, ast.Constant):
                    yield node.lineno, value.value


def test_every_rule_the_code_asks_for_is_declared():
    unknown = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for path in _python_files()
        for line, name in _names_asked_for(path)
        if name not in REGISTRY
    ]
    templates = [
        f"{path.relative_to(ROOT)} {name}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for name in re.findall(r'\{% can "([^"]+)"', path.read_text())
        if name not in REGISTRY
    ]
    assert unknown + templates == []


def _raises_permission_denied(node: ast.AST) -> bool:
    if not isinstance(node, ast.Raise) or node.exc is None:
        return False
    raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    return getattr(raised, "id", getattr(raised, "attr", "")) == "PermissionDenied"


def hand_checks(source: str, *, admin: bool = False) -> list[str]:
    """Where a module decides a permission itself: Django's ``has_perm``, a role flag read off
    a person, or a refusal (PermissionDenied) raised without a rule. In the Django admin, whose
    pages are gated by the model permissions that core/backends.py's RoleBackend declares once,
    the admin's own refusal is allowed."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ROLE_FLAGS | {"has_perm"}:
            found.append(f"{node.lineno}: .{node.attr}")
        if not admin and _raises_permission_denied(node):
            found.append(f"{node.lineno}: PermissionDenied")
    return sorted(found, key=lambda place: int(place.split(":")[0]))


def _pages_and_endpoints():
    """Every module that answers a request: views, ViewSets, serializers, filter sets, forms,
    exports and the admin."""
    kinds = {"views.py", "serializers.py", "filtersets.py", "forms.py", "exports.py", "admin.py"}
    for path in _python_files():
        if path.name in kinds or "api" in path.parts:
            yield path


def test_no_page_or_endpoint_checks_a_permission_by_hand():
    found = {
        str(path.relative_to(ROOT)): checks
        for path in _pages_and_endpoints()
        if (checks := hand_checks(path.read_text(), admin=path.name == "admin.py"))
    }
    assert found == {}, "ask the registry: require(user, rule, obj) or can(...)"


def test_no_template_checks_a_permission_by_hand():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in TEMPLATE_HAND_CHECK.finditer(path.read_text())
    ]
    assert found == [], 'ask the registry: {% can "app.rule" obj as may %}'


def test_the_hand_check_finder_finds_a_view_that_checks_by_hand():
    view = (
        "def my_view(request):\n"
        "    if not request.user.is_poc:\n"
        "        raise PermissionDenied('For points of contact.')\n"
        "    if request.user.has_perm('states.publish_report'):\n"
        "        pass\n"
    )
    assert hand_checks(view) == ["2: .is_poc", "3: PermissionDenied", "4: .has_perm"]
    assert hand_checks("def ok(request):\n    require(request.user, 'x.y')\n") == []


def test_a_rule_is_declared_once_with_a_predicate_or_rows():
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        declare("states.read_report", is_poc)
    with pytest.raises(ImproperlyConfigured, match="a predicate or rows"):
        declare("tests.nothing")
    with pytest.raises(ImproperlyConfigured, match="No rule"):
        can(None, "tests.undeclared")


@pytest.mark.django_db
def test_a_field_rule_cannot_be_required(poc_chn):
    with pytest.raises(ImproperlyConfigured, match="field rule"):
        require(poc_chn, "states.see_who_submitted_report", None)


@pytest.mark.django_db
def test_the_rows_of_a_rule_are_the_same_in_the_database_and_on_a_loaded_row(
    poc_chn, poc_bra, secretariat
):
    """``restrict`` (the lists) and ``can`` (one row) come from the same declaration."""
    from tests.factories import report

    draft = report("CHN", by=poc_chn)
    published = report("BRA", by=poc_bra, status="published", publisher=secretariat)
    from states.reports.models import NationalReport

    for reader in (poc_chn, poc_bra, secretariat, None):
        from django.contrib.auth.models import AnonymousUser

        person = reader or AnonymousUser()
        listed = set(restrict(NationalReport.objects.all(), person, "states.read_report"))
        one_by_one = {row for row in (draft, published) if can(person, "states.read_report", row)}
        assert listed == one_by_one


def test_a_condition_reads_a_related_path_and_the_not_and_in_lookups():
    class Row:
        status = "sent"

        class matrix:  # noqa: N801 - a stand-in for a related row
            state_id = 7

    assert Where(matrix__state_id=7, status__ne="draft").holds(Row)
    assert not Where(matrix__state_id=8).holds(Row)
    assert Where(status__in=("sent", "commented")).holds(Row)
    assert not Where(status__ne="sent").holds(Row)
