from tests.workinggroups.fixtures import chair, programme, working_groups  # noqa: F401
