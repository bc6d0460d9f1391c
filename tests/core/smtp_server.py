"""A real SMTP server for the mail tests (aiosmtpd, on a free local port), and the site's mail
settings pointed at it. While it is stopped the port refuses connections, as an unreachable mail
server does; ``start()`` brings it up on the same port, and ``messages`` is what it received."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import Message

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd's handler: keeps every message the server accepts."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Message]:
        return [
            message_from_bytes(content, policy=policy.default)
            for _to, content in self.inbox.received
        ]

    def sent_to(self, address: str) -> list[Message]:
        return [self._parsed(content) for to, content in self.inbox.received if address in to]

    @staticmethod
    def _parsed(content: bytes) -> Message:
        return message_from_bytes(content, policy=policy.default)


@pytest.fixture
def smtp_server(settings):
    """The SMTP server, stopped (the port refuses connections): ``smtp_server.start()``."""
    server = SmtpServer(free_port())
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "use_tls": False, "timeout": 5},
        }
    }
    yield server
    server.stop()
