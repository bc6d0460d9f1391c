"""Demo effective practices (8(h)) and national action plans (8(i)) for ``manage.py seed_demo``:
the demo points of contact share a few, the secretariat has published most of them, and one of
each still awaits publication. Written through the services (each has its history), then dated
back to when they came in, none after today. Safe to run again: a state that has shared any is
left as it is."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from core.demo import days_ago, demo_today
from core.models import User
from states.practices import services
from states.practices.choices import PracticeArea
from states.practices.models import EffectivePractice, NationalActionPlan

# (title, area, summary, submitted days before today, published days after it or None)
PRACTICES = [
    (
        "Inter-agency committee on resolution 1540",
        PracticeArea.COORDINATION,
        "A standing committee of the ministries and agencies concerned meets every quarter, "
        "keeps the national matrix up to date and prepares the national reports.",
        620,
        21,
    ),
    (
        "Licensing of dual-use exports with an online single window",
        PracticeArea.BORDER_EXPORT,
        "Exporters apply once, on line; customs, the licensing authority and the intelligence "
        "services see the same file and answer within 30 days.",
        340,
        30,
    ),
    (
        "Outreach to universities on biosecurity",
        PracticeArea.AWARENESS,
        "Yearly seminars for life-science faculties on the risks of misuse of research and on "
        "the national rules for laboratories.",
        45,
        None,
    ),
]
# (title, area, summary, first and last year counted from this year, submitted days before
#  today, published days after it or None)
ACTION_PLANS = [
    (
        "National implementation action plan for resolution 1540",
        PracticeArea.LEGISLATION,
        "Steps to complete the legal framework (penal provisions, control lists) and to train "
        "the agencies that enforce it.",
        (-1, 2),
        280,
        40,
    ),
    (
        "Action plan on border and export controls",
        PracticeArea.BORDER_EXPORT,
        "Detection equipment at the main border posts, training of customs officers and a "
        "catch-all clause in the export control act.",
        (0, 3),
        20,
        None,
    ),
]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def seed_practices(secretariat: User, points_of_contact: list[User]) -> int:
    """The demo practices and plans, shared by the states of ``points_of_contact``; the number
    of them created."""
    today = demo_today()
    created = 0
    for turn, poc in enumerate(points_of_contact):
        state = poc.state
        if state is None or (
            EffectivePractice.objects.filter(state=state).exists()
            or NationalActionPlan.objects.filter(state=state).exists()
        ):
            continue
        for title, area, summary, submitted, published in PRACTICES:
            practice = services.submit_effective_practice(
                state, acting_user=poc, title=title, area=area, summary=summary
            )
            if published is not None:
                services.publish_effective_practice(practice, acting_user=secretariat)
            _date_back(EffectivePractice, practice.pk, submitted + 7 * turn, published)
            created += 1
        for title, area, summary, (first, last), submitted, published in ACTION_PLANS:
            plan = services.submit_action_plan(
                state,
                acting_user=poc,
                title=title,
                area=area,
                summary=summary,
                period_start=today.year + first,
                period_end=today.year + last,
            )
            if published is not None:
                services.publish_action_plan(plan, acting_user=secretariat)
            _date_back(NationalActionPlan, plan.pk, submitted + 7 * turn, published)
            created += 1
    return created


def _date_back(model, pk: int, submitted: int, published: int | None) -> None:
    # Submitted and published on the days of the demo's story, not all at the moment it ran
    # (submitted_at is auto_now_add: an update sets it).
    submitted_at = _at(days_ago(submitted))
    model.objects.filter(pk=pk).update(
        submitted_at=submitted_at,
        published_at=(
            min(submitted_at + timedelta(days=published), timezone.now())
            if published is not None
            else None
        ),
    )
