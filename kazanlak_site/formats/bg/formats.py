# Bulgarian typography: „21 ноември 2018 г.“, 24-hour times without a leading zero („8:30“).
DATE_FORMAT = "j F Y г."
SHORT_DATE_FORMAT = "d.m.Y г."
TIME_FORMAT = "G:i"
DATETIME_FORMAT = "j F Y г., G:i"
FIRST_DAY_OF_WEEK = 1
