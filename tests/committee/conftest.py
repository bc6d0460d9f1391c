from tests.committee.mail_server import mail_server  # noqa: F401
from tests.workinggroups.fixtures import chair, programme, working_groups  # noqa: F401
