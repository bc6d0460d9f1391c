"""Choices of the outreach app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    """The three levels of organisation the programme of work cooperates with (10(b))."""

    INTERNATIONAL = "international", _("International")
    REGIONAL = "regional", _("Regional")
    SUBREGIONAL = "subregional", _("Subregional")


class EventKind(models.TextChoices):
    """The outreach activities of the programme of work: workshops and conferences (11(a)),
    country visits at a state's invitation (8(e)), regional training courses for points of
    contact (8(c)), outreach to industry, academia, civil society and parliamentarians
    (11(c)-(f)), assistance conferences (9(f)) and joint visits with other organisations (10(c))."""

    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    COUNTRY_VISIT = "country_visit", _("Country visit on invitation")
    POC_TRAINING = "poc_training", _("Regional training course for points of contact")
    INDUSTRY = "industry", _("Industry outreach")
    ACADEMIA = "academia", _("Academia outreach")
    CIVIL_SOCIETY = "civil_society", _("Civil society outreach")
    PARLIAMENTARIANS = "parliamentarians", _("Parliamentarian outreach")
    ASSISTANCE_CONFERENCE = "assistance_conference", _("Assistance conference")
    JOINT_VISIT = "joint_visit", _("Joint visit with other organisations")
    EXPERT_MEETING = "expert_meeting", _("Closed expert meeting")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class EventRegion(models.TextChoices):
    """Where an event takes place, as the committee's calendar groups them."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")
    MIDDLE_EAST = "middle_east", _("Middle East")
    GLOBAL = "global", _("Global")


class SearchKind(models.TextChoices):
    """What a search result is."""

    REPORT = "report", _("National report")
    FAQ = "faq", _("Frequently asked question")
    EVENT = "event", _("Event")
    PRACTICE = "practice", _("Effective practice")
    ACTION_PLAN = "action_plan", _("National action plan")
    COOPERATION = "cooperation", _("Cooperation page")
    MATRIX = "matrix", _("Matrix")
    STATE = "state", _("Member state")
    ASSISTANCE_REQUEST = "assistance_request", _("Assistance request")
    ASSISTANCE_OFFER = "assistance_offer", _("Assistance offer")
