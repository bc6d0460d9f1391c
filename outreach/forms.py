"""Forms of the secretariat's pages that edit the outreach content (outreach/desk.py). They
check input; the services decide the rules (an English version, no duplicate acronym, dates in
order). A text kept in the six languages has one field per language, English first and
required, the five others optional (the website falls back to English)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    FAQ,
    CooperationPage,
    Event,
    FormerExpert,
    Organization,
    OrganizationContact,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# English first (the version that is required), then the others in the site's order.
LANGUAGE_ORDER = ["en"] + [code for code in settings.MODELTRANSLATION_LANGUAGES if code != "en"]
AUTONYMS = dict(settings.LANGUAGES)


def language_fields(*fields: str) -> list[str]:
    """``question_en``, ``question_ar``... for each field, in the form's order."""
    return [f"{field}_{code.replace('-', '_')}" for field in fields for code in LANGUAGE_ORDER]


class SixLanguageForm(forms.ModelForm):
    """A ModelForm whose translated fields are labelled with their language (in its own name,
    as the language switcher names it) and marked with their ``lang`` and direction, English
    required."""

    translated: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.translated:
            for code in LANGUAGE_ORDER:
                name = f"{field}_{code.replace('-', '_')}"
                if name not in self.fields:
                    continue
                form_field = self.fields[name]
                model_field = self._meta.model._meta.get_field(field)
                form_field.label = f"{model_field.verbose_name} · {AUTONYMS[code]}"
                # English is required where the text itself is (a place or a note may be none).
                form_field.required = code == "en" and not model_field.blank
                form_field.widget.attrs["lang"] = code
                form_field.widget.attrs["dir"] = "rtl" if code == "ar" else "auto"

    def changes(self) -> dict[str, Any]:
        """The cleaned values the service takes; a translation left empty is none (NULL), so
        that the website falls back to English."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields}
        for field in self.translated:
            for code in LANGUAGE_ORDER[1:]:
                name = f"{field}_{code.replace('-', '_')}"
                if name in values and not (values[name] or "").strip():
                    values[name] = None
        return values

    def _post_clean(self) -> None:
        # The services check the rows (with the acting user, in their transaction); the form
        # only checks each field's input.
        pass


class FAQForm(SixLanguageForm):
    translated = ("question", "answer")

    class Meta:
        model = FAQ
        fields = [*language_fields("question", "answer"), "position", "published"]


class CooperationPageForm(SixLanguageForm):
    translated = ("title", "body")

    class Meta:
        model = CooperationPage
        fields = ["slug", *language_fields("title", "body"), "position", "published"]


class OrganizationForm(SixLanguageForm):
    translated = ("name",)

    class Meta:
        model = Organization
        fields = [
            *language_fields("name"),
            "acronym",
            "kind",
            "website",
            "offers_assistance",
            "active",
        ]
        error_messages = {
            "website": {"invalid": _("Give a web address, such as https://www.iaea.org.")}
        }


class OrganizationContactForm(forms.ModelForm):
    class Meta:
        model = OrganizationContact
        fields = ["organization", "name", "position", "email", "phone", "active"]
        error_messages = {
            "email": {"invalid": _("Give an e-mail address, such as name@example.org.")}
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("name")
        if self.instance.pk:
            # A contact stays with its organisation: one who moves is a new contact.
            del self.fields["organization"]

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

    def _post_clean(self) -> None:
        pass


class FormerExpertForm(forms.ModelForm):
    class Meta:
        model = FormerExpert
        fields = [
            "name",
            "email",
            "nationality",
            "expertise",
            "served_from",
            "served_until",
            "available",
            "notes",
        ]
        error_messages = {
            "email": {"invalid": _("Give an e-mail address, such as name@example.org.")}
        }

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}

    def _post_clean(self) -> None:
        pass


class EventForm(SixLanguageForm):
    translated = ("title", "place", "note")

    class Meta:
        model = Event
        fields = [
            *language_fields("title"),
            "kind",
            "status",
            "start_date",
            "end_date",
            *language_fields("place"),
            "region",
            "is_public",
            "states",
            "organizations",
            *language_fields("note"),
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "states": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.active().order_by("name")
        self.fields["states"].queryset = self.fields["states"].queryset.order_by("name")
        for name in ("start_date", "end_date"):
            self.fields[name].error_messages["invalid"] = _("Give a date, such as 2025-05-20.")
