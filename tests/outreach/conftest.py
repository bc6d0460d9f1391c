"""Fixtures of the outreach tests: events, questions and pages built through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from outreach import services
from outreach.choices import EventKind, EventRegion, EventStatus
from outreach.models import Organization


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def iaea(db) -> Organization:
    return Organization.objects.create(
        name="International Atomic Energy Agency", acronym="IAEA", kind="international"
    )


@pytest.fixture
def make_event(secretariat):
    def make(title: str = "Regional workshop", *, status: str = EventStatus.CONFIRMED, **fields):
        start = fields.pop("start_date", days(30 if status != EventStatus.HELD else -30))
        fields.setdefault("end_date", start + timedelta(days=2))
        fields.setdefault("kind", EventKind.WORKSHOP)
        fields.setdefault("region", EventRegion.AFRICA)
        return services.create_event(
            acting_user=secretariat, title=title, start_date=start, status=status, **fields
        )

    return make


@pytest.fixture
def make_faq(secretariat):
    def make(question: str = "What is resolution 1540?", answer: str = "A resolution.", **kw):
        kw.setdefault("published", True)
        return services.create_faq(
            acting_user=secretariat, question_en=question, answer_en=answer, **kw
        )

    return make
