"""Forms of the states pages. They check input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.files import sniff_document
from states.models import MemberState
from states.reports.models import NationalReport, ReportDocument


def _document_field() -> forms.FileField:
    return forms.FileField(
        label=_("Document"),
        help_text=_("PDF, DOCX or DOC, up to the size limit; checked by its content."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
    )


def _language_field(**kwargs) -> forms.Field:
    # The document's language, as the model offers it (the six languages, none chosen yet).
    return ReportDocument._meta.get_field("language").formfield(**kwargs)


class NationalReportForm(forms.ModelForm):
    """A report's details and its first document, the original, in its language (the others
    are added on the report's page). Staff filing on a state's behalf also give the date the
    report was received; a point of contact's submission is dated the day it is submitted."""

    language = _language_field(
        help_text=_(
            "The language of this document, the original. Versions in other languages are "
            "added on the report's page."
        )
    )
    document = _document_field()

    class Meta:
        model = NationalReport
        fields = ["kind", "language", "title", "symbol", "submitted_on", "document"]
        widgets = {"submitted_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, on_behalf: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not on_behalf:
            del self.fields["submitted_on"]
            del self.fields["symbol"]
        else:
            self.fields["submitted_on"].help_text = _(
                "The date the state submitted it; leave empty for today."
            )

    def clean_document(self):
        document = self.cleaned_data["document"]
        sniff_document(document)
        return document

    def clean_submitted_on(self):
        value = self.cleaned_data.get("submitted_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date of submission cannot be in the future."))
        return value

    # The service validates the row; the form must not save it on its own.
    def _post_clean(self) -> None:
        pass


class ReportDocumentForm(forms.Form):
    """Another language version of a report: its language and its document."""

    language = _language_field()
    document = _document_field()

    def clean_document(self):
        document = self.cleaned_data["document"]
        sniff_document(document)
        return document


class PublishReportForm(forms.Form):
    """The UN symbol a report is published under: the next of the year is proposed; the service
    refuses one already issued or out of sequence (core/symbols.py)."""

    symbol = forms.CharField(
        label=_("UN document symbol"),
        max_length=60,
        required=False,
        help_text=_(
            "The next symbol of the year is proposed. Left empty, the report gets the next one."
        ),
    )


class OnBehalfStateForm(forms.Form):
    """Secretariat and experts pick the state whose report they are filing."""

    state = forms.ModelChoiceField(
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        label=_("Member state"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
