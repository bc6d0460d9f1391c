"""The base's own pages: the outgoing mail, the audit log, and a person's own account (password
change and reset, recovery codes, API tokens). committee/urls.py includes them with the
Committee's pages in the "committee" namespace, where their names have always been
("committee:mail", "committee:audit-changes")."""

from __future__ import annotations

from django.urls import path

from core import accounts, views

urlpatterns = [
    path("mail/", views.mail_list, name="mail"),
    path("mail/<int:pk>/send-again/", views.mail_resend, name="mail-resend"),
    path("audit/", views.audit_log, {"log": "changes"}, name="audit-changes"),
    path("audit/sign-ins/", views.audit_log, {"log": "sign-ins"}, name="audit-sign-ins"),
    path("account/", accounts.account, name="account"),
    path("account/password/", accounts.password_change, name="password-change"),
    path("account/recovery-codes/", accounts.recovery_codes, name="recovery-codes"),
    path("account/tokens/", accounts.api_token_create, name="api-token-create"),
    path("account/tokens/revoke/", accounts.api_token_revoke, name="api-token-revoke"),
    path(
        "account/notifications/",
        accounts.notification_preferences,
        name="notification-preferences",
    ),
    path("password-reset/", accounts.password_reset, name="password-reset"),
    path("password-reset/sent/", accounts.password_reset_done, name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        accounts.password_reset_complete,
        name="password-reset-complete",
    ),
]
