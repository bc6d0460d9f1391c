from __future__ import annotations

app_name = "assistance"

urlpatterns: list = []
