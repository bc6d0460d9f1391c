"""Use cases of the committee's own work: loading the programme of work, seating committee
members and drafting reporting reminders (8(b)); the annual review's (8(a)) are in
committee/work/reviews.py.

Each runs in one transaction, checks its permission rule first, saves with history naming the
acting user, and queues side effects (tasks) for after the commit.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from committee.work.choices import (
    CommitteeRole,
    ProgrammeArea,
    WorkingGroupNumber,
)
from committee.work.models import (
    CommitteeMember,
    NoteVerbaleTemplate,
    ProgrammeOfWork,
    ReportingReminder,
    WorkItem,
)
from committee.work.reminders import DEFAULT_BODY, DEFAULT_SUBJECT, compile_note, render_note
from core.pdf import render_pdf
from core.permissions import require
from core.services import InvalidTransition, save_with_history
from states.models import MemberState

logger = logging.getLogger(__name__)

PROGRAMME_FILE = Path(__file__).resolve().parent / "data" / "programme-of-work-17.json"


# --- The programme of work -------------------------------------------------------------------


def read_programme_file(path: Path = PROGRAMME_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _check_programme_data(data: dict) -> None:
    seen: set[str] = set()
    problems = []
    for entry in data["items"]:
        paragraph = entry["paragraph"]
        if paragraph in seen:
            problems.append(_("%(p)s appears twice.") % {"p": paragraph})
        if entry.get("parent") and entry["parent"] not in seen:
            problems.append(_("%(p)s comes before its parent item.") % {"p": paragraph})
        if entry["area"] not in ProgrammeArea.values:
            problems.append(_("%(p)s has an unknown area.") % {"p": paragraph})
        if entry["lead_working_group"] not in WorkingGroupNumber.values:
            problems.append(_("%(p)s has no working group 1-4 as lead.") % {"p": paragraph})
        seen.add(paragraph)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def load_programme_of_work(data: dict, *, acting_user=None) -> ProgrammeOfWork:
    """Create or refresh a programme of work and its items from ``data`` (the JSON data file).
    Texts, areas and leads follow the file; the status and progress recorded on existing items
    are kept. Run by the ``load_programme`` command (acting user: none) or the secretariat."""
    if acting_user is not None:
        require(acting_user, "committee.load_programme")
    _check_programme_data(data)
    fields = data["programme"]
    values = {
        "title": fields["title"],
        "period_start": date.fromisoformat(fields["period_start"]),
        "period_end": date.fromisoformat(fields["period_end"]),
        "adopted_on": date.fromisoformat(fields["adopted_on"])
        if fields.get("adopted_on")
        else None,
        "transmitted_on": date.fromisoformat(fields["transmitted_on"])
        if fields.get("transmitted_on")
        else None,
        "symbol": fields.get("symbol", ""),
    }
    programme = ProgrammeOfWork.objects.select_for_update().filter(number=fields["number"]).first()
    if programme is None:
        programme = ProgrammeOfWork(number=fields["number"], **values)
        programme.full_clean()
        save_with_history(programme, acting_user, reason="Loaded from the data file")
    else:
        changed = [name for name, value in values.items() if getattr(programme, name) != value]
        for name in changed:
            setattr(programme, name, values[name])
        if changed:
            programme.full_clean()
            save_with_history(
                programme, acting_user, update_fields=changed, reason="Refreshed from the data file"
            )
    existing = {item.paragraph: item for item in programme.items.select_for_update()}
    for position, entry in enumerate(data["items"], start=1):
        wanted = {
            "position": position,
            "area": entry["area"],
            "text_en": entry["text_en"],
            "text_zh": entry["text_zh"],
            "lead_working_group": entry["lead_working_group"],
            "lead_from_mandate": bool(entry.get("lead_from_mandate")),
            "target_date": date.fromisoformat(entry["target_date"])
            if entry.get("target_date")
            else None,
            "parent": existing[entry["parent"]] if entry.get("parent") else None,
        }
        item = existing.get(entry["paragraph"])
        if item is None:
            item = WorkItem(programme=programme, paragraph=entry["paragraph"], **wanted)
            item.full_clean()
            save_with_history(item, acting_user, reason="Loaded from the data file")
            existing[item.paragraph] = item
            continue
        changed = [name for name, value in wanted.items() if getattr(item, name) != value]
        for name in changed:
            setattr(item, name, wanted[name])
        if changed:
            item.full_clean()
            save_with_history(
                item,
                acting_user,
                update_fields=[*changed, "updated_at"],
                reason="Refreshed from the data file",
            )
    return programme


# --- Committee members -------------------------------------------------------------------------


@transaction.atomic
def seat_committee_member(
    state: MemberState,
    *,
    acting_user,
    term_start: date,
    term_end: date,
    role: str = CommitteeRole.MEMBER,
    representative: str = "",
    contact_email: str = "",
) -> CommitteeMember:
    """Record a Security Council delegation's seat on the committee for its term."""
    require(acting_user, "committee.manage_committee_members")
    if term_end < term_start:
        raise ValidationError({"term_end": _("The term cannot end before it starts.")})
    overlapping = CommitteeMember.objects.filter(term_start__lte=term_end, term_end__gte=term_start)
    if overlapping.filter(state=state).exists():
        raise ValidationError(
            {
                "state": _("%(state)s already sits on the committee during that term.")
                % {"state": state}
            }
        )
    if role == CommitteeRole.CHAIR and overlapping.filter(role=CommitteeRole.CHAIR).exists():
        raise ValidationError(
            {"role": _("Another delegation chairs the committee during that term.")}
        )
    member = CommitteeMember(
        state=state,
        role=role,
        term_start=term_start,
        term_end=term_end,
        representative=representative,
        contact_email=contact_email,
    )
    member.full_clean()
    save_with_history(member, acting_user, reason="Seated")
    return member


@transaction.atomic
def end_committee_term(
    member: CommitteeMember, *, acting_user, on: date | None = None
) -> CommitteeMember:
    """A delegation leaves the committee before its term was due to end (the counterpart of
    ``seat_committee_member``): its term now ends on ``on`` (today by default). The seat stays
    on record, so the past meetings and chairs it held keep their delegation."""
    require(acting_user, "committee.manage_committee_members")
    member = CommitteeMember.objects.select_for_update().select_related("state").get(pk=member.pk)
    on = on or timezone.localdate()
    if member.term_end <= on:
        raise InvalidTransition(
            _("The term of %(member)s already ended on %(day)s.")
            % {"member": member.state, "day": member.term_end}
        )
    if on < member.term_start:
        raise InvalidTransition(
            _("The term of %(member)s starts on %(day)s: it cannot end before it starts.")
            % {"member": member.state, "day": member.term_start}
        )
    member.term_end = on
    save_with_history(member, acting_user, update_fields=["term_end"], reason="Term ended")
    return member


# --- Reporting reminders (8(b)) ----------------------------------------------------------------


def default_note_template() -> NoteVerbaleTemplate:
    """The template used when none is chosen; created with the standard wording the first
    time it is needed."""
    template = NoteVerbaleTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    with transaction.atomic():
        template, created = NoteVerbaleTemplate.objects.get_or_create(
            is_default=True,
            defaults={
                "name": "Reminder: first national report",
                "subject": DEFAULT_SUBJECT,
                "body": DEFAULT_BODY,
            },
        )
    return template


@transaction.atomic
def update_note_template(
    template: NoteVerbaleTemplate, *, acting_user, subject: str, body: str
) -> NoteVerbaleTemplate:
    """Change the wording of a note verbale template (secretariat). The text is checked: only
    the known variables and a few text filters may appear."""
    template = NoteVerbaleTemplate.objects.select_for_update().get(pk=template.pk)
    require(acting_user, "committee.edit_reminder_template", template)
    errors = {}
    if not (subject or "").strip():
        errors["subject"] = [_("Give the note a subject.")]
    if not (body or "").strip():
        errors["body"] = [_("The note needs a text.")]
    for name, text in (("subject", subject), ("body", body)):
        if name in errors:
            continue
        try:
            compile_note(text)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    template.subject = subject.strip()
    template.body = body
    save_with_history(
        template,
        acting_user,
        update_fields=["subject", "body", "updated_at"],
        reason="Wording edited",
    )
    return template


def _chair_on(day: date) -> str:
    chair = (
        CommitteeMember.objects.serving_on(day)
        .filter(role=CommitteeRole.CHAIR)
        .select_related("state")
        .first()
    )
    return chair.state.name if chair else ""


@transaction.atomic
def draft_reporting_reminders(
    states: Iterable[MemberState], *, acting_user, template: NoteVerbaleTemplate | None = None
) -> list[ReportingReminder]:
    """Draft a note verbale (PDF) for each of ``states``, reminding it that its first report
    is due and that assistance is available (8(b)). Every state must still be without a first
    report; the text is the template rendered for that state and is kept with the PDF."""
    require(acting_user, "committee.draft_reminders")
    chosen = sorted({state.pk: state for state in states}.values(), key=lambda s: s.name)
    if not chosen:
        raise ValidationError({"states": _("Choose at least one state.")})
    waiting = set(
        MemberState.objects.without_first_report()
        .filter(pk__in=[state.pk for state in chosen])
        .values_list("pk", flat=True)
    )
    reported = [state.name for state in chosen if state.pk not in waiting]
    if reported:
        raise ValidationError(
            {
                "states": _("No reminder is needed: %(names)s already submitted a first report.")
                % {"names": ", ".join(reported)}
            }
        )
    template = template or default_note_template()
    compile_note(template.body)
    today = timezone.localdate()
    chair = _chair_on(today)
    reminders = []
    for state in chosen:
        sequence = (
            ReportingReminder.objects.filter(state=state, drafted_at__year=today.year).count() + 1
        )
        reference = f"1540/NV/{today.year}/{state.iso3}/{sequence:02d}"
        values = {
            "state": state.name,
            "iso3": state.iso3,
            "date": format_date(today, "j F Y"),
            "reference": reference,
            "chair": chair,
        }
        text = render_note(template.body, values)
        subject = render_note(template.subject, values)
        pdf = render_pdf(
            "committee/note_verbale_pdf.html",
            {
                "state": state,
                "subject": subject,
                "text": text,
                "reference": reference,
                "date": today,
            },
        )
        reminder = ReportingReminder(
            state=state,
            template=template,
            reference=reference,
            subject=subject,
            text=text,
            drafted_by=acting_user,
        )
        reminder.document.save(f"{state.iso3}.pdf", ContentFile(pdf), save=False)
        save_with_history(reminder, acting_user, reason="Drafted")
        reminders.append(reminder)
    return reminders
