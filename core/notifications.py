"""Notifications: telling the people who must act, by mail, in their own language.

The apps declare their kinds of notification once, in their ``notifications.py`` (imported by
their ``AppConfig.ready()``), as they declare their rules in ``permissions.py``::

    declare_kind(
        "states.matrix_sent",
        label=_("A matrix is sent to your state for review"),
        subject=_("%(state)s: the matrix is sent to you for review"),
        body=_("The Committee's experts have sent ... %(state)s ..."),
        link_text=_("Review the matrix"),
        audience={Role.POC},
        mandatory=True,
    )

and a service, inside its transaction, calls ``notify``::

    notify(
        "states.matrix_sent",
        points_of_contact(matrix.state_id),
        context={"state": matrix.state, "version": matrix.version},
        about=matrix,
        event=f"matrix:{matrix.pk}:sent",
    )

For each recipient the text is written in their language (``mail_language``): the kind's subject
and body (gettext texts with ``%(name)s`` placeholders) filled from ``context`` (a model instance
or a lazy text is turned into text in that language, a date written as that language writes
dates), and the link to ``about`` (its ``get_absolute_url()``, under that language's prefix) or
to ``link``. Then, by the recipient's choice for the kind (``NotificationPreference``):
immediately, one message (plain text and HTML) through core/mail.py, which sends it by a Celery
task after the commit and retries while the mail server is away; a daily summary (the beat task
``committee.tasks.send_daily_summaries``); or nothing. A kind the Committee must send
(``mandatory``) is sent whatever the choice says, and cannot be set to "never".

``event`` names the occurrence (the matrix and the step): with the kind and the recipient it makes
the notification's key, so that a change run twice (a task redelivered) tells nobody twice. The
acting person (``exclude``) is not told of their own act.

Who to tell: ``points_of_contact(state_id)``, ``secretariat()``, ``experts_for(state_id)``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.choices import Role
from core.mail import queue_mail
from core.models import Delivery, Notification, NotificationPreference, OutgoingMail, User
from core.permissions import Actor, require
from core.services import save_with_history


@dataclass(frozen=True)
class Kind:
    """One kind of notification: what the settings page calls it (``label``), the mail's
    ``subject`` and ``body`` (with ``%(name)s`` placeholders filled from the context), the text of
    its link, the roles it goes to (the settings page shows a person the kinds of their role) and
    whether the Committee must send it (then it cannot be turned off)."""

    code: str
    label: Promise | str
    subject: Promise | str
    body: Promise | str
    audience: frozenset[str]
    link_text: Promise | str = ""
    mandatory: bool = False

    @property
    def choices(self) -> list[tuple[str, Any]]:
        """The deliveries a person may choose for this kind."""
        return [
            (value, label)
            for value, label in Delivery.choices
            if not (self.mandatory and value == Delivery.NEVER)
        ]


KINDS: dict[str, Kind] = {}


def declare_kind(
    code: str,
    *,
    label: Promise | str,
    subject: Promise | str,
    body: Promise | str,
    audience: Iterable[str],
    link_text: Promise | str = "",
    mandatory: bool = False,
) -> Kind:
    """Register a kind of notification (once, from the app's notifications.py)."""
    if code in KINDS:
        raise ImproperlyConfigured(f"The kind of notification {code} is declared twice.")
    kind = Kind(
        code=code,
        label=label,
        subject=subject,
        body=body,
        audience=frozenset(audience),
        link_text=link_text,
        mandatory=mandatory,
    )
    KINDS[code] = kind
    return kind


def kind_named(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ImproperlyConfigured(f"No kind of notification is declared as {code}.") from None


def kinds_for(person: Actor) -> list[Kind]:
    """The kinds that may reach ``person`` (by their role), in the order declared."""
    role = getattr(person, "role", None)
    return [kind for kind in KINDS.values() if role in kind.audience]


# --- Who is told -------------------------------------------------------------------------------


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(email="")


def points_of_contact(state_id: int | None) -> QuerySet[User]:
    """The people who sign in as the state's national points of contact."""
    return _active().filter(role=Role.POC, state_id=state_id).select_related("state")


def secretariat() -> QuerySet[User]:
    return _active().filter(role=Role.SECRETARIAT)


# Who leads which states is the Committee's business (its experts' assignments, 12(f):
# committee/work/assignments.py), above this base: it registers here, at start-up, the function
# that gives the ids of the experts in charge of a state (a subquery).
_assigned_experts: list[Callable[[int], Any]] = []


def register_expert_assignments(finder: Callable[[int], Any]) -> None:
    if finder not in _assigned_experts:
        _assigned_experts.append(finder)


def experts_for(state_id: int | None) -> QuerySet[User]:
    """The experts who follow the state: those in charge of it today; where nobody is, every
    expert (nothing goes unread)."""
    experts = _active().filter(role=Role.EXPERT)
    if state_id is None:
        return experts
    for finder in _assigned_experts:
        in_charge = experts.filter(pk__in=finder(state_id))
        if in_charge.exists():
            return in_charge
    return experts


def mail_language(person: User) -> str:
    """The language of the mail ``person`` is sent (a code of settings.LANGUAGES): their own
    choice, else a point of contact's state's language of correspondence, else English."""
    if person.language:
        return person.language
    state = getattr(person, "state", None) if person.state_id else None
    if state is not None:
        return str(state.correspondence_locale)
    return str(settings.LANGUAGE_CODE)


def delivery_for(kind: Kind, choice: str | None) -> str:
    """The delivery that applies: the person's choice (immediately without one), never "never"
    for a kind the Committee must send."""
    delivery = choice or Delivery.IMMEDIATELY
    if kind.mandatory and delivery == Delivery.NEVER:
        return Delivery.IMMEDIATELY
    return delivery


# --- Writing and sending -----------------------------------------------------------------------


def site_url(path: str) -> str:
    """An address of the site for a message read outside it (SITE_URL, no trailing slash)."""
    if not path or "://" in path:
        return path
    return f"{str(settings.SITE_URL).rstrip('/')}{path}"


def _as_text(value: object) -> str:
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def _key(*parts: object) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def _footer(kind: Kind | None) -> str:
    if kind is not None and kind.mandatory:
        return _(
            "The 1540 Committee sends this message to everyone concerned: it cannot be turned off."
        )
    return _("You receive this message because of your notification settings: %(url)s") % {
        "url": site_url(reverse("committee:notification-preferences"))
    }


def _direction(language: str) -> str:
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def _render_mail(person: User, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """The plain text and the HTML of a message, in the language active now."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {
        "name": person.get_full_name() or person.get_username(),
        "language": language,
        "direction": _direction(language),
        **context,
    }
    return (
        render_to_string(f"mail/{template}.txt", context).strip() + "\n",
        render_to_string(f"mail/{template}.html", context),
    )


def notify(
    kind: str,
    recipients: Iterable[User],
    *,
    context: Mapping[str, object] | None = None,
    about: models.Model | None = None,
    link: str = "",
    event: str = "",
    attachments: Iterable[dict] = (),
    exclude: Actor | None = None,
) -> list[Notification]:
    """Tell each of ``recipients`` of an event of the kind ``kind``, each in their language and
    as they chose (see the module's docstring). Call it inside the transaction of the change it
    announces: a rolled-back change tells nobody. Returns the notifications written (none for a
    recipient who chose "never", who has no address, or who was told of this event already)."""
    declared = kind_named(kind)
    context = dict(context or {})
    attachments = list(attachments)
    people = {person.pk: person for person in recipients}
    if exclude is not None:
        people.pop(exclude.pk, None)
    people = {pk: person for pk, person in people.items() if person.is_active and person.email}
    if not people:
        return []
    choices = dict(
        NotificationPreference.objects.filter(user_id__in=people, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    occurrence = event or uuid.uuid4().hex
    keys = {pk: _key(kind, occurrence, pk) for pk in people}
    told = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    topic = f"{about._meta.label_lower}:{about.pk}" if about is not None else f"notice:{kind}"
    written = []
    for pk, person in people.items():
        delivery = delivery_for(declared, choices.get(pk))
        if delivery == Delivery.NEVER or keys[pk] in told:
            continue
        with translation.override(mail_language(person)):
            values = {name: _as_text(value) for name, value in context.items()}
            path = about.get_absolute_url() if about is not None else link  # type: ignore[attr-defined]
            notification = Notification(
                key=keys[pk],
                user=person,
                kind=kind,
                delivery=delivery,
                subject=" ".join((str(declared.subject) % values).split())[:300],
                body=str(declared.body) % values,
                link=site_url(path)[:500],
                link_text=str(declared.link_text)[:200],
            )
            if delivery == Delivery.IMMEDIATELY:
                text, html = _render_mail(
                    person,
                    "notification",
                    {"notification": notification, "footer": _footer(declared)},
                )
                notification.mail = queue_mail(
                    subject=notification.subject,
                    body=text,
                    html_body=html,
                    to=[person.email],
                    topic=topic[:100],
                    attachments=attachments,
                    key=keys[pk],
                )
        notification.save()
        written.append(notification)
    return written


# --- The daily summary -------------------------------------------------------------------------


def send_daily_summaries(day: date | None = None) -> int:
    """Send each person who chose a daily summary one message with what has accumulated for them
    (settings.CELERY_BEAT_SCHEDULE, every morning). Returns how many were sent. Once a day per
    person: a run again the same day (beat restarted, a task redelivered) sends nothing more;
    what arrived meanwhile waits for the next day's."""
    day = day or timezone.localdate()
    people = (
        Notification.objects.awaiting_summary()
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    return sum(1 for person_id in list(people) if send_daily_summary(person_id, day) is not None)


@transaction.atomic
def send_daily_summary(person_id: int, day: date) -> OutgoingMail | None:
    """One person's summary of the day (see send_daily_summaries)."""
    key = _key("daily-summary", person_id, day.isoformat())
    if OutgoingMail.objects.filter(key=key).exists():
        return None
    items = list(
        Notification.objects.awaiting_summary()
        .filter(user_id=person_id)
        .select_for_update()
        .order_by("id")
    )
    if not items:
        return None
    person = User.objects.select_related("state").get(pk=person_id)
    if not (person.is_active and person.email):
        # Nobody to write to any more: the items are dropped from the summaries.
        Notification.objects.filter(pk__in=[item.pk for item in items]).update(
            delivery=Delivery.NEVER
        )
        return None
    with translation.override(mail_language(person)):
        subject = ngettext(
            "1540 Committee: %(count)d notification of the day",
            "1540 Committee: %(count)d notifications of the day",
            len(items),
        ) % {"count": len(items)}
        text, html = _render_mail(
            person,
            "daily_summary",
            {
                "items": items,
                "day": formats.date_format(day, "DATE_FORMAT"),
                "footer": _footer(None),
            },
        )
    mail = queue_mail(
        subject=subject,
        body=text,
        html_body=html,
        to=[person.email],
        topic=f"daily-summary:{person.pk}",
        key=key,
    )
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(mail=mail)
    return mail


# --- A person's choices ------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One row of a person's settings: the kind and the delivery that applies to them."""

    kind: Kind
    delivery: str


def preferences_of(person: User) -> list[Choice]:
    """The kinds that may reach ``person``, each with the delivery that applies."""
    chosen = dict(
        NotificationPreference.objects.filter(user=person).values_list("kind", "delivery")
    )
    return [Choice(kind, delivery_for(kind, chosen.get(kind.code))) for kind in kinds_for(person)]


@transaction.atomic
def set_preferences(
    person: User,
    choices: Mapping[str, object],
    *,
    acting_user: Actor,
    language: str | None = None,
) -> list[Choice]:
    """Record a person's choices (kind code -> delivery) and, if given, the language of their
    mail. Every choice is checked before anything is written: an unknown kind, a delivery that
    is not one, or "never" for a kind the Committee must send refuses the whole form."""
    require(acting_user, "committee.set_notification_preferences", person)
    allowed = {kind.code: kind for kind in kinds_for(person)}
    errors: dict[str, str] = {}
    for code, delivery in choices.items():
        kind = allowed.get(code)
        if kind is None:
            errors[str(code)] = _("There is no kind of notification “%(kind)s” for you.") % {
                "kind": code
            }
        elif delivery not in Delivery.values:
            errors[code] = _("Choose immediately, a daily summary or not at all.")
        elif kind.mandatory and delivery == Delivery.NEVER:
            errors[code] = _("The Committee must send this message: it cannot be turned off.")
    if language is not None and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose one of the six languages of the site.")
    if errors:
        raise ValidationError(errors)
    existing = {
        preference.kind: preference
        for preference in NotificationPreference.objects.select_for_update().filter(user=person)
    }
    for code, delivery in choices.items():
        preference = existing.get(code)
        if preference is None:
            preference = NotificationPreference(user=person, kind=code, delivery=str(delivery))
            save_with_history(preference, acting_user, reason="Notification setting chosen")
        elif preference.delivery != delivery:
            preference.delivery = str(delivery)
            save_with_history(
                preference,
                acting_user,
                update_fields=["delivery", "updated_at"],
                reason="Notification setting changed",
            )
    if language is not None and language != person.language:
        person.language = language
        save_with_history(
            person, acting_user, update_fields=["language"], reason="Language of mail changed"
        )
    return preferences_of(person)


# --- The base's own kind -----------------------------------------------------------------------

# A note verbale the Committee sends to a state (committee/correspondence/, through
# core/correspondence.py): formal correspondence, which its points of contact cannot turn off.
declare_kind(
    "committee.note_verbale_sent",
    label=gettext_lazy("A note verbale is sent to your state"),
    subject=gettext_lazy("%(state)s: note verbale %(reference)s from the 1540 Committee"),
    body=gettext_lazy(
        "The 1540 Committee has sent a note verbale to the Permanent Mission of %(state)s "
        "(reference %(reference)s): %(subject)s"
    ),
    link_text=gettext_lazy("Read the note"),
    audience={Role.POC},
    mandatory=True,
)
