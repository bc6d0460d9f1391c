"""WSGI entry point for the HTTP benchmark (benchmarks/settings.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
application = get_wsgi_application()
