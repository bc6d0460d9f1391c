"""Arabic: Django's locale has the date ("1 ديسمبر، 2026") and the time ("10:00 ص") but no form
for both together, so a date and time would fall back to the global English pattern
("ديسمبر 1, 2026, 10 ص"). These join its own two forms."""

DATETIME_FORMAT = "j F، Y g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"
