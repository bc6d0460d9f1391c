"""The view helpers of core/web.py: one copy of paging, of a service's refusal shown on a form
and of a page's permission check, used by every app's pages (issue 12: they were copied into
five apps and had started to drift)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from core.permissions import require
from core.web import add_errors, page_of
from states.models import MemberState

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "committee", "states", "assistance", "workinggroups", "outreach")
COPIED_HELPERS = {"_add_errors", "_page", "_require"}


class TitleForm(forms.Form):
    title = forms.CharField()


def test_no_app_defines_its_own_copy_of_the_view_helpers():
    copies = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            copies += [
                f"{path.relative_to(ROOT)}: {node.name}"
                for node in tree.body
                if isinstance(node, ast.FunctionDef) and node.name in COPIED_HELPERS
            ]
    assert copies == []


def test_a_refusal_about_a_field_of_the_form_is_shown_beside_that_field():
    form = TitleForm(data={"title": "x"})
    form.is_valid()
    add_errors(form, ValidationError({"title": "Too short."}))
    assert form.errors["title"] == ["Too short."]


def test_a_refusal_about_a_field_the_form_lacks_is_shown_at_the_top_and_never_dropped():
    form = TitleForm(data={"title": "x"})
    form.is_valid()
    add_errors(form, ValidationError({"state": "Not your state."}))
    assert form.non_field_errors() == ["Not your state."]


def test_a_refusal_without_a_field_is_shown_at_the_top_of_the_form():
    form = TitleForm(data={"title": "x"})
    form.is_valid()
    add_errors(form, ValidationError("The report was already published."))
    assert form.non_field_errors() == ["The report was already published."]


@pytest.mark.django_db
def test_a_page_number_past_the_end_or_not_a_number_gives_a_page_not_an_error(member_states):
    states = MemberState.objects.order_by("iso3")
    last = page_of(RequestFactory().get("/", {"page": "9999"}), states, 2)
    assert last.number == last.paginator.num_pages
    first = page_of(RequestFactory().get("/", {"page": "abc"}), states, 2)
    assert first.number == 1


def test_a_reader_without_the_permission_is_refused_with_the_rules_message():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="The audit log is for the secretariat."):
        require(AnonymousUser(), "committee.see_audit_log")


@pytest.mark.django_db
def test_the_rightful_user_passes_the_pages_permission_check(secretariat):
    require(secretariat, "committee.see_audit_log")
