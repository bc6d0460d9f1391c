"""Who reads and moves on country visits and training courses (outreach/visits/), each rule
declared once (core/permissions.py).

- A visit's record (invitation, participants, report, follow-up) is read by the secretariat, the
  experts and the point of contact of the host state; anyone else is told it does not exist.
  The public learns only that a visit took place, from the visit's event on the calendar when
  the event is public (outreach.read_event): title, dates, place and note, nothing of the record.
- A training course is read by the secretariat, the experts and the point of contact of each
  state that had a participant; such a point of contact reads only its own state's participants
  (outreach.read_training_participant). The materials and follow-up go with the course.
- The secretariat and the experts create visits and courses and move them along.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.permissions import Actor, RowRule, Where, declare, is_poc, sees_all_states


def _own_state(user: Actor) -> int | None:
    # As states/permissions.py's own_state (outreach does not import states).
    return user.state_id if is_poc(user) else None


def visits_seen_by(user: Actor) -> RowRule:
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(state_id=_own_state(user)),))


def participants_seen_by(user: Actor) -> RowRule:
    if sees_all_states(user):
        return RowRule(everything=True)
    return RowRule(any_of=(Where(state_id=_own_state(user)),))


def courses_seen_by(user: Actor) -> RowRule:
    if sees_all_states(user):
        return RowRule(everything=True)
    state = _own_state(user)
    if state is None:
        return RowRule()
    from outreach.visits.models import TrainingParticipant

    # The courses where the reader's state had someone: one small query per reader.
    courses = set(
        TrainingParticipant.objects.filter(state_id=state).values_list("course_id", flat=True)
    )
    return RowRule(any_of=(Where(pk__in=courses),))


declare("outreach.read_country_visit", rows=visits_seen_by)
declare(
    "outreach.manage_country_visits",
    sees_all_states,
    message=_("Only the secretariat and the experts keep the record of country visits."),
)
declare("outreach.read_training_course", rows=courses_seen_by)
declare("outreach.read_training_participant", rows=participants_seen_by)
declare(
    "outreach.manage_training_courses",
    sees_all_states,
    message=_("Only the secretariat and the experts keep the record of training courses."),
)
