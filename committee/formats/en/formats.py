"""English as the United Nations writes it (UN Editorial Manual): day, month, year, and the
24-hour clock of the Journal of the United Nations ("1 December 2026, 10:00"), not Django's
American "Dec. 1, 2026, 10 a.m." and "12/01/2026", which a reader outside the United States
reads as 12 January."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
