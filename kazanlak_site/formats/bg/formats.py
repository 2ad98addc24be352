# Bulgarian typography: „21 ноември 2018 г.“, 24-hour times without a leading zero („8:30“).
DATE_FORMAT = "j F Y г."
SHORT_DATE_FORMAT = "d.m.Y г."
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y г., G:i"
FIRST_DAY_OF_WEEK = 1

# What staff type: day first, with dots („15.09.2026“, „15.9.2026“; strptime takes one or two
# digits), or ISO („2026-09-15“, which Django always adds). No slash form: „05/09/2026“ can be read
# two ways, and Django's default month-first formats would save it as 9 May. The first format is
# the one the admin's date picker writes („Днес“). Times: „8:30“, „08:30“, „8.30“.
DATE_INPUT_FORMATS = ["%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y"]
