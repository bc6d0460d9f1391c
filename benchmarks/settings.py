"""Settings for the HTTP benchmark: the production settings plus one trivial view to compare
every page against, served by the same gunicorn in the same run."""

from committee.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
