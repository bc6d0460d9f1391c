"""Choices of the committee's own work: the areas of the programme of work, the four working
groups, the status of a work item, the roles on the committee and the state of an annual review
build. Kept apart from ``core.choices`` (the shared base) so that the base never grows a
dependency on the domain."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeArea(models.TextChoices):
    """The headings of the programme of work: A-D are the four areas of paragraph 7, one per
    working group; E is "administration and resources" (paragraph 12)."""

    A = "A", _("A. Monitoring and national implementation")
    B = "B", _("B. Assistance")
    C = "C", _("C. Cooperation with international organizations and other United Nations bodies")
    D = "D", _("D. Transparency and media outreach")
    E = "E", _("E. Administration and resources")


class WorkingGroupNumber(models.IntegerChoices):
    """The four working groups open to all members (programme of work, paragraphs 4 and 7)."""

    MONITORING = 1, _("Working Group 1: monitoring and national implementation")
    ASSISTANCE = 2, _("Working Group 2: assistance")
    COOPERATION = 3, _("Working Group 3: cooperation with international organizations")
    TRANSPARENCY = 4, _("Working Group 4: transparency and media outreach")


class WorkItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    # Most items say "continue to ...": they never finish, they stay on track or not.
    ONGOING = "ongoing", _("Continuing, on track")
    COMPLETED = "completed", pgettext_lazy("work item status", "Completed")


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-Chair")
    MEMBER = "member", _("Member")


class AnnualReviewStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    BUILDING = "building", _("Building")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class WrittenReviewStatus(models.TextChoices):
    """Where the annual review as the Committee writes it stands (8(a)): the secretariat drafts
    its chapters, circulates them to the experts and the members for comment, the Committee
    adopts the text, and it is issued with its symbol."""

    DRAFT = "draft", pgettext_lazy("annual review status", "Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    ADOPTED = "adopted", pgettext_lazy("annual review status", "Adopted")
    ISSUED = "issued", pgettext_lazy("annual review status", "Issued")


class ReviewPdfStatus(models.TextChoices):
    NONE = "", _("Not built")
    QUEUED = "queued", _("Queued")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class RecommendationArea(models.TextChoices):
    """The headings under which the final document of the 2016 comprehensive review groups its
    recommendations (committee/work/data/comprehensive-review-2016-recommendations.json)."""

    IMPLEMENTATION = "implementation", _("Implementation")
    ASSISTANCE = "assistance", _("Assistance")
    COOPERATION = (
        "cooperation",
        _("Cooperation with international, regional and subregional organizations"),
    )
    TRANSPARENCY = "transparency", _("Transparency and outreach")
    ADMINISTRATION = "administration", _("Committee administration and resources")
