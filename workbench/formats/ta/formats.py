# Django's Tamil formats leave the date-and-time formats unset, and an unset format falls back to
# the American English one ("Dec. 1, 2026, 2:05 p.m.") inside a Tamil page.
DATE_FORMAT = "j F, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F, Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M, Y"
SHORT_DATETIME_FORMAT = "j M, Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
