"""Forms of effective practices and national action plans. They check input; the services
decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.files import sniff_document
from states.practices.models import EffectivePractice, NationalActionPlan


class EffectivePracticeForm(forms.ModelForm):
    class Meta:
        model = EffectivePractice
        fields = ["title", "area", "language", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"summary": _("What your state does, and why it works, in a few paragraphs.")}

    # The service validates the row; the form must not save it on its own.
    def _post_clean(self) -> None:
        pass


class NationalActionPlanForm(forms.ModelForm):
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("The plan itself, if you have it as a file: PDF, DOCX or DOC."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
    )

    class Meta:
        model = NationalActionPlan
        fields = ["title", "area", "language", "period_start", "period_end", "summary", "document"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 8})}

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            sniff_document(document)
        return document or None

    def _post_clean(self) -> None:
        pass
