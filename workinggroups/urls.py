from __future__ import annotations

app_name = "workinggroups"

urlpatterns: list = []
