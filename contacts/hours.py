"""Working hours grouped for reading: „понеделник – петък: 8:30–12:30, 13:30–17:30“."""

from dataclasses import dataclass
from itertools import groupby

from .models import Weekday


@dataclass(frozen=True)
class DaysHours:
    first_day: int
    last_day: int
    intervals: tuple  # ((opens, closes), ...) sorted by opening time

    @property
    def days_label(self):
        first = Weekday(self.first_day).label
        if self.first_day == self.last_day:
            return first
        return f"{first} – {Weekday(self.last_day).label}"


def group_weekdays(hours):
    """Merge consecutive weekdays that share the same intervals.

    `hours` is an iterable of OpeningHours (typically a prefetched `office.hours.all()`), so this
    runs no query.
    """
    by_day = {
        day: tuple((h.opens, h.closes) for h in intervals)
        for day, intervals in groupby(
            sorted(hours, key=lambda h: (h.weekday, h.opens)), key=lambda h: h.weekday
        )
    }
    groups = []
    for day in sorted(by_day):
        intervals = by_day[day]
        last = groups[-1] if groups else None
        if last and last.intervals == intervals and last.last_day == day - 1:
            groups[-1] = DaysHours(last.first_day, day, intervals)
        else:
            groups.append(DaysHours(day, day, intervals))
    return groups
