"""Open now or closed now, and when that changes, from an office's weekly hours and the dated
changes to them.

Computed at request time in Europe/Sofia. Each day follows, in this order of precedence:

1. a closure (`Closure`) of the office or of all offices: closed the whole day, also for an
   interval of the day before that would run past midnight into it;
2. an extra working day (`WorkingDay`) of the office, else one of all offices: that day's hours;
3. a Bulgarian public holiday (the `holidays` library, which knows Orthodox Easter and the days
   moved off weekends, but not the working Saturdays and bridge days decided each year by the
   Council of Ministers, nor an office's own closures): closed;
4. the office's weekly hours. Intervals may run past midnight (a closing time before the opening
   time), and a lunch break is a gap between two intervals.

The "next change" looks as far ahead as needed: past a run of holidays and past the last closure
staff have entered, so that an office closed for weeks says when it opens again.
"""

import datetime
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Closure, WorkingDay

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
LOOK_AHEAD_DAYS = 14  # long enough to pass any run of holidays (beyond the last closure entered)
ONE_DAY = datetime.timedelta(days=1)


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


def seconds_until_midnight(now):
    """Until the next start of a day in Sofia (the site's time zone): "tomorrow" becomes "today"
    then, and the notices of the day that ended go."""
    tomorrow = timezone.localdate(now) + ONE_DAY
    midnight = datetime.datetime.combine(tomorrow, datetime.time(0), tzinfo=SOFIA)
    return int((midnight - now).total_seconds())


# The dated changes: what the pages load once (two queries) and what concerns each office.


class HoursChanges:
    """The dated changes to one office's weekly hours (published, not ended): the closures that
    concern it and the working days in effect for it (its own; on a date without one of its
    own, those of all offices)."""

    def __init__(self, closures=(), working_days=()):
        self.closures = tuple(closures)
        self.working_days = tuple(working_days)
        self._hours_by_date = {}
        for working_day in self.working_days:
            self._hours_by_date.setdefault(working_day.date, []).extend(working_day.intervals)

    def is_closed(self, day):
        return any(closure.start_date <= day <= closure.end_date for closure in self.closures)

    def hours_on(self, day):
        """The working day's [(opens, closes), …] on `day`, or None: no working day then."""
        return self._hours_by_date.get(day)

    @property
    def last_date(self):
        dates = [c.end_date for c in self.closures] + [w.date for w in self.working_days]
        return max(dates, default=None)

    def listed(self, today):
        """The records the pages list, from `today` on, by date: each closure, and each working
        day on a date that no closure takes back (a closure wins, as in the status)."""
        closures = [closure for closure in self.closures if closure.end_date >= today]
        working_days = [
            working_day
            for working_day in self.working_days
            if working_day.date >= today and not self.is_closed(working_day.date)
        ]
        return sorted(closures + working_days, key=lambda record: record.first_day)

    def notices(self, today):
        """The listed records, each with its dates and hours in the page's language."""
        return [Notice(record, record_text(record)) for record in self.listed(today)]


NO_CHANGES = HoursChanges()


@dataclass(frozen=True)
class Notice:
    """One line of an office's „Промени в работното време“: the dates and hours in the page's
    language (`text`), followed on the page by the record's reason (with its own `lang`)."""

    record: object  # a Closure or a WorkingDay
    text: str


class UpcomingChanges:
    """Every published closure and working day that has not ended by yesterday (an interval of
    yesterday may run into today), loaded once for a whole page: two queries, however many
    offices and records.

    All of them, not a window of the coming weeks: staff enter them a few at a time, for the
    coming weeks or months, so the number is small; a window would hide a closure announced
    early and the end of a long one (an office closed for a month says when it opens again).
    """

    def __init__(self, closures, working_days):
        self.closures = list(closures)
        self.working_days = list(working_days)
        self._by_office = {}

    @classmethod
    def load(cls, today):
        since = today - ONE_DAY
        return cls(
            Closure.objects.published().not_ended(since).with_office_ids(),
            WorkingDay.objects.published().not_ended(since).with_office_ids(),
        )

    def for_office(self, office_id):
        """The changes in effect for the office (HoursChanges), worked out once and kept: the
        status, the notices, the JSON-LD and the export of one page all read them."""
        if office_id not in self._by_office:
            self._by_office[office_id] = self._in_effect_for(office_id)
        return self._by_office[office_id]

    def _in_effect_for(self, office_id):
        closures = tuple(c for c in self.closures if concerns(c, office_id))
        own = [w for w in self.working_days if office_id in w.office_ids]
        own_dates = {w.date for w in own}
        general = [w for w in self.working_days if not w.office_ids and w.date not in own_dates]
        working_days = tuple(sorted(own + general, key=lambda w: (w.date, w.opens)))
        return HoursChanges(closures, working_days)

    def for_every_office(self):
        """The changes entered for all offices (none chosen)."""
        return HoursChanges(
            tuple(c for c in self.closures if not c.office_ids),
            tuple(w for w in self.working_days if not w.office_ids),
        )

    def own_to(self, office_id):
        """The changes entered for this office by name (not those of all offices), without a
        working day that any closure in effect for it takes back (one of all offices too)."""
        in_effect = self.for_office(office_id)
        return HoursChanges(
            tuple(c for c in self.closures if office_id in c.office_ids),
            tuple(
                w
                for w in self.working_days
                if office_id in w.office_ids and not in_effect.is_closed(w.date)
            ),
        )

    def listed(self, today):
        """Every record the directory lists from `today` on, above the cards (those of all
        offices) or on an office's card (its own): by the pages' rule, without a working day
        that a closure of the same offices takes back."""
        chosen = {
            office_id
            for record in self.closures + self.working_days
            for office_id in record.office_ids
        }
        scopes = [self.for_every_office(), *(self.own_to(office_id) for office_id in chosen)]
        records = {  # a closure of two offices is on both cards: one record
            (type(record), record.pk): record for scope in scopes for record in scope.listed(today)
        }
        return list(records.values())


def concerns(record, office_id):
    return not record.office_ids or office_id in record.office_ids


# What the pages say about the dates.


def date_range_text(start, end):
    """„24 декември 2026 г.“, „от 24 до 28 декември 2026 г.“, „от 30 ноември до 2 декември
    2026 г.“: the month and year said once where they are the same."""
    if start == end:
        return date_format(start, "DATE_FORMAT")
    if (start.year, start.month) == (end.year, end.month):
        first = date_format(start, "j")
    elif start.year == end.year:
        first = date_format(start, "j F")
    else:
        first = date_format(start, "DATE_FORMAT")
    return _("от %(start)s до %(end)s") % {"start": first, "end": date_format(end, "DATE_FORMAT")}


def closure_text(closure):
    if closure.start_date == closure.end_date:
        return _("Затворено на %(date)s") % {"date": date_format(closure.start_date, "DATE_FORMAT")}
    return _("Затворено %(dates)s") % {
        "dates": date_range_text(closure.start_date, closure.end_date)
    }


def record_text(record):
    return closure_text(record) if isinstance(record, Closure) else working_day_text(record)


def working_day_text(working_day):
    """„Отворено в събота, 26 септември 2026 г.: 8:30–12:30“."""
    return _("Отворено %(on_day)s, %(date)s: %(hours)s") % {
        "on_day": ON_WEEKDAY[working_day.date.isoweekday()],
        "date": date_format(working_day.date, "DATE_FORMAT"),
        "hours": working_day.hours_label,
    }


# The status.


def at(day, time):
    return datetime.datetime.combine(day, time, tzinfo=SOFIA)


def day_intervals(hours, day, changes):
    """The office's opening intervals that start on `day`, as aware datetimes, sorted."""
    if changes.is_closed(day):
        return []
    pairs = changes.hours_on(day)
    if pairs is None:
        if is_public_holiday(day):
            return []
        pairs = [(h.opens, h.closes) for h in hours if h.weekday == day.isoweekday()]
    intervals = []
    for opens, closes in pairs:
        closes_day = day if closes > opens else day + ONE_DAY
        end = at(closes_day, closes)
        if closes_day != day and changes.is_closed(closes_day):
            end = at(closes_day, datetime.time(0))  # a closed day is closed from midnight
        intervals.append((at(day, opens), end))
    return sorted(intervals)


def opening_intervals(hours, moment, changes):
    """The office's opening intervals from the day before `moment` on, joined where they touch or
    overlap (8:00–12:00 and 12:00–17:00 are one opening), lazily: as far as the caller reads."""
    day = moment.date() - ONE_DAY
    last_day = max(moment.date(), changes.last_date or day) + datetime.timedelta(
        days=LOOK_AHEAD_DAYS
    )
    merged = None
    while day <= last_day:
        for opens, closes in day_intervals(hours, day, changes):
            if merged and opens <= merged[1]:
                merged = (merged[0], max(merged[1], closes))
                continue
            if merged:
                yield merged
            merged = (opens, closes)
        day += ONE_DAY
    if merged:
        yield merged


def opening_status(hours, now, changes=NO_CHANGES):
    """`hours`: an office's OpeningHours (prefetched); `now`: an aware datetime; `changes`: the
    office's HoursChanges. None for an office without weekly hours: its status is not known."""
    hours = list(hours)
    if not hours:
        return None
    now = now.astimezone(SOFIA)
    for opens, closes in opening_intervals(hours, now, changes):
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
