# British-style dates for foreign partners: "21 November 2018"; 24-hour times as in Bulgaria.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y, G:i"
FIRST_DAY_OF_WEEK = 1
