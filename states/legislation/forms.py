"""The form of an act of national legislation. It checks input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from states.choices import WeaponType
from states.legislation.choices import LegislationTopic
from states.legislation.models import ACT_LANGUAGES, language_name
from states.models import MemberState


def language_choices() -> list[tuple[str, str]]:
    """The languages an act may be written in, named and sorted in the reader's language."""
    return sorted(((code, language_name(code)) for code in ACT_LANGUAGES), key=lambda c: c[1])


class NationalLegislationForm(forms.Form):
    state = forms.ModelChoiceField(
        queryset=MemberState.objects.in_reader_order(),
        to_field_name="iso3",
        label=_("Member state"),
        error_messages={"invalid_choice": _("Choose a member state from the list.")},
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(
        label=_("Year"), help_text=_("The year the act was adopted, for example 2004.")
    )
    articles = forms.CharField(
        label=_("Articles or sections"),
        max_length=300,
        required=False,
        help_text=_("Those that implement the resolution, for example “arts. 3-9, 41”."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=language_choices)
    topics = forms.MultipleChoiceField(
        label=_("Covers"),
        choices=LegislationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one topic the act covers.")},
    )
    weapon_types = forms.MultipleChoiceField(
        label=_("Weapon types"),
        choices=WeaponType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one weapon type it concerns.")},
    )
    official_url = forms.URLField(
        label=_("Official address"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Where the state publishes the act: an official gazette or legal database."),
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        help_text=_("The text of the act: PDF, DOCX or DOC. Give it, the address, or both."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx"}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            # An act of another state is another act: the state of a recorded act stays.
            del self.fields["state"]
