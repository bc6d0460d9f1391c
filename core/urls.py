"""The base's own pages: the outgoing mail and the audit log. committee/urls.py includes them
with the Committee's pages in the "committee" namespace, where their names have always been
("committee:mail", "committee:audit-changes")."""

from __future__ import annotations

from django.urls import path

from core import views

urlpatterns = [
    path("mail/", views.mail_list, name="mail"),
    path("mail/<int:pk>/send-again/", views.mail_resend, name="mail-resend"),
    path("audit/", views.audit_log, {"log": "changes"}, name="audit-changes"),
    path("audit/sign-ins/", views.audit_log, {"log": "sign-ins"}, name="audit-sign-ins"),
]
