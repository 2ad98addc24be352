"""Working hours as people say them: „понеделник – петък: 8:30–12:30, 13:30–17:30“.

`group_weekdays` merges the weekdays that share their intervals, for the public pages and the
admin's list; `parse_weekly_hours` reads the same words back (and the short forms staff type:
„пн–пт 8:30–12:30 и 13:30–17:30“, „съб 9.00-13.00“, „Monday - Friday 8:30-17:30“), so that an
office's week is entered in a few lines instead of one row per interval.
"""

import datetime
import re
from dataclasses import dataclass
from itertools import groupby, pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Weekday

MINUTES_PER_DAY = 24 * 60


def time_label(value):
    """8:30, not 08:30:00 (the public page's `time:"G:i"`)."""
    return f"{value.hour}:{value.minute:02d}"


def intervals_label(intervals):
    """„8:30–12:30, 13:30–17:30“ from [(opens, closes), …]."""
    return ", ".join(f"{time_label(opens)}–{time_label(closes)}" for opens, closes in intervals)


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

    @property
    def hours_label(self):
        return intervals_label(self.intervals)

    def __str__(self):
        return f"{self.days_label}: {self.hours_label}"


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


def weekly_hours_text(hours):
    """One line per group of days, as the public page words them; `parse_weekly_hours` reads it."""
    return "\n".join(str(group) for group in group_weekdays(hours))


def weekly_hours_line(hours):
    """The whole week on one line, for lists: „понеделник – петък: 8:30–17:30; събота: 9:00–13:00“."""
    return "; ".join(str(group) for group in group_weekdays(hours))


# Reading what staff type. Names are compared casefolded and without a final dot; both languages
# are accepted whatever the admin's language, since no name means one day in one and another in
# the other.
DAY_NAMES = {
    **dict.fromkeys(["понеделник", "пон", "пн"], 1),
    **dict.fromkeys(["вторник", "вт"], 2),
    **dict.fromkeys(["сряда", "ср"], 3),
    **dict.fromkeys(["четвъртък", "чет", "чт"], 4),
    **dict.fromkeys(["петък", "пет", "пт"], 5),
    **dict.fromkeys(["събота", "съб", "сб"], 6),
    **dict.fromkeys(["неделя", "нед", "нд"], 7),
    **dict.fromkeys(["monday", "mon", "mo"], 1),
    **dict.fromkeys(["tuesday", "tues", "tue", "tu"], 2),
    **dict.fromkeys(["wednesday", "wed", "we"], 3),
    **dict.fromkeys(["thursday", "thurs", "thur", "thu", "th"], 4),
    **dict.fromkeys(["friday", "fri", "fr"], 5),
    **dict.fromkeys(["saturday", "sat", "sa"], 6),
    **dict.fromkeys(["sunday", "sun", "su"], 7),
}
CLOSED_WORDS = {
    "затворено",
    "почивен ден",
    "почивни дни",
    "неработен ден",
    "неработни дни",
    "closed",
}

DASH = r"\s*(?:[-‐‑‒–—−]|\bдо\b|\bto\b)\s*"
LIST_SEPARATOR = r"\s*(?:[,;&]|\bи\b|\band\b)\s*"
DAY_WORD = r"([^\W\d_]+)\.?"
DAYS_ITEM = re.compile(rf"(?:(?:от|from)\s+)?{DAY_WORD}(?:{DASH}{DAY_WORD})?", re.IGNORECASE)
TIME = r"(\d{1,2})(?:[:.](\d{2})(?::00)?)?(?:\s*ч\.?)?"  # „8:30“, „8.30“, „08:30:00“, „9 ч.“
INTERVAL = re.compile(rf"(?:(?:от|from)\s*)?{TIME}{DASH}{TIME}", re.IGNORECASE)
BETWEEN_INTERVALS = re.compile(rf"(?:{LIST_SEPARATOR}|\s*)", re.IGNORECASE)

EXAMPLE = gettext_lazy(
    "„понеделник – петък: 8:30–12:30, 13:30–17:30“, „пн–пт 8:30–17:30“, „съб 9:00–13:00“"
)


class UnreadableLine(ValueError):
    pass


def unreadable(number, line):
    return ValidationError(
        _(
            "Ред %(number)d („%(line)s“) не може да се прочете. Пишете дните и часовете, "
            "например: %(example)s."
        ),
        code="unreadable",
        params={"number": number, "line": line, "example": EXAMPLE},
    )


def parse_days(text):
    """„пн–пт“, „понеделник - петък“, „пн, ср и пт“, „събота“ → [1, 2, 3, 4, 5]."""
    days = []
    for item in re.split(LIST_SEPARATOR, text, flags=re.IGNORECASE):
        match = DAYS_ITEM.fullmatch(item)
        if not match:
            raise UnreadableLine
        first, last = (DAY_NAMES.get(name.casefold()) if name else None for name in match.groups())
        if first is None or (match.group(2) and last is None):
            raise UnreadableLine
        last = last or first
        # „петък – понеделник“ runs over the weekend.
        span = range(first, last + 1) if first <= last else [*range(first, 8), *range(1, last + 1)]
        days.extend(day for day in span if day not in days)
    return days


def to_time(hour, minute, closing):
    hour, minute = int(hour), int(minute or 0)
    if closing and (hour, minute) == (24, 0):
        return datetime.time(0, 0)  # „18:00–24:00“: until midnight
    if hour > 23 or minute > 59:
        raise UnreadableLine
    return datetime.time(hour, minute)


def parse_intervals(text):
    """„8:30–12:30, 13:30–17:30“, „8.30-12.30 и 13.30-17.30“, „9–13 ч.“ → [(opens, closes), …]."""
    intervals, position = [], 0
    for match in INTERVAL.finditer(text):
        gap = text[position : match.start()]
        if not (BETWEEN_INTERVALS.fullmatch(gap) and (intervals or not gap.strip())):
            raise UnreadableLine
        opens = to_time(*match.group(1, 2), closing=False)
        intervals.append((opens, to_time(*match.group(3, 4), closing=True)))
        position = match.end()
    if not intervals or text[position:].strip(" .;,"):
        raise UnreadableLine
    return intervals


def parse_line(line):
    """Days and their intervals; intervals are [] for „събота – неделя: затворено“."""
    split = re.search(r"\d", line)
    if split is None:
        words = line.casefold().rstrip(" .")
        closed = next((word for word in CLOSED_WORDS if words.endswith(word)), None)
        if closed is None:
            raise UnreadableLine
        return parse_days(strip_days(line[: len(words) - len(closed)])), []
    return parse_days(strip_days(line[: split.start()])), parse_intervals(line[split.start() :])


def strip_days(text):
    """„понеделник – петък:“, „пн от“ → the days alone."""
    return re.sub(r"(?:(?:^|\s)(?:от|from))?[\s:,–-]*$", "", text.strip(), flags=re.IGNORECASE)


def interval_label(day, opens, closes):
    return f"{Weekday(day).label} {time_label(opens)}–{time_label(closes)}"


def parse_weekly_hours(text):
    """Read a week of hours, one line per group of days, into sorted (weekday, opens, closes).

    A closing time before the opening time runs past midnight (as the model allows); intervals
    that overlap, also across midnight, are refused. Raises ValidationError naming each line it
    cannot read.
    """
    errors, entries, closed_days = [], [], {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            days, intervals = parse_line(line)
        except UnreadableLine:
            errors.append(unreadable(number, line))
            continue
        if not intervals:
            closed_days.update(dict.fromkeys(days, number))
        for opens, closes in intervals:
            if opens == closes:
                errors.append(
                    ValidationError(
                        _("Ред %(number)d: интервалът %(interval)s е празен."),
                        code="empty",
                        params={
                            "number": number,
                            "interval": f"{time_label(opens)}–{time_label(closes)}",
                        },
                    )
                )
                continue
            entries.extend((day, opens, closes, number) for day in days)
    if errors:
        raise ValidationError(errors)
    for day, _opens, _closes, number in entries:
        if day in closed_days:
            raise ValidationError(
                _(
                    "Ред %(closed)d казва, че в деня „%(day)s“ звеното не работи, а ред "
                    "%(number)d дава часове за него."
                ),
                code="closed",
                params={"day": Weekday(day).label, "closed": closed_days[day], "number": number},
            )
    check_overlaps(entries)
    return sorted((day, opens, closes) for day, opens, closes, _number in entries)


def check_overlaps(entries):
    """Refuse intervals that overlap, on one day or past midnight into the next (Sunday's night
    runs into Monday). Intervals that only touch (8:00–12:00, 12:00–17:00) are allowed."""

    def minutes(value):
        return value.hour * 60 + value.minute

    spans = []
    for day, opens, closes, _number in entries:
        start = (day - 1) * MINUTES_PER_DAY + minutes(opens)
        length = (minutes(closes) - minutes(opens)) % MINUTES_PER_DAY
        spans.append((start, start + length, (day, opens, closes)))
    spans.sort()
    week = 7 * MINUTES_PER_DAY
    pairs = list(pairwise(spans))
    if len(spans) > 1:  # the last interval of the week against the first, a week later
        last, first = spans[-1], spans[0]
        pairs.append((last, (first[0] + week, first[1] + week, first[2])))
    for (_start, end, earlier), (start, _end, later) in pairs:
        if start < end:
            raise ValidationError(
                _("Интервалите %(first)s и %(second)s се застъпват."),
                code="overlap",
                params={"first": interval_label(*earlier), "second": interval_label(*later)},
            )
