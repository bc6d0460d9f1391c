"""Arabic pages read right to left and fit the window (issue 13, "Right to left done right",
done-when point 4): every public page and every page of each signed-in role (China's point of
contact, an expert, the secretariat, a committee member) is opened in Arabic in a laptop's window
(1366 x 768) and a phone's (390 x 844), and none may be wider than the window. A page wider than
its window scrolls sideways, which in Arabic hides the start of every line; the test names each
page and window that does.

The pages come from the site's URL names, filled with the rows this test builds through the
services; the test also fails when the site has a page it does not walk (a URL name neither walked
nor listed among the addresses that are not pages: downloads and form actions).

One browser, one tab: each role's session is a cookie set on the tab, and each page is loaded once
and measured in both windows (the layout follows the window without a reload)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from assistance import project_services
from assistance import services as assistance_services
from assistance.choices import RequestStatus
from assistance.digest import quarter_of
from assistance.models import AssistanceArea
from committee.correspondence.models import Correspondence
from committee.work import assignments as expert_assignments
from committee.work import reviews, written_reviews
from committee.work import services as committee_services
from committee.work.models import WorkItem
from core.models import OutgoingMail
from outreach import services as outreach_services
from outreach.choices import EventStatus
from outreach.models import CooperationPage
from outreach.visits import services as visit_services
from states.choices import ReportStatus
from states.dialogue import services as dialogue_services
from states.legislation import services as legislation_services
from states.matrices import services as matrix_services
from states.matrices import spreadsheet
from states.matrices.choices import CommentKind, ConversionBatchStatus
from states.matrices.models import MatrixConversionBatch, MatrixEntry
from states.matrices.template import load_template
from states.practices import services as practice_services
from states.practices.choices import PracticeArea
from tests import factories
from tests.assistance import builders
from tests.states.conftest import SMALL_TEMPLATE
from tests.workinggroups.fixtures import circulate, in_days
from tests.workinggroups.fixtures import meeting as schedule_meeting
from workinggroups.services import establish_working_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WINDOWS = [(1366, 768), (390, 844)]

# The site's addresses that are not pages to read: files and feeds to download, and form actions
# that answer a POST with a redirect. Every other URL name of the site is walked below.
NOT_PAGES = {
    # the account's actions (a POST answered by a redirect or by the account page again) and the
    # reset link's page, which needs a token from a mail
    "committee:recovery-codes",
    "committee:api-token-create",
    "committee:api-token-revoke",
    "committee:password-reset-confirm",
    # downloads and feeds
    "states:report-document",
    "states:matrix-statistics-csv",
    "states:matrix-open-data",
    "states:matrix-export",
    "states:matrix-letter",
    "states:matrix-comment-document",
    "states:action-plan-document-file",
    "states:legislation-document",
    "states:legislation-export",
    "assistance:request-csv",
    "assistance:offer-csv",
    "assistance:digest-pdf",
    "assistance:request-document",
    "assistance:digest-html",  # the digest's printable document (its PDF's source), not a page
    "workinggroups:document-download",
    "workinggroups:calendar-feed",
    "outreach:events-ics",
    "committee:dashboard-csv",
    "states:state-export",
    "states:report-export",
    "states:contact-export",
    "assistance:request-export",
    "assistance:offer-export",
    "assistance:match-export",
    "outreach:event-export",
    "outreach:organization-export",
    "outreach:contact-export",
    "workinggroups:programme-export",
    "workinggroups:meeting-export",
    "states:state-open-data",
    "states:report-open-data",
    "states:matrix-open-data-list",
    "assistance:request-open-data",
    "assistance:offer-open-data",
    "outreach:event-open-data",
    "outreach:visit-report-download",
    "outreach:course-material-download",
    "committee:annual-review-download",
    "committee:written-review-download",
    "committee:reminder-download",
    "committee:correspondence-document",
    "committee:correspondence-add-document",
    "committee:correspondence-add-link",
    # POST-only actions
    "logout",
    "committee:written-review-circulate",
    "committee:written-review-comment",
    "committee:written-review-answer",
    "states:report-submit",
    "states:dialogue-follow-up-add",
    "states:dialogue-follow-up-done",
    "states:matrix-start",
    "states:matrix-conversion-start",
    "states:matrix-comment-answer",
    "assistance:propose",
    "assistance:match-note",
    "assistance:match-feedback",
    "workinggroups:calendar-replace",
    "workinggroups:document-upload",
    "workinggroups:meeting-outcome",
}


def site_page_names() -> set[str]:
    """The URL names of the website in the six languages (the i18n patterns), with their
    namespace: the API, the admin and the health checks are not pages of the website."""
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                walk(pattern.url_patterns, f"{namespace}{inner}:" if inner else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    for pattern in get_resolver().url_patterns:
        if (
            isinstance(pattern, URLResolver)
            and "LocalePrefixPattern" in type(pattern.pattern).__name__
        ):
            walk(pattern.url_patterns, "")
    return names


def page(name: str, *args, query: str = "") -> tuple[str, str]:
    """(URL name, address in Arabic)."""
    return name, f"/ar{reverse(name, args=args)}{query}"


@pytest.fixture
def committee_at_work(member_states, poc_chn, poc_bra, expert, secretariat, member):
    """A little of everything the committee keeps, built through the services, and the pages
    each reader opens on it: {role: (user or None, [(URL name, Arabic address)])}."""
    AssistanceArea.objects.ensure_taxonomy()  # a live-server test flushed the migration's rows
    chn = factories.state("CHN")

    # National reports: China's published one, its draft, Brazil's submitted one.
    published_report = factories.report(
        "CHN",
        by=poc_chn,
        status=ReportStatus.PUBLISHED,
        publisher=secretariat,
        title="Additional information from China",
    )
    draft_report = factories.report("CHN", by=poc_chn, title="Draft update on export controls")
    submitted_report = factories.report(
        "BRA", by=poc_bra, status=ReportStatus.SUBMITTED, title="Relatório adicional do Brasil"
    )

    # Matrices: Brazil's published, China's with China (commented on), France's draft.
    rows = [
        dict(zip(["code", "section", "weapon_type", "column", "measure", "text"], row, strict=True))
        for row in SMALL_TEMPLATE
    ]
    small = load_template(
        rows, code="test", title="Small test template", in_use_from=date(2016, 1, 1)
    ).template
    brazils = matrix_services.start_draft(factories.state("BRA"), acting_user=expert)
    npt = MatrixEntry.objects.get(matrix=brazils, field__code="OP1-N-NPT")
    matrix_services.update_entry(
        npt, acting_user=expert, revision=npt.revision, mark="X", legal_reference="Lei 1, art. 2"
    )
    brazils = matrix_services.send_matrix(brazils, acting_user=expert)
    brazils = matrix_services.return_comments(brazils, acting_user=poc_bra)
    brazils = matrix_services.approve_matrix(brazils, acting_user=secretariat)
    published_matrix = matrix_services.publish_matrix(brazils, acting_user=secretariat)
    open_matrix = matrix_services.start_draft(chn, acting_user=expert)
    open_matrix = matrix_services.send_matrix(open_matrix, acting_user=expert)
    npt = MatrixEntry.objects.get(matrix=open_matrix, field__code="OP1-N-NPT")
    matrix_services.comment_on_entry(
        open_matrix, npt, acting_user=poc_chn, kind=CommentKind.ACCEPT, text="Confirmed."
    )
    draft_matrix = matrix_services.start_draft(factories.state("FRA"), acting_user=expert)
    # A workbook exported from France's draft and brought back: its preview waits.
    staged_workbook, _changes = spreadsheet.stage_workbook(
        draft_matrix, spreadsheet.matrix_workbook(draft_matrix), acting_user=expert
    )
    # A finished job converting the matrices to the new format (8(d)).
    conversion_batch = MatrixConversionBatch.objects.create(
        to_template=small, requested_by=secretariat, status=ConversionBatchStatus.DONE
    )

    # Effective practices and action plans: one published, one waiting, of each.
    practice = practice_services.submit_effective_practice(
        chn,
        acting_user=poc_chn,
        title="Single licensing window",
        area=PracticeArea.values[0],
        summary="One office for every export licence.",
    )
    published_practice = practice_services.publish_effective_practice(
        practice, acting_user=secretariat
    )
    waiting_practice = practice_services.submit_effective_practice(
        chn,
        acting_user=poc_chn,
        title="Customs training centre",
        area=PracticeArea.values[0],
        summary="A school for customs officers.",
    )
    this_year = timezone.localdate().year
    plan = practice_services.submit_action_plan(
        chn,
        acting_user=poc_chn,
        title="National action plan 2025-2027",
        area=PracticeArea.values[0],
        summary="Steps to implement resolution 1540.",
        period_start=this_year - 1,
        period_end=this_year + 1,
        document=factories.pdf_upload("plan.pdf", "Action plan"),
    )
    published_plan = practice_services.publish_action_plan(plan, acting_user=secretariat)
    waiting_plan = practice_services.submit_action_plan(
        chn,
        acting_user=poc_chn,
        title="Biosecurity plan",
        area=PracticeArea.values[0],
        summary="Laboratory biosecurity.",
        period_start=this_year,
        period_end=this_year + 2,
    )

    # The national legislation register: an act of China.
    act = legislation_services.record_legislation(
        chn,
        acting_user=expert,
        title="Export Control Law",
        year=2020,
        language="zh-hans",
        topics=["brokering", "export_controls"],
        weapon_types=["nuclear"],
        official_url="https://laws.example.org/ecl",
    )

    # The dialogue with China (8(b)), with a follow-up action, and China's profile (8(f)).
    exchange = dialogue_services.record_dialogue(
        chn,
        acting_user=expert,
        held_on=timezone.localdate() - timedelta(days=20),
        kind="video_call",
        committee_participants=[expert],
        discussed="Update of the matrix.",
        agreed="The control list is sent.",
    )
    dialogue_services.add_follow_up(
        exchange, acting_user=expert, text="Send the control list", owner=expert
    )
    dialogue_services.save_state_profile(chn, acting_user=expert, industry="Chemical sector.")

    # Assistance: China's public and private requests, offers, a match, a quarter's digest.
    iaea = builders.organization("IAEA")
    public_request = builders.request(
        "CHN",
        by=poc_chn,
        staff=expert,
        title="Training for customs officers",
        consent=True,
        status=RequestStatus.CIRCULATED,
    )
    private_request = builders.request("CHN", by=poc_chn, title="Radiation detection equipment")
    public_offer = builders.offer(by=expert, provider_organization=iaea, title="IAEA workshop")
    chinas_offer = builders.offer(by=poc_chn, provider_state="CHN", title="Legislative drafting")
    match = assistance_services.propose_match(public_request, public_offer, acting_user=expert)
    year, quarter = quarter_of(timezone.now())
    digest = assistance_services.request_digest_build(year, quarter, acting_user=expert)

    # Working groups, the programme of work, a meeting with a document.
    establish_working_groups()
    committee_services.load_programme_of_work(committee_services.read_programme_file())
    work_item = WorkItem.objects.order_by("pk").first()
    meeting = schedule_meeting(secretariat, starts_at=in_days(7))
    circulate(secretariat, meeting)

    # Outreach: events, a question, a cooperation page, contacts and the roster.
    event = outreach_services.create_event(
        acting_user=secretariat,
        title_en="Workshop on export controls",
        title_ar="حلقة عمل بشأن ضوابط التصدير",
        kind="workshop",
        region="asia_pacific",
        status=EventStatus.CONFIRMED,
        start_date=timezone.localdate() + timedelta(days=30),
        end_date=timezone.localdate() + timedelta(days=31),
        place="Beijing",
    )
    faq = outreach_services.create_faq(
        acting_user=secretariat,
        question_en="Who must report?",
        answer_en="Every Member State.",
        question_ar="من يجب عليه تقديم التقارير؟",
        answer_ar="كل دولة عضو.",
        published=True,
    )
    cooperation = outreach_services.save_cooperation_page(
        acting_user=secretariat,
        slug="1267-committee",
        title_en="The 1267/1989/2253 committee",
        body_en="Joint briefings.\n\nShared visits.",
    )
    cooperation = outreach_services.save_cooperation_page(
        cooperation, acting_user=secretariat, published=True
    )
    assert isinstance(cooperation, CooperationPage)
    # A country visit to China held, and a training course with a Chinese participant.
    visit = visit_services.record_invitation(
        acting_user=expert,
        state=chn,
        invitation_date=timezone.localdate() - timedelta(days=60),
        invitation_reference="CHN/NV/41",
        start_date=timezone.localdate() - timedelta(days=20),
        end_date=timezone.localdate() - timedelta(days=18),
        region="asia_pacific",
    )
    for step in ("accepted", "scheduled", "held"):
        visit_services.move_visit(visit, step, acting_user=expert)
    visit_follow_up = visit_services.add_visit_follow_up(
        visit, acting_user=expert, text="Draft the decree", due_on=timezone.localdate()
    )
    course = visit_services.create_course(
        acting_user=expert,
        title="Regional course for points of contact",
        start_date=timezone.localdate() - timedelta(days=9),
        end_date=timezone.localdate() - timedelta(days=8),
        region="asia_pacific",
    )
    participant = visit_services.add_participant(
        course, acting_user=expert, state=chn, name="Zhang San"
    )
    course_follow_up = visit_services.add_course_follow_up(
        course, acting_user=expert, text="Name a point of contact"
    )
    contact = outreach_services.add_organization_contact(
        iaea, acting_user=secretariat, name="Focal point", email="focal.point@iaea.example.org"
    )
    former_expert = outreach_services.add_former_expert(
        acting_user=secretariat,
        name="Dr Former Expert",
        email="former.expert@example.org",
        expertise="Biological weapons",
        served_from=2010,
        served_until=2015,
    )

    # The experts' assignments (12(f)).
    assignment = expert_assignments.assign_expert(
        acting_user=secretariat, expert=expert, starts_on=timezone.localdate(), states=[chn]
    )
    desk_rows = {
        "faq": faq,
        "cooperation-pages": cooperation,
        "organizations": iaea,
        "contacts": contact,
        "expert-roster": former_expert,
        "events": event,
    }

    # The committee's own work: an annual review, reminders to states without a first report.
    review = reviews.request_annual_review(this_year - 1, acting_user=secretariat)
    reminder = committee_services.draft_reporting_reminders(
        [factories.state("TCD")], acting_user=secretariat
    )[0]
    # The correspondence register: the reminder entered as a draft note (issue 15).
    note = Correspondence.objects.concerning(reminder).get()
    # The annual review as written (8(a)): a circulated draft with a comment, an adopted one.
    written = written_reviews.create_written_review(
        this_year - 1, title="Annual review", language="en", acting_user=secretariat
    )
    chapter = written_reviews.save_chapter(
        written,
        title="Reporting",
        text="The Committee notes progress.\n\n[[figure:first_reports_by_region]]",
        acting_user=secretariat,
    )
    written_reviews.circulate_review(written, acting_user=secretariat)
    written_reviews.comment_on_chapter(chapter, "Say more.", acting_user=expert)
    adopted = written_reviews.create_written_review(
        this_year - 1, title="Annual review", language="fr", acting_user=secretariat
    )
    written_reviews.save_chapter(adopted, title="Reporting", text="Text.", acting_user=secretariat)
    written_reviews.circulate_review(adopted, acting_user=secretariat)
    written_reviews.record_adoption(
        adopted, adopted_on=timezone.localdate(), acting_user=secretariat
    )

    # Assistance projects and trust-fund contributions (12(e)).
    project = project_services.record_project(
        acting_user=secretariat,
        title="Export control workshop for the Caribbean",
        states=[factories.state("JAM"), factories.state("TTO")],
        implementing_state=factories.state("FRA"),
        start_date=date(2025, 5, 1),
        end_date=date(2025, 5, 3),
        budget_amount=85000,
        budget_currency="USD",
        status="completed",
        is_public=True,
    )
    contribution = project_services.record_contribution(
        acting_user=secretariat,
        contributor_state=factories.state("JPN"),
        amount=250000,
        currency="USD",
        date_received=date(2025, 2, 10),
        purpose="Regional workshops",
        project=project,
    )

    public = [
        page("home"),
        page("committee:password-reset"),
        page("committee:password-reset-done"),
        page("committee:password-reset-complete"),
        page("login"),
        page("states:state-list"),
        page("states:state-detail", "CHN"),
        page("states:state-matrix", "BRA"),
        page("states:report-detail", published_report.pk),
        page("states:matrix-list"),
        page("states:matrix-detail", published_matrix.pk),
        page("states:matrix-statistics"),
        page("states:practice-list"),
        page("states:practice-detail", published_practice.pk),
        page("states:action-plan-list"),
        page("states:action-plan-detail", published_plan.pk),
        page("states:legislation-list"),
        page("states:legislation-detail", act.pk),
        page("assistance:request-list"),
        page("assistance:request-detail", public_request.pk),
        page("assistance:offer-list"),
        page("assistance:offer-detail", public_offer.pk),
        page("assistance:project-list"),
        page("assistance:project-detail", project.pk),
        page("workinggroups:programme"),
        page("workinggroups:work-item", work_item.pk),
        page("workinggroups:work-item-paragraph", "8b"),
        page("workinggroups:review-recommendations"),
        page("workinggroups:working-group-list"),
        page("workinggroups:working-group", 1),
        page("outreach:calendar"),
        page("outreach:event-detail", event.pk),
        page("outreach:faq"),
        page("outreach:cooperation"),
        page("outreach:cooperation-page", cooperation.slug),
        page("outreach:search", query="?q=export"),
    ]
    poc = [
        page("committee:role-home"),
        page("committee:account"),
        page("committee:notification-preferences"),
        page("committee:password-change"),
        page("states:my-state"),
        page("states:report-detail", draft_report.pk),
        page("states:report-discard", draft_report.pk),
        page("states:matrix-detail", open_matrix.pk),
        page("states:matrix-comments", open_matrix.pk),
        page("states:matrix-return-comments", open_matrix.pk),
        page("states:matrix-diff", open_matrix.pk),
        page("states:practice-submit"),
        page("states:practice-detail", waiting_practice.pk),
        page("states:practice-withdraw", waiting_practice.pk),
        page("states:action-plan-submit"),
        page("states:action-plan-detail", waiting_plan.pk),
        page("states:action-plan-withdraw", waiting_plan.pk),
        page("states:state-dialogue", "CHN"),
        page("states:dialogue-detail", exchange.pk),
        page("states:state-profile", "CHN"),
        page("outreach:visit-list"),
        page("outreach:visit-detail", visit.pk),
        page("outreach:course-list"),
        page("outreach:course-detail", course.pk),
        page("assistance:request-create"),
        page("assistance:request-detail", private_request.pk),
        page("assistance:request-step", private_request.pk),
        page("assistance:offer-create"),
        page("assistance:offer-detail", chinas_offer.pk),
        page("assistance:offer-withdraw", chinas_offer.pk),
        page("assistance:match-detail", match.pk),
        page("assistance:request-list"),
    ]
    experts = [
        page("committee:role-home"),
        page("states:report-detail", submitted_report.pk),
        page("states:matrix-detail", draft_matrix.pk),
        page("states:matrix-section-edit", draft_matrix.pk, "OP1"),
        page("states:matrix-sources", draft_matrix.pk),
        page("states:matrix-send", draft_matrix.pk),
        page("states:matrix-comments", open_matrix.pk),
        page("states:matrix-letter-produce", open_matrix.pk),
        page("states:matrix-import", draft_matrix.pk),
        page("states:matrix-import-preview", draft_matrix.pk, staged_workbook.pk),
        page("states:matrix-list"),
        page("states:legislation-create"),
        page("states:legislation-edit", act.pk),
        page("states:legislation-delete", act.pk),
        page("states:dialogue-create", "CHN"),
        page("states:dialogue-edit", exchange.pk),
        page("states:dialogue-list"),
        page("states:dialogue-follow-ups"),
        page("states:state-profile-edit", "CHN"),
        page("assistance:request-detail", private_request.pk),
        page("assistance:match-detail", match.pk),
        page("assistance:match-step", match.pk),
        page("assistance:offer-withdraw", public_offer.pk),
        page("assistance:dashboard"),
        page("assistance:digest-list"),
        page("assistance:digest-detail", digest.pk),
        page("workinggroups:meeting-list"),
        page("workinggroups:meeting", meeting.pk),
        page("workinggroups:calendar"),
        page("outreach:contacts"),
        page("outreach:visit-create"),
        page("outreach:visit-participants", visit.pk),
        page("outreach:visit-report", visit.pk),
        page("outreach:visit-follow-up", visit.pk),
        page("outreach:visit-follow-up-done", visit_follow_up.pk),
        page("outreach:visit-step", visit.pk, "follow-up"),
        page("outreach:course-create"),
        page("outreach:course-participant-add", course.pk),
        page("outreach:course-participant-remove", participant.pk),
        page("outreach:course-material-add", course.pk),
        page("outreach:course-follow-up", course.pk),
        page("outreach:course-follow-up-done", course_follow_up.pk),
        page("outreach:course-step", course.pk, "held"),
        page("two-factor-verify"),
    ]
    secretariats = [
        page("committee:role-home"),
        page("states:inbox"),
        page("states:report-create"),
        page("states:report-detail", submitted_report.pk),
        page("states:report-publish", submitted_report.pk),
        page("states:matrix-approve", open_matrix.pk),
        page("states:matrix-publish", published_matrix.pk),
        page("states:matrix-conversions"),
        page("states:matrix-conversion-confirm"),
        page("states:matrix-conversion-detail", conversion_batch.pk),
        page("states:practice-publish", waiting_practice.pk),
        page("states:action-plan-publish", waiting_plan.pk),
        page("assistance:request-list"),
        page("assistance:digest-detail", digest.pk),
        page("assistance:digest-resend-mail", digest.pk),
        page("assistance:digest-restart", digest.pk),
        page("assistance:project-create"),
        page("assistance:project-edit", project.pk),
        page("assistance:contribution-list"),
        page("assistance:contribution-create"),
        page("assistance:contribution-detail", contribution.pk),
        page("assistance:contribution-edit", contribution.pk),
        page("workinggroups:meeting-create"),
        page("workinggroups:meeting", meeting.pk),
        page("workinggroups:meeting-cancel", meeting.pk),
        page("outreach:roster"),
        page("committee:mail"),
        page("committee:mail-resend", OutgoingMail.objects.order_by("pk").first().pk),
        page("committee:audit-changes"),
        page("committee:audit-sign-ins"),
        page("committee:dashboard"),
        page("committee:annual-reviews"),
        page("committee:annual-review", review.pk),
        page("committee:annual-review-restart", review.pk),
        page("committee:written-reviews"),
        page("committee:written-review", written.pk),
        page("committee:written-review-chapter-new", written.pk),
        page("committee:written-review-chapter", chapter.pk),
        page("committee:written-review-adopt", written.pk),
        page("committee:written-review-issue", adopted.pk),
        page("committee:reminders"),
        page("committee:reminder-template"),
        page("committee:expert-workload"),
        page("committee:expert-assignments"),
        page("committee:expert-assignment-create"),
        page("committee:expert-assignment-edit", assignment.pk),
        page("committee:expert-assignment-delete", assignment.pk),
        page("outreach:desk"),
        *[page("outreach:desk-list", kind) for kind in desk_rows],
        *[page("outreach:desk-create", kind) for kind in desk_rows],
        *[page("outreach:desk-edit", kind, row.pk) for kind, row in desk_rows.items()],
        *[page("outreach:desk-delete", kind, row.pk) for kind, row in desk_rows.items()],
        page("committee:work-item-assessment", work_item.pk),
        page("committee:correspondence"),
        page("committee:correspondence-incoming"),
        page("committee:correspondence-draft"),
        page("committee:correspondence-item", note.pk),
        page("committee:correspondence-step", note.pk, "approve"),
        page("two-factor-setup"),
    ]
    members = [
        page("home"),
        page("committee:role-home"),
        page("workinggroups:meeting-list"),
        page("workinggroups:meeting", meeting.pk),
        page("workinggroups:calendar"),
        page("committee:dashboard"),
        page("committee:annual-reviews"),
        page("committee:annual-review", review.pk),
        page("committee:written-review", written.pk),
        page("assistance:digest-list"),
    ]
    return {
        "public": (None, public),
        "point of contact": (poc_chn, poc),
        "expert": (expert, experts),
        "secretariat": (secretariat, secretariats),
        "committee member": (member, members),
    }


def sign_in(tab, user, base_url: str) -> None:
    """The tab's session becomes ``user``'s (no sign-in form: the cookie of a session made on
    the server), or the public reader's."""
    tab.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    tab.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


MEASURE = """() => {
    const root = document.documentElement;
    return {
        dir: root.dir,
        styled: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
    };
}"""


def too_wide_pages(tab, live_server, committee_at_work, *, language: str, windows) -> dict:
    """Each role's pages in ``language`` ("ar", or "en" at the root), measured in ``windows``:
    the problems found, by kind."""
    width, height = WINDOWS[0]
    too_wide, not_shown = [], []
    for role, (user, pages) in committee_at_work.items():
        sign_in(tab, user, live_server.url)
        for name, arabic in pages:
            address = arabic if language == "ar" else arabic.removeprefix("/ar")
            tab.set_viewport_size({"width": width, "height": height})
            try:
                status = tab.goto(address).status
            except PlaywrightError as error:  # an empty error page (a 405) is a failed load
                status = str(error).splitlines()[0]
                tab.goto("about:blank")
            if status != 200:
                not_shown.append(f"{role}: {name} {address} answered {status}")
                continue
            for window_width, window_height in windows:
                tab.set_viewport_size({"width": window_width, "height": window_height})
                measured = tab.evaluate(MEASURE)
                assert measured["dir"] == ("rtl" if language == "ar" else "ltr"), address
                assert measured["styled"] != "rgba(0, 0, 0, 0)", f"{address}: no stylesheet"
                if measured["scrollWidth"] > measured["clientWidth"]:
                    too_wide.append(
                        f"{role}: {name} {address} is {measured['scrollWidth']} px wide in a "
                        f"{window_width} x {window_height} window "
                        f"({measured['clientWidth']} px inside)"
                    )
    return {"pages wider than the window": too_wide, "pages the test could not open": not_shown}


def as_report(problems: dict) -> str:
    return "\n".join(
        f"{title}:\n  " + "\n  ".join(lines) for title, lines in problems.items() if lines
    )


def test_no_arabic_page_is_wider_than_the_window(page, live_server, settings, committee_at_work):
    # The sign-in itself is tested elsewhere: here a staff session needs no second factor.
    settings.TWO_FACTOR_REQUIRED = False
    problems = too_wide_pages(page, live_server, committee_at_work, language="ar", windows=WINDOWS)
    walked = {name for _user, pages in committee_at_work.values() for name, _address in pages}
    problems["pages of the site the test does not open"] = sorted(
        site_page_names() - walked - NOT_PAGES
    )
    problems["pages walked but listed as not pages"] = sorted(NOT_PAGES & walked)
    report = as_report(problems)
    assert not report, report


def test_no_english_page_is_wider_than_a_phone(page, live_server, settings, committee_at_work):
    """The same pages of every role, in English, in a phone's window (issue 17, done-when 1)."""
    settings.TWO_FACTOR_REQUIRED = False
    problems = too_wide_pages(
        page, live_server, committee_at_work, language="en", windows=[WINDOWS[1]]
    )
    report = as_report(problems)
    assert not report, report
