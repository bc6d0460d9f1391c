"""Forms of the working-group pages. They check input; the services decide the rules."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committee.work.choices import WorkItemStatus
from core.choices import Language
from core.files import sniff_document
from workinggroups.choices import MeetingKind, MeetingStatus, MeetingTimeZone
from workinggroups.models import Meeting, WorkingGroup


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    working_group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.all(),
        required=False,
        help_text=_("Only for a working-group meeting."),
        error_messages={"invalid_choice": _("Choose one of the four working groups.")},
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("The time of the place, in the time zone below."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=MeetingTimeZone.choices, initial=MeetingTimeZone.NEW_YORK
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def clean(self) -> dict:
        """The times typed are the clock of the place: read them in the meeting's time zone,
        not the site's (UTC), which is how the date-and-time field read them."""
        cleaned = super().clean()
        zone = cleaned.get("time_zone")
        if zone:
            for name in ("starts_at", "ends_at"):
                moment = cleaned.get(name)
                local = self._in_zone(name, moment, ZoneInfo(zone)) if moment else None
                if local is not None:
                    cleaned[name] = local
        return cleaned

    def _in_zone(self, name: str, moment: datetime, zone: ZoneInfo) -> datetime | None:
        wall = timezone.make_naive(moment)
        local = wall.replace(tzinfo=zone)
        # A time skipped when the clocks go forward does not come back from UTC unchanged.
        if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
            self.add_error(
                name, _("This time does not exist there: the clocks go forward that night.")
            )
            return None
        return local


class MeetingDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    symbol = forms.CharField(label=_("UN document symbol"), max_length=60, required=False)
    issue_symbol = forms.BooleanField(
        label=_("Issue it as a document of the Committee, under the next UN symbol"),
        required=False,
        help_text=_(
            "The symbol is then the next of the year, S/AC.44/<year>/<n>; leave the symbol above "
            "empty, or enter that next one. Unticked, the symbol above is one the document "
            "already carries."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.ENGLISH
    )
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, DOCX or DOC, up to the size limit; checked by its content."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        sniff_document(upload)
        return upload


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=pgettext_lazy("meeting outcome", "Outcome"), widget=forms.Textarea(attrs={"rows": 4})
    )
    feedback = forms.CharField(
        label=_("Feedback to the members"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


@cache
def reader_time_zones() -> list[tuple[str, str]]:
    """Every place's zone, by IANA name (UTC, then the continents' cities): the reader picks
    their own, whatever their browser says."""
    regions = (
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    )
    zones = sorted(zone for zone in available_timezones() if zone.startswith(regions))
    return [("UTC", "UTC"), *((zone, zone.replace("_", " ")) for zone in zones)]


class ReaderTimeZoneForm(forms.Form):
    """The reader's choice of a time zone in which to see the meeting times as well (kept in
    their session); empty for the meetings' own zones only."""

    tz = forms.ChoiceField(label=_("Also show the times in"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tz"].choices = [("", _("no other time zone")), *reader_time_zones()]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=300)


class ProgressForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Recorded at the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Leave empty for progress reported outside a meeting."),
        error_messages={"invalid_choice": _("Choose a meeting that has taken place.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=WorkItemStatus.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What was done or decided"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The last meetings held, newest first: progress is recorded at or after the meeting.
        self.fields["meeting"].queryset = Meeting.objects.filter(
            pk__in=Meeting.objects.filter(starts_at__lte=timezone.now())
            .exclude(status=MeetingStatus.CANCELLED)
            .order_by("-starts_at")
            .values("pk")[:50]
        ).order_by("-starts_at")
