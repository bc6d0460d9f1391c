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
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname

from committee.work.choices import (
    CommitteeRole,
    ProgrammeArea,
    RecommendationArea,
    WorkingGroupNumber,
    WorkItemStatus,
)
from committee.work.models import (
    CommitteeMember,
    NoteVerbaleTemplate,
    ProgrammeOfWork,
    ProgressAssessment,
    ReportingReminder,
    ReviewRecommendation,
    WorkItem,
)
from committee.work.reminders import (
    DEFAULT_BODIES,
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    DEFAULT_SUBJECTS,
    compile_note,
    render_note,
)
from core import correspondence
from core.choices import Language
from core.models import User
from core.pdf import contract_articles, language_refused, letter_name, locale_of, render_pdf
from core.permissions import require
from core.services import InvalidTransition, save_with_history
from states.models import MemberState

logger = logging.getLogger(__name__)

PROGRAMME_FILE = Path(__file__).resolve().parent / "data" / "programme-of-work-17.json"
# Paragraph 6: the recommendations of the 2016 comprehensive review (S/2016/1038).
RECOMMENDATIONS_FILE = (
    Path(__file__).resolve().parent / "data" / "comprehensive-review-2016-recommendations.json"
)


# --- The programme of work -------------------------------------------------------------------


def read_programme_file(path: Path = PROGRAMME_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _missing_languages(texts: Any) -> list[str]:
    """The languages (codes) in which ``texts``, a text of the data file by language, is empty."""
    texts = texts if isinstance(texts, dict) else {}
    return [
        language
        for language in AVAILABLE_LANGUAGES
        if not isinstance(texts.get(language), str) or not texts[language].strip()
    ]


def _in_every_language(field: str, texts: dict[str, str]) -> dict[str, str]:
    """The columns of ``field`` (``text_fr``, ``text_zh_hans``...) with the data file's texts."""
    return {
        build_localized_fieldname(field, language): texts[language]
        for language in AVAILABLE_LANGUAGES
    }


def _check_programme_data(data: dict[str, Any]) -> None:
    seen: set[str] = set()
    problems = []
    missing = _missing_languages(data["programme"].get("title"))
    if missing:
        problems.append(
            _("The programme has no title in %(languages)s.") % {"languages": ", ".join(missing)}
        )
    for entry in data["items"]:
        paragraph = entry["paragraph"]
        if paragraph in seen:
            problems.append(_("%(p)s appears twice.") % {"p": paragraph})
        missing = _missing_languages(entry.get("text"))
        if missing:
            problems.append(
                _("%(p)s has no text in %(languages)s.")
                % {"p": paragraph, "languages": ", ".join(missing)}
            )
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
def load_programme_of_work(
    data: dict[str, Any], *, acting_user: User | None = None
) -> ProgrammeOfWork:
    """Create or refresh a programme of work and its items from ``data`` (the JSON data file).
    Texts (the title and the items' texts, in the six languages), areas and leads follow the
    file; the status and progress recorded on existing items are kept. Run by the
    ``load_programme`` command (acting user: none) or the secretariat."""
    if acting_user is not None:
        require(acting_user, "committee.load_programme")
    _check_programme_data(data)
    # The plain ``title`` and ``text`` columns hold the English, which django-modeltranslation
    # writes there from the language active when a row is saved.
    with translation.override(DEFAULT_LANGUAGE):
        programme = _load_programme(data["programme"], acting_user)
        _load_items(programme, data["items"], acting_user)
    return programme


def _load_programme(fields: dict[str, Any], acting_user: User | None) -> ProgrammeOfWork:
    values = {
        **_in_every_language("title", fields["title"]),
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
        return programme
    changed = [name for name, value in values.items() if getattr(programme, name) != value]
    for name in changed:
        setattr(programme, name, values[name])
    if changed:
        programme.full_clean()
        save_with_history(
            programme,
            acting_user,
            update_fields=[*changed, "title"],
            reason="Refreshed from the data file",
        )
    return programme


def _load_items(
    programme: ProgrammeOfWork, entries: list[dict[str, Any]], acting_user: User | None
) -> None:
    existing = {item.paragraph: item for item in programme.items.select_for_update()}
    for position, entry in enumerate(entries, start=1):
        wanted = {
            "position": position,
            "area": entry["area"],
            **_in_every_language("text", entry["text"]),
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
                update_fields=[*changed, "text", "updated_at"],
                reason="Refreshed from the data file",
            )


# --- The recommendations of the 2016 comprehensive review (paragraph 6) ----------------------


def _check_recommendations_data(data: dict[str, Any], paragraphs: set[str]) -> None:
    seen: set[int] = set()
    problems = []
    for entry in data["recommendations"]:
        number = entry.get("paragraph")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            problems.append(_("A recommendation has no paragraph number."))
            continue
        if number in seen:
            problems.append(_("Paragraph %(n)s appears twice.") % {"n": number})
        seen.add(number)
        if entry.get("area") not in RecommendationArea.values:
            problems.append(_("Paragraph %(n)s has an unknown area.") % {"n": number})
        missing = _missing_languages(entry.get("title"))
        if missing:
            problems.append(
                _("Paragraph %(n)s has no title in %(languages)s.")
                % {"n": number, "languages": ", ".join(missing)}
            )
        unknown = [p for p in entry.get("work_items", []) if p not in paragraphs]
        if unknown:
            problems.append(
                _("Paragraph %(n)s names items that are not in the programme: %(items)s.")
                % {"n": number, "items": ", ".join(map(str, unknown))}
            )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def load_review_recommendations(
    data: dict[str, Any], *, acting_user: User | None = None
) -> list[ReviewRecommendation]:
    """Create or refresh the recommendations of a comprehensive review from ``data`` (the JSON
    data file) and link each to the items of the programme named in the file that carry it out
    (by paragraph). Idempotent: a second run changes nothing; a recommendation no longer in the
    file stays (the file only adds and corrects). Run by ``load_programme`` after the
    programme."""
    if acting_user is not None:
        require(acting_user, "committee.load_programme")
    review = data["review"]
    programme = ProgrammeOfWork.objects.filter(number=review["programme"]).first()
    if programme is None:
        raise ValidationError(
            _("Load programme of work %(n)s before the recommendations that refer to it.")
            % {"n": review["programme"]}
        )
    items = {item.paragraph: item for item in programme.items.all()}
    _check_recommendations_data(data, set(items))
    existing = {
        r.paragraph: r
        for r in ReviewRecommendation.objects.select_for_update().filter(symbol=review["symbol"])
    }
    loaded = []
    with translation.override(DEFAULT_LANGUAGE):
        for entry in data["recommendations"]:
            wanted = {"area": entry["area"], **_in_every_language("title", entry["title"])}
            recommendation = existing.get(entry["paragraph"])
            if recommendation is None:
                recommendation = ReviewRecommendation(
                    symbol=review["symbol"], paragraph=entry["paragraph"], **wanted
                )
                recommendation.full_clean()
                save_with_history(recommendation, acting_user, reason="Loaded from the data file")
            else:
                changed = [n for n, v in wanted.items() if getattr(recommendation, n) != v]
                for name in changed:
                    setattr(recommendation, name, wanted[name])
                if changed:
                    recommendation.full_clean()
                    save_with_history(
                        recommendation,
                        acting_user,
                        update_fields=[*changed, "title"],
                        reason="Refreshed from the data file",
                    )
            linked = {items[p].pk for p in entry.get("work_items", [])}
            if set(recommendation.work_items.values_list("pk", flat=True)) != linked:
                recommendation.work_items.set(linked)
            loaded.append(recommendation)
    return loaded


# --- Committee members -------------------------------------------------------------------------


@transaction.atomic
def seat_committee_member(
    state: MemberState,
    *,
    acting_user: User,
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
    member: CommitteeMember, *, acting_user: User, on: date | None = None
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


def _wording_columns(language: str) -> tuple[str, str]:
    """The template's columns of the subject and the text in ``language`` (core.choices.Language):
    ``subject_fr``, ``body_zh_hans``..."""
    locale = locale_of(language)
    return build_localized_fieldname("subject", locale), build_localized_fieldname("body", locale)


def wording_in(template: NoteVerbaleTemplate, language: str) -> tuple[str, str]:
    """The template's own subject and text in ``language`` (core.choices.Language), empty where
    it has none (the notes then fall back to the English)."""
    subject, body = _wording_columns(language)
    return getattr(template, subject) or "", getattr(template, body) or ""


def default_note_template() -> NoteVerbaleTemplate:
    """The template used when none is chosen; created with the standard wording, in the six
    languages, the first time it is needed."""
    template = NoteVerbaleTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    wording = {}
    for language in Language.values:
        subject, body = _wording_columns(language)
        wording[subject] = DEFAULT_SUBJECTS[locale_of(language)]
        wording[body] = DEFAULT_BODIES[locale_of(language)]
    # The plain columns hold the English (django-modeltranslation writes them from the language
    # active when the row is saved).
    with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):
        template, created = NoteVerbaleTemplate.objects.get_or_create(
            is_default=True,
            defaults={
                "name": "Reminder: first national report",
                "subject": DEFAULT_SUBJECT,
                "body": DEFAULT_BODY,
                **wording,
            },
        )
    return template


def check_language(language: str, *, field: str = "language") -> str:
    """``language`` if it is one of the six official languages (core.choices.Language: "ar",
    "zh", "en", "fr", "ru", "es"); a ValidationError on ``field`` that names them otherwise."""
    if language not in Language.values:
        raise ValidationError({field: language_refused(language)})
    return language


@transaction.atomic
def update_note_template(
    template: NoteVerbaleTemplate,
    *,
    acting_user: User,
    subject: str,
    body: str,
    language: str = Language.ENGLISH,
) -> NoteVerbaleTemplate:
    """Change the wording of a note verbale template in one of the six languages (secretariat);
    the other languages keep theirs. The text is checked: only the known variables and a few
    text filters may appear."""
    template = NoteVerbaleTemplate.objects.select_for_update().get(pk=template.pk)
    require(acting_user, "committee.edit_reminder_template", template)
    check_language(language)
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
    subject_column, body_column = _wording_columns(language)
    setattr(template, subject_column, subject.strip())
    setattr(template, body_column, body)
    with translation.override(DEFAULT_LANGUAGE):
        save_with_history(
            template,
            acting_user,
            update_fields=[subject_column, body_column, "subject", "body", "updated_at"],
            reason="Wording edited",
        )
    return template


def _chair_on(day: date) -> MemberState | None:
    chair = (
        CommitteeMember.objects.serving_on(day)
        .filter(role=CommitteeRole.CHAIR)
        .select_related("state")
        .first()
    )
    return chair.state if chair else None


@transaction.atomic
def draft_reporting_reminders(
    states: Iterable[MemberState], *, acting_user: User, template: NoteVerbaleTemplate | None = None
) -> list[ReportingReminder]:
    """Draft a note verbale (PDF) for each of ``states``, reminding it that its first report
    is due and that assistance is available (8(b)). Every state must still be without a first
    report; the text is the template rendered for that state and is kept with the PDF. Each note
    is in the state's language of correspondence: the template's wording in that language (the
    English where it has none), the state's formal name and the date as that language writes
    them."""
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
        language = state.correspondence_language
        with translation.override(locale_of(language)):
            name = letter_name(state)
            values = {
                "state": name,
                "iso3": state.iso3,
                "date": date_format(today, "DATE_FORMAT"),
                "reference": reference,
                "chair": chair.name if chair else "",
            }
            text = contract_articles(render_note(template.body, values), [name])
            subject = contract_articles(render_note(template.subject, values), [name])
            pdf = render_pdf(
                "committee/note_verbale_pdf.html",
                {
                    "state": state,
                    "state_name": name,
                    "subject": subject,
                    "text": text,
                    "reference": reference,
                    "date": today,
                },
                names=[name],
            )
        reminder = ReportingReminder(
            state=state,
            template=template,
            reference=reference,
            subject=subject,
            text=text,
            language=language,
            drafted_by=acting_user,
        )
        reminder.document.save(f"{state.iso3}.pdf", ContentFile(pdf), save=False)
        save_with_history(reminder, acting_user, reason="Drafted")
        # Entered in the correspondence register as an outgoing draft: approved and sent there,
        # where it takes the Committee's reference and the date it went.
        correspondence.drafted(
            correspondence.Drafted(
                concerns=reminder,
                subject=subject,
                language=language,
                state=state,
                document=reminder.document,
                paragraph="8(b)",
            ),
            acting_user=acting_user,
        )
        reminders.append(reminder)
    return reminders


# --- Progress that follows the work: the secretariat's word -----------------------------------

REASON_LENGTH = 500


@transaction.atomic
def assess_progress(
    work_item: WorkItem, *, acting_user: User, status: str, reason: str, note: str
) -> ProgressAssessment:
    """Keep the secretariat's note on ``work_item`` and, with ``status``, set the status the
    item shows instead of the one its records give it (committee/work/progress.py), saying
    why; an empty ``status`` returns the item to its records. History keeps every earlier
    word."""
    require(acting_user, "committee.assess_progress", work_item)
    status = (status or "").strip()
    reason = (reason or "").strip()
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if status and status not in WorkItemStatus.values:
        errors["status"] = _("Choose a status from the list, or none to follow the records.")
    if status and not reason:
        errors["reason"] = _("Say why the records do not give the right status.")
    if len(reason) > REASON_LENGTH:
        errors["reason"] = _("Keep the reason to %(n)s characters.") % {"n": REASON_LENGTH}
    if errors:
        raise ValidationError(errors)
    assessment = ProgressAssessment.objects.select_for_update().filter(
        work_item=work_item
    ).first() or ProgressAssessment(work_item=work_item)
    assessment.status = status
    assessment.reason = reason
    assessment.note = note
    assessment.set_by = acting_user
    assessment.set_at = timezone.now()
    save_with_history(assessment, acting_user, reason="Assessed")
    return assessment
