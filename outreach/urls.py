from __future__ import annotations

app_name = "outreach"

urlpatterns: list = []
