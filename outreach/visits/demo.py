"""Demo country visits and training courses (``manage.py seed_visits``, run by `make run`):
a visit held with its report and follow-up, a visit to come, and a course held with
participants from four states. Every date is counted from today; nothing is dated after today
but the planned visit's own days. Made through the services, so that history and the events of
the calendar follow as they would in use."""

from __future__ import annotations

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile

from core.choices import Role
from core.demo import days_ago, minimal_pdf
from core.models import User
from outreach.models import Organization
from outreach.visits import services
from outreach.visits.choices import CourseStatus, VisitStatus
from outreach.visits.models import CountryVisit, TrainingCourse


def _state(iso3: str):
    return apps.get_model("states", "MemberState").objects.get(iso3=iso3)


def seed_visits(acting_user: User) -> dict[str, int]:
    """Create the demo visits and course unless some exist already (safe to run again)."""
    if CountryVisit.objects.exists() or TrainingCourse.objects.exists():
        return {"visits": 0, "courses": 0}
    experts = list(User.objects.filter(role=Role.EXPERT, is_active=True).order_by("id")[:2])
    organizations = list(Organization.objects.filter(acronym__in=["IAEA", "OPCW"], active=True))

    held = services.record_invitation(
        acting_user=acting_user,
        state=_state("KAZ"),
        invitation_date=days_ago(150),
        invitation_reference="KAZ/NV/1540/07",
        start_date=days_ago(75),
        end_date=days_ago(73),
        place="Astana",
        region="asia_pacific",
        purpose="Review of the national control list and of the draft national action plan.",
    )
    services.move_visit(held, VisitStatus.ACCEPTED, acting_user=acting_user)
    services.move_visit(held, VisitStatus.SCHEDULED, acting_user=acting_user)
    services.set_visit_participants(
        held,
        acting_user=acting_user,
        experts=experts,
        organizations=organizations,
        officials="Deputy Minister of Foreign Affairs\nHead of the Export Control Department",
    )
    services.move_visit(held, VisitStatus.HELD, acting_user=acting_user)
    report = SimpleUploadedFile(
        "report.pdf", minimal_pdf("Report of the country visit to Kazakhstan"), "application/pdf"
    )
    services.issue_visit_report(held, report, acting_user=acting_user, issued_on=days_ago(40))
    services.add_visit_follow_up(
        held,
        acting_user=acting_user,
        text="Share the updated national control list with the Committee.",
        owner_name="Export Control Department",
        due_on=days_ago(-60),
    )
    action = services.add_visit_follow_up(
        held,
        acting_user=acting_user,
        text="Send the draft national action plan for comments.",
        owner=experts[0] if experts else None,
        due_on=days_ago(10),
    )
    services.complete_visit_follow_up(action, acting_user=acting_user, done_on=days_ago(12))
    services.move_visit(held, VisitStatus.FOLLOW_UP, acting_user=acting_user)

    upcoming = services.record_invitation(
        acting_user=acting_user,
        state=_state("GHA"),
        invitation_date=days_ago(30),
        invitation_reference="GHA/NV/2026/112",
        start_date=days_ago(-43),
        end_date=days_ago(-45),
        place="Accra",
        region="africa",
        purpose="Assistance needs for border and export controls.",
    )
    services.move_visit(upcoming, VisitStatus.ACCEPTED, acting_user=acting_user)
    services.move_visit(upcoming, VisitStatus.SCHEDULED, acting_user=acting_user)

    course = services.create_course(
        acting_user=acting_user,
        title="Regional training course for points of contact of Latin America and the Caribbean",
        start_date=days_ago(100),
        end_date=days_ago(98),
        place="Lima",
        region="americas",
        organizer="UNLIREC",
        summary="Reporting to the Committee, the matrix, and requests for assistance.",
    )
    for iso3, name, function, is_poc in (
        ("PER", "Rosa Quispe", "Ministry of Foreign Affairs", True),
        ("BRA", "João Silva", "Ministry of Foreign Affairs", True),
        ("CHL", "Camila Rojas", "National Customs Service", False),
        ("JAM", "Andre Campbell", "Ministry of Foreign Affairs and Foreign Trade", True),
        ("COL", "Diego Gómez", "Ministry of Defence", False),
    ):
        services.add_participant(
            course,
            acting_user=acting_user,
            state=_state(iso3),
            name=name,
            function=function,
            is_poc=is_poc,
        )
    slides = SimpleUploadedFile(
        "slides.pdf", minimal_pdf("Reporting under resolution 1540"), "application/pdf"
    )
    services.add_material(course, slides, acting_user=acting_user, title="Course slides")
    services.move_course(course, CourseStatus.HELD, acting_user=acting_user)
    services.add_course_follow_up(
        course,
        acting_user=acting_user,
        text="Each participating state names its point of contact in writing.",
        due_on=days_ago(-30),
    )
    return {"visits": 2, "courses": 1}
