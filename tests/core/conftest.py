"""Fixtures of the base's tests from elsewhere: the real SMTP server, the matrices (to send one
to a state) and the working groups (to announce a meeting)."""

from tests.core.smtp_server import smtp_server  # noqa: F401
from tests.states.conftest import build_matrix, template  # noqa: F401
from tests.workinggroups.fixtures import working_groups  # noqa: F401
