"""A mail backend for tests that can be switched off, the way an SMTP server goes down: while
``down`` it refuses every message as a real unreachable server does; once up again it delivers
into ``django.core.mail.outbox`` like the locmem backend."""

from __future__ import annotations

import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend


class FlakyMailServer(EmailBackend):
    down = False
    # What the server raises while down: a refused connection, or an SMTP error.
    error = "refused"  # or "smtp"
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).down:
            if type(self).error == "refused":
                raise ConnectionRefusedError(111, "Connection refused")
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def mail_server(settings, mailoutbox):
    """The mail server, up; ``mail_server.down = True`` takes it down."""
    settings.MAILERS = {"default": {"BACKEND": "tests.committee.mail_server.FlakyMailServer"}}
    FlakyMailServer.down = False
    FlakyMailServer.error = "refused"
    FlakyMailServer.attempts = 0
    yield FlakyMailServer
    FlakyMailServer.down = False
