"""Open now / closed now at given instants, in Europe/Sofia."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from contacts.models import OpeningHours
from contacts.opening import SOFIA, describe, opening_status


def at(*args):
    return datetime.datetime(*args, tzinfo=SOFIA)


def weekdays(*intervals, days=range(1, 6)):
    return [
        OpeningHours(weekday=day, opens=datetime.time(*opens), closes=datetime.time(*closes))
        for day in days
        for opens, closes in intervals
    ]


ADMINISTRATION = weekdays(((8, 30), (12, 30)), ((13, 30), (17, 30)))
WEDNESDAY = (2026, 11, 25)


def text(hours, now):
    return describe(opening_status(hours, now), now)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ((7, 0), "Затворено сега · отваря в 8:30"),
        ((8, 29), "Затворено сега · отваря в 8:30"),
        ((8, 30), "Отворено сега · затваря в 12:30"),
        ((12, 29), "Отворено сега · затваря в 12:30"),
        ((12, 30), "Затворено сега · отваря в 13:30"),  # the lunch break
        ((13, 0), "Затворено сега · отваря в 13:30"),
        ((13, 30), "Отворено сега · затваря в 17:30"),
        ((17, 29), "Отворено сега · затваря в 17:30"),
        ((17, 30), "Затворено сега · отваря утре в 8:30"),
        ((23, 59), "Затворено сега · отваря утре в 8:30"),
    ],
)
def test_a_working_day_with_a_lunch_break(moment, expected):
    assert text(ADMINISTRATION, at(*WEDNESDAY, *moment)) == expected


def test_friday_evening_and_the_weekend_point_to_monday():
    assert (
        text(ADMINISTRATION, at(2026, 11, 27, 17, 30))
        == "Затворено сега · отваря в понеделник в 8:30"
    )
    assert (
        text(ADMINISTRATION, at(2026, 11, 28, 11, 0))
        == "Затворено сега · отваря в понеделник в 8:30"
    )
    assert text(ADMINISTRATION, at(2026, 11, 30, 8, 0)) == "Затворено сега · отваря в 8:30"


def test_bulgarian_changes_the_preposition_before_tuesday():
    only_tuesday = weekdays(((9, 0), (12, 0)), days=[2])
    assert text(only_tuesday, at(*WEDNESDAY, 10, 0)) == "Затворено сега · отваря във вторник в 9:00"


def test_public_holidays_are_closed_including_orthodox_easter():
    # Christmas Eve 2026 is a Thursday; 24–28 December are holidays (28th: Christmas observed).
    assert (
        text(ADMINISTRATION, at(2026, 12, 24, 10, 0))
        == "Затворено сега · отваря във вторник в 8:30"
    )
    # Orthodox Easter Monday 2027 is 3 May (Western Easter is 28 March).
    status = opening_status(ADMINISTRATION, at(2027, 5, 3, 10, 0))
    assert not status.is_open
    assert status.next_change == at(2027, 5, 5, 8, 30)  # 4 May: Labour Day observed


def test_a_long_run_of_holidays_shows_the_date():
    status = opening_status(ADMINISTRATION, at(2026, 12, 23, 18, 0))
    assert status.next_change == at(2026, 12, 29, 8, 30)
    assert describe(status, at(2026, 12, 23, 18, 0)) == "Затворено сега · отваря във вторник в 8:30"


def test_an_interval_past_midnight():
    night = weekdays(((22, 0), (2, 0)), days=[5])  # Friday 22:00 – Saturday 2:00
    assert text(night, at(2026, 11, 27, 21, 59)) == "Затворено сега · отваря в 22:00"
    assert text(night, at(2026, 11, 27, 23, 0)) == "Отворено сега · затваря утре в 2:00"
    assert text(night, at(2026, 11, 28, 1, 59)) == "Отворено сега · затваря в 2:00"
    assert text(night, at(2026, 11, 28, 2, 0)) == "Затворено сега · отваря в петък в 22:00"


def test_days_without_hours_are_closed():
    mondays = weekdays(((8, 0), (17, 0)), days=[1])
    status = opening_status(mondays, at(*WEDNESDAY, 10, 0))
    assert not status.is_open and status.next_change == at(2026, 11, 30, 8, 0)


def test_more_than_a_week_ahead_shows_the_date():
    thursdays = weekdays(((9, 0), (12, 0)), days=[4])
    # Thursday 24 December 2026 is Christmas Eve: from the 23rd, the next opening is the 31st.
    now = at(2026, 12, 23, 13, 0)
    assert (
        describe(opening_status(thursdays, now), now)
        == "Затворено сега · отваря на 31 декември 2026 г. в 9:00"
    )


def test_an_office_without_hours_has_no_status():
    assert opening_status([], at(*WEDNESDAY, 10, 0)) is None


def test_touching_intervals_are_one_opening():
    split = weekdays(((8, 0), (12, 0)), ((12, 0), (17, 0)))
    assert text(split, at(*WEDNESDAY, 11, 0)) == "Отворено сега · затваря в 17:00"


def test_summer_time_is_sofias():
    # 29 March 2026 clocks go forward in Sofia; Monday 30 March at 8:30 local is 05:30 UTC.
    status = opening_status(
        ADMINISTRATION, datetime.datetime(2026, 3, 30, 5, 31, tzinfo=datetime.UTC)
    )
    assert status.is_open


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_said_at_request_time_and_never_cached_past_the_next_change(
    client, initial_data, settings, page_cache_seconds
):
    """Neither the page cache nor the statuses kept without it outlive the next opening or
    closing."""
    settings.CACHE_MIDDLEWARE_SECONDS = page_cache_seconds

    def get_at(moment):
        # The whole process's clock: the view's "now" and the caches' expiry times alike.
        with time_machine.travel(moment, tick=False):
            return client.get(reverse("contacts:directory")).content.decode()

    just_before = datetime.datetime(
        2026, 11, 25, 10, 29, 30, tzinfo=datetime.UTC
    )  # 12:29:30 in Sofia
    assert "Отворено сега · затваря в 12:30" in get_at(just_before)
    assert "Отворено сега · затваря в 12:30" in get_at(just_before + datetime.timedelta(seconds=20))
    after = get_at(just_before + datetime.timedelta(seconds=35))
    assert "Затворено сега · отваря в 13:30" in after


def test_english_wording():
    from django.utils import translation

    with translation.override("en"):
        assert text(ADMINISTRATION, at(*WEDNESDAY, 12, 45)) == "Closed now · opens at 13:30"
        assert (
            text(ADMINISTRATION, at(2026, 11, 27, 18, 0)) == "Closed now · opens on Monday at 8:30"
        )
