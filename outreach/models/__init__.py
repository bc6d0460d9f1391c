"""Models of the outreach app: organisations and their contacts, the events calendar, the
website's texts (FAQ, cooperation pages), the roster of former experts and the search index."""

from __future__ import annotations

from outreach.models.contacts import FormerExpert, OrganizationContact
from outreach.models.content import FAQ, CooperationPage
from outreach.models.events import PUBLIC_STATUSES, Event, EventQuerySet
from outreach.models.organizations import Organization, OrganizationQuerySet
from outreach.models.search import SearchEntry
from outreach.visits.models import (
    CountryVisit,
    CourseFollowUp,
    CourseMaterial,
    TrainingCourse,
    TrainingParticipant,
    VisitFollowUp,
)

__all__ = [
    "FAQ",
    "PUBLIC_STATUSES",
    "CooperationPage",
    "CountryVisit",
    "CourseFollowUp",
    "CourseMaterial",
    "Event",
    "EventQuerySet",
    "FormerExpert",
    "Organization",
    "OrganizationContact",
    "OrganizationQuerySet",
    "SearchEntry",
    "TrainingCourse",
    "TrainingParticipant",
    "VisitFollowUp",
]
