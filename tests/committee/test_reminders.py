"""Reporting reminders (8(b)): a draft note verbale for each state without a first report, from
a wording the secretariat edits, rendered in a sandbox (known variables only)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committee.work import services
from committee.work.models import NoteVerbaleTemplate, ReportingReminder
from states.models import MemberState
from tests.helpers import Written, pdf_text
from tests.workinggroups.fixtures import all_but, first_reports

STILL_TO_REPORT = ["TCD", "GNB", "SSD", "TUV"]


@pytest.fixture
def four_states_to_remind(secretariat):
    first_reports(all_but(*STILL_TO_REPORT), by=secretariat)
    return list(MemberState.objects.without_first_report())


def test_each_state_without_a_first_report_gets_a_note_naming_it(
    secretariat, chair, four_states_to_remind
):
    reminders = services.draft_reporting_reminders(four_states_to_remind, acting_user=secretariat)

    assert sorted(r.state.iso3 for r in reminders) == sorted(STILL_TO_REPORT)
    for reminder in reminders:
        text = pdf_text(reminder.document, flat=True)
        assert reminder.reference in text
        assert reminder.history.first().history_user == secretariat
        # Each in the state's language of correspondence, naming it by its formal name.
        assert reminder.language == reminder.state.correspondence_language
        if reminder.language == "en":
            name = reminder.state.formal_name_en
            assert f"Permanent Representative of {name} to the United Nations" in text
            assert f"{name} has not yet submitted its first report" in text
            assert "assistance" in text
        else:
            name = reminder.state.formal_name_fr
            assert f"Représentant permanent de {name} auprès de l'Organisation" in text
            assert f"le premier rapport de {name} ne lui est pas encore parvenu" in text
            assert "assistance" in text
    assert {r.language for r in reminders} == {"en", "fr"}  # Chad and Guinea-Bissau: French
    assert reminders[0].reference.startswith("1540/NV/")


def test_a_second_note_to_the_same_state_has_its_own_reference(secretariat, four_states_to_remind):
    chad = MemberState.objects.get(iso3="TCD")
    first = services.draft_reporting_reminders([chad], acting_user=secretariat)[0]
    second = services.draft_reporting_reminders([chad], acting_user=secretariat)[0]

    assert first.reference.endswith("/TCD/01")
    assert second.reference.endswith("/TCD/02")


def test_a_state_that_has_reported_needs_no_reminder(secretariat, four_states_to_remind):
    written = Written(ReportingReminder, NoteVerbaleTemplate)

    with pytest.raises(ValidationError, match="China already submitted a first report") as refused:
        services.draft_reporting_reminders(
            [MemberState.objects.get(iso3="CHN"), four_states_to_remind[0]],
            acting_user=secretariat,
        )

    assert "states" in refused.value.error_dict
    assert written.unchanged()


def test_drafting_for_no_state_is_refused(secretariat, four_states_to_remind):
    with pytest.raises(ValidationError, match="Choose at least one state"):
        services.draft_reporting_reminders([], acting_user=secretariat)


@pytest.mark.parametrize("persona", ["poc_chn", "expert", "member"])
def test_only_the_secretariat_drafts_reminders(request, four_states_to_remind, persona):
    written = Written(ReportingReminder, NoteVerbaleTemplate)

    with pytest.raises(PermissionDenied, match="Only the secretariat drafts"):
        services.draft_reporting_reminders(
            four_states_to_remind, acting_user=request.getfixturevalue(persona)
        )

    assert written.unchanged()


def test_new_notes_use_the_edited_wording_and_old_ones_keep_theirs(
    secretariat, four_states_to_remind
):
    chad = MemberState.objects.get(iso3="TCD")
    before = services.draft_reporting_reminders([chad], acting_user=secretariat)[0]

    services.update_note_template(
        services.default_note_template(),
        acting_user=secretariat,
        language="fr",  # Chad's language of correspondence
        subject="Rappel à {{ state|upper }}",
        body="Le Comité attend le premier rapport de {{ state }} ({{ iso3 }}), {{ date }}.",
    )
    after = services.draft_reporting_reminders([chad], acting_user=secretariat)[0]

    assert after.subject == "Rappel à LA RÉPUBLIQUE DU TCHAD"
    assert after.text.startswith("Le Comité attend le premier rapport de la République du Tchad")
    assert "attend le premier rapport de la République du Tchad (TCD)" in pdf_text(
        after.document, flat=True
    )
    before.refresh_from_db()
    assert "Représentant permanent de la République du Tchad" in before.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Dear {{ user.password }}", "{{ user.password }}, which is not available"),
        ("{{ settings.SECRET_KEY }}", "which is not available"),
        ("{{ state.users.all }}", "{{ state.users.all }}, which is not available"),
        ("{% debug %}", "“{% debug %}” is not allowed"),
        ('{% include "base.html" %}', "“{% include %}” is not allowed"),
        ("{% load static %}{% static 'x' %}", "not a valid template"),
        ("{{ state|safe }}", "The filter “safe” is not available"),
        ("{{ state|default:secret }}", "{{ secret }}, which is not available"),
        ("{% if state %}", "not a valid template"),
        ("", "The note needs a text"),
    ],
)
def test_a_wording_that_reaches_beyond_the_known_variables_is_refused(
    secretariat, member_states, body, message
):
    template = services.default_note_template()
    written = Written(ReportingReminder, NoteVerbaleTemplate)

    with pytest.raises(ValidationError, match=message) as refused:
        services.update_note_template(
            template, acting_user=secretariat, subject="Reminder", body=body
        )

    assert "body" in refused.value.error_dict
    assert written.unchanged()
    template.refresh_from_db()
    assert "{{ state }}" in template.body


def test_a_poc_cannot_edit_the_wording(poc_chn):
    template = services.default_note_template()
    written = Written(ReportingReminder, NoteVerbaleTemplate)

    with pytest.raises(PermissionDenied, match="Only the secretariat edits"):
        services.update_note_template(
            template, acting_user=poc_chn, subject="x", body="{{ state }}"
        )

    assert written.unchanged()
