"""Every page of every role reads in the reader's language (issue 13, "Every message,
translated"): each page that the public reader, Li Wei (point of contact of China), Eva (expert),
Sam (secretariat) and Mo (committee member) can open is rendered in Arabic, Chinese, French,
Russian and Spanish, and fails when an English UI string is left on it.

The pages come from the URL patterns of the website (PAGES), filled in with the data this module
creates once (``world``): lists, details, forms and confirmation pages. A pattern that is not a
page (a file, a feed, a POST-only action) is listed in NOT_PAGES with the reason; a pattern in
neither list fails the test, so a new page is walked from the day it exists. Each role reads the
pages it opens, the pages it is refused with a reason (403), the page of a missing address
(404), and what follows a form sent with what the site refuses (SENT: form errors, the message
of a refused step); the lock-out page, which no address leads to, is rendered apart.

The known English UI strings are the catalogue's messages that a language translates by
something else, of two words or more or of eight letters or more (single short words and codes
are names more often than UI). They are looked for in the page's visible text (and in the labels
that screen readers and tooltips read: ``aria-label``, ``title``, ``alt``, ``placeholder``), not
in scripts, styles, or the language switcher, which names each language in itself. What this
module wrote in English as data (titles, descriptions, names) is no UI string: a message found
inside a line of that data, as the page shows it, is not counted. A failure names the page, the
language and the message, with the line it shows in."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from assistance import project_services
from assistance import services as assistance_services
from assistance.choices import MatchStatus, RequestStatus
from assistance.digest import last_finished_quarter
from assistance.models import AssistanceRequest
from committee.correspondence.models import Correspondence
from committee.work import assignments as expert_assignments
from committee.work import reviews, written_reviews
from committee.work import services as committee_services
from committee.work.choices import AnnualReviewStatus
from committee.work.models import ReviewRecommendation, WorkItem
from core.choices import Role
from core.models import OutgoingMail
from outreach import services as outreach_services
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.visits import services as visit_services
from states.choices import ReportKind, ReportStatus
from states.dialogue import services as dialogue_services
from states.legislation import services as legislation_services
from states.matrices import services as matrix_services
from states.matrices import spreadsheet
from states.matrices.choices import CommentKind, ConversionBatchStatus
from states.matrices.models import Matrix, MatrixConversionBatch, MatrixEntry
from states.matrices.template import load_template
from states.practices import services as practice_services
from states.practices.choices import PracticeArea
from states.reports import services as report_services
from tests import factories
from tests.assistance import builders
from tests.personas import PERSONAS, make_user
from workinggroups import services as meeting_services
from workinggroups.choices import MeetingKind
from workinggroups.models import WorkingGroup

LANGUAGES = ["ar", "zh-hans", "fr", "ru", "es"]
CATALOGUES = {"ar": "ar", "zh-hans": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}
ROLES = {
    "public": None,
    "poc": "poc_chn",
    "expert": "expert",
    "secretariat": "secretariat",
    "member": "member",
}


# --- the data ------------------------------------------------------------------------------------


@dataclass
class World:
    """What the pages are about, by name: ``world.objects["published_report"]``."""

    users: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    # Every line of text this module wrote as data, in English, longest first: no UI string.
    data: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


SMALL_TEMPLATE = [
    # code, section, weapon type, column, measure, text
    ("OP1-N-NPT", "OP1", "nuclear", "adherence", "NPT", "Treaty on the Non-Proliferation"),
    ("OP1-C-CWC", "OP1", "chemical", "adherence", "CWC", "Chemical Weapons Convention"),
    ("OP2-N-ACQ-LF", "OP2", "nuclear", "framework", "Acquire", "Prohibition to acquire"),
    ("OP2-B-USE-EN", "OP2", "biological", "enforcement", "Use", "Prohibition to use"),
    ("OP3AB-N-ACC-LF", "OP3AB", "nuclear", "framework", "Accounting", "Accounting for materials"),
    ("OP3AB-B-PP-EN", "OP3AB", "biological", "enforcement", "Protection", "Physical protection"),
    ("OP3CD-N-EXP-LF", "OP3CD", "nuclear", "framework", "Export", "Controls on export"),
    ("OP3CD-C-BRK-EN", "OP3CD", "chemical", "enforcement", "Brokering", "Brokering controls"),
]


def _matrix_template():
    rows = [
        dict(zip(["code", "section", "weapon_type", "column", "measure", "text"], row, strict=True))
        for row in SMALL_TEMPLATE
    ]
    return load_template(
        rows, code="render-test", title="Render test template", in_use_from=date(2016, 1, 1)
    ).template


def _entry(matrix: Matrix, code: str) -> MatrixEntry:
    return MatrixEntry.objects.get(matrix=matrix, field__code=code)


def _matrix(iso3: str, steps: int, *, users: dict, poc=None, comment: bool = False) -> Matrix:
    """A matrix of ``iso3`` taken ``steps`` steps on: 0 draft, 1 sent, 2 commented (returned),
    3 approved, 4 published; with a proposal of the state's point of contact if ``comment``."""
    expert, secretariat = users["expert"], users["secretariat"]
    matrix = matrix_services.start_draft(factories.state(iso3), acting_user=expert)
    first = _entry(matrix, "OP1-N-NPT")
    matrix_services.update_entry(
        first,
        acting_user=expert,
        revision=first.revision,
        mark="X",
        legal_reference="Act on nuclear energy, art. 4",
        source="National report, p. 3",
    )
    if steps >= 1:
        matrix = matrix_services.send_matrix(matrix, acting_user=expert)
    if comment:
        matrix_services.comment_on_entry(
            matrix,
            _entry(matrix, "OP1-C-CWC"),
            acting_user=poc,
            kind=CommentKind.PROPOSE,
            text="Ratified in 1997.",
            proposed_mark="X",
            proposed_legal_reference="Chemical weapons act, art. 2",
            proposed_source="Official gazette, 1997",
        )
    if steps >= 2:
        matrix = matrix_services.return_comments(matrix, acting_user=poc)
    if steps >= 3:
        matrix = matrix_services.approve_matrix(matrix, acting_user=secretariat)
    if steps >= 4:
        matrix = matrix_services.publish_matrix(matrix, acting_user=secretariat)
    matrix.refresh_from_db()
    return matrix


def _staged_workbook(matrix: Matrix, user):
    """A workbook exported from ``matrix``, one mark changed, brought back: its changes wait."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.matrix_workbook(matrix)))
    workbook.worksheets[1].cell(2, 4).value = "NA"
    upload = io.BytesIO()
    workbook.save(upload)
    staged, _changes = spreadsheet.stage_workbook(
        matrix, upload.getvalue(), acting_user=user, name="matrix.xlsx"
    )
    return staged


def build_world() -> World:
    world = World()
    users = world.users
    for role, persona in ROLES.items():
        if persona:
            users[role] = make_user(*PERSONAS[persona])
    users["poc_bra"] = make_user(*PERSONAS["poc_bra"])
    users["poc_deu"] = make_user("hans.weber", Role.POC, "DEU")
    poc, expert, secretariat, member = (
        users["poc"],
        users["expert"],
        users["secretariat"],
        users["member"],
    )
    objects = world.objects
    TOTPDevice.objects.create(user=expert, name="Authenticator", confirmed=True)

    # National reports and points of contact (8(a), 8(b)).
    objects["published_report"] = factories.report(
        "CHN",
        by=poc,
        kind=ReportKind.FIRST,
        status=ReportStatus.PUBLISHED,
        publisher=secretariat,
        title="First report of China",
        submitted_on=date(2004, 10, 28),
    )
    objects["submitted_report"] = factories.report(
        "CHN", by=poc, status=ReportStatus.SUBMITTED, title="Additional information, 2024"
    )
    objects["draft_report"] = factories.report("CHN", by=poc, title="Additional information")
    report_services.register_point_of_contact(
        factories.state("CHN"),
        acting_user=secretariat,
        name="Li Wei",
        agency="Ministry of Foreign Affairs",
        email="li.wei@example.org",
        since=date(2020, 1, 1),
    )

    # Matrices (8(d)): China's published first version and its second with the state; Brazil's
    # returned with a proposal; France's draft; Germany's approved.
    _matrix_template()
    objects["published_matrix"] = _matrix("CHN", 4, users=users, poc=poc)
    objects["sent_matrix"] = _matrix("CHN", 1, users=users, poc=poc, comment=True)
    objects["commented_matrix"] = _matrix("BRA", 2, users=users, poc=users["poc_bra"], comment=True)
    objects["draft_matrix"] = _matrix("FRA", 0, users=users)
    objects["staged_workbook"] = _staged_workbook(objects["draft_matrix"], expert)
    objects["approved_matrix"] = _matrix("DEU", 3, users=users, poc=users["poc_deu"])
    # A finished job converting the matrices to the new format (8(d)).
    objects["conversion_batch"] = MatrixConversionBatch.objects.create(
        to_template=objects["draft_matrix"].template,
        requested_by=secretariat,
        status=ConversionBatchStatus.DONE,
    )

    # Effective practices and national action plans.
    year = timezone.localdate().year
    practice = {"area": PracticeArea.BORDER_EXPORT, "summary": "Agencies meet every week."}
    objects["published_practice"] = practice_services.submit_effective_practice(
        factories.state("CHN"), acting_user=poc, title="Inter-agency licensing board", **practice
    )
    practice_services.publish_effective_practice(
        objects["published_practice"], acting_user=secretariat
    )
    objects["submitted_practice"] = practice_services.submit_effective_practice(
        factories.state("CHN"), acting_user=poc, title="Customs risk profiling", **practice
    )
    plan = {
        "area": PracticeArea.LEGISLATION,
        "summary": "Three years of legislative steps.",
        "period_start": year,
        "period_end": year + 2,
    }
    objects["published_plan"] = practice_services.submit_action_plan(
        factories.state("CHN"),
        acting_user=poc,
        title="Plan for the years ahead",
        document=factories.pdf_upload("plan.pdf", "Plan"),
        **plan,
    )
    practice_services.publish_action_plan(objects["published_plan"], acting_user=secretariat)
    objects["submitted_plan"] = practice_services.submit_action_plan(
        factories.state("CHN"), acting_user=poc, title="Plan for the border agencies", **plan
    )

    # The national legislation register, and an act in it.
    objects["act"] = legislation_services.record_legislation(
        factories.state("CHN"),
        acting_user=secretariat,
        title="Export Control Law",
        year=2020,
        language="zh-hans",
        topics=["brokering", "export_controls"],
        weapon_types=["nuclear", "chemical"],
        official_url="https://laws.example.org/ecl",
    )

    # The dialogue with China (8(b)), a follow-up action past its date, China's profile (8(f)).
    objects["dialogue"] = dialogue_services.record_dialogue(
        factories.state("CHN"),
        acting_user=expert,
        held_on=timezone.localdate() - timedelta(days=30),
        kind="general_assembly",
        place="New York",
        committee_participants=[expert, secretariat],
        state_participants="Deputy Permanent Representative",
        discussed="Update of the matrix",
        agreed="The control list is sent",
    )
    dialogue_services.add_follow_up(
        objects["dialogue"],
        acting_user=expert,
        text="Send the control list",
        owner=expert,
        due_on=timezone.localdate() - timedelta(days=5),
    )
    dialogue_services.save_state_profile(
        factories.state("CHN"),
        acting_user=expert,
        industry="Chemical and nuclear sectors",
        export_activity="Dual-use chemicals",
        technical_needs="None stated",
        priorities="Export controls",
    )

    # Assistance (9): requests, offers, a match, a digest.
    iaea = builders.organization("IAEA")
    objects["request"] = builders.request(
        "CHN",
        by=poc,
        staff=expert,
        status=RequestStatus.CIRCULATED,
        consent=True,
        title="Help drafting export control legislation",
    )
    objects["new_request"] = builders.request(
        "CHN", by=poc, title="Training of customs officers", consent=True
    )
    AssistanceRequest.objects.filter(pk=objects["new_request"].pk).update(
        last_activity_at=timezone.now() - timedelta(days=120)
    )
    objects["offer"] = builders.offer(
        by=expert, provider_organization=iaea, title="Legislative assistance programme"
    )
    objects["state_offer"] = builders.offer(
        by=expert, provider_state="FRA", title="Export control workshop for officials"
    )
    objects["match"] = builders.match(
        objects["request"], objects["offer"], by=expert, status=MatchStatus.CONTACTED
    )
    assistance_services.add_follow_up(
        objects["match"], acting_user=expert, note="The provider asked for the draft law."
    )
    digest_year, digest_quarter = last_finished_quarter()
    assistance_services.request_digest_build(digest_year, digest_quarter, acting_user=expert)
    objects["digest"] = assistance_services.build_digest(digest_year, digest_quarter)
    # Assistance projects and trust-fund contributions (12(e)).
    objects["project"] = project_services.record_project(
        acting_user=secretariat,
        title="Export control workshop for the Caribbean",
        states=[builders.state("JAM"), builders.state("TTO")],
        implementing_organization=iaea,
        start_date=date(2025, 5, 1),
        end_date=date(2025, 5, 3),
        budget_amount=85000,
        budget_currency="USD",
        status="completed",
        is_public=True,
    )
    objects["contribution"] = project_services.record_contribution(
        acting_user=secretariat,
        contributor_state=builders.state("JPN"),
        amount=250000,
        currency="USD",
        date_received=date(2025, 2, 10),
        purpose="Regional workshops",
        project=objects["project"],
    )
    OutgoingMail.objects.create(
        subject="Assistance digest",
        body="The digest is attached.",
        from_email="1540@example.org",
        to=["members@example.org"],
        topic=objects["digest"].mail_topic,
        status="failed",
        last_error="Connection refused",
    )

    # The programme of work, the working groups and their meetings (4-7).
    meeting_services.establish_working_groups()
    committee_services.load_programme_of_work(committee_services.read_programme_file())
    objects["work_item"] = WorkItem.objects.get(paragraph="9(h)")
    # Paragraph 6: a recommendation of the comprehensive review carried out by 9(h).
    ReviewRecommendation.objects.create(
        paragraph=1, area="assistance", title="A recommendation on assistance"
    ).work_items.add(objects["work_item"])
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    objects["meeting"] = meeting_services.schedule_meeting(
        acting_user=secretariat,
        kind=MeetingKind.WORKING_GROUP,
        working_group=WorkingGroup.objects.get(number=1),
        title="Working Group 1 on monitoring",
        starts_at=now + timedelta(days=7, hours=1),
        place="Conference Room 7, UN Headquarters",
        agenda="1. Reporting status\n2. Any other business",
    )
    meeting_services.circulate_document(
        objects["meeting"],
        acting_user=secretariat,
        title="Draft programme",
        file=factories.pdf_upload("draft.pdf", "Draft programme"),
    )
    objects["held_meeting"] = meeting_services.schedule_meeting(
        acting_user=secretariat,
        kind=MeetingKind.INFORMAL,
        title="Informal consultations on outreach",
        starts_at=now - timedelta(days=2),
        place="Conference Room 4",
    )
    meeting_services.record_outcome(
        objects["held_meeting"],
        acting_user=expert,
        outcome="The members agreed the draft.",
        feedback="Comments by Friday.",
    )
    meeting_services.record_progress(
        objects["work_item"],
        acting_user=expert,
        status="ongoing",
        progress=40,
        note="Two digests circulated.",
        meeting=objects["held_meeting"],
    )
    meeting_services.calendar_feed_for(member)

    # Outreach (8(c), 10, 11): events, questions, a cooperation page, contacts, the roster.
    today = timezone.localdate()
    objects["event"] = outreach_services.create_event(
        acting_user=secretariat,
        title="Regional workshop in Nairobi",
        start_date=today + timedelta(days=30),
        end_date=today + timedelta(days=32),
        kind=EventKind.WORKSHOP,
        region=EventRegion.AFRICA,
        status=EventStatus.CONFIRMED,
        organizations=[iaea],
    )
    outreach_services.create_event(
        acting_user=secretariat,
        title="Seminar with industry",
        start_date=today - timedelta(days=30),
        end_date=today - timedelta(days=29),
        kind=EventKind.WORKSHOP,
        region=EventRegion.EUROPE,
        status=EventStatus.HELD,
    )
    objects["faq"] = outreach_services.create_faq(
        acting_user=secretariat,
        question_en="What does resolution 1540 ask of a state?",
        answer_en="To adopt and enforce laws.",
        published=True,
    )
    page = outreach_services.save_cooperation_page(
        acting_user=secretariat,
        slug="1373",
        title_en="The 1373 committee",
        body_en="Joint briefings.\n\nShared visits.",
    )
    objects["cooperation_page"] = outreach_services.save_cooperation_page(
        page, acting_user=secretariat, published=True
    )
    objects["organization"] = iaea
    objects["contact"] = outreach_services.add_organization_contact(
        iaea,
        acting_user=secretariat,
        name="Amina Diallo",
        email="amina@example.org",
        position="Liaison officer",
    )
    objects["former_expert"] = outreach_services.add_former_expert(
        acting_user=secretariat,
        name="Dr Pedro Alves",
        email="pedro@example.org",
        expertise="Biosecurity",
        served_from=2010,
        served_until=2014,
    )
    # The experts' assignments (12(f)).
    objects["assignment"] = expert_assignments.assign_expert(
        acting_user=secretariat, expert=expert, starts_on=today, states=[factories.state("CHN")]
    )
    # Country visits (8(e), 10(f)) and training courses (8(c)): outreach/visits/.
    objects["visit"] = visit_services.record_invitation(
        acting_user=expert,
        state=factories.state("CHN"),
        invitation_date=today - timedelta(days=60),
        invitation_reference="CHN/NV/41",
        start_date=today - timedelta(days=20),
        end_date=today - timedelta(days=18),
        region=EventRegion.ASIA_PACIFIC,
    )
    for step in ("accepted", "scheduled", "held"):
        visit_services.move_visit(objects["visit"], step, acting_user=expert)
    visit_services.issue_visit_report(
        objects["visit"],
        factories.pdf_upload("visit.pdf", "Visit report"),
        acting_user=expert,
        issued_on=today,
    )
    objects["visit_follow_up"] = visit_services.add_visit_follow_up(
        objects["visit"], acting_user=expert, text="Draft the decree", due_on=today
    )
    objects["course"] = visit_services.create_course(
        acting_user=expert,
        title="Regional course for points of contact",
        start_date=today - timedelta(days=9),
        end_date=today - timedelta(days=8),
        region=EventRegion.ASIA_PACIFIC,
    )
    objects["participant"] = visit_services.add_participant(
        objects["course"],
        acting_user=expert,
        state=factories.state("CHN"),
        name="Zhang San",
    )
    objects["material"] = visit_services.add_material(
        objects["course"],
        factories.pdf_upload("slides.pdf", "Slides"),
        acting_user=expert,
        title="Slides",
    )
    objects["course_follow_up"] = visit_services.add_course_follow_up(
        objects["course"], acting_user=expert, text="Name a point of contact"
    )

    # The Committee's own work: annual reviews (8(a)), reminders (8(b)), mail.
    ready = reviews.request_annual_review(year - 1, acting_user=secretariat)
    type(ready).objects.filter(pk=ready.pk).update(
        status=AnnualReviewStatus.READY, progress=100, document="reviews/review.pdf"
    )
    objects["review"] = ready
    stalled = reviews.request_annual_review(year - 2, acting_user=secretariat)
    type(stalled).objects.filter(pk=stalled.pk).update(
        status=AnnualReviewStatus.BUILDING,
        progress=40,
        heartbeat_at=timezone.now() - timedelta(minutes=10),
    )
    objects["stalled_review"] = stalled
    # The annual review as written (8(a)): circulated with a comment, adopted, issued.
    written = written_reviews.create_written_review(
        year - 1, title="Review 1540", language="en", acting_user=secretariat
    )
    chapter = written_reviews.save_chapter(
        written,
        title="Reporting",
        text="Text.\n\n[[figure:first_reports_by_region]]",
        acting_user=secretariat,
    )
    written_reviews.circulate_review(written, acting_user=secretariat)
    objects["written_chapter"] = chapter
    objects["written_comment"] = written_reviews.comment_on_chapter(
        chapter, "A comment", acting_user=expert
    )
    objects["written_review"] = written
    adopted = written_reviews.create_written_review(
        year - 1, title="Review 1540", language="fr", acting_user=secretariat
    )
    written_reviews.save_chapter(adopted, title="Reporting", text="Text.", acting_user=secretariat)
    written_reviews.circulate_review(adopted, acting_user=secretariat)
    objects["adopted_review"] = written_reviews.record_adoption(
        adopted, adopted_on=timezone.localdate(), acting_user=secretariat
    )
    issued = written_reviews.create_written_review(
        year - 2, title="Review 1540", language="en", acting_user=secretariat
    )
    written_reviews.save_chapter(issued, title="Reporting", text="Text.", acting_user=secretariat)
    type(issued).objects.filter(pk=issued.pk).update(
        status="issued",
        symbol="S/AC.44/2020/9",
        issued_on=timezone.localdate(),
        adopted_on=timezone.localdate(),
    )
    objects["issued_review"] = issued
    objects["reminders"] = committee_services.draft_reporting_reminders(
        [factories.state("TCD")], acting_user=secretariat
    )
    # The correspondence register: the reminder entered as a draft note (issue 15).
    objects["note"] = Correspondence.objects.concerning(objects["reminders"][0]).get()
    objects["failed_mail"] = OutgoingMail.objects.create(
        subject="Meeting notice",
        body="The meeting takes place on Monday.",
        from_email="1540@example.org",
        to=["delegation@example.org"],
        status="failed",
        last_error="Connection refused",
    )
    return world


def _created_since(before: dict[type[models.Model], int]) -> tuple[str, ...]:
    """The lines of text of every row written since ``before`` (the highest primary key of each
    model), longest first: the data this module wrote. History rows are left out: what the code
    writes there in English (a change's reason) is shown to readers, and must not hide."""
    lines: set[str] = set()
    for model, highest in before.items():
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        if not text_fields:
            continue
        for row in model.objects.filter(pk__gt=highest).values_list(*text_fields):
            for value in row:
                if isinstance(value, str):
                    lines.update(" ".join(line.split()) for line in value.splitlines())
    return tuple(sorted((line for line in lines if len(line) > 2), key=len, reverse=True))


def _data_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if not model.__name__.startswith("Historical")
        and isinstance(model._meta.pk, models.AutoField | models.BigAutoField)
    ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The data of every page, built once for the module in a transaction rolled back at its
    end (each test runs inside it, in a savepoint of its own)."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        translation.override(settings.LANGUAGE_CODE),
        transaction.atomic(),
    ):
        data_models = _data_models()
        before = {model: _highest_pk(model) for model in data_models}
        built = build_world()
        built.data = _created_since(before)
        yield built
        transaction.set_rollback(True)


def _highest_pk(model: type[models.Model]) -> int:
    return model.objects.aggregate(highest=models.Max("pk"))["highest"] or 0


# --- the pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page: its URL name, its arguments (from the world), a query string, and the session
    values it needs. ``label`` tells two visits of one pattern apart. With ``data``, the page
    is what a form sent with that data leads to (followed): a refused form or step, whose
    messages must read in the reader's language too."""

    name: str
    kwargs: Callable[[World], dict] = lambda world: {}
    query: str = ""
    session: Callable[[World, Any], dict] | None = None
    label: str = ""
    raw: str = ""  # a path of no pattern: the page of an address that does not exist
    data: dict | None = None

    def path(self, world: World) -> str:
        if self.raw:
            return self.raw
        # The English path, whatever language the last request left active: the tests put the
        # language's prefix in front.
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse(self.name, kwargs=self.kwargs(world))
        return path + (f"?{self.query}" if self.query else "")

    @property
    def title(self) -> str:
        return self.label or self.name


def pk(name: str) -> Callable[[World], dict]:
    return lambda world: {"pk": world[name].pk}


# The desk's kinds of record and the row of the world each one's forms open.
DESK_ROWS = {
    "faq": "faq",
    "cooperation-pages": "cooperation_page",
    "organizations": "organization",
    "contacts": "contact",
    "expert-roster": "former_expert",
    "events": "event",
}

PAGES = [
    Page("home"),
    Page("login"),
    Page("two-factor-verify"),
    Page("two-factor-setup"),
    Page(
        "two-factor-setup",
        session=lambda world, user: {"two_factor_pairing_allowed": user.pk},
        label="two-factor-setup (paired)",
    ),
    # States, reports (8(a), 8(b)).
    Page("states:state-list"),
    Page("states:state-detail", lambda world: {"iso3": "CHN"}),
    Page("states:report-create"),
    Page("states:inbox"),
    Page("states:report-detail", pk("published_report")),
    Page("states:report-detail", pk("draft_report"), label="report-detail (draft)"),
    Page("states:report-publish", pk("submitted_report")),
    Page("states:report-discard", pk("draft_report")),
    Page("states:my-state"),
    # Matrices (8(d)).
    # A state with a matrix is sent on to it (matrix-detail); one without has this page.
    Page("states:state-matrix", lambda world: {"iso3": "TCD"}, label="state-matrix (none)"),
    Page("states:matrix-list"),
    Page("states:matrix-statistics"),
    Page("states:matrix-detail", pk("published_matrix")),
    Page("states:matrix-detail", pk("sent_matrix"), label="matrix-detail (sent)"),
    Page("states:matrix-detail", pk("commented_matrix"), label="matrix-detail (commented)"),
    Page("states:matrix-detail", pk("draft_matrix"), label="matrix-detail (draft)"),
    Page("states:matrix-detail", pk("approved_matrix"), label="matrix-detail (approved)"),
    Page(
        "states:matrix-section-edit",
        lambda world: {"pk": world["draft_matrix"].pk, "section": "OP1"},
    ),
    Page("states:matrix-sources", pk("draft_matrix")),
    Page("states:matrix-send", pk("draft_matrix")),
    Page("states:matrix-return-comments", pk("sent_matrix")),
    Page("states:matrix-approve", pk("commented_matrix")),
    Page("states:matrix-publish", pk("approved_matrix")),
    Page("states:matrix-comments", pk("sent_matrix")),
    Page("states:matrix-comments", pk("commented_matrix"), label="matrix-comments (returned)"),
    Page("states:matrix-diff", pk("sent_matrix")),
    Page("states:matrix-letter-produce", pk("sent_matrix")),
    Page("states:matrix-import", pk("draft_matrix")),
    Page(
        "states:matrix-import-preview",
        lambda world: {"pk": world["draft_matrix"].pk, "upload": world["staged_workbook"].pk},
    ),
    Page("states:matrix-conversions"),
    Page("states:matrix-conversion-confirm"),
    Page("states:matrix-conversion-detail", pk("conversion_batch")),
    # Effective practices and action plans.
    Page("states:practice-list"),
    Page("states:practice-submit"),
    Page("states:practice-detail", pk("published_practice")),
    Page("states:practice-detail", pk("submitted_practice"), label="practice-detail (submitted)"),
    Page("states:practice-publish", pk("submitted_practice")),
    Page("states:practice-withdraw", pk("submitted_practice")),
    Page("states:action-plan-list"),
    Page("states:action-plan-submit"),
    Page("states:action-plan-detail", pk("published_plan")),
    Page("states:action-plan-detail", pk("submitted_plan"), label="action-plan-detail (submitted)"),
    Page("states:action-plan-publish", pk("submitted_plan")),
    Page("states:action-plan-withdraw", pk("submitted_plan")),
    # The national legislation register.
    Page("states:legislation-list"),
    Page("states:legislation-list", query="covers=brokering", label="legislation-list (covers)"),
    Page("states:legislation-create"),
    Page("states:legislation-detail", pk("act")),
    Page("states:legislation-edit", pk("act")),
    Page("states:legislation-delete", pk("act")),
    # The dialogue with states (8(b)) and the state profiles (8(f)).
    Page("states:state-dialogue", lambda world: {"iso3": "CHN"}),
    Page("states:dialogue-create", lambda world: {"iso3": "CHN"}),
    Page("states:dialogue-list"),
    Page("states:dialogue-follow-ups"),
    Page("states:dialogue-detail", pk("dialogue")),
    Page("states:dialogue-edit", pk("dialogue")),
    Page("states:state-profile", lambda world: {"iso3": "CHN"}),
    Page("states:state-profile-edit", lambda world: {"iso3": "CHN"}),
    # Assistance (9).
    Page("assistance:request-list"),
    Page("assistance:request-create"),
    Page("assistance:request-detail", pk("request")),
    Page("assistance:request-detail", pk("new_request"), label="request-detail (stale)"),
    Page("assistance:request-step", pk("request"), query="to_status=matched"),
    Page(
        "assistance:request-step",
        pk("request"),
        query="to_status=closed",
        label="request-step (closing)",
    ),
    Page("assistance:offer-list"),
    Page("assistance:offer-create"),
    Page("assistance:offer-detail", pk("offer")),
    Page("assistance:offer-withdraw", pk("state_offer")),
    Page("assistance:match-detail", pk("match")),
    Page("assistance:match-step", pk("match"), query="to_status=agreed"),
    Page("assistance:dashboard"),
    Page("assistance:digest-list"),
    Page("assistance:digest-detail", pk("digest")),
    Page("assistance:digest-resend-mail", pk("digest")),
    Page("assistance:digest-restart", pk("digest")),
    Page("assistance:project-list"),
    Page("assistance:project-create"),
    Page(
        "assistance:project-create",
        data={"title": "", "states": ["ZZZ"], "start_date": "2025-05-02", "end_date": "2025-05-01"},
        label="project-create (refused)",
    ),
    Page("assistance:project-detail", pk("project")),
    Page("assistance:project-edit", pk("project")),
    Page("assistance:contribution-list"),
    Page("assistance:contribution-create"),
    Page(
        "assistance:contribution-create",
        data={"contributor_state": "JPN", "amount": "-5", "currency": "XXY"},
        label="contribution-create (refused)",
    ),
    Page("assistance:contribution-detail", pk("contribution")),
    Page("assistance:contribution-edit", pk("contribution")),
    # The programme of work, working groups, meetings (4-7).
    Page("workinggroups:programme"),
    Page("workinggroups:work-item", pk("work_item")),
    Page("workinggroups:work-item-paragraph", lambda world: {"paragraph": "9h"}),
    Page("workinggroups:review-recommendations"),
    Page("committee:work-item-assessment", pk("work_item")),
    Page("workinggroups:working-group-list"),
    Page("workinggroups:working-group", lambda world: {"number": 1}),
    Page("workinggroups:meeting-list"),
    Page("workinggroups:meeting-create"),
    Page("workinggroups:meeting", pk("meeting")),
    Page("workinggroups:meeting", pk("held_meeting"), label="meeting (held)"),
    Page("workinggroups:meeting-cancel", pk("meeting")),
    Page("workinggroups:calendar"),
    Page("workinggroups:calendar-replace"),
    # Outreach (8(c), 10, 11).
    Page("outreach:calendar"),
    Page("outreach:event-detail", pk("event")),
    Page("outreach:faq"),
    Page("outreach:cooperation"),
    Page("outreach:cooperation-page", lambda world: {"slug": world["cooperation_page"].slug}),
    Page("outreach:contacts"),
    Page("outreach:roster"),
    # The secretariat's pages that edit the outreach content (outreach/desk.py).
    Page("outreach:desk"),
    *[
        Page(
            name,
            lambda world, kind=kind, row=row: {"kind": kind, "pk": world[row].pk},
            label=f"{name} ({kind})",
        )
        for kind, row in DESK_ROWS.items()
        for name in ("outreach:desk-edit", "outreach:desk-delete")
    ],
    *[
        Page(name, lambda world, kind=kind: {"kind": kind}, label=f"{name} ({kind})")
        for kind in DESK_ROWS
        for name in ("outreach:desk-list", "outreach:desk-create")
    ],
    Page("outreach:search", query="q=workshop"),
    Page("outreach:search", label="search (empty)"),
    # Country visits and training courses (8(c), 8(e), 10(f)).
    Page("outreach:visit-list"),
    Page("outreach:visit-create"),
    Page("outreach:visit-detail", pk("visit")),
    Page("outreach:visit-participants", pk("visit")),
    Page("outreach:visit-report", pk("visit")),
    Page("outreach:visit-follow-up", pk("visit")),
    Page("outreach:visit-follow-up-done", pk("visit_follow_up")),
    Page("outreach:visit-step", lambda world: {"pk": world["visit"].pk, "step": "follow-up"}),
    Page("outreach:course-list"),
    Page("outreach:course-create"),
    Page("outreach:course-detail", pk("course")),
    Page("outreach:course-participant-add", pk("course")),
    Page("outreach:course-participant-remove", pk("participant")),
    Page("outreach:course-material-add", pk("course")),
    Page("outreach:course-follow-up", pk("course")),
    Page("outreach:course-follow-up-done", pk("course_follow_up")),
    Page("outreach:course-step", lambda world: {"pk": world["course"].pk, "step": "held"}),
    # The Committee's work and the base's pages.
    Page("committee:role-home"),
    Page("committee:dashboard"),
    Page("committee:annual-reviews"),
    Page("committee:annual-review", pk("review")),
    Page("committee:annual-review", pk("stalled_review"), label="annual-review (stalled)"),
    Page("committee:annual-review-restart", pk("stalled_review")),
    Page("committee:written-reviews"),
    Page("committee:written-review", pk("written_review")),
    Page("committee:written-review", pk("issued_review"), label="written-review (issued)"),
    Page("committee:written-review-chapter-new", pk("written_review")),
    Page("committee:written-review-chapter", pk("written_chapter")),
    Page("committee:written-review-adopt", pk("written_review")),
    Page("committee:written-review-issue", pk("adopted_review")),
    Page("committee:reminders"),
    Page("committee:expert-workload"),
    Page("committee:expert-assignments"),
    Page("committee:expert-assignment-create"),
    Page("committee:expert-assignment-edit", pk("assignment")),
    Page("committee:expert-assignment-delete", pk("assignment")),
    Page("committee:reminder-template"),
    Page("committee:correspondence"),
    Page("committee:correspondence", query="status=draft", label="correspondence (filtered)"),
    Page("committee:correspondence-incoming"),
    Page("committee:correspondence-draft"),
    Page("committee:correspondence-item", pk("note")),
    Page(
        "committee:correspondence-step",
        lambda world: {"pk": world["note"].pk, "step": "send"},
    ),
    Page("committee:mail"),
    Page("committee:mail-resend", pk("failed_mail")),
    Page("committee:audit-changes"),
    Page("committee:audit-sign-ins"),
    # A person's own account, and the password reset by mail (issue 17).
    Page("committee:account"),
    Page("committee:notification-preferences"),
    Page("committee:password-change"),
    Page("committee:password-reset"),
    Page("committee:password-reset-done"),
    Page(
        "committee:password-reset-confirm",
        lambda world: {"uidb64": "MA", "token": "set-password"},
        label="password-reset-confirm (invalid link)",
    ),
    Page("committee:password-reset-complete"),
]

# Forms sent with what the site refuses, and steps it refuses: nothing is written, and the page
# that follows says why (form errors, or the message of the refusal).
SENT = [
    Page("outreach:visit-create", data={}, label="visit-create (refused)"),
    Page(
        "outreach:course-participant-add",
        pk("course"),
        data={"state": "0", "name": ""},
        label="course-participant-add (refused)",
    ),
    Page(
        "outreach:desk-create",
        lambda world: {"kind": "organizations"},
        data={"name_fr": "Bureau", "acronym": "IAEA", "kind": "x", "website": "no"},
        label="desk-create (refused)",
    ),
    Page(
        "outreach:desk-delete",
        lambda world: {"kind": "faq", "pk": world["faq"].pk},
        data={},
        label="desk-delete (refused: published)",
    ),
    Page(
        "committee:expert-assignment-create",
        data={"starts_on": "2026-05-10", "ends_on": "2026-05-01"},
        label="expert-assignment-create (refused)",
    ),
    Page("login", data={"username": "li.wei", "password": "wrong"}, label="login (refused)"),
    Page("two-factor-verify", data={"code": "000000"}, label="two-factor-verify (refused)"),
    Page("states:report-create", data={}, label="report-create (refused)"),
    Page("states:my-state", data={}, label="my-state (refused)"),
    Page("states:report-submit", pk("published_report"), data={}, label="report-submit (refused)"),
    Page(
        "states:report-publish", pk("published_report"), data={}, label="report-publish (refused)"
    ),
    Page(
        "states:report-publish",
        pk("submitted_report"),
        data={"symbol": "S/AC.44/1540/99"},
        label="report-publish (symbol refused)",
    ),
    Page("states:matrix-send", pk("sent_matrix"), data={}, label="matrix-send (refused)"),
    Page("states:matrix-approve", pk("draft_matrix"), data={}, label="matrix-approve (refused)"),
    Page("states:matrix-import", pk("draft_matrix"), data={}, label="matrix-import (refused)"),
    Page("states:practice-submit", data={}, label="practice-submit (refused)"),
    Page("states:action-plan-submit", data={}, label="action-plan-submit (refused)"),
    Page("states:legislation-create", data={}, label="legislation-create (refused)"),
    Page(
        "states:dialogue-create",
        lambda world: {"iso3": "CHN"},
        data={"held_on": "2999-01-01", "kind": "call"},
        label="dialogue-create (refused)",
    ),
    Page(
        "states:dialogue-follow-up-add",
        pk("dialogue"),
        data={"due_on": "soon"},
        label="dialogue-follow-up-add (refused)",
    ),
    Page("assistance:request-create", data={}, label="request-create (refused)"),
    Page("assistance:offer-create", data={}, label="offer-create (refused)"),
    Page(
        "assistance:request-step",
        pk("request"),
        data={"to_status": "received"},
        label="request-step (refused)",
    ),
    Page("assistance:match-step", pk("match"), data={}, label="match-step (refused)"),
    Page("assistance:digest-list", data={"year": 1990, "quarter": 1}, label="digest (refused)"),
    Page("workinggroups:meeting-create", data={}, label="meeting-create (refused)"),
    Page("workinggroups:meeting-cancel", pk("meeting"), data={}, label="meeting-cancel (refused)"),
    Page("committee:annual-reviews", data={"year": 1990}, label="annual-review (refused)"),
    Page("committee:written-reviews", data={"year": 1990}, label="written-reviews (refused)"),
    Page(
        "committee:written-review-chapter-new",
        pk("written_review"),
        data={"title": "", "text": "[[figure:nothing]]"},
        label="written-review-chapter-new (refused)",
    ),
    Page(
        "committee:written-review-adopt",
        pk("written_review"),
        data={"adopted_on": "2999-01-01"},
        label="written-review-adopt (refused)",
    ),
    Page(
        "committee:written-review-comment",
        pk("written_chapter"),
        data={"text": ""},
        label="written-review-comment (refused)",
    ),
    Page("committee:reminders", data={}, label="reminders (refused)"),
    Page(
        "committee:work-item-assessment",
        pk("work_item"),
        data={"status": "completed"},
        label="work-item-assessment (refused)",
    ),
    Page(
        "committee:correspondence-incoming",
        data={},
        label="correspondence-incoming (refused)",
    ),
    Page(
        "committee:password-change",
        data={"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
        label="password-change (refused)",
    ),
    Page("committee:api-token-create", data={"days": 0}, label="api-token-create (refused)"),
    Page(
        "committee:notification-preferences",
        data={"states.matrix_sent": "sometimes"},
        label="notification-preferences (refused)",
    ),
]

# What a reader reads when the address leads nowhere (the site's 404 page).
MISSING = Page("", raw="/no-such-page/", label="page not found")

# The patterns of the website that are no page to read: files, feeds, and actions that only
# take a POST (what they say after it is a message on the page they lead to).
NOT_PAGES = {
    "logout": "POST only",
    "states:report-document": "the report's file",
    "states:report-submit": "POST only",
    "states:matrix-start": "POST only",
    "states:matrix-conversion-start": "POST only",
    "states:matrix-comment-answer": "POST only",
    "states:matrix-export": "a CSV or PDF file",
    "states:matrix-letter": "a PDF file",
    "states:matrix-comment-document": "the document a state attached to a comment",
    "states:matrix-statistics-csv": "a CSV file",
    "states:matrix-open-data": "a CSV file",
    "states:action-plan-document-file": "the plan's file",
    "states:legislation-document": "the act's file",
    "states:legislation-export": "a CSV or XLSX file of the list",
    "states:dialogue-follow-up-add": "POST only",
    "states:dialogue-follow-up-done": "POST only",
    "assistance:request-csv": "a CSV file",
    "assistance:offer-csv": "a CSV file",
    "assistance:propose": "POST only",
    "assistance:match-note": "POST only",
    "assistance:match-feedback": "POST only",
    "assistance:digest-pdf": "the digest itself, a document in the language it was built in",
    "assistance:request-document": "the note verbale or template as received, a download",
    "assistance:digest-html": "the digest itself, a document in the language it was built in",
    "workinggroups:document-upload": "POST only",
    "workinggroups:meeting-outcome": "POST only",
    "workinggroups:document-download": "the document's file",
    "workinggroups:calendar-feed": "an iCalendar feed",
    "outreach:events-ics": "an iCalendar feed",
    "committee:dashboard-csv": "a CSV file",
    "states:state-export": "a CSV or XLSX file of the list",
    "states:report-export": "a CSV or XLSX file of the list",
    "states:contact-export": "a CSV or XLSX file of the list",
    "assistance:request-export": "a CSV or XLSX file of the list",
    "assistance:offer-export": "a CSV or XLSX file of the list",
    "assistance:match-export": "a CSV or XLSX file of the list",
    "outreach:event-export": "a CSV or XLSX file of the list",
    "outreach:visit-report-download": "the visit's report (a PDF file)",
    "outreach:course-material-download": "a course document's file",
    "outreach:organization-export": "a CSV or XLSX file of the list",
    "outreach:contact-export": "a CSV or XLSX file of the list",
    "workinggroups:programme-export": "a CSV or XLSX file of the list",
    "workinggroups:meeting-export": "a CSV or XLSX file of the list",
    "states:state-open-data": "an open-data file (CSV or JSON)",
    "states:report-open-data": "an open-data file (CSV or JSON)",
    "states:matrix-open-data-list": "an open-data file (CSV or JSON)",
    "assistance:request-open-data": "an open-data file (CSV or JSON)",
    "assistance:offer-open-data": "an open-data file (CSV or JSON)",
    "outreach:event-open-data": "an open-data file (CSV or JSON)",
    "committee:annual-review-download": "the review itself, a PDF document",
    "committee:written-review-download": "the review itself, a PDF document",
    "committee:written-review-circulate": "a step posted from the review's page (POST only)",
    "committee:written-review-comment": "posted from the review's page (POST only; refused: SENT)",
    "committee:written-review-answer": "posted from the review's page (POST only)",
    "committee:reminder-download": "the note verbale itself, a PDF document",
    "committee:correspondence-document": "the note's file",
    "committee:correspondence-add-document": "POST only",
    "committee:correspondence-add-link": "POST only",
    "committee:api-token-create": "POST only",
    "committee:api-token-revoke": "POST only",
    "committee:recovery-codes": "POST only",
}


def website_patterns() -> set[str]:
    """The names of the website's URL patterns (those under the language prefixes)."""
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and "LocalePrefixPattern" in type(top.pattern).__name__:
            walk(top.url_patterns, "")
    return names


# --- the English left on a page ------------------------------------------------------------------

BLOCK_BREAK = "\n"
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "kbd", "mark", "q", "s", "small",
    "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
SKIPPED = {"script", "style", "template"}
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


class VisibleText(HTMLParser):
    """The text a reader sees or hears: the page's text and <title>, and the labels read out
    (READ_ATTRIBUTES, the value of a button-like input); not scripts and styles, nor the
    language switcher (``nav.languages``). Blocks are kept apart by line breaks, so that a
    message is never found across two of them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the open elements of a skipped subtree

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag not in VOID:
                self.skipping.append(tag)
            return
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag in SKIPPED or (tag == "nav" and "languages" in classes):
            self.skipping.append(tag)
            return
        if tag not in INLINE:
            self.parts.append(BLOCK_BREAK)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.parts.extend([BLOCK_BREAK, values[name], BLOCK_BREAK])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.extend([BLOCK_BREAK, values["value"], BLOCK_BREAK])

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        if tag not in INLINE:
            self.parts.append(BLOCK_BREAK)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        lines = "".join(self.parts).split(BLOCK_BREAK)
        return BLOCK_BREAK.join(line for line in (" ".join(raw.split()) for raw in lines) if line)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def visible_text(page: str) -> str:
    parser = VisibleText()
    parser.feed(page)
    parser.close()
    return parser.text()


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|%%")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Known:
    """An English UI string to look for: the message, and how it shows on a page."""

    msgid: str
    pattern: re.Pattern
    longest: str  # the longest fixed part: looked for first, cheaply

    def shown_in(self, text: str, data: tuple[str, ...]) -> re.Match | None:
        """Where it shows in ``text`` other than inside data (a line of ``data`` there)."""
        if self.longest not in text:
            return None
        values = [value for value in data if self.longest in value]
        for match in self.pattern.finditer(text):
            if not any(_around(text, match, value) for value in values):
                return match
        return None


def _around(text: str, match: re.Match, value: str) -> bool:
    """Whether ``match`` is part of ``value`` shown in ``text``: the value's text before the
    match is there before it (the rest may be cut short on the page, "…")."""
    found = match.group()
    start = value.find(found)
    while start >= 0:
        before = value[:start]
        if text[max(0, match.start() - len(before)) : match.start()] == before:
            return True
        start = value.find(found, start + 1)
    return False


def _line(text: str, match: re.Match) -> str:
    """The line of ``text`` where ``match`` is, shortened: what a failure quotes."""
    start = text.rfind(BLOCK_BREAK, 0, match.start()) + 1
    end = text.find(BLOCK_BREAK, match.end())
    line = text[start : end if end >= 0 else len(text)]
    return line if len(line) <= 100 else line[:97] + "..."


def _known(msgid: str) -> Known | None:
    shown = " ".join(html.unescape(TAG.sub("", msgid)).split())
    parts = [part.strip() for part in PLACEHOLDER.split(shown)]
    words = " ".join(part for part in parts if part).split()
    if not words or (len(words) < 2 and len(words[0]) < 8):
        return None  # a name or a code more often than UI
    pieces = PLACEHOLDER.split(shown)
    body = r".{1,120}?".join(re.escape(piece) for piece in pieces)
    first = re.escape(pieces[0][:1])
    if pieces[0][:1].isalpha():  # a label may show capitalised (Django's capfirst)
        first = f"[{re.escape(pieces[0][0])}{re.escape(pieces[0][0].upper())}]"
        body = first + body[len(re.escape(pieces[0][:1])) :]
    # A whole word or phrase: not part of a longer word, even one cut short ("paragraph…" is
    # French "paragraphe" truncated), nor a variable shown as code ("{{ reference }}").
    pattern = re.compile(rf"(?<![\w…])(?<!{{{{ ){body}(?![\w…])(?! }}}})")
    longest = max(pieces, key=len).strip()
    if pieces[0][:1].isalpha() and longest == pieces[0].strip():
        longest = longest[1:]  # either case of the first letter
    return Known(msgid, pattern, longest)


@cache
def known_english(code: str) -> list[Known]:
    """The English UI strings that ``code``'s catalogue translates by something else."""
    path = Path(settings.BASE_DIR) / "locale" / CATALOGUES[code] / "LC_MESSAGES" / "django.po"
    found: dict[str, Known] = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        pairs = (
            [
                (entry.msgid, entry.msgstr_plural.get(0, "")),
                (entry.msgid_plural, entry.msgstr_plural.get(len(entry.msgstr_plural) - 1, "")),
            ]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for msgid, msgstr in pairs:
            if not msgstr or msgstr == msgid or msgid in found:
                continue
            known = _known(msgid)
            if known is not None:
                found[msgid] = known
    return list(found.values())


def english_left(text: str, code: str, data: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The known English UI strings on a page's visible text, other than inside the lines of
    ``data`` shown there, each with the line it shows in."""
    left = []
    for known in known_english(code):
        match = known.shown_in(text, data)
        if match is not None:
            left.append((known.msgid, _line(text, match)))
    return left


# --- the tests -----------------------------------------------------------------------------------

# The pages of each role, found once: (page, status), the status being 200 for a page the role
# opens (400 for a form sent back with its errors) and 403 for one it is refused with a reason
# (which must read in its language too).
WALKED: dict[str, list[tuple[Page, int]]] = {}


def sign_in(client, world: World, role: str) -> Any:
    user = world.users.get(role)
    if user is not None:
        client.force_login(user)
    return user


def pages_of(client, world: World, role: str) -> list[tuple[Page, int]]:
    """The pages ``role`` reads, in English: those that open (200, or 400 for a form sent back),
    those it is refused with a reason (403), and the page of a missing address (404); each with
    its status. A form sent by the public reader that leads to the sign-in page is not read."""
    if role not in WALKED:
        user = sign_in(client, world, role)
        walked = []
        for page in [*PAGES, *SENT, MISSING]:
            response = _get(client, world, page, user, "")
            assert response.status_code < 500, f"{page.title} fails for {role}"
            chain = getattr(response, "redirect_chain", [])
            sent_to_sign_in = any("/login/" in url for url, _ in chain)
            read = (response.status_code in (200, 400, 403) and not sent_to_sign_in) or (
                response.status_code == 404 and page is MISSING
            )
            if read and "text/html" in response["Content-Type"]:
                walked.append((page, response.status_code))
        WALKED[role] = walked
    return WALKED[role]


def opened_by(client, world: World, role: str) -> list[Page]:
    return [page for page, status in pages_of(client, world, role) if status in (200, 400)]


SESSION_KEYS = {"two_factor_pairing_allowed"}  # what a Page's ``session`` may set


def _get(client, world: World, page: Page, user, prefix: str):
    if user is not None:
        session = client.session
        for key in SESSION_KEYS:
            session.pop(key, None)
        if page.session is not None:
            session.update(page.session(world, user))
        session.save()
    if page.data is not None:
        return client.post(prefix + page.path(world), page.data, follow=True)
    return client.get(prefix + page.path(world))


def test_every_pattern_of_the_website_is_a_page_walked_or_said_why_not():
    walked = {page.name for page in PAGES if page.name}
    assert not walked & set(NOT_PAGES)
    assert website_patterns() - walked - set(NOT_PAGES) == set()
    assert walked | set(NOT_PAGES) <= website_patterns()


def test_every_page_opens_for_some_role(client, db, world):
    closed = {page.title for page in [*PAGES, *SENT]}
    for role in ROLES:
        client.logout()
        closed -= {page.title for page in opened_by(client, world, role)}
    assert not closed, f"no role opens: {sorted(closed)}"


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_english_ui_string_is_left_on_a_page(client, db, world, role, code):
    pages = pages_of(client, world, role)
    user = sign_in(client, world, role)
    left = []
    for page, status in pages:
        response = _get(client, world, page, user, f"/{code}")
        assert response.status_code == status, f"{page.title} in {code}: {response.status_code}"
        text = visible_text(response.content.decode())
        title = page.title if status in (200, 400) else f"{page.title}, refused ({status})"
        left.extend(
            f"{title} ({page.path(world)}): {msgid!r} in “{line}”"
            for msgid, line in english_left(text, code, world.data)
        )
    assert not left, f"{len(left)} English strings left for {role} in {code}:\n" + "\n".join(left)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_lock_out_page_reads_in_each_language(rf, db, code):
    """django-axes renders it in place of the sign-in page: no address leads to it."""
    request = rf.get(f"/{code}/login/")
    request.user = AnonymousUser()
    with translation.override(code):
        page = render_to_string(
            settings.AXES_LOCKOUT_TEMPLATE,
            {"cooloff_timedelta": settings.AXES_COOLOFF_TIME},
            request=request,
        )
    assert not english_left(visible_text(page), code)
