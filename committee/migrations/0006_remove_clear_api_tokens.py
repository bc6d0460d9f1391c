"""API tokens move from rest_framework.authtoken (kept in clear) to django-rest-knox (kept as a
digest). The clear tokens cannot be turned into digests that anyone could still use safely, so
they are removed, table and all: their owners ask /api/v1/auth/token/ for a new one."""

from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0005_outgoing_mail_and_build_heartbeat"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop
        ),
    ]
