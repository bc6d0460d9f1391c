"""Background jobs of the states app: thin wrappers over services, taking ids."""

from __future__ import annotations

from celery import shared_task
from django.db import IntegrityError

from core.models import User
from states.matrices import conversion, pdfs
from states.matrices import services as matrix_services


@shared_task(
    # Its name from states/tasks.py, where queued messages, QueuedTask rows and
    # settings.CELERY_TASK_ROUTES know it.
    name="states.tasks.generate_matrix_letter",
    acks_late=True,
    # IntegrityError: another letter took the same reference at the same moment (services).
    autoretry_for=(OSError, IntegrityError),
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


@shared_task(
    name="states.tasks.build_matrix_pdf",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def build_matrix_pdf(matrix_id: int, language: str) -> str:
    """Build the PDF of one matrix version in one of the six languages (states/matrices/pdfs.py):
    once, then served as stored. Safe to run twice: a file already built from the version as it
    is now is kept."""
    return pdfs.build_pdf(matrix_id, language).file.name


@shared_task(
    name="states.tasks.convert_all_matrices",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def convert_all_matrices(batch_id: int) -> int:
    """Convert every state's latest matrix to the new format for one conversion job (8(d)).
    Safe to run twice: a finished job is left alone, a converted state is not converted again.
    Returns the number of matrices converted."""
    return conversion.run_conversion_batch(batch_id).converted
