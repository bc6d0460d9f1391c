"""The forms of a person's own account: password reset and change, API tokens, notifications."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from core.mail import queue_mail
from core.models import User
from core.notifications import Choice

# API tokens live API_TOKEN_DAYS by default (settings.REST_KNOX); one made by hand at most a year.
TOKEN_DAYS_DEFAULT = 90
TOKEN_DAYS_MAX = 365


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, with the message queued in the outbox: sent after the request's
    transaction commits, retried when the mail server is away, never inside the request. The
    page that follows says the same whether or not the address belongs to an account."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = render_to_string(subject_template_name, context)
        body = render_to_string(email_template_name, context)
        queue_mail(subject=subject, body=body, to=[to_email], topic="password-reset")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password of a reset link, set through accounts.set_account_password so that the
    account's history records it."""

    def save(self, commit: bool = True) -> User:
        from core.accounts import set_account_password

        user: User = self.user
        set_account_password(
            user,
            self.cleaned_data["new_password1"],
            acting_user=user,
            reason="Password reset through a link sent by mail",
        )
        return user


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """A signed-in person's own password: the old one first, then the new one twice."""

    def save(self, commit: bool = True) -> User:
        from core.accounts import set_account_password

        user: User = self.user
        set_account_password(user, self.cleaned_data["new_password1"], acting_user=user)
        return user


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, to tell your tokens apart."),
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=TOKEN_DAYS_MAX,
        initial=TOKEN_DAYS_DEFAULT,
        help_text=_("From 1 to 365 days."),
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


class NotificationPreferencesForm(forms.Form):
    """A person's choice per kind of notification (a field per kind that may reach them, named
    by the kind's code) and the language of their mail. A kind the Committee must send offers
    no "not at all"."""

    language = forms.ChoiceField(label=_("Language of your mail"), required=False)

    def __init__(self, choices: list[Choice], *args: Any, language: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", _("As for my state, else English")),
            *settings.LANGUAGES,
        ]
        self.fields["language"].initial = language
        for choice in choices:
            self.fields[choice.kind.code] = forms.ChoiceField(
                label=str(choice.kind.label),
                choices=choice.kind.choices,
                initial=choice.delivery,
                widget=forms.RadioSelect,
                # A kind left out keeps its setting (the API changes one kind at a time too).
                required=False,
                help_text=_("The Committee must send this: it cannot be turned off.")
                if choice.kind.mandatory
                else "",
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A kind's code has a dot ("states.matrix_sent"); a posted one the form does not offer
        # is a kind that does not exist or is not this person's: refused, not ignored.
        unknown = sorted(name for name in self.data if "." in name and name not in self.fields)
        if unknown:
            raise forms.ValidationError(
                _("There is no kind of notification “%(kind)s” for you."),
                params={"kind": ", ".join(unknown)},
            )
        return cleaned

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name != "language"]

    def chosen(self) -> dict[str, str]:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "language" and value
        }
