"""Background jobs of the states app: thin wrappers over services, taking ids."""

from __future__ import annotations

from celery import shared_task

from core.models import User
from states.matrices import services as matrix_services


@shared_task(
    # Its name from states/tasks.py, where queued messages, QueuedTask rows and
    # settings.CELERY_TASK_ROUTES know it.
    name="states.tasks.generate_matrix_letter",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def generate_matrix_letter(matrix_id: int, user_id: int, language: str | None = None) -> str:
    """Render the letter of one matrix version (8(d)) for the person who sent or approved it, or
    who asked for it in ``language`` (one of the six; the state's language of correspondence by
    default). Safe to run twice: each run stores a complete new file and points the matrix to
    it."""
    acting_user = User.objects.get(pk=user_id)
    matrix = matrix_services.generate_letter(matrix_id, acting_user=acting_user, language=language)
    return matrix.letter.name
