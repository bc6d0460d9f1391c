"""What the states app tells people by mail (core/notifications.py): a state's points of contact
when a matrix is sent to them for review and when their report is published; the secretariat
when a point of contact submits a report; the secretariat and the experts when a point of contact
comments on a matrix. Imported by the app's ``ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.notifications import declare_kind, experts_for, notify, points_of_contact, secretariat
from states.choices import ReportKind, ReportStatus
from states.matrices.choices import CommentKind

# 8(d): the matrix goes to the state for review with the Committee's letter. The state is
# asked to act, through formal correspondence: its points of contact cannot turn this off.
declare_kind(
    "states.matrix_sent",
    label=_("A matrix is sent to your state for review"),
    subject=_("%(state)s: the 1540 matrix is sent to you for review"),
    body=_(
        "The 1540 Committee has sent the matrix of %(state)s (version %(version)s) to you for "
        "review. Please check each entry, accept it or propose a change with its source, and "
        "return your comments to the Committee's experts. The Committee's letter is on the "
        "matrix's page."
    ),
    link_text=_("Review the matrix"),
    audience={Role.POC},
    mandatory=True,
)
declare_kind(
    "states.matrix_commented",
    label=_("A point of contact comments on a matrix"),
    subject=_("%(state)s: a comment on the matrix"),
    body=_(
        "%(author)s, point of contact of %(state)s, commented on the entry %(entry)s of the "
        "matrix (version %(version)s): %(comment)s"
    ),
    link_text=_("Read the comments"),
    audience={Role.SECRETARIAT, Role.EXPERT},
)
declare_kind(
    "states.report_submitted",
    label=_("A national report is submitted"),
    subject=_("%(state)s: a national report is submitted"),
    body=_(
        "%(state)s has submitted a national report (%(kind)s, dated %(date)s). It awaits "
        "publication."
    ),
    link_text=_("Open the report"),
    audience={Role.SECRETARIAT},
)
declare_kind(
    "states.report_published",
    label=_("Your state's national report is published"),
    subject=_("%(state)s: your national report is published"),
    body=_(
        "The 1540 Committee has published the national report of %(state)s (%(kind)s) on its "
        "website."
    ),
    link_text=_("Open the report"),
    audience={Role.POC},
)


# --- Who is told of what: one call from each service, inside its transaction --------------------


def tell_matrix_sent(matrix: Any, *, acting_user: Any) -> None:
    notify(
        "states.matrix_sent",
        points_of_contact(matrix.state_id),
        context={"state": matrix.state, "version": matrix.version},
        about=matrix,
        event=f"matrix:{matrix.pk}:sent",
        exclude=acting_user,
    )


def tell_matrix_commented(comment: Any, *, acting_user: Any) -> None:
    matrix = comment.matrix
    recipients = {*secretariat(), *experts_for(matrix.state_id)}
    notify(
        "states.matrix_commented",
        recipients,
        context={
            "state": matrix.state,
            "version": matrix.version,
            "author": acting_user.get_full_name() or acting_user.get_username(),
            "entry": comment.entry.field.code,
            "comment": comment.text or CommentKind(comment.kind).label,
        },
        about=matrix,
        event=f"matrix-comment:{comment.pk}",
        exclude=acting_user,
    )


def tell_report_moved(report: Any, *, acting_user: Any) -> None:
    """A report submitted (the secretariat is told) or published (its state is)."""
    if report.status == ReportStatus.SUBMITTED:
        kind, recipients = "states.report_submitted", secretariat()
    elif report.status == ReportStatus.PUBLISHED:
        kind, recipients = "states.report_published", points_of_contact(report.state_id)
    else:
        return
    notify(
        kind,
        recipients,
        context={
            "state": report.state,
            "kind": ReportKind(report.kind).label,
            "date": report.submitted_on or "—",
        },
        about=report,
        event=f"report:{report.pk}:{report.status}",
        exclude=acting_user,
    )
