"""Forms of the correspondence register's pages. They check input; the services decide the
rules (the same state for a reply, the date received, the kind of file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from committee.correspondence.choices import (
    CommitteeParty,
    CorrespondenceKind,
    Counterpart,
    LinkKind,
)
from committee.correspondence.services import resolve_links
from core.choices import Language
from states.models import MemberState

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class _NoteForm(forms.Form):
    """What every note has: its kind, the two sides, its language and subject, its document,
    and what it concerns."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=CorrespondenceKind.choices, initial=CorrespondenceKind.NOTE_VERBALE
    )
    counterpart = forms.ChoiceField(
        label=_("On the other side"), choices=Counterpart.choices, initial=Counterpart.MISSION
    )
    state = forms.ModelChoiceField(
        label=_("State (its permanent mission)"),
        queryset=MemberState.objects.order_by("name"),
        required=False,
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=MemberState.objects.none(), required=False
    )
    counterpart_name = forms.CharField(
        label=_("Name of the sender or addressee"), max_length=200, required=False
    )
    committee_party = forms.ChoiceField(
        label=_("On the Committee's side"),
        choices=CommitteeParty.choices,
        initial=CommitteeParty.CHAIR,
    )
    language = forms.ChoiceField(
        label=_("Language of the original"), choices=Language.choices, initial=Language.ENGLISH
    )
    subject = forms.CharField(label=_("Subject"), max_length=300)
    document = forms.FileField(
        label=_("Document (PDF, DOCX or DOC)"),
        required=False,
        help_text=_("The original; other language versions can be added on the note's page."),
    )
    link_kind = forms.ChoiceField(
        label=_("Concerns"),
        choices=[("", _("Nothing else")), *LinkKind.choices],
        required=False,
    )
    link_id = forms.IntegerField(
        label=_("Its number"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The number of the report, request, reminder... as its address shows it."),
    )
    in_reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # By name: the register imports no app but states (pyproject.toml's contracts).
        organization = apps.get_model("outreach", "Organization")
        self.fields["organization"].queryset = organization.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, object_id = data.get("link_kind"), data.get("link_id")
        data["links"] = []
        if kind and object_id is None:
            self.add_error("link_id", _("Give the number of the record the note concerns."))
        elif kind:
            try:
                data["links"] = resolve_links([(kind, object_id)])
            except ValidationError as error:
                self.add_error("link_id", error.message_dict.get("links", error.messages))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "kind",
                "counterpart",
                "state",
                "organization",
                "counterpart_name",
                "committee_party",
                "language",
                "subject",
                "document",
                "links",
            )
        }


class IncomingForm(_NoteForm):
    reference = forms.CharField(label=_("The sender's reference"), max_length=80)
    date = forms.DateField(label=_("Date received"), widget=DATE_INPUT)

    field_order = ["kind", "counterpart", "state", "organization", "counterpart_name"]


class OutgoingForm(_NoteForm):
    field_order = ["kind", "counterpart", "state", "organization", "counterpart_name"]


class AcknowledgementForm(forms.Form):
    acknowledged_on = forms.DateField(label=_("Acknowledged on"), widget=DATE_INPUT)


class DocumentForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    document = forms.FileField(label=_("Document (PDF, DOCX or DOC)"))


class LinkForm(forms.Form):
    link_kind = forms.ChoiceField(label=_("Concerns"), choices=LinkKind.choices)
    link_id = forms.IntegerField(label=_("Its number"), min_value=1, max_value=2**31 - 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["links"] = []
        if data.get("link_kind") and data.get("link_id"):
            try:
                data["links"] = resolve_links([(data["link_kind"], data["link_id"])])
            except ValidationError as error:
                self.add_error("link_id", error.message_dict.get("links", error.messages))
        return data
