"""Open now or closed now, and when that changes, from an office's weekly hours.

Computed at request time in Europe/Sofia. Intervals may run past midnight (a closing time before
the opening time), a lunch break is a gap between two intervals, and on Bulgarian public holidays
(the `holidays` library, which knows Orthodox Easter and the days moved off weekends) the office is
closed.
"""

import datetime
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Whole phrases, because Bulgarian changes the preposition: „във вторник“ but „в сряда“.
ON_WEEKDAY = {
    1: gettext_lazy("в понеделник"),
    2: gettext_lazy("във вторник"),
    3: gettext_lazy("в сряда"),
    4: gettext_lazy("в четвъртък"),
    5: gettext_lazy("в петък"),
    6: gettext_lazy("в събота"),
    7: gettext_lazy("в неделя"),
}

SOFIA = ZoneInfo("Europe/Sofia")
LOOK_AHEAD_DAYS = 14  # long enough to pass any run of holidays


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    next_change: datetime.datetime | None  # in Europe/Sofia; None: no hours ahead

    def seconds_until_change(self, now):
        if self.next_change is None:
            return None
        return max(0, int((self.next_change - now).total_seconds()))


@cache
def public_holidays(year):
    return holidays.country_holidays("BG", years=year)


def is_public_holiday(day):
    return day in public_holidays(day.year)


def intervals_around(hours, moment):
    """The office's opening intervals, as aware datetimes, from the day before `moment` on."""
    start_day = moment.date() - datetime.timedelta(days=1)
    intervals = []
    for offset in range(LOOK_AHEAD_DAYS + 1):
        day = start_day + datetime.timedelta(days=offset)
        if is_public_holiday(day):
            continue
        for h in hours:
            if h.weekday != day.isoweekday():
                continue
            opens = datetime.datetime.combine(day, h.opens, tzinfo=SOFIA)
            closes_day = day if h.closes > h.opens else day + datetime.timedelta(days=1)
            intervals.append((opens, datetime.datetime.combine(closes_day, h.closes, tzinfo=SOFIA)))
    return merge(sorted(intervals))


def merge(intervals):
    """Join intervals that touch or overlap: 8:00–12:00 and 12:00–17:00 are one opening."""
    merged = []
    for opens, closes in intervals:
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def opening_status(hours, now):
    """`hours`: an office's OpeningHours (prefetched); `now`: an aware datetime."""
    hours = list(hours)
    if not hours:
        return None
    now = now.astimezone(SOFIA)
    for opens, closes in intervals_around(hours, now):
        if opens <= now < closes:
            return OpeningStatus(True, closes)
        if opens > now:
            return OpeningStatus(False, opens)
    return OpeningStatus(False, None)


def describe(status, now):
    """„Отворено сега · затваря в 12:30“, „Затворено сега · отваря утре в 8:30“, …"""
    if status.next_change is None:
        return _("Затворено сега")
    now = now.astimezone(SOFIA)
    change = status.next_change
    time = f"{change.hour}:{change.minute:02d}"
    days_ahead = (change.date() - now.date()).days
    if status.is_open:
        if days_ahead == 0:
            return _("Отворено сега · затваря в %(time)s") % {"time": time}
        return _("Отворено сега · затваря утре в %(time)s") % {"time": time}
    if days_ahead == 0:
        return _("Затворено сега · отваря в %(time)s") % {"time": time}
    if days_ahead == 1:
        return _("Затворено сега · отваря утре в %(time)s") % {"time": time}
    if days_ahead < 7:
        return _("Затворено сега · отваря %(on_day)s в %(time)s") % {
            "on_day": ON_WEEKDAY[change.isoweekday()],
            "time": time,
        }
    return _("Затворено сега · отваря на %(date)s в %(time)s") % {
        "date": date_format(change.date(), "DATE_FORMAT"),
        "time": time,
    }
