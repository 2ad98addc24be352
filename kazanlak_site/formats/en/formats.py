# British-style dates for foreign partners: "21 November 2018"; 24-hour times as in Bulgaria.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y, G:i"
FIRST_DAY_OF_WEEK = 1

# The English admin takes dates as the Bulgarian one does, day first („15.09.2026“) or ISO
# („2026-09-15“, which Django always adds): the same staff use both, and Django's default
# month-first formats would save „05/09/2026“ as 9 May. No slash form, since it reads two ways.
DATE_INPUT_FORMATS = ["%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y"]
