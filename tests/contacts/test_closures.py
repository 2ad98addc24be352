"""Closures and extra working days, through the real pages with the clock set: the directory, an
office's page, its JSON-LD, the OSM `opening_hours` export and the iCalendar feed.

The days are those the issue names: a working Saturday (26.09.2026, 8:30–12:30) against a bridge
day off (Monday 21.09.2026, before Independence Day on Tuesday 22.09), the closure of one
office, and Christmas Eve (24.12.2026, with the 25th, 26th and 28th public holidays).
"""

import datetime
import re

import pytest
import time_machine
import vobject
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from opening_hours import OpeningHours, State
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from contacts.models import Closure, Office, WorkingDay
from contacts.models import OpeningHours as WeeklyHours
from contacts.opening import SOFIA, describe, opening_status
from tests.admin_forms import errors
from tests.factories import make_office, make_working_day
from tests.html_text import json_ld

pytestmark = pytest.mark.django_db

DIRECTORY = "/kontakti/"
ADMINISTRATION = "obshtinska-administratsiya"  # Mon–Fri 8:30–12:30, 13:30–17:30
CENTRE = "tsentar-za-informatsiya-i-uslugi"  # Mon–Fri 8:30–17:30
MAYORALTIES = "kmetstva"  # Mon–Fri 8:00–17:00


def at(*args):
    return datetime.datetime(*args, tzinfo=SOFIA)


def get_at(client, url, moment):
    """The page as a visitor gets it at `moment` (the whole process's clock, caches included)."""
    with time_machine.travel(moment, tick=False):
        return client.get(url)


def card_html(response, slug):
    html = response.content.decode()
    [article] = re.findall(rf'<article class="office" id="{slug}".*?</article>', html, re.S)
    return article


def card(response, slug):
    """The text of one office's card on the page, as read."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", card_html(response, slug)))


def status_of(response, slug):
    return re.search(r"(?:Отворено|Затворено) сега[^<]*", card_html(response, slug))[0].strip()


def office(slug):
    return Office.objects.get(slug=slug)


def max_age(response):
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])


def view_max_age(url, moment):
    """The `max-age` the view gives the page cache (browsers are told `no-cache` instead)."""
    request = RequestFactory().get(url)
    request.COOKIES = {}
    with time_machine.travel(moment, tick=False):
        match = resolve(url)
        return max_age(match.func(request, *match.args, **match.kwargs))


@pytest.fixture
def working_saturday(initial_data):
    """The bridge day off and the Saturday that makes up for it, for every office."""
    bridge = Closure.objects.create(
        start_date=datetime.date(2026, 9, 21),
        reason_bg="Почивен ден по решение на Министерския съвет",
        reason_en="Day off by decision of the Council of Ministers",
    )
    saturday = WorkingDay.objects.create(
        date=datetime.date(2026, 9, 26),
        opens=datetime.time(8, 30),
        closes=datetime.time(12, 30),
        reason_bg="Отработване на 21 септември",
        reason_en="Making up for 21 September",
    )
    return bridge, saturday


@pytest.fixture
def centre_closed(initial_data):
    """A closure of one office: the centre's inventory."""
    closure = Closure.objects.create(
        start_date=datetime.date(2026, 11, 25), reason_bg="Инвентаризация"
    )
    closure.offices.set([office(CENTRE)])
    return closure


# The status on the days and around them: the records (a fixture), the page, the moment, and what
# each office's card says then.


@pytest.mark.parametrize(
    ("records", "url", "moment", "statuses"),
    [
        pytest.param(
            "working_saturday",
            DIRECTORY,
            at(2026, 9, 26, 10, 0),
            {
                ADMINISTRATION: "Отворено сега · затваря в 12:30",
                MAYORALTIES: "Отворено сега · затваря в 12:30",
            },
            id="open-on-the-working-saturday",
        ),
        pytest.param(
            "working_saturday",
            f"{DIRECTORY}{CENTRE}/",
            at(2026, 9, 26, 12, 30),
            {CENTRE: "Затворено сега · отваря в понеделник в 8:30"},
            id="the-working-saturday-over",
        ),
        pytest.param(
            "working_saturday",
            DIRECTORY,
            at(2026, 9, 25, 18, 0),
            {ADMINISTRATION: "Затворено сега · отваря утре в 8:30"},
            id="the-friday-before-points-to-saturday-morning",
        ),
        pytest.param(
            "working_saturday",
            DIRECTORY,
            at(2026, 10, 3, 10, 0),
            {ADMINISTRATION: "Затворено сега · отваря в понеделник в 8:30"},
            id="a-saturday-without-a-working-day-stays-closed",
        ),
        # Tuesday 22 September is Independence Day: the next opening is Wednesday's.
        pytest.param(
            "working_saturday",
            DIRECTORY,
            at(2026, 9, 21, 10, 0),
            {
                ADMINISTRATION: "Затворено сега · отваря в сряда в 8:30",
                CENTRE: "Затворено сега · отваря в сряда в 8:30",
                MAYORALTIES: "Затворено сега · отваря в сряда в 8:00",
            },
            id="closed-on-the-bridge-day",
        ),
        pytest.param(
            "working_saturday",
            DIRECTORY,
            at(2026, 9, 18, 18, 0),
            {ADMINISTRATION: "Затворено сега · отваря в сряда в 8:30"},
            id="the-friday-before-points-past-the-bridge-day",
        ),
        pytest.param(
            "centre_closed",
            DIRECTORY,
            at(2026, 11, 25, 10, 0),
            {
                CENTRE: "Затворено сега · отваря утре в 8:30",
                ADMINISTRATION: "Отворено сега · затваря в 12:30",
                MAYORALTIES: "Отворено сега · затваря в 17:00",
            },
            id="a-closure-of-one-office-leaves-the-others-open",
        ),
        pytest.param(
            "centre_closed",
            f"{DIRECTORY}{CENTRE}/",
            at(2026, 11, 25, 10, 0),
            {CENTRE: "Затворено сега · отваря утре в 8:30"},
            id="the-closed-office-on-its-own-page",
        ),
    ],
)
def test_the_status_on_and_around_the_days(client, request, records, url, moment, statuses):
    request.getfixturevalue(records)
    page = get_at(client, url, moment)
    assert {slug: status_of(page, slug) for slug in statuses} == statuses


# A working Saturday.


def test_the_working_saturday_is_announced_once_on_the_directory_and_on_each_page(
    client, working_saturday
):
    line = "Отворено в събота, 26 септември 2026 г.: 8:30–12:30 – Отработване на 21 септември"
    page = get_at(client, DIRECTORY, at(2026, 9, 24, 10, 0))
    section = page.content.decode().split('id="changes-all"')[1].split("</section>")[0]
    assert line in re.sub(r"<[^>]+>", "", section)
    assert "26 септември" not in card(page, ADMINISTRATION)  # said once, above the cards
    detail = get_at(client, office(ADMINISTRATION).get_absolute_url(), at(2026, 9, 24, 10, 0))
    assert line in card(detail, ADMINISTRATION)
    # Once the day is over, it is no longer announced.
    later = get_at(client, office(ADMINISTRATION).get_absolute_url(), at(2026, 9, 27, 10, 0))
    assert "26 септември" not in later.content.decode()


def test_english_pages_word_the_changes_in_english(client, working_saturday):
    page = get_at(client, "/en" + DIRECTORY, at(2026, 9, 19, 10, 0))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.content.decode()))
    assert "Closed on 21 September 2026 – Day off by decision of the Council of Ministers" in text
    assert "Open on Saturday, 26 September 2026: 8:30–12:30 – Making up for 21 September" in text
    saturday = working_saturday[1]
    saturday.reason_en = ""
    saturday.save()
    page = get_at(client, "/en" + DIRECTORY, at(2026, 9, 19, 10, 1))
    assertContains(page, '<span lang="bg">Отработване на 21 септември</span>', html=True)


def test_a_working_day_of_one_office_wins_over_that_of_all(client, working_saturday):
    centre_saturday = WorkingDay.objects.create(
        date=datetime.date(2026, 9, 26),
        opens=datetime.time(9, 0),
        closes=datetime.time(17, 0),
        break_starts=datetime.time(12, 0),
        break_ends=datetime.time(13, 0),
        reason_bg="Приемен ден",
    )
    centre_saturday.offices.set([office(CENTRE)])
    page = get_at(client, DIRECTORY, at(2026, 9, 26, 12, 45))
    assert status_of(page, CENTRE) == "Затворено сега · отваря в 13:00"
    assert status_of(page, ADMINISTRATION) == "Затворено сега · отваря в понеделник в 8:30"
    assert "Отворено в събота, 26 септември 2026 г.: 9:00–12:00, 13:00–17:00" in card(page, CENTRE)


# A bridge day off.


def test_the_bridge_day_is_announced_the_friday_before(client, working_saturday):
    friday = get_at(client, DIRECTORY, at(2026, 9, 18, 18, 0))
    text = re.sub(r"<[^>]+>", "", friday.content.decode())
    assert (
        "Затворено на 21 септември 2026 г. – Почивен ден по решение на Министерския съвет" in text
    )


# A closure of one office.


def test_a_closure_of_one_office_is_on_its_card_only(client, centre_closed):
    page = get_at(client, DIRECTORY, at(2026, 11, 25, 10, 0))
    assert "Затворено на 25 ноември 2026 г. – Инвентаризация" in card(page, CENTRE)
    assert "Инвентаризация" not in card(page, ADMINISTRATION)
    assert 'id="changes-all"' not in page.content.decode()  # nothing for every office
    other = get_at(client, office(ADMINISTRATION).get_absolute_url(), at(2026, 11, 25, 10, 0))
    assert "Инвентаризация" not in other.content.decode()


def test_a_closure_of_several_days_is_one_line_and_covers_each_day(client, centre_closed):
    centre_closed.end_date = datetime.date(2026, 11, 27)
    centre_closed.save()
    page = get_at(client, DIRECTORY, at(2026, 11, 24, 18, 0))
    assert status_of(page, CENTRE) == "Затворено сега · отваря в понеделник в 8:30"
    assert "Затворено от 25 до 27 ноември 2026 г. – Инвентаризация" in card(page, CENTRE)
    centre_closed.end_date = datetime.date(2026, 12, 2)
    centre_closed.save()
    page = get_at(client, DIRECTORY, at(2026, 11, 24, 18, 1))
    assert "Затворено от 25 ноември до 2 декември 2026 г." in card(page, CENTRE)


def test_an_office_closed_for_weeks_says_when_it_opens_again(client, centre_closed):
    centre_closed.end_date = datetime.date(2027, 1, 15)  # past the holidays' look-ahead
    centre_closed.save()
    page = get_at(client, DIRECTORY, at(2026, 11, 25, 10, 0))
    assert status_of(page, CENTRE) == "Затворено сега · отваря на 18 януари 2027 г. в 8:30"
    assert "Затворено от 25 ноември 2026 г. до 15 януари 2027 г." in card(page, CENTRE)


def test_a_draft_closure_changes_nothing(client, centre_closed):
    centre_closed.is_published = False
    centre_closed.save()
    page = get_at(client, DIRECTORY, at(2026, 11, 25, 10, 0))
    assert status_of(page, CENTRE) == "Отворено сега · затваря в 17:30"
    assert "Инвентаризация" not in page.content.decode()


# Christmas Eve.


@pytest.fixture
def christmas_eve(initial_data):
    return Closure.objects.create(
        start_date=datetime.date(2026, 12, 24), reason_bg="Бъдни вечер", reason_en="Christmas Eve"
    )


def test_christmas_eve_is_closed_and_the_evening_before_points_past_christmas(
    client, christmas_eve
):
    # The 25th and 26th are Christmas, the 28th its day moved off Saturday: Tuesday the 29th.
    evening = get_at(client, DIRECTORY, at(2026, 12, 23, 18, 0))
    assert status_of(evening, ADMINISTRATION) == "Затворено сега · отваря във вторник в 8:30"
    text = re.sub(r"<[^>]+>", "", evening.content.decode())
    assert "Затворено на 24 декември 2026 г. – Бъдни вечер" in text
    eve = get_at(client, office(ADMINISTRATION).get_absolute_url(), at(2026, 12, 24, 10, 0))
    assert status_of(eve, ADMINISTRATION) == "Затворено сега · отваря във вторник в 8:30"
    assert "Затворено на 24 декември 2026 г. – Бъдни вечер" in card(eve, ADMINISTRATION)


def test_a_closure_wins_over_a_working_day_of_the_same_date(client, christmas_eve):
    """On the pages, in the export (test_the_export_reads_back_as_the_pages_say) and in the feed:
    subscribers are not told „Затворено“ and „Отворено“ for the same day."""
    WorkingDay.objects.create(
        date=datetime.date(2026, 12, 24),
        opens=datetime.time(8, 30),
        closes=datetime.time(12, 0),
        reason_bg="Съкратен ден",
    )
    page = get_at(client, DIRECTORY, at(2026, 12, 24, 10, 0))
    assert status_of(page, ADMINISTRATION) == "Затворено сега · отваря във вторник в 8:30"
    assert "Съкратен ден" not in page.content.decode()
    _response, calendar = feed(client, at(2026, 12, 20, 10, 0))
    assert [event.summary.value for event in calendar.vevent_list] == ["Затворено: Бъдни вечер"]


def test_a_closure_of_every_office_wins_over_an_office_s_own_working_day(client, christmas_eve):
    """The office's card does not offer a day the whole administration is closed, nor does the
    feed: the status says closed, and so does every list."""
    make_working_day(
        offices=[office(CENTRE)],
        date=datetime.date(2026, 12, 24),
        opens=datetime.time(8, 30),
        closes=datetime.time(12, 0),
        reason_bg="Дежурство на центъра",
    )
    page = get_at(client, DIRECTORY, at(2026, 12, 24, 10, 0))
    assert status_of(page, CENTRE).startswith("Затворено сега")
    assert "Дежурство на центъра" not in page.content.decode()
    office_page = get_at(client, office(CENTRE).get_absolute_url(), at(2026, 12, 23, 10, 0))
    assert "Дежурство на центъра" not in office_page.content.decode()
    _response, calendar = feed(client, at(2026, 12, 20, 10, 0))
    assert [event.summary.value for event in calendar.vevent_list] == ["Затворено: Бъдни вечер"]


# The page's cache never outlasts the next change.


@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_the_working_saturday_shows_open_from_its_first_minute(
    client, working_saturday, settings, page_cache_seconds
):
    settings.CACHE_MIDDLEWARE_SECONDS = page_cache_seconds
    before = get_at(client, DIRECTORY, at(2026, 9, 26, 8, 29, 30))
    assert status_of(before, ADMINISTRATION) == "Затворено сега · отваря в 8:30"
    assert view_max_age(DIRECTORY, at(2026, 9, 26, 8, 29, 30)) == 30
    again = get_at(client, DIRECTORY, at(2026, 9, 26, 8, 29, 50))
    assert status_of(again, ADMINISTRATION) == "Затворено сега · отваря в 8:30"
    after = get_at(client, DIRECTORY, at(2026, 9, 26, 8, 30, 5))
    assert status_of(after, ADMINISTRATION) == "Отворено сега · затваря в 12:30"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 9, 26, 12, 29), 60),  # the working Saturday closes
        (at(2026, 9, 21, 23, 58), 120),  # the bridge day: nothing opens before Wednesday, but
        # at midnight „в сряда“ stays while the notice of the 21st goes
        (at(2026, 9, 20, 10, 0), 300),  # a Sunday: the longest a status page is kept
    ],
)
def test_max_age_never_outlasts_the_next_change(working_saturday, moment, expected):
    assert view_max_age(DIRECTORY, moment) == expected
    assert view_max_age(office(CENTRE).get_absolute_url(), moment) == expected


def test_tomorrow_becomes_today_at_midnight(client, working_saturday, settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    evening = get_at(client, DIRECTORY, at(2026, 9, 25, 23, 59, 30))
    assert status_of(evening, ADMINISTRATION) == "Затворено сега · отваря утре в 8:30"
    assert view_max_age(DIRECTORY, at(2026, 9, 25, 23, 59, 30)) == 30
    night = get_at(client, DIRECTORY, at(2026, 9, 26, 0, 0, 5))
    assert status_of(night, ADMINISTRATION) == "Затворено сега · отваря в 8:30"


# The JSON-LD.


def test_json_ld_gives_the_closures_and_working_days_as_special_hours(client, working_saturday):
    centre = Closure.objects.create(
        start_date=datetime.date(2026, 9, 28),
        end_date=datetime.date(2026, 9, 29),
        reason_bg="Инвентаризация",
    )
    centre.offices.set([office(CENTRE)])
    data = json_ld(get_at(client, DIRECTORY, at(2026, 9, 19, 10, 0)))
    municipality = data["@graph"][0]
    saturday = {
        "@type": "OpeningHoursSpecification",
        "validFrom": "2026-09-26",
        "validThrough": "2026-09-26",
        "opens": "08:30",
        "closes": "12:30",
    }
    bridge = {**saturday, "validFrom": "2026-09-21", "validThrough": "2026-09-21"}
    bridge.update(opens="00:00", closes="00:00")
    assert municipality["specialOpeningHoursSpecification"] == [bridge, saturday]
    points = {point["url"].rsplit("/", 2)[1]: point for point in municipality["contactPoint"]}
    centre_hours = points[CENTRE]["hoursAvailable"]
    assert centre_hours[0]["dayOfWeek"][0] == "Monday"  # the week first
    assert centre_hours[1:] == [
        bridge,
        saturday,
        {**bridge, "validFrom": "2026-09-28", "validThrough": "2026-09-29"},
    ]
    assert bridge in points[MAYORALTIES]["hoursAvailable"]
    assert "hoursAvailable" not in points["grao"]  # no weekly hours: nothing is said


def test_a_closure_under_way_is_valid_from_today(client, centre_closed):
    centre_closed.end_date = datetime.date(2026, 11, 27)
    centre_closed.save()
    data = json_ld(get_at(client, office(CENTRE).get_absolute_url(), at(2026, 11, 26, 10, 0)))
    [point] = data["@graph"][0]["contactPoint"]
    assert point["hoursAvailable"][-1]["validFrom"] == "2026-11-26"
    assert point["hoursAvailable"][-1]["validThrough"] == "2026-11-27"


# The OpenStreetMap opening_hours export.


def export(client, moment):
    offices = get_at(client, reverse("contacts:directory_json"), moment).json()["offices"]
    return {record["slug"]: record["opening_hours"] for record in offices}


def test_the_export_adds_date_rules_in_opening_hours_syntax(
    client, working_saturday, christmas_eve
):
    hours = export(client, at(2026, 9, 19, 10, 0))
    assert hours[ADMINISTRATION] == (
        "Mo-Fr 08:30-12:30,13:30-17:30; 2026 Sep 26 08:30-12:30; 2026 Sep 21 off; 2026 Dec 24 off"
    )
    assert hours["grao"] == ""  # no weekly hours: not known, whatever the dates say


def test_the_export_reads_back_as_the_pages_say(client, working_saturday, centre_closed):
    """Parsed by opening-hours-py (an implementation of the OSM specification), the export is
    open and closed when the site says, on the special days and around them."""
    christmas = Closure.objects.create(
        start_date=datetime.date(2026, 12, 30),
        end_date=datetime.date(2027, 1, 4),
        reason_bg="Между празниците",
    )
    christmas.offices.set([office(CENTRE)])
    hours = export(client, at(2026, 9, 19, 10, 0))
    moments = [
        at(2026, 9, 21, 10, 0),  # the bridge day
        at(2026, 9, 23, 10, 0),
        at(2026, 9, 26, 10, 0),  # the working Saturday
        at(2026, 9, 26, 13, 0),
        at(2026, 10, 3, 10, 0),  # an ordinary Saturday
        at(2026, 11, 25, 10, 0),  # the centre's own closure
        at(2026, 11, 26, 10, 0),
        at(2026, 12, 31, 10, 0),  # across the new year
        at(2027, 1, 4, 10, 0),
        at(2027, 1, 5, 10, 0),
    ]
    for slug in (ADMINISTRATION, CENTRE, MAYORALTIES):
        rules = OpeningHours(hours[slug], timezone=SOFIA)
        for moment in moments:
            page = get_at(client, office(slug).get_absolute_url(), moment)
            site_open = status_of(page, slug).startswith("Отворено")
            assert (rules.state(moment)[0] == State.OPEN) == site_open, (slug, moment)
    assert "2026 Dec 30-2027 Jan 04 off" in hours[CENTRE]
    assert "2026 Nov 25 off" in hours[CENTRE]


# The iCalendar feed.


def feed(client, moment, language=""):
    response = get_at(client, f"{language}/kontakti/closures.ics", moment)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, vobject.readOne(response.content.decode())


def events(calendar):
    return {event.uid.value: event for event in calendar.contents.get("vevent", [])}


def test_the_feed_lists_the_changes_to_come_as_all_day_events(
    client, working_saturday, centre_closed, settings
):
    settings.SITE_URL = "https://international.kazanlak.bg"
    bridge, saturday = working_saturday
    response, calendar = feed(client, at(2026, 9, 19, 10, 0))
    assert reverse("contacts:closures_ics") == "/kontakti/closures.ics"
    assert response["Access-Control-Allow-Origin"] == "*"
    found = events(calendar)
    assert set(found) == {
        f"closure-{bridge.pk}@international.kazanlak.bg",
        f"working-day-{saturday.pk}@international.kazanlak.bg",
        f"closure-{centre_closed.pk}@international.kazanlak.bg",
    }
    day_off = found[f"closure-{bridge.pk}@international.kazanlak.bg"]
    assert day_off.dtstart.value == datetime.date(2026, 9, 21)
    assert day_off.dtend.value == datetime.date(2026, 9, 22)  # the day after the last
    assert day_off.summary.value == "Затворено: Почивен ден по решение на Министерския съвет"
    assert day_off.description.value == "Всички звена от телефонния указател."
    assert day_off.url.value == "https://international.kazanlak.bg/kontakti/"
    work = found[f"working-day-{saturday.pk}@international.kazanlak.bg"]
    assert work.summary.value == "Отворено 8:30–12:30: Отработване на 21 септември"
    centre = found[f"closure-{centre_closed.pk}@international.kazanlak.bg"]
    name = office(CENTRE).name
    assert centre.summary.value == f"Затворено: Инвентаризация ({name})"
    assert centre.description.value == f"Звена: {name}."
    assert centre.url.value == f"https://international.kazanlak.bg/kontakti/{CENTRE}/"
    assert [e.dtstart.value for e in calendar.vevent_list] == sorted(
        e.dtstart.value for e in calendar.vevent_list
    )
    # Folded at 75 octets (RFC 5545), not 75 letters: Cyrillic takes two octets a letter.
    lines = response.content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75 and lines[-1] == b""


def test_the_feed_keeps_each_uid_and_drops_drafts_past_days_and_hidden_offices(
    client, working_saturday, centre_closed
):
    bridge, saturday = working_saturday
    _response, before = feed(client, at(2026, 9, 19, 10, 0))
    bridge.reason_bg = "Почивен ден"
    bridge.save()
    _response, after = feed(client, at(2026, 9, 19, 10, 1))
    assert set(events(after)) == set(events(before))
    [changed] = [e for e in after.vevent_list if e.uid.value.startswith(f"closure-{bridge.pk}@")]
    assert changed.summary.value == "Затворено: Почивен ден"
    saturday.is_published = False
    saturday.save()
    Office.objects.filter(slug=CENTRE).update(is_published=False)
    _response, later = feed(client, at(2026, 9, 22, 10, 0))  # the bridge day is over
    assert later.contents.get("vevent", []) == []


def test_the_english_feed(client, working_saturday):
    _response, calendar = feed(client, at(2026, 9, 19, 10, 0), language="/en")
    assert calendar.contents["x-wr-calname"][0].value == (
        "Kazanlak Municipality: closures and extra working days"
    )
    summaries = sorted(event.summary.value for event in calendar.vevent_list)
    assert summaries == [
        "Closed: Day off by decision of the Council of Ministers",
        "Open 8:30–12:30: Making up for 21 September",
    ]
    assert calendar.vevent_list[0].url.value.endswith("/en/kontakti/")


def test_the_feed_is_kept_no_later_than_midnight(client, working_saturday, settings):
    assert view_max_age("/kontakti/closures.ics", at(2026, 9, 21, 23, 0)) == 3600
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    _response, calendar = feed(client, at(2026, 9, 21, 23, 59, 50))
    assert len(calendar.vevent_list) == 2
    _response, calendar = feed(client, at(2026, 9, 22, 0, 0, 5))  # the bridge day is over
    assert len(calendar.vevent_list) == 1


# Queries and the admin.


def test_the_directory_keeps_its_ten_queries_with_many_changes(
    client, initial_data, settings, django_assert_num_queries
):
    """Two of the ten load every closure and working day to come, each with the ids of its
    offices (one LEFT JOIN each): no query per record or per office."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    centre = office(CENTRE)
    with time_machine.travel(at(2026, 9, 1, 10, 0), tick=False):
        with django_assert_num_queries(10):
            client.get(DIRECTORY)
        for day in range(2, 30):
            closure = Closure.objects.create(
                start_date=datetime.date(2026, 9, day), reason_bg=f"Ден {day}"
            )
            working_day = WorkingDay.objects.create(
                date=datetime.date(2026, 10, day),
                opens=datetime.time(9),
                closes=datetime.time(12),
                reason_bg=f"Ден {day}",
            )
            if day % 2:
                closure.offices.set([centre, make_office(hours=[(1, "08:00", "17:00")])])
                working_day.offices.set([centre])
        with django_assert_num_queries(10):
            page = client.get(DIRECTORY)
    assert "Ден 29" in page.content.decode()


def test_an_office_page_has_a_fixed_number_of_queries(
    client, working_saturday, centre_closed, settings, django_assert_num_queries
):
    """Twelve: the office with its numbers, e-mails and hours (4), the closures and working days
    with their offices' ids (2), the municipality's address with its hours (2), the footer (4)."""
    settings.CACHE_MIDDLEWARE_SECONDS = 0
    url = office(CENTRE).get_absolute_url()
    with time_machine.travel(at(2026, 9, 19, 10, 0), tick=False), django_assert_num_queries(12):
        client.get(url)


def test_a_closure_of_two_offices_is_once_on_each_of_their_cards(client, initial_data):
    """Read with the ids of both its offices in one LEFT JOIN (a row per office), a closure is one
    record: once on each of its offices' cards, on no other; one of all offices is above the
    cards, on none of them."""
    both = Closure.objects.create(start_date=datetime.date(2026, 9, 21), reason_bg="Обучение")
    both.offices.set([office(CENTRE), office(ADMINISTRATION)])
    Closure.objects.create(start_date=datetime.date(2026, 9, 22), reason_bg="Общо събрание")
    page = get_at(client, DIRECTORY, at(2026, 9, 19, 10, 0))
    for slug in (CENTRE, ADMINISTRATION):
        assert card(page, slug).count("Обучение") == 1
        assert "Общо събрание" not in card(page, slug)
    assert "Обучение" not in card(page, MAYORALTIES)
    section = page.content.decode().split('id="changes-all"')[1].split("</section>")[0]
    assert section.count("Общо събрание") == 1 and "Обучение" not in section


def test_the_status_without_dated_changes_is_the_weeks():
    """With no dated changes given, the week alone decides: the working Saturday of the other
    tests is closed."""
    week = [
        WeeklyHours(weekday=day, opens=datetime.time(8, 30), closes=datetime.time(17, 30))
        for day in range(1, 6)
    ]
    now = at(2026, 9, 26, 10, 0)
    assert describe(opening_status(week, now), now) == "Затворено сега · отваря в понеделник в 8:30"


def test_a_page_without_changes_says_nothing_about_them(client, initial_data):
    page = get_at(client, DIRECTORY, at(2026, 9, 19, 10, 0))
    assertNotContains(page, "Промени в работното време")
    assertContains(page, 'href="/kontakti/closures.ics"')


# The admin: typed as staff write dates and times, in Bulgarian, with drafts and history.


CLOSURE_ADD = "/admin/contacts/closure/add/"
WORKING_DAY_ADD = "/admin/contacts/workingday/add/"


def closure_form(**changes):
    return {
        "start_date": "24.12.2026",
        "end_date": "",
        "reason_bg": "Бъдни вечер",
        "reason_en": "Christmas Eve",
        "is_published": "on",
        **changes,
    }


def working_day_form(**changes):
    return {
        "date": "26.09.2026",
        "opens": "8:30",
        "closes": "12:30",
        "break_starts": "",
        "break_ends": "",
        "reason_bg": "Отработване",
        "reason_en": "",
        "is_published": "on",
        **changes,
    }


def test_the_contacts_editor_adds_a_closure_of_one_office_typed_day_first(
    contacts_client, initial_data
):
    centre = office(CENTRE)
    response = contacts_client.post(CLOSURE_ADD, closure_form(offices=[centre.pk]))
    assert response.status_code == 302, errors(response)
    closure = Closure.objects.get()
    assert closure.start_date == closure.end_date == datetime.date(2026, 12, 24)
    assert list(closure.offices.all()) == [centre]
    assert Version.objects.get_for_object(closure).count() == 1  # in the history
    assert closure.get_absolute_url() == centre.get_absolute_url()  # „Виж на сайта“
    page = get_at(contacts_client.__class__(), centre.get_absolute_url(), at(2026, 12, 20, 10, 0))
    assert "Затворено на 24 декември 2026 г. – Бъдни вечер" in card(page, CENTRE)
    changelist = contacts_client.get("/admin/contacts/closure/")
    assertContains(changelist, "24 декември 2026 г.")
    assertContains(changelist, centre.name)


def test_closure_dates_the_wrong_way_round_are_refused_in_bulgarian_with_the_input_kept(
    contacts_client, initial_data
):
    response = contacts_client.post(CLOSURE_ADD, closure_form(end_date="20.12.2026"))
    assert response.status_code == 200
    assert errors(response) == [
        "Последният затворен ден (20.12.2026 г.) е преди първия (24.12.2026 г.): проверете датите."
    ]
    assertContains(response, 'value="20.12.2026"')
    assertContains(response, 'value="Бъдни вечер"')
    response = contacts_client.post(CLOSURE_ADD, closure_form(start_date="24/12/2026"))
    assert errors(response) == ["Въведете датата във вида дд.мм.гггг, например 15.09.2026."]
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"opens": "12:30", "closes": "8:30"},
            "Часът на затваряне трябва да е след часа на отваряне, напр. от 8:30 до 12:30.",
        ),
        (
            {"break_starts": "12:00"},
            "Попълнете и началото, и края на почивката (или нито едно).",
        ),
        (  # the break ends after closing
            {"closes": "12:45", "break_starts": "12:00", "break_ends": "13:00"},
            "Почивката трябва да започва след отваряне и да свършва преди затваряне, напр. от "
            "8:30 до 17:30 с почивка от 12:30 до 13:30.",
        ),
        ({"opens": "8:70"}, "Въведете часа във вида 8:30."),
    ],
)
def test_working_day_hours_that_cannot_be_are_refused_in_bulgarian(
    contacts_client, initial_data, changes, message
):
    response = contacts_client.post(WORKING_DAY_ADD, working_day_form(**changes))
    assert response.status_code == 200
    assert errors(response) == [message]
    assert not WorkingDay.objects.exists()


def test_the_contacts_editor_adds_a_working_saturday_with_a_break_for_all_offices(
    contacts_client, initial_data
):
    response = contacts_client.post(
        WORKING_DAY_ADD,
        working_day_form(closes="17:30", break_starts="12:30", break_ends="13:30"),
    )
    assert response.status_code == 302, errors(response)
    saturday = WorkingDay.objects.get()
    assert saturday.hours_label == "8:30–12:30, 13:30–17:30"
    assert saturday.get_absolute_url() == DIRECTORY
    page = get_at(contacts_client.__class__(), DIRECTORY, at(2026, 9, 26, 13, 0))
    assert status_of(page, ADMINISTRATION) == "Затворено сега · отваря в 13:30"
    assert status_of(page, CENTRE) == "Затворено сега · отваря в 13:30"
    form = contacts_client.get(f"/admin/contacts/workingday/{saturday.pk}/change/")
    assertContains(form, 'value="26.09.2026"')
    assertContains(form, 'value="12:30"')


def test_a_closure_is_restored_from_its_history(contacts_client, initial_data):
    contacts_client.post(CLOSURE_ADD, closure_form())
    closure = Closure.objects.get()
    url = f"/admin/contacts/closure/{closure.pk}/change/"
    contacts_client.post(url, closure_form(reason_bg="Грешка"))
    closure.refresh_from_db()
    assert closure.reason_bg == "Грешка"
    first = Version.objects.get_for_object(closure).order_by("pk").first()
    revision = f"/admin/contacts/closure/{closure.pk}/history/{first.pk}/"
    assertContains(contacts_client.get(revision), 'value="Бъдни вечер"')
    contacts_client.post(revision, closure_form())
    closure.refresh_from_db()
    assert closure.reason_bg == "Бъдни вечер"


def test_the_when_filter_parts_coming_closures_from_past_ones(contacts_client, initial_data):
    """„кога“ in the changelist, as of today: „предстоящи и днешни“ are those the site still shows
    (also one under way, begun before today), „минали“ those that have ended."""
    today = timezone.localdate()
    for first, last, reason in (
        (-7, -1, "Миналата седмица"),
        (-1, 0, "До днес"),
        (10, 12, "Скоро"),
    ):
        Closure.objects.create(
            start_date=today + datetime.timedelta(first),
            end_date=today + datetime.timedelta(last),
            reason_bg=reason,
        )
    changelist = contacts_client.get("/admin/contacts/closure/")
    assertContains(changelist, "кога")
    assertContains(changelist, "?when=coming")
    coming = contacts_client.get("/admin/contacts/closure/?when=coming")
    past = contacts_client.get("/admin/contacts/closure/?when=past")
    for reason in ("До днес", "Скоро"):
        assertContains(coming, reason)
        assertNotContains(past, reason)
    assertContains(past, "Миналата седмица")
    assertNotContains(coming, "Миналата седмица")


def test_only_the_contacts_editor_edits_closures_and_working_days(
    contacts_client, client, make_editor, initial_data
):
    for url in ("/admin/contacts/closure/", "/admin/contacts/workingday/", CLOSURE_ADD):
        assert contacts_client.get(url).status_code == 200
    index = contacts_client.get("/admin/").content.decode()
    assert "Неработни дни" in index and "Извънредни работни дни" in index
    client.force_login(make_editor("cooperation"))
    assert client.get("/admin/contacts/closure/").status_code == 403


def test_pages_with_changes_keep_the_site_wide_rules(client, working_saturday, centre_closed):
    """Valid HTML, one h1, no inline style, Bulgarian reasons marked lang="bg" on English pages
    (a reason without English falls back to Bulgarian), within the weight budget."""
    from tests.test_public_pages import INVARIANTS, fetch

    working_saturday[1].reason_en = ""
    working_saturday[1].save()
    with time_machine.travel(at(2026, 9, 19, 10, 0), tick=False):
        for url in (DIRECTORY, office(CENTRE).get_absolute_url()):
            for language in ("", "/en"):
                page = fetch(client, language + url)
                heading = (
                    "Changes to the opening hours" if language else "Промени в работното време"
                )
                assert heading in page.html
                problems = [(check.__name__, check(page)) for check in INVARIANTS]
                assert [problem for problem in problems if problem[1]] == []


def test_christmas_eve_is_closed_without_any_entry_as_a_public_holiday(client, initial_data):
    """24 December is a public holiday in Bulgaria (the `holidays` library has it): closed with
    no closure entered, and no line about it on the cards."""
    eve = get_at(client, DIRECTORY, at(2026, 12, 24, 10, 0))
    assert status_of(eve, ADMINISTRATION) == "Затворено сега · отваря във вторник в 8:30"
    assert "Промени в работното време" not in eve.content.decode()
