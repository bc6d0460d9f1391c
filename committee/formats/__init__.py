"""Corrections to Django's locale formats (FORMAT_MODULE_PATH), one module per language that
needs one and holding only the names it changes; every other name and language keeps Django's
own form (Chinese 2026年12月1日, Russian 1 декабря 2026 г., French 1 décembre 2026, Spanish
1 de diciembre de 2026)."""
